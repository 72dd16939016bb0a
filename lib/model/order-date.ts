/**
 * The one rule for the date of an order, shared by the importer and the value
 * computations. An order is dated on a real calendar day from 1990-01-01 to
 * tomorrow (a day's slack for time zones). Earlier dates are placeholders
 * (0001-01-01, 1900-01-01, 1970-01-01: what CRMs write for "no date"), later
 * ones typing errors; neither is a purchase. The importer refuses such an
 * order with its line; the value computations leave out and count any that an
 * older database still holds, so one bad date never stops everyone's values.
 */

export const EARLIEST_ORDER_DATE = '1990-01-01';

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})/;

/** Days since 1970-01-01 of a YYYY-MM-DD date (or the date part of a date-time), or null. */
export function dayNumber(date: string): number | null {
  const m = DAY.exec(date);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const check = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0-99 as 1900-1999.
  check.setUTCFullYear(year, month - 1, day);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return Math.floor(check.getTime() / DAY_MS);
}

export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const EARLIEST_DAY = dayNumber(EARLIEST_ORDER_DATE)!;

/** The calendar day the order was placed on, or why its date is not one an order can have. */
export function orderDay(date: string, now?: number): { day: number } | { problem: string } {
  const day = dayNumber(date);
  if (day === null) return { problem: `"${date}" is not an ISO 8601 date such as 2024-07-06` };
  if (day < EARLIEST_DAY) return { problem: `"${date}" is before ${EARLIEST_ORDER_DATE}: a placeholder, not the date of an order` };
  if (now !== undefined) {
    const tomorrow = Math.floor(now / DAY_MS) + 1;
    if (day > tomorrow) return { problem: `"${date}" is after ${dayString(tomorrow)} (tomorrow): an order cannot be dated in the future` };
  }
  return { day };
}
