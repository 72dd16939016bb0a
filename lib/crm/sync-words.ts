/**
 * The sentences Earshot uses for what became of a change on its way to a
 * CRM, in one place: the extension's outbox (the reason a job shows in the
 * options page and on a person) and the command line (its waits, its
 * summary, its --verbose lines) describe the same situation with the same
 * words, because they come from these functions.
 *
 * A SyncError's own message says what happened ("HubSpot had a problem on
 * its side (500)"); what Earshot does about it is added here by whoever
 * decided it, so no message promises a retry that will not come.
 */
import type { SyncError } from './http';

/** A wait as a person reads it: "4 s", "5 min", "2 h 5 min", "31 days". */
export function durationText(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  return `${Math.round(hours / 24)} days`;
}

/** A moment to the minute, in UTC: the command line and the browser may sit in other time zones than the reader. */
export function momentText(at: number): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? 'an unreadable moment' : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The text as a sentence: a full stop at the end unless it already has one. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** A failure Earshot will try again, and which try the next one is. */
export function retryingText(error: SyncError, nextAttempt: number, maxAttempts: number): string {
  return `${sentence(error.message)} Earshot tries again (attempt ${nextAttempt} of ${maxAttempts}).`;
}

/** Failures a retry could have fixed, until the attempts ran out. */
export function gaveUpText(attempts: number, error: SyncError): string {
  return `Gave up after ${attempts} attempts; the last one: ${error.message}`;
}

/** The CRM asked for a longer pause than Earshot takes: nothing waits silently for hours. */
export function askedToWaitText(error: SyncError, until: number, maxWaitMs: number): string {
  const service = error.details.service ?? 'The CRM';
  return `${service} asked to wait until ${momentText(until)}, longer than Earshot waits (${durationText(maxWaitMs)}); its answer: ${error.message}`;
}

/** A note of a person whose update did not go: it would land on a record that may not exist. */
export const HELD_BACK_TEXT = "Held back: it follows the person's update, which was not sent.";
