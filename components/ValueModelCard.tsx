import type { ModelReport, ModelSelection } from '../lib/value/types';
import { MODEL_LABEL } from '../lib/value/forecaster';
import type { MessageKey, Text } from '../lib/ui/text';
import { refusalText, spendReasonText } from '../lib/ui/value-words';
import { TrackingChart } from './TrackingChart';
import { useText } from './text';

/** The run's models in words: which purchase model and why, the spend model, or why there is no forecast. */
function reasonText(text: Text, selection: ModelSelection): string {
  const { key, figures } = selection.reason;
  const n = (value: number | string | undefined) => (typeof value === 'number' ? text.number(value, 3) : String(value ?? ''));
  switch (key) {
    case 'lowest-holdout-error':
      return text.t('valueModel.reason_lowest_holdout_error', n(figures.weeks), n(figures.error));
    case 'lowest-bic':
      return text.t('valueModel.reason_lowest_bic', n(figures.bic));
    case 'next-best':
      return text.t('valueModel.reason_next_best', MODEL_LABEL[figures.preferred as keyof typeof MODEL_LABEL] ?? String(figures.preferred));
    default:
      return text.t(`valueModel.reason_${key.replaceAll('-', '_')}` as MessageKey);
  }
}

/** The held-back check as the BG/NBD paper tabulates it: per number of earlier repeat purchases, actual against each model. */
function HoldoutTable({ selection }: { selection: ModelSelection }) {
  const text = useText();
  const reports = selection.holdout;
  const first = reports[0]!;
  const mean = (v: number) => text.number(v, 3);
  const customers = text.t('valueModel.customers');
  const actual = text.t('valueModel.actual');
  return (
    <div class="table-scroll">
      <table class="figures holdout fold-narrow">
      <caption class="muted">{text.t('valueModel.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{text.t('valueModel.repeatPurchases')}</th>
          <th scope="col" class="num">
            {text.t('valueModel.customers')}
          </th>
          <th scope="col" class="num">
            {text.t('valueModel.actual')}
          </th>
          {reports.map((r) => (
            <th key={r.model} scope="col" class="num">
              {MODEL_LABEL[r.model]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {first.byRepeatPurchases.map((row, i) => (
          <tr key={String(row.x)}>
            <th scope="row" data-label={text.t('valueModel.repeatPurchases')}>
              {String(row.x)}
            </th>
            <td class="num" data-label={customers}>
              {text.number(row.customers)}
            </td>
            <td class="num" data-label={actual}>
              {mean(row.actual)}
            </td>
            {reports.map((r) => (
              <td key={r.model} class="num" data-label={MODEL_LABEL[r.model]}>
                {mean(r.byRepeatPurchases[i]!.predicted)}
              </td>
            ))}
          </tr>
        ))}
        <tr>
          <th scope="row">{text.t('valueModel.all')}</th>
          <td class="num" data-label={customers}>
            {text.number(first.customers)}
          </td>
          <td class="num" data-label={actual}>
            {text.number(first.actual)}
          </td>
          {reports.map((r) => (
            <td key={r.model} class="num" data-label={MODEL_LABEL[r.model]}>
              {text.number(r.predicted, 1)}
            </td>
          ))}
        </tr>
        <tr>
          <th scope="row">{text.t('valueModel.rmse')}</th>
          <td />
          <td />
          {reports.map((r) => (
            <td key={r.model} class={`num ${r.model === selection.model ? 'chosen' : ''}`} data-label={MODEL_LABEL[r.model]}>
              {text.number(r.rootMeanSquaredError, 3)}
            </td>
          ))}
        </tr>
        <tr>
          <th scope="row">{text.t('valueModel.topDecile')}</th>
          <td />
          <td />
          {reports.map((r) => (
            <td key={r.model} class="num" data-label={MODEL_LABEL[r.model]}>
              {r.topDecileHit === null ? '—' : text.percent(r.topDecileHit)}
            </td>
          ))}
        </tr>
      </tbody>
      </table>
    </div>
  );
}

/** The "Value model" card of the settings: the chosen model and why, its held-back check, or why there is no forecast. */
export function ValueModelCard({ models }: { models: ModelReport | undefined }) {
  const text = useText();
  if (!models) return <p class="muted">{text.t('valueModel.none')}</p>;
  const { selection, refusal, spendCheck } = models;
  return (
    <section class="card stack tight value-model" aria-labelledby="value-model-title">
      <h3 id="value-model-title">{text.t('valueModel.title')}</h3>
      {models.purchases === 'historical' ? (
        <p>{text.t('valueModel.refused', refusal ? refusalText(text, refusal) : (models.reason ?? ''))}</p>
      ) : (
        <>
          <p>
            {text.t('valueModel.chosen', MODEL_LABEL[models.purchases])} {selection ? reasonText(text, selection) : ''}
          </p>
          <p class="muted">
            {models.spend === 'gammagamma'
              ? text.t('valueModel.spendGammaGamma', text.number(spendCheck?.correlation ?? 0, 2), text.number(spendCheck?.limit ?? 0, 1))
              : text.t('valueModel.spendShrunk', spendReasonText(text, models))}
          </p>
        </>
      )}
      {selection && selection.holdout.length > 0 ? (
        <>
          <p class="muted">
            {text.t(
              'valueModel.heldBack',
              text.date(selection.holdout[0]!.from),
              text.date(selection.holdout[0]!.to),
              String(selection.holdout[0]!.weeks),
              text.number(selection.holdout[0]!.customers),
            )}
          </p>
          <HoldoutTable selection={selection} />
          <TrackingChart reports={selection.holdout} />
        </>
      ) : (
        selection?.holdoutSkipped && <p class="muted">{text.t('valueModel.notChecked', selection.holdoutSkipped)}</p>
      )}
    </section>
  );
}
