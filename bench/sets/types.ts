/**
 * A linkage set in the product's own shapes: a CRM's customers, the captured
 * profiles to link to them, and the truth for each profile (its customer, or
 * null for someone who is not a customer). Every source the matcher is scored
 * on is converted to this, so the same code scores them all.
 */
import type { Customer, ProfileLine } from '../../lib/model';

export interface LinkageSet {
  /** Short name in the bench's output ("febrl1", "wild-100k"). */
  name: string;
  /** Who made the data and whether the matcher was written against it. */
  source: string;
  customers: Customer[];
  profiles: ProfileLine[];
  /** profile id -> customer id, or null for a person who is not a customer. */
  truth: Map<string, string | null>;
  /**
   * Profiles that show nothing that could point to their customer (as the set's maker judged
   * it); recall is also reported without them. Empty when the maker says nothing.
   */
  noEvidence: Set<string>;
  /** Whether this set is held out of development: only its aggregate figures are looked at. */
  heldOut: boolean;
}
