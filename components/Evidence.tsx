import type { Evidence } from '../lib/model';
import { formatWeight } from '../lib/match/explain';
import type { ComparisonRow } from '../lib/views/review';
import { describe, describeWithoutWeight } from '../lib/ui/evidence';
import type { MessageKey } from '../lib/ui/text';
import { useText } from './text';

/** How far a weight bar reaches: 10 bits (a thousand times as likely) fills it. */
const FULL_BITS = 10;

function WeightBar({ weight }: { weight: number }) {
  const share = Math.min(1, Math.abs(weight) / FULL_BITS);
  return (
    <span class={`weight ${weight >= 0 ? 'for' : 'against'}`} aria-hidden="true">
      <span style={{ width: `${Math.round(share * 100)}%` }} />
    </span>
  );
}

/** The matcher's evidence, strongest first, in words with the weight each added. */
export function EvidenceList({ evidence }: { evidence: readonly Evidence[] }) {
  const text = useText();
  const lines = evidence.filter((e) => e.field !== 'prior').sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  if (lines.length === 0) return <p class="muted">{text.t('evidence.none')}</p>;
  return (
    <ul class="evidence">
      {lines.map((e) => (
        <li key={`${e.field}.${e.comparison}`}>
          <WeightBar weight={e.weight} />
          <span>{describe(text, e)}</span>
        </li>
      ))}
    </ul>
  );
}

const FIELD_LABEL: Record<ComparisonRow['field'], MessageKey> = {
  name: 'review.fieldName',
  handle: 'review.fieldHandle',
  email: 'review.fieldEmail',
  website: 'review.fieldWebsite',
  place: 'review.fieldPlace',
};

/** The captured profile and the CRM record side by side, field by field, with how each agreed. */
export function ComparisonTable({ rows, caption }: { rows: readonly ComparisonRow[]; caption: string }) {
  const text = useText();
  return (
    <table class="compare">
      <caption class="caption muted">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{text.t('review.field')}</th>
          <th scope="col">{text.t('review.onProfile')}</th>
          <th scope="col">{text.t('review.inCrm')}</th>
          <th scope="col">{text.t('review.agreement')}</th>
          <th scope="col" class="num">
            {text.t('review.weight')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const total = r.evidence.reduce((sum, e) => sum + e.weight, 0);
          return (
            <tr key={r.field}>
              <th scope="row">{text.t(FIELD_LABEL[r.field])}</th>
              <td class="wrap">{r.profile || '—'}</td>
              <td class="wrap">{r.customer || '—'}</td>
              <td class="wrap">{r.evidence.length > 0 ? r.evidence.map((e) => describeWithoutWeight(text, e)).join('; ') : text.t('review.notCompared')}</td>
              <td class={`num ${total > 0 ? 'good' : total < 0 ? 'bad' : ''}`}>{r.evidence.length > 0 ? formatWeight(total) : ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
