/**
 * Dates as embedded data holds them: Unix time in seconds or milliseconds (as
 * a number or a string of digits), [seconds, nanoseconds] pairs, ISO and
 * written dates, "3 days ago" against the capture time.
 */
import { parseDate } from '../dates';

/** An ISO date-time for Unix seconds or milliseconds after 1995, or undefined. */
export function epochDate(value: unknown): string | undefined {
  const n = typeof value === 'string' && /^\d{9,13}$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return undefined;
  const ms = n > 1e11 ? n : n * 1000;
  if (ms < Date.UTC(1995, 0, 1) || ms > Date.UTC(2100, 0, 1)) return undefined;
  return new Date(ms).toISOString();
}

/** A date from embedded data: epoch numbers, [seconds, nanos], ISO or written text. */
export function stateDate(value: unknown, now: number): string | undefined {
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'number') return epochDate(value[0]);
  if (typeof value === 'number') return epochDate(value);
  if (typeof value !== 'string' || value.length > 100) return undefined;
  return epochDate(value) ?? parseDate(value, { now });
}
