import type { ComponentChildren } from 'preact';
import type { CustomerValue, Explained, Influence, Engagement, Interval, ProfileValue } from '../lib/value/types';
import { MODEL_LABEL } from '../lib/value/forecaster';
import type { ValueRunInfo } from '../lib/db/values';
import type { MessageKey } from '../lib/ui/text';
import { formulaText, inputLabel, inputValue, missingInfluenceText, predictionReasonText, refusalText, segmentReasonText, spendReasonText } from '../lib/ui/value-words';
import { SegmentBadge } from './Segment';
import { useText } from './text';

type Format = (n: number) => string;

/**
 * One number with the formula behind it and the inputs that went in, one click away; a forecast with its
 * 80% range, as "€120 (€60–€210)".
 */
function Figure({
  label,
  value,
  format,
  negativeIsBad = false,
  range,
}: {
  label: string;
  value: Explained | null;
  format: Format;
  negativeIsBad?: boolean;
  range?: Interval | null | undefined;
}) {
  const text = useText();
  const shown = value ? (range ? text.t('value.range', format(value.value), format(range.low), format(range.high)) : format(value.value)) : '—';
  return (
    <tr>
      <th scope="row">{label}</th>
      <td class={`num ${negativeIsBad && value && value.value < 0 ? 'bad' : ''}`} title={range ? text.t('value.rangeHelp') : undefined}>
        {shown}
      </td>
      <td>
        {value && (
          <details class="formula">
            <summary>{text.t('value.how')}</summary>
            <p>
              <code>{formulaText(text, value.formula)}</code>
            </p>
            <dl>
              {Object.entries(value.inputs).map(([k, v]) => (
                <div key={k}>
                  <dt>{inputLabel(text, k)}</dt>
                  <dd>{inputValue(text, v)}</dd>
                </div>
              ))}
            </dl>
          </details>
        )}
      </td>
    </tr>
  );
}

function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="stack tight">
      <h3>{title}</h3>
      <table class="figures">
        <tbody>{children}</tbody>
      </table>
    </section>
  );
}

const COMPONENTS: [keyof Pick<Influence, 'reach' | 'engagement' | 'authority' | 'brandRelevance'>, MessageKey][] = [
  ['reach', 'value.reach'],
  ['engagement', 'value.engagementRate'],
  ['authority', 'value.authority'],
  ['brandRelevance', 'value.brandRelevance'],
];

function InfluenceSection({ influence }: { influence: Influence }) {
  const text = useText();
  const score = (n: number) => `${text.number(n, 0)} / 100`;
  return (
    <Section title={text.t('value.influence')}>
      {COMPONENTS.map(([key, label]) => {
        const value = influence[key];
        return value ? (
          <Figure key={key} label={text.t(label)} value={value} format={score} />
        ) : (
          <tr key={key}>
            <th scope="row">{text.t(label)}</th>
            <td class="num">—</td>
            <td class="muted">{missingInfluenceText(text, influence.missing[key] ?? '')}</td>
          </tr>
        );
      })}
      <Figure label={text.t('value.influenceScore')} value={influence.score} format={score} />
      <tr>
        <th scope="row">{text.t('value.reachFollowers')}</th>
        <td class="num">{text.number(influence.reachFollowers)}</td>
        <td class="muted">{influence.platforms.join(', ')}</td>
      </tr>
    </Section>
  );
}

function EngagementSection({ engagement, currency }: { engagement: Engagement; currency: string }) {
  const text = useText();
  const money = (n: number) => text.money(n, currency);
  return (
    <Section title={text.t('value.engagementValue')}>
      <Figure label={text.t('value.civ')} value={engagement.influence} format={money} />
      <Figure label={text.t('value.crv')} value={engagement.referral} format={money} />
      <Figure label={text.t('value.ckv')} value={engagement.knowledge} format={money} />
      <Figure label={text.t('value.cev')} value={engagement.value} format={money} negativeIsBad />
      <tr>
        <th scope="row">{text.t('common.segment')}</th>
        <td>
          <SegmentBadge segment={engagement.segment} />
        </td>
        {/* Values stored before reasons had figures keep their English words until the next run. */}
        <td class="muted">{engagement.why ? segmentReasonText(text, engagement.why, currency) : engagement.reason}</td>
      </tr>
      {engagement.uncertain && (
        <tr>
          <td colSpan={3} class="muted">
            {text.t('value.uncertain')}
          </td>
        </tr>
      )}
    </Section>
  );
}

