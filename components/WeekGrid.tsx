import type { ComponentChildren } from 'preact';
import type { WeekKey } from '../lib/calendar/iso-week';
import { useText } from './text';

export interface WeekGridRow {
  key: string;
  label: ComponentChildren;
  /** The label as words, for the cells' accessible names. */
  name: string;
  values: readonly number[];
}

/**
 * A table of rows by ISO week, each cell shaded by its count against the
 * largest (the number is in the cell too, so the shade is never the only sign).
 * Narrow enough for a 400 px side panel: weeks are numbered, the year is in the caption.
 * Narrower still (360 px), each row's name goes on a line of its own above its weeks (styles.css).
 */
export function WeekGrid({ caption, weeks, rows }: { caption: string; weeks: readonly WeekKey[]; rows: readonly WeekGridRow[] }) {
  const { t } = useText();
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  return (
    <div class="week-grid-wrap">
      <table class="week-grid" style={{ '--weeks': weeks.length }}>
        <caption class="caption muted">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" />
            {weeks.map((w) => (
              <th key={w} scope="col" class="num" title={w}>
                {w.slice(-2)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row" title={r.name}>
                {r.label}
              </th>
              {r.values.map((v, i) => (
                <td key={weeks[i]} class="num" style={v > 0 ? { background: `rgba(0, 114, 178, ${(0.15 + 0.6 * (v / max)).toFixed(2)})` } : undefined} title={t('omni.cell', r.name, weeks[i]!, v)}>
                  {v > 0 ? v : ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
