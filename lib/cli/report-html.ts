/**
 * The pipeline's results as one HTML page that opens anywhere, offline: counts,
 * the matched people with their values, and the quadrant chart as inline SVG.
 * Nothing is loaded from elsewhere (a Content-Security-Policy of default-src
 * 'none' says so to the browser too), and every text that came from a file
 * (names, ids, notes) is escaped, so a reviewer who calls themselves
 * <script> shows as that text.
 */
import { escapeHtml } from '../text/html';
import { ENGAGEMENT_SEGMENTS, type EngagementSegment } from '../value';
import { QUADRANT_SIZE, quadrantScale, segmentMarker, SEGMENT_STYLE, type Marker } from '../views/quadrant-geometry';
import type { ValueLine } from './value-line';

export interface ReportPerson {
  profileId: string;
  /** How the person is named on the page they were captured from, when known. */
  displayName?: string;
  customerId: string;
  customerName?: string;
  score: number;
  value: ValueLine | undefined;
}

export interface ReportData {
  title: string;
  currency: string;
  /** When the report was made (ISO), shown in the header. */
  made: string;
  counts: { profiles: number; auto: number; review: number; none: number; customers: number };
  /** The people linked to a customer (auto or confirmed), highest net value first. */
  people: readonly ReportPerson[];
  /** How many linked people there were in all (the list may hold the first of them only). */
  linked: number;
}

const segmentName = (s: EngagementSegment) => s.charAt(0).toUpperCase() + s.slice(1).replaceAll('-', ' ');

