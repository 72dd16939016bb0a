/**
 * The runtime every content script uses on a live page: extract once when the
 * page is idle, then again when it changes (a MutationObserver, debounced:
 * 400 ms after the last change, at most 2 s after the first), and after
 * in-app navigation (WXT's wxt:locationchange). Only what is new is sent:
 * people whose captured fields changed and contributions not sent before on
 * this page; navigation starts afresh. Nothing runs while the tab is hidden.
 * A broken layout is reported once per page and problem, after a grace
 * period (single-page sites render late); what a broken layout still yields
 * is sent marked partial, so it does not hide the problem. A site that finds
 * nobody on a page it handles falls back to the generic extractor: its
 * people are sent partial too, and the broken report says the fallback ran.
 * The fallback is loaded only then (the service worker injects it), so a
 * module's content script does not carry the generic extractor.
 * A page that still yields nobody is reported once, empty, after the same
 * grace period.
 *
 * Everything the runtime touches is passed in (document, location, clock,
 * timers, send), so tests drive it with a fake DOM and a fake clock.
 */
import type { CapturedPage } from '../model/capture';
import type { RequestOf } from '../messages';
import type { ExtractOutcome, SiteDefinition } from './types';
import { extractWith, foundNobody, withFallback } from './extract';
import { BUDGET_MS } from './generic/budget';

/** The two messages a content script sends (lib/ext/messaging's `send` fits). */
export type CaptureSend = <K extends 'capture/report' | 'capture/broken'>(type: K, body: Omit<RequestOf<K>, 'type'>) => Promise<unknown>;

/** Whatever the timer functions return (a number in pages, an object in Node). */
type TimerId = unknown;

export interface LiveOptions {
  /** Quiet time after the last change before extracting. */
  debounceMs: number;
  /** Time the generic fallback may spend on the page per run (see lib/capture/generic/budget.ts). */
  fallbackBudgetMs: number;
  /** Longest wait after the first change of a burst (an infinite scroll never goes quiet). */
  maxWaitMs: number;
  /** How long a page must stay broken before it is reported. */
  brokenGraceMs: number;
}

export const DEFAULT_LIVE_OPTIONS: LiveOptions = { debounceMs: 400, maxWaitMs: 2000, brokenGraceMs: 3000, fallbackBudgetMs: BUDGET_MS };

export interface LiveDeps {
  site: SiteDefinition;
  /**
   * The extractor to run when the site finds nobody on a page it handles (the
   * generic one), loaded when first needed; undefined when it could not be
   * loaded (asked again at the next run). What it finds is sent partial and
   * the page reported broken.
   */
  fallback?: () => Promise<SiteDefinition | undefined>;
  document: Document;
  location: { readonly href: string };
  MutationObserver: typeof MutationObserver;
  /** Milliseconds; also the 'now' relative dates count from. */
  now(): number;
  setTimeout(handler: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId): void;
  send: CaptureSend;
  /** Subscribe to in-app navigation (WXT: ctx.addEventListener(window, 'wxt:locationchange', ...)). */
  onLocationChange(listener: () => void): void;
  /** Subscribe to the end of the content script's life (WXT: ctx.onInvalidated). */
  onStop?(listener: () => void): void;
  /** Called with every extraction (in-page badges hook in here). */
  onOutcome?(outcome: ExtractOutcome): void;
  options?: Partial<LiveOptions>;
}

export interface LiveStats {
  runs: number;
  reports: number;
  brokenReports: number;
  lastMs: number;
}

export interface LiveCapture {
  /** Extract now (tests, or a page asking for a refresh). */
  runNow(): Promise<void>;
  stop(): void;
  readonly stats: LiveStats;
}

/** Elements Earshot adds to pages carry this attribute, so their own changes are ignored. */
export const OWN_MARK = 'data-earshot';

