/**
 * What a connector offers for team sync (docs/team-sync.md): read back what
 * Earshot installs wrote on the CRM's contacts, page by page, and write this
 * install's decisions to one contact by read-modify-write.
 */
import type { TeamDecision } from '../../model';
import type { RewrittenField } from '../team/field';

/** What Earshot (any install) wrote on one contact, as read back. */
export interface TeamRecord {
  /** The contact's id in the CRM. */
  crmId: string;
  /** Earshot's customer id written on the contact; undefined when only the CRM's id is known. */
  customerId?: string;
  /** The decisions field's text as the CRM holds it. */
  decisionsText: string;
  /** Tag labels on the contact. */
  tags: string[];
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
  /** Cursor of the next page, null at the end. */
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
  /** Create the decisions field if the CRM lacks it; safe to run again. */
  prepare(): Promise<void>;
  readPage(cursor: string | null): Promise<TeamReadPage>;
  /** Merge the decisions into what the contact holds and write; re-read and merge again if someone wrote in between. */
  writeDecisions(target: TeamWriteTarget, decisions: readonly TeamDecision[]): Promise<RewrittenField>;
}
