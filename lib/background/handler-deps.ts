/**
 * What the message handlers need from the service worker: the database, the
 * clock, settings, and the browser-facing parts (passed in, so the handlers
 * run in Node tests against fake-indexeddb).
 */
import type { CapturedPage } from '../model';
import type { Settings } from '../settings';
import type { EarshotDatabase } from '../db/database';
import type { Text } from '../ui/text';
import type { DataChange } from './work';

export interface BackgroundDeps {
  db: EarshotDatabase;
  now(): number;
  newId(): string;
  settings(): Promise<Settings>;
  /** Run the on-demand (generic) extractor in a tab and return what it found. */
  captureTab(tabId: number): Promise<CapturedPage | null>;
  /** Inject the generic extractor into a module's content-script frame (capture/fallback). */
  injectFallback(tabId: number, frameId: number): Promise<void>;
  /** Data changed: profiles to (re)match, customers to re-index, values to recompute. */
  dataChanged(change: DataChange): Promise<void>;
  /** CRM updates were queued (in the same transaction as their change): send them soon. */
  syncQueued(): void;
  /** Make these the user's own brands if they have set none (the sample shop's brands). */
  adoptOwnBrands(brands: readonly string[]): Promise<void>;
  /** The interface text in the user's language (badges are composed here, not in the page). */
  text(): Promise<Text>;
  /** A tab shows badges: tell it when they change (badges/changed), so it never polls. */
  showsBadges(tabId: number): Promise<void>;
}
