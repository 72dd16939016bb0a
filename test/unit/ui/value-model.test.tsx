// The value model card (settings) and the ranges in a person's value breakdown, rendered with Preact into
// linkedom's DOM in English, Dutch and Russian from the real locale files.
import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { render, type ComponentChildren } from 'preact';
import { describe, expect, it } from 'vitest';
import { TextContext } from '../../../components/text';
import { ValueBreakdown } from '../../../components/ValueBreakdown';
import { ValueModelCard } from '../../../components/ValueModelCard';
import type { ValueRunInfo } from '../../../lib/db/values';
import { createText, type Messages, type UiLanguage } from '../../../lib/ui/text';
import { computeValues, type ValueRun } from '../../../lib/value';
import { generateSampleCrm } from '../../../lib/sample/crm';
import { CALIBRATION_END, cdnowOrders } from '../value/cdnow';

/** locales/<language>.yml as the extension's messages.json has them (section_key), read line by line. */
function messages(language: UiLanguage): Messages {
  const out: Messages = {};
  let section = '';
  for (const line of readFileSync(new URL(`../../../locales/${language}.yml`, import.meta.url), 'utf8').split('\n')) {
    const top = /^([A-Za-z_]\w*):\s*(.*)$/.exec(line);
    const nested = /^ {2}([A-Za-z_]\w*):\s*(.*)$/.exec(line);
    const unquote = (v: string) => (v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v);
    if (top) {
      section = top[1]!;
      if (top[2]) out[section] = { message: unquote(top[2]) };
    } else if (nested) out[`${section}_${nested[1]}`] = { message: unquote(nested[2]!) };
  }
  return out;
}
const english = messages('en');

function show(language: UiLanguage, node: ComponentChildren): Element {
  const { document } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  (globalThis as unknown as { document: unknown }).document = document;
  const root = document.getElementById('root')! as unknown as Element;
  render(<TextContext.Provider value={createText(language, messages(language), english)}>{node}</TextContext.Provider>, root);
  return root;
}

const orders = cdnowOrders();
const customers = [...new Set(orders.map((o) => o.customerId))].map((id) => ({ id }));
const checked = computeValues({ customers, orders }, { currency: 'USD' }, CALIBRATION_END, { holdoutWeeks: 39 });
const info = (run: ValueRun): ValueRunInfo => ({ ...run, computedAt: 0, people: run.customers.length });

describe('the value model card', () => {
  it('shows the chosen model, why, the table by repeat purchases for every model and the tracking chart', () => {
    const root = show('en', <ValueModelCard models={checked.models} />);
    const words = root.textContent ?? '';
    expect(words).toContain('Value model');
    expect(words).toMatch(/Purchases are forecast with (BG\/NBD|MBG\/NBD|Pareto\/NBD)\. It made the smallest error on the last 39 weeks/);
    expect(words).toContain('Spend per purchase: Gamma-Gamma (spend and frequency correlate by r = 0.11, within ±0.3).');
    const rows = [...root.querySelectorAll('table.holdout tbody tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent));
    expect(rows).toHaveLength(11);
    expect(rows[0]).toEqual(['0', '1,411', '0.237', '0.225', expect.any(String), expect.any(String)]);
    expect(rows[7]![0]).toBe('7+');
    expect(rows[8]!.slice(0, 4)).toEqual(['All customers', '2,357', '1,882', '1,653.4']);
    expect([...root.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual(['Repeat purchases before', 'Customers', 'Actual', 'BG/NBD', 'MBG/NBD', 'Pareto/NBD']);
    const svg = root.querySelector('svg')!;
    expect(svg.querySelectorAll('polyline')).toHaveLength(4);
    expect(svg.getAttribute('aria-label')).toMatch(/^By week 78: 1,882 actual; forecast BG\/NBD 1,653/);
    expect(words).not.toMatch(/valueModel\.|value\.range/);
  });

  it('speaks Dutch and Russian too', () => {
    expect(show('nl', <ValueModelCard models={checked.models} />).textContent).toMatch(/Waardemodel.*Aankopen worden voorspeld met/);
    const ru = show('ru', <ValueModelCard models={checked.models} />);
    expect(ru.textContent).toMatch(/Модель ценности.*Покупки прогнозируются моделью/);
    expect(ru.querySelector('table.holdout tbody tr')!.textContent).toContain('1\u00a0411');
  });

  it('says why there is no forecast, with the numbers', () => {
    const { customers: few, orders: theirs } = generateSampleCrm({ customers: 12 });
    const run = computeValues({ customers: few.map((c) => c.customer), orders: theirs }, {}, '2026-11-01');
    expect(show('en', <ValueModelCard models={run.models} />).textContent).toContain(
      'No forecast, values to date instead: only 12 customers with purchases; a forecast needs at least 300.',
    );
    expect(show('en', <ValueModelCard models={undefined} />).textContent).toBe('No values computed yet.');
  });
});

describe('a person’s value breakdown', () => {
  it('shows forecasts with their 80% range, and why a one-time buyer is alive for certain under BG/NBD', () => {
    const bg = computeValues({ customers, orders }, { currency: 'USD', purchaseModel: 'bgnbd' }, CALIBRATION_END);
    const once = bg.customers.find((c) => c.summary.purchases === 1)!;
    const root = show('en', <ValueBreakdown value={{ kind: 'customer', value: once }} run={info(bg)} />);
    const words = root.textContent ?? '';
    expect(words).toContain('Under BG/NBD a customer can only leave right after a repeat purchase');
    const clvRow = [...root.querySelectorAll('tr')].find((tr) => tr.querySelector('th')?.textContent?.startsWith('Predicted lifetime value'))!;
    const range = once.prediction.range!.clv;
    const money = createText('en', english).money;
    expect(clvRow.querySelector('td')!.textContent).toBe(`${money(once.prediction.clv.value, 'USD')} (${money(range.low, 'USD')}–${money(range.high, 'USD')})`);
    // Under Pareto/NBD the same customer may have left: no note.
    const pareto = computeValues({ customers, orders }, { currency: 'USD', purchaseModel: 'paretonbd' }, CALIBRATION_END);
    const same = pareto.customers.find((c) => c.customerId === once.customerId)!;
    expect(show('en', <ValueBreakdown value={{ kind: 'customer', value: same }} run={info(pareto)} />).textContent).not.toContain('Under BG/NBD');
  });
});