export function startLiveCapture(deps: LiveDeps): LiveCapture {
  const options = { ...DEFAULT_LIVE_OPTIONS, ...deps.options };
  const { document } = deps;
  const stats: LiveStats = { runs: 0, reports: 0, brokenReports: 0, lastMs: 0 };

  // What this page has already sent: profile key -> fingerprint, contribution ids.
  let sentProfiles = new Map<string, string>();
  let sentContributions = new Set<string>();
  let brokenSince: number | undefined;
  let reportedBroken = new Set<string>();
  let emptySince: number | undefined;
  let reportedEmpty: string | undefined;

  let timer: TimerId | undefined;
  let burstStart: number | undefined;
  let dirtyWhileHidden = false;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const hidden = () => document.visibilityState === 'hidden';

  function schedule(delay: number): void {
    if (stopped) return;
    const now = deps.now();
    burstStart ??= now;
    // Slow pages get a longer quiet time: extraction should cost the page little.
    const quiet = Math.max(delay, Math.min(stats.lastMs * 4, 2000));
    const wait = Math.max(0, Math.min(quiet, options.maxWaitMs - (now - burstStart)));
    if (timer !== undefined) deps.clearTimeout(timer);
    timer = deps.setTimeout(fire, wait);
  }

  function fire(): void {
    timer = undefined;
    burstStart = undefined;
    if (hidden()) {
      dirtyWhileHidden = true;
      return;
    }
    running = running.then(run, run);
  }

  async function run(): Promise<void> {
    try {
      await runOnce();
    } catch {
      // Never throw into the page; the next change tries again.
    }
  }

  async function runOnce(): Promise<void> {
    if (stopped) return;
    const href = deps.location.href;
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      return;
    }
    if (!deps.site.handles(url)) return;
    const started = deps.now();
    const extractOptions = { now: started, budgetMs: options.fallbackBudgetMs };
    let outcome = extractWith(deps.site, document, href, extractOptions);
    stats.lastMs = deps.now() - started;
    if (deps.fallback && foundNobody(deps.site, outcome, href)) {
      const fallback = await deps.fallback();
      if (stopped) return;
      if (fallback) {
        const fallbackStarted = deps.now();
        outcome = withFallback(deps.site, outcome, extractWith(fallback, document, href, extractOptions));
        stats.lastMs += deps.now() - fallbackStarted;
      }
    }
    stats.runs++;
    try {
      deps.onOutcome?.(outcome);
    } catch {
      // A badge failing must not stop capture.
    }
    if (outcome.status === 'ok' && reportedBroken.size > 0) {
      // Recovered: send everyone again, so the service worker sees people from a clean capture and clears the page.
      sentProfiles = new Map();
      reportedBroken = new Set();
    }
    await Promise.all([report(outcome), broken(outcome, href), nobody(outcome, href)]);
  }

  /**
   * A page the site captures that still yields nobody after the grace period
   * is reported once, as an empty capture: the service worker's capture
   * health then sees a layout that lost every card, which no error reports.
   */
  async function nobody(outcome: ExtractOutcome, href: string): Promise<void> {
    if (outcome.status !== 'empty' || sentProfiles.size > 0 || sentContributions.size > 0) {
      emptySince = undefined;
      return;
    }
    const now = deps.now();
    emptySince ??= now;
    if (now - emptySince < options.brokenGraceMs) {
      schedule(options.brokenGraceMs - (now - emptySince));
      return;
    }
    if (reportedEmpty === href) return;
    reportedEmpty = href;
    try {
      await deps.send('capture/report', { page: { ...outcome.page, profiles: [], contributions: [] } });
    } catch {
      reportedEmpty = undefined;
    }
  }

  async function report(outcome: ExtractOutcome): Promise<void> {
    const { page } = outcome;
    const profiles = new Map<string, CapturedPage['profiles'][number]>();
    const fingerprints = new Map<string, string>();
    for (const profile of page.profiles) {
      const fingerprint = JSON.stringify(profile);
      if (sentProfiles.get(profile.key) !== fingerprint) {
        profiles.set(profile.key, profile);
        fingerprints.set(profile.key, fingerprint);
      }
    }
    const contributions: CapturedPage['contributions'] = [];
    const newIds: string[] = [];
    page.contributions.forEach((contribution, i) => {
      const id = outcome.contributionIds[i]!;
      if (sentContributions.has(id)) return;
      contributions.push(contribution);
      newIds.push(id);
      // Each report names the people its contributions belong to.
      const owner = page.profiles.find((p) => p.key === contribution.profileKey);
      if (owner && !profiles.has(owner.key)) profiles.set(owner.key, owner);
    });
    if (profiles.size === 0 && contributions.length === 0) return;

    const previous = new Map<string, string | undefined>();
    for (const [key, fingerprint] of fingerprints) {
      previous.set(key, sentProfiles.get(key));
      sentProfiles.set(key, fingerprint);
    }
    for (const id of newIds) sentContributions.add(id);
    const generation = sentContributions;
    try {
      const partial = outcome.status === 'broken' ? { partial: true } : {};
      await deps.send('capture/report', { page: { ...page, profiles: [...profiles.values()], contributions }, ...partial });
      stats.reports++;
    } catch {
      // Not sent (worker restarting, extension reloaded): forget it, so the next run tries again.
      if (generation !== sentContributions) return;
      for (const id of newIds) sentContributions.delete(id);
      for (const [key, old] of previous) {
        if (old === undefined) sentProfiles.delete(key);
        else sentProfiles.set(key, old);
      }
    }
  }

  async function broken(outcome: ExtractOutcome, href: string): Promise<void> {
    if (outcome.status !== 'broken' || !outcome.problem) {
      brokenSince = undefined;
      return;
    }
    const now = deps.now();
    brokenSince ??= now;
    if (now - brokenSince < options.brokenGraceMs) {
      // Look again once the grace period is over: the page may still be rendering.
      schedule(options.brokenGraceMs - (now - brokenSince));
      return;
    }
    const id = `${href}\n${outcome.problem}`;
    if (reportedBroken.has(id)) return;
    reportedBroken.add(id);
    try {
      await deps.send('capture/broken', { url: href.slice(0, 4000), site: deps.site.id, problem: outcome.problem });
      stats.brokenReports++;
    } catch {
      reportedBroken.delete(id);
    }
  }

  function onMutations(records: MutationRecord[]): void {
    if (records.every(isOwnChange)) return;
    if (hidden()) {
      dirtyWhileHidden = true;
      return;
    }
    schedule(options.debounceMs);
  }

  function onNavigate(): void {
    // A new page: everything on it is new, and an old broken state is not this page's.
    sentProfiles = new Map();
    sentContributions = new Set();
    reportedBroken = new Set();
    brokenSince = undefined;
    emptySince = undefined;
    schedule(options.debounceMs);
  }

  function onVisibility(): void {
    if (!hidden() && dirtyWhileHidden) {
      dirtyWhileHidden = false;
      schedule(0);
    }
  }

  const observer = new deps.MutationObserver(onMutations);
  observer.observe(document.documentElement ?? document, { childList: true, subtree: true });
  deps.onLocationChange(onNavigate);
  document.addEventListener('visibilitychange', onVisibility);

  function stop(): void {
    if (stopped) return;
    stopped = true;
    observer.disconnect();
    if (timer !== undefined) deps.clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisibility);
  }
  deps.onStop?.(stop);

  if (hidden()) dirtyWhileHidden = true;
  else schedule(0);

  return {
    runNow: () => (running = running.then(run, run)),
    stop,
    stats,
  };
}

/** A change made by Earshot itself (a badge added or updated) does not call for a new extraction. */
function isOwnChange(record: MutationRecord): boolean {
  const target = record.target as Element;
  if (typeof target.closest === 'function' && target.closest(`[${OWN_MARK}]`)) return true;
  const nodes = [...Array.from(record.addedNodes), ...Array.from(record.removedNodes)];
  return nodes.length > 0 && nodes.every((n) => n.nodeType === 1 && (n as Element).hasAttribute(OWN_MARK));
}
