// Loads the CDNOW fixtures (test/fixtures/cdnow, README there) for the value tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Order } from '../../../lib/model';

const DIR = fileURLToPath(new URL('../../fixtures/cdnow/', import.meta.url));

function rows(file: string): string[][] {
  return readFileSync(DIR + file, 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(','));
}

export interface CdnowSummaryRow {
  id: string;
  x: number;
  tx: number;
  T: number;
  /** Mean repeat spend (only in the file with transactions). */
  m: number;
}

/** cdnow_customers_summary.csv: ID, frequency, recency, T. */
export function cdnowSummary(): CdnowSummaryRow[] {
  return rows('cdnow_customers_summary.csv').map(([id, x, tx, T]) => ({ id: id!, x: Number(x), tx: Number(tx), T: Number(T), m: NaN }));
}

/** cdnow_customers_summary_with_transactions.csv: ID, x, t_x, T, zbar. */
export function cdnowSummaryWithSpend(): CdnowSummaryRow[] {
  return rows('cdnow_customers_summary_with_transactions.csv').map(([id, x, tx, T, m]) => ({
    id: id!,
    x: Number(x),
    tx: Number(tx),
    T: Number(T),
    m: Number(m),
  }));
}

/** cdnowElog.csv as orders: one order per row, in USD, customer = sampleid. */
export function cdnowOrders(): Order[] {
  return rows('cdnowElog.csv').map(([, sampleId, date, , sales], i) => ({
    id: `E${i + 1}`,
    customerId: sampleId!,
    date: `${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)}`,
    amount: Number(sales),
    currency: 'USD',
  }));
}

/** The paper's published estimates. */
export const PAPER = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, ll: -9582.4 } as const;
/** The unrounded maximum-likelihood estimates on the exact (unrounded) summary. */
export const MLE = { r: 0.242595, alpha: 4.413602, a: 0.792922, b: 2.425906 } as const;
export const CALIBRATION_END = '1997-09-30';
