/**
 * What a connector offers for team sync (docs/team-sync.md): read back what
 * Earshot installs wrote on the CRM's contacts, page by page, and write this
 * install's decisions to one contact by read-modify-write
 * (a webhook receiver: by sending them as records).
 */
import type { TeamDecision } from '../../model';

/** What Earshot (any install) wrote on one contact, as read back. */
export interface TeamRecord {
  /** The contact's id in the CRM. */
  crmId: string;
  /** Earshot's customer id written on the contact; undefined when only the CRM's id is known. */
  customerId?: string;
  /** The decisions field's text as the CRM holds it (a CRM keeps them in a text field). */
  decisionsText?: string;
  /** Decisions already read as records (a webhook receiver serves records, not a field). */
  decisions?: TeamDecision[];
  /** Tag labels on the contact; undefined when this channel does not carry tags (then tags here are left alone). */
  tags?: string[];
  /** True when the record says the customer must not be profiled (Earshot's field or the shop's own); never false: a mark is not cleared by sync. */
  doNotProfile?: true;
}

/** A contact whose Earshot fields could not be read: reported, never applied. */
export interface TeamRecordProblem {
  crmId: string;
  field: string;
  message: string;
}

export interface TeamReadPage {
  records: TeamRecord[];
  problems: TeamRecordProblem[];
  /** Cursor of the next page, null at the end. A customer's decisions may span pages. */
  next: string | null;
}

export interface TeamWriteTarget {
  crmId: string;
  /** The customer id the decisions name (this install's). */
  customerId: string;
}

export interface TeamChannel {
  /** The decisions field's name in this CRM, for problems that name it. */
  decisionsField: string;
  /** True when records are kept by Earshot's customer id: any customer's decisions can be written, no contact needed first. */
  customersAreContacts?: true;
  /** Create the decisions field if the CRM lacks it; safe to run again. */
  prepare(): Promise<void>;
  readPage(cursor: string | null): Promise<TeamReadPage>;
  /** Merge the decisions into what the contact holds and write; re-read and merge again if someone wrote in between. */
  writeDecisions(target: TeamWriteTarget, decisions: readonly TeamDecision[]): Promise<void>;
}
