// A person's value breakdown ("How": formulas, their inputs, the segment reason, the notes) in Dutch and
// Russian: every word from the locale files, numbers in the language's format, no English left.
import { parseHTML } from 'linkedom';
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { TextContext } from '../../../components/text';
import { ValueBreakdown } from '../../../components/ValueBreakdown';
import type { ValueRunInfo } from '../../../lib/db/values';
import { inputValue, segmentReasonText, spendWhyText } from '../../../lib/ui/value-words';
import type { UiLanguage } from '../../../lib/ui/text';
import { computeValues } from '../../../lib/value';
import { FORMULAS, type CustomerValue, type FormulaId } from '../../../lib/value/types';
import { localeMessages, localeText } from '../locale-text';
import { CALIBRATION_END, cdnowOrders } from '../value/cdnow';

const orders = cdnowOrders();
const run = computeValues({ customers: [...new Set(orders.map((o) => o.customerId))].map((id) => ({ id })), orders }, { currency: 'USD' }, CALIBRATION_END);
const info: ValueRunInfo = { ...run, computedAt: 0, people: run.customers.length };
/** A repeat buyer with a forecast, a segment reason and notes (no linked profiles, no own brands). */
const customer = run.customers.find((c) => c.summary.x >= 3 && c.engagement.why?.key === 'levels')!;

function breakdown(language: UiLanguage, value: CustomerValue = customer, runInfo: ValueRunInfo = info): Element {
  const { document } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  (globalThis as unknown as { document: unknown }).document = document;
  const root = document.getElementById('root')! as unknown as Element;
  render(
    <TextContext.Provider value={localeText(language)}>
      <ValueBreakdown value={{ kind: 'customer', value }} run={runInfo} />
    </TextContext.Provider>,
    root,
  );
  return root;
}

/** The fixed part (before a placeholder) of each English message that the language says differently. */
function englishOnly(language: UiLanguage): string[] {
  const en = localeMessages('en');
  const other = localeMessages(language);
  const fixed = (m: string) => m.split(/\$\d|\|/)[0]!.trim();
  return Object.entries(en)
    .filter(([key, { message }]) => fixed(message).length >= 8 && other[key] && fixed(other[key].message) !== fixed(message))
    .map(([, { message }]) => fixed(message));
}

describe('the value breakdown in the interface language', () => {
  it('has a customer to show: a forecast, a segment reason, influence left out for want of data', () => {
    expect(customer).toBeDefined();
    expect(customer.prediction.model).not.toBe('historical');
    expect(customer.influence.missing).toMatchObject({ engagement: 'no linked profiles', brandRelevance: 'no own brands in the value settings' });
  });

  for (const language of ['nl', 'ru'] as const) {
    it(`leaves no English in ${language}: formulas, inputs, the segment reason and the notes`, () => {
      const root = breakdown(language);
      const words = root.textContent ?? '';
      // Each piece of text as the page shows it, compared as the end-to-end check does: the message, or its start.
      const pieces = [...root.querySelectorAll('*')].flatMap((el) => [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => (n.textContent ?? '').trim()));
      const said = (fixed: string) => pieces.some((p) => p === fixed || (p.startsWith(fixed) && /^[\s:.,(]/.test(p.slice(fixed.length))));
      expect(englishOnly(language).filter(said)).toEqual([]);
      expect(words).not.toContain(customer.engagement.reason);
      // The English formulas as lib/value keeps them, where the language's differ (the pure mathematics stays).
      const formulas = Object.keys(FORMULAS) as FormulaId[];
      for (const id of formulas) {
        const said = localeText(language).t(`formula.${id.replace(/[.-]/g, '_')}` as Parameters<ReturnType<typeof localeText>['t']>[0]);
        if (said !== FORMULAS[id].text) expect(words, id).not.toContain(FORMULAS[id].text);
      }
      const labels = [...root.querySelectorAll('dt')].map((dt) => dt.textContent ?? '');
      expect(labels.length).toBeGreaterThan(10);
      expect(labels.filter((l) => /^[a-z]+[A-Z]\w*$/.test(l))).toEqual([]);
    });
  }

  it('says the segment reason with money and scores as each language writes them', () => {
    const why = customer.engagement.why!;
    if (why.key !== 'levels') throw new Error('expected a levels reason');
    const nl = localeText('nl');
    const ru = localeText('ru');
    expect(segmentReasonText(nl, why, 'USD')).toContain(`nettowaarde ${nl.money(why.netValue, 'USD')}`);
    expect(segmentReasonText(ru, why, 'USD')).toContain(`чистая ценность ${ru.money(why.netValue, 'USD')}`);
    expect(segmentReasonText(ru, why, 'USD')).toMatch(new RegExp(`влияние \\d+ ${why.influence >= why.influenceMark ? '≥' : '<'} 25$`));
    expect(breakdown('nl').textContent).toContain(segmentReasonText(nl, why, 'USD'));
    // Thousands as the language groups them: 1.234 in Dutch, 1 234 in Russian.
    const rich = { ...why, netValue: 1234.5, mark: 1000, financial: 'high' as const, range: null };
    expect(segmentReasonText(nl, rich, 'EUR')).toMatch(/^nettowaarde €\s1\.235 ≥ €\s1\.000, de grens voor hoog; /);
    expect(segmentReasonText(ru, rich, 'EUR')).toMatch(/^чистая ценность 1\u00a0235\u00a0€ ≥ 1\u00a0000\u00a0€/);
  });

  it('writes inputs as a reader checks them: amounts and scores to two decimals, small parameters to four', () => {
    const ru = localeText('ru');
    const nl = localeText('nl');
    expect(inputValue(ru, 945.288)).toBe('945,29');
    expect(inputValue(nl, 355.2699)).toBe('355,27');
    expect(inputValue(nl, 0.00123)).toBe('0,0012');
    expect(inputValue(nl, 3.14159)).toBe('3,1416');
    expect(inputValue(ru, 48000)).toBe('48\u00a0000');
  });

  it('says why an influence component has no score in the language', () => {
    expect(breakdown('nl').textContent).toContain('geen gekoppelde profielen');
    expect(breakdown('ru').textContent).toContain('в настройках ценности не указаны свои бренды');
  });

  it("says why spend is each customer's own mean in the language, with the run's figures", () => {
    // Three customers: too few to forecast purchases, so no spend model either.
    const small = computeValues({ customers: [{ id: 'a' }, { id: 'b' }, { id: 'c' }], orders: orders.slice(0, 12) }, { currency: 'USD' }, CALIBRATION_END);
    expect(small.models.spendWhy).toMatchObject({ code: 'no-forecast' });
    const value = small.customers.find((c) => c.summary.purchases > 0)!;
    const root = breakdown('nl', value, { ...small, computedAt: 0, people: small.customers.length });
    expect(root.textContent).toContain('er is geen aankoopvoorspelling om een bestedingsmodel op toe te passen');
    expect(root.textContent).not.toContain(small.models.spendReason!);
    const nl = localeText('nl');
    const ru = localeText('ru');
    const correlated = { code: 'correlated' as const, figures: { correlation: 0.4567, repeatBuyers: 1234, limit: 0.3 }, detail: '' };
    expect(spendWhyText(nl, correlated)).toBe('het aantal aankopen en de besteding per aankoop hangen samen (r = 0,46 over 1.234 terugkerende kopers, voorbij ±0,3), terwijl Gamma-Gamma aanneemt dat ze dat niet doen');
    expect(spendWhyText(ru, correlated)).toContain('r = 0,46 по 1\u00a0234');
  });
});