/** Every figure of a person's value, each with its formula: financial, influence, engagement. */
export function ValueBreakdown({ value, run }: { value: { kind: 'customer'; value: CustomerValue } | { kind: 'profile'; value: ProfileValue }; run: ValueRunInfo | undefined }) {
  const text = useText();
  const currency = run?.settings.currency ?? 'EUR';
  const money = (n: number) => text.money(n, currency);
  if (value.kind === 'profile') {
    return (
      <div class="stack">
        <InfluenceSection influence={value.value.influence} />
        <EngagementSection engagement={value.value.engagement} currency={currency} />
      </div>
    );
  }
  const v = value.value;
  const p = v.prediction;
  // A purchase model's forecast (not historical value, not a customer without purchases).
  const forecast = p.model !== 'historical' && p.model !== 'none';
  const rfmScore = (n: number) => `${text.number(n)} / 5`;
  const why = predictionReasonText(text, v, run?.models, run?.asOf);
  return (
    <div class="stack">
      <Section title={text.t('value.financial')}>
        {v.rfm ? (
          <>
            <Figure label={text.t('value.recency')} value={v.rfm.recency} format={rfmScore} />
            <Figure label={text.t('value.frequency')} value={v.rfm.frequency} format={rfmScore} />
            <Figure label={text.t('value.monetary')} value={v.rfm.monetary} format={rfmScore} />
            <tr>
              <th scope="row">{text.t('value.rfmSegment')}</th>
              <td class="num">{v.rfm.code}</td>
              <td>{text.t(`rfm.${v.rfm.segment.replaceAll('-', '_')}` as MessageKey)}</td>
            </tr>
          </>
        ) : (
          <tr>
            <th scope="row">RFM</th>
            <td class="num">—</td>
            <td class="muted">{text.t('value.noPurchases')}</td>
          </tr>
        )}
        <Figure label={text.t('value.pAlive')} value={p.pAlive} format={(n) => text.percent(n)} />
        {p.pAliveNote === 'no-repeat-purchase' && (
          <tr>
            <td colSpan={3} class="muted">
              {text.t('value.pAliveNoRepeat')}
            </td>
          </tr>
        )}
        <Figure
          label={text.t('value.expectedPurchases', String(run?.settings.horizonMonths ?? ''))}
          value={p.expectedPurchases}
          format={(n) => text.number(n, 2)}
          range={p.range?.purchases}
        />
        <Figure label={text.t('value.expectedSpend')} value={p.expectedSpend} format={money} />
        <Figure label={forecast ? text.t('value.clv', String(run?.settings.horizonMonths ?? '')) : text.t('value.historicalValue')} value={p.clv} format={money} range={p.range?.clv} />
        {why && (
          <tr>
            <td colSpan={3} class="muted">
              {forecast ? text.t('value.spendShrunk', why) : text.t('value.whyHistorical', why)}
            </td>
          </tr>
        )}
        <Figure label={text.t('value.costToDate')} value={v.cost.toDate} format={money} />
        <Figure label={text.t('value.futureCost')} value={v.cost.future} format={money} />
        <Figure label={text.t('value.netValue')} value={v.cost.netValue} format={money} negativeIsBad range={v.cost.netValueRange} />
        {forecast && p.expectedPurchases && p.expectedSpend && run && (
          <tr>
            <td colSpan={3} class="muted">
              {text.t(
                'value.netValueMeans',
                String(run.settings.horizonMonths),
                text.number(p.expectedPurchases.value, 1),
                money(p.expectedSpend.value),
                text.percent(run.settings.margin),
                money(v.cost.future?.value ?? 0),
                money(v.cost.netValue.value),
              )}
            </td>
          </tr>
        )}
      </Section>
      <InfluenceSection influence={v.influence} />
      <EngagementSection engagement={v.engagement} currency={currency} />
      {run && <ModelNote run={run} />}
    </div>
  );
}

/** The fitted models behind every forecast, once per run. */
function ModelNote({ run }: { run: ValueRunInfo }) {
  const text = useText();
  const { models } = run;
  const n = (x: number) => text.number(x, 3);
  const fit = models.purchases === 'historical' ? null : models[models.purchases];
  const params = fit ? (fit.model === 'paretonbd' ? `r = ${n(fit.r)}, α = ${n(fit.alpha)}, s = ${n(fit.s)}, β = ${n(fit.beta)}` : `r = ${n(fit.r)}, α = ${n(fit.alpha)}, a = ${n(fit.a)}, b = ${n(fit.b)}`) : '';
  return (
    <details class="formula">
      <summary>{text.t('value.models', run.asOf)}</summary>
      <ul>
        {fit ? (
          <li>{`${MODEL_LABEL[fit.model]}: ${params} (${text.number(fit.customers)} ${text.t('common.customers').toLowerCase()})`}</li>
        ) : (
          <li>{text.t('value.whyHistorical', models.refusal ? refusalText(text, models.refusal) : (models.reason ?? ''))}</li>
        )}
        {models.spend === 'gammagamma' && models.gammaGamma ? (
          <li>{`Gamma-Gamma: p = ${n(models.gammaGamma.p)}, q = ${n(models.gammaGamma.q)}, v = ${n(models.gammaGamma.v)}`}</li>
        ) : (
          <li>{text.t('value.whyHistoricalSpend', spendReasonText(text, models))}</li>
        )}
        <li>{text.t('value.settingsLine', text.percent(run.settings.margin), String(run.settings.horizonMonths), text.percent(run.settings.discountRate))}</li>
      </ul>
    </details>
  );
}
