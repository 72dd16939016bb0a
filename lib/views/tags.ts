/** The tags in use, for the screens that offer them as choices (the popup's and the person view's tag editors). */
import type { EarshotDatabase } from '../db/database';

/** Every tag label in use, once each, in alphabetical order. */
export async function tagLabels(db: EarshotDatabase): Promise<string[]> {
  return (await db.tags.orderBy('label').uniqueKeys()).map(String);
}