export function reportHtml(data: ReportData): string {
  const e = escapeHtml;
  const money = (n: number) => `${e(data.currency)} ${n.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  const valued = data.people.filter((p): p is ReportPerson & { value: ValueLine } => p.value !== undefined);
  const shown = data.people.length < data.linked ? `<p class="muted">The ${data.people.length.toLocaleString('en')} with the highest net value of ${data.linked.toLocaleString('en')} linked people.</p>` : '';
  const rows = data.people
    .map((p) => {
      const v = p.value;
      return `<tr><td>${e(p.displayName ?? p.profileId)}<div class="muted">${e(p.profileId)}</div></td><td>${e(p.customerName ?? p.customerId)}<div class="muted">${e(p.customerId)}</div></td><td class="num">${(p.score * 100).toFixed(0)}%</td>${
        v
          ? `<td class="num">${money(v.netValue)}</td><td class="num">${money(v.clv)}</td><td class="num">${v.pAlive === null ? '' : v.pAlive.toFixed(2)}</td><td class="num">${v.influence.score.toFixed(1)}</td><td>${segmentBadge(v.segment)}</td><td>${e(v.note ?? '')}</td>`
          : '<td colspan="6" class="muted">no value line for this customer</td>'
      }</tr>`;
    })
    .join('\n');
  const c = data.counts;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(data.title)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1b1b1b; }
h1 { font-size: 1.5rem; } .muted { color: #5c5c5c; font-size: 12px; }
dl.counts { display: flex; flex-wrap: wrap; gap: 1.5rem; } dl.counts div { min-width: 7rem; } dt { color: #5c5c5c; } dd { margin: 0; font-size: 1.4rem; font-weight: 600; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
svg.quadrant { width: 100%; max-width: 760px; height: auto; } .quadrant .plot { fill: none; stroke: #bbb; }
.quadrant .tick line { stroke: #ddd; stroke-width: .5; } .quadrant text { fill: #5c5c5c; font-size: 11px; } .quadrant .axis-label { fill: #1b1b1b; font-size: 12px; }
.legend span { margin-right: 1rem; white-space: nowrap; }
</style>
</head>
<body>
<h1>${e(data.title)}</h1>
<p class="muted">Made ${e(data.made)} by earshot report.</p>
<dl class="counts">
${(
  [
  ['Captured people', c.profiles],
  ['Linked to a customer', c.auto],
  ['Waiting for a person', c.review],
  ['No customer', c.none],
  ['Customers valued', c.customers],
  ] as const
)
  .map(([label, n]) => `<div><dt>${label}</dt><dd>${n.toLocaleString('en')}</dd></div>`)
  .join('\n')}
</dl>
<h2>Financial value against influence</h2>
${quadrantSvg(valued, data.currency)}
<h2>The linked people and their values</h2>
${shown}
<table>
<thead><tr><th scope="col">Person</th><th scope="col">Customer</th><th scope="col" class="num">Match</th><th scope="col" class="num">Net value</th><th scope="col" class="num">CLV</th><th scope="col" class="num">P(alive)</th><th scope="col" class="num">Influence</th><th scope="col">Segment</th><th scope="col">Note</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}

function segmentBadge(segment: EngagementSegment): string {
  const style = SEGMENT_STYLE[segment];
  return `<span aria-hidden="true" style="color:${style.colour}">${style.symbol}</span> ${segmentName(segment)}`;
}

function markerSvg(m: Marker): string {
  if (m.tag === 'circle') return `<circle cx="${m.cx.toFixed(1)}" cy="${m.cy.toFixed(1)}" r="${m.r}"/>`;
  if (m.tag === 'rect') return `<rect x="${m.x.toFixed(1)}" y="${m.y.toFixed(1)}" width="${m.width}" height="${m.height}"/>`;
  return m.stroked ? `<path d="${m.d}" stroke-width="2.5" fill="none"/>` : `<path d="${m.d}"/>`;
}

/** The quadrant chart of the workspace, as a string: the same scale and shapes (lib/views/quadrant-geometry.ts). */
function quadrantSvg(people: readonly (ReportPerson & { value: ValueLine })[], currency: string): string {
  const { width: W, height: H, pad } = QUADRANT_SIZE;
  // A customer with several linked profiles is one point.
  people = [...new Map(people.map((p) => [p.customerId, p])).values()];
  const { sx, sy, xTicks, yTicks } = quadrantScale(people.map((p) => p.value.netValue));
  const counts = new Map<EngagementSegment, number>();
  for (const p of people) counts.set(p.value.segment, (counts.get(p.value.segment) ?? 0) + 1);
  const summary = `${people.length} customers: ${[...counts].map(([s, n]) => `${segmentName(s)}: ${n}`).join(', ')}`;
  const e = escapeHtml;
  const parts = [
    `<svg class="quadrant" viewBox="0 0 ${W} ${H}" role="img" aria-label="${e(summary)}" xmlns="http://www.w3.org/2000/svg">`,
    `<rect class="plot" x="${pad.left}" y="${pad.top}" width="${W - pad.left - pad.right}" height="${H - pad.top - pad.bottom}"/>`,
    ...xTicks.map((v) => `<g class="tick"><line x1="${sx(v).toFixed(1)}" x2="${sx(v).toFixed(1)}" y1="${pad.top}" y2="${H - pad.bottom}"/><text x="${sx(v).toFixed(1)}" y="${H - pad.bottom + 14}" text-anchor="middle">${v.toLocaleString('en')}</text></g>`),
    ...yTicks.map((v) => `<g class="tick"><line x1="${pad.left}" x2="${W - pad.right}" y1="${sy(v).toFixed(1)}" y2="${sy(v).toFixed(1)}"/><text x="${pad.left - 6}" y="${(sy(v) + 4).toFixed(1)}" text-anchor="end">${v}</text></g>`),
    `<text class="axis-label" x="${(W + pad.left) / 2}" y="${H - 6}" text-anchor="middle">Net value (${e(currency)})</text>`,
    `<text class="axis-label" transform="translate(14 ${(H - pad.bottom + pad.top) / 2}) rotate(-90)" text-anchor="middle">Influence (0-100)</text>`,
    ...people.map((p) => {
      const colour = SEGMENT_STYLE[p.value.segment].colour;
      const who = p.customerName ?? p.customerId;
      return `<g fill="${colour}" stroke="${colour}"><title>${e(who)}: ${e(currency)} ${p.value.netValue.toFixed(2)}, influence ${p.value.influence.score.toFixed(1)}</title>${markerSvg(segmentMarker(p.value.segment, sx(p.value.netValue), sy(p.value.influence.score)))}</g>`;
    }),
    '</svg>',
  ];
  const legend = ENGAGEMENT_SEGMENTS.map((s) => `<span>${segmentBadge(s)} <span class="muted">(${counts.get(s) ?? 0})</span></span>`).join('');
  return `<figure>${parts.join('\n')}<figcaption class="legend">${legend}</figcaption></figure>`;
}
