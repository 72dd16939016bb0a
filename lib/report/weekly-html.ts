/**
 * The weekly report as one self-contained HTML page to save or print: inline
 * styles, no scripts, no remote anything. Every text that came from data (a
 * name, a review, a link, a brand) is escaped; links are kept only when they
 * are http(s), so a captured "javascript:" address cannot become a link.
 */
import { escapeHtml } from '../text/html';
import { actionReason, actionTitle } from '../actions/words';
import type { MessageKey, Text } from '../ui/text';
import type { Aboutness, ReportItem, WeeklyReport } from './weekly';
import type { Drop, DropRule } from '../omni/satisfaction';

/** The page's styles; exported so a preview under a strict style-src CSP can adopt them through CSSOM. */
export const REPORT_STYLE = `
body{font:14px/1.45 system-ui,sans-serif;color:#1a1a1a;margin:0 auto;max-width:960px;padding:16px}
h1{font-size:1.4em;margin:0 0 4px}h2{font-size:1.1em;margin:24px 0 8px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:4px 0}th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #eee;vertical-align:top;overflow-wrap:anywhere}
th{font-weight:600}.num{text-align:right;white-space:nowrap}.muted{color:#555}.drop{color:#a33}
@media print{a{color:inherit}body{max-width:none}}
@media (max-width:600px){body{padding:8px;font-size:13px}h1{font-size:1.2em}thead{display:none}table,tbody,tr,td{display:block}tr{border-bottom:1px solid #ccc;padding:4px 0}td{border:0;padding:1px 0}td[data-label]::before{content:attr(data-label) ": ";color:#555}.num{text-align:left}}`;

const segmentKey = (segment: string) => `segment.${segment.replaceAll('-', '_')}` as MessageKey;

function safeLink(url: string, label: string): string {
  return /^https?:\/\//i.test(url) ? `<a href="${escapeHtml(url)}" rel="noreferrer">${escapeHtml(label)}</a>` : escapeHtml(label);
}

function table(headers: readonly string[], rows: readonly string[][], numeric: ReadonlySet<number> = new Set()): string {
  // Each cell names its column too: a narrow screen shows rows as cards, without the header.
  const cell = (tag: 'th' | 'td', html: string, i: number) =>
    `<${tag}${numeric.has(i) ? ' class="num"' : ''}${tag === 'td' && i > 0 ? ` data-label="${escapeHtml(headers[i] ?? '')}"` : ''}>${html}</${tag}>`;
  return `<table><thead><tr>${headers.map((h, i) => cell('th', escapeHtml(h), i)).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

export function renderWeeklyHtml(report: WeeklyReport, text: Text, madeAt: number): string {
  const { t } = text;
  const e = escapeHtml;
  const segment = (s: string | null) => (s ? e(t(segmentKey(s))) : '');
  const none = `<p class="muted">${e(t('report.none'))}</p>`;
  const itemRows = (items: readonly ReportItem[]) =>
    items.map((i) => [e(i.name), segment(i.segment), e(i.platform), e(text.date(i.date)), i.rating === null ? '' : e(text.number(i.rating, 1)), safeLink(i.link, i.text ?? t('report.link'))]);
  const itemHeaders = [t('report.person'), t('common.segment'), t('report.platform'), t('report.date'), t('report.rating'), t('report.link')];

  const contributionParts = (['own', 'competitor', 'other'] as const satisfies readonly Aboutness[]).map((about) => {
    const c = report.counts[about];
    const items = report.items.filter((i) => i.about === about);
    return `<h3>${e(t(`report.about_${about}`))}</h3><p>${e(t('report.countsLine', text.number(c.review), text.number(c.post), text.number(c.comment)))}</p>${
      items.length > 0 ? table(itemHeaders, itemRows(items), new Set([4])) : ''
    }`;
  });
  const anyContribution = Object.values(report.counts).some((c) => c.review + c.post + c.comment > 0);

  const drops = report.drops.map((d) => `<li class="drop">${e(dropSentence(text, d, report.rule))}</li>`);
  const rule = ruleSentence(text, report.rule);

  const sections = [
    `<h1>${e(t('report.title', report.week))}</h1><p class="muted">${e(t('report.period', text.date(report.from), text.date(report.to)))}</p>`,
    report.notProfiled > 0 ? `<p>${e(t('report.notProfiled', text.number(report.notProfiled)))}</p>` : '',
    `<h2>${e(t('report.contributions'))}</h2>${anyContribution ? contributionParts.join('') : `<p class="muted">${e(t('report.noContributions'))}</p>`}`,
    `<h2>${e(t('report.detractors'))}</h2>${report.newDetractors.length > 0 ? table(itemHeaders, itemRows(report.newDetractors), new Set([4])) : none}`,
    `<h2>${e(t('report.loudest'))}</h2>${
      report.loudest.length > 0
        ? table(
            [t('report.person'), t('common.segment'), t('report.followers'), t('common.influence'), t('report.contributionsThisWeek')],
            report.loudest.map((v) => [e(v.name), segment(v.segment), e(text.compact(v.followers)), e(text.number(v.influence)), e(text.number(v.contributions))]),
            new Set([2, 3, 4]),
          )
        : none
    }`,
    `<h2>${e(t('report.changedChannel'))}</h2>${
      report.changedChannel.length > 0
        ? table(
            [t('report.person'), t('common.segment'), t('report.from'), t('report.to')],
            report.changedChannel.map((c) => [e(c.name), segment(c.segment), e(c.from.map((x) => channelName(text, x)).join(', ')), e(c.to.map((x) => channelName(text, x)).join(', '))]),
          )
        : none
    }`,
    `<h2>${e(t('report.satisfaction'))}</h2>${drops.length > 0 ? `<ul>${drops.join('')}</ul>` : none}<p class="muted">${e(rule)}</p>`,
    `<h2>${e(t('report.actions'))}</h2><p>${e(t('report.actionsSummary', text.number(report.actions.open), text.money(report.actions.expectedValue, report.currency)))}</p>${
      report.actions.top.length > 0
        ? table(
            [t('report.action'), t('common.segment'), t('report.reason'), t('report.expected')],
            report.actions.top.map((a) => [
              a.link ? safeLink(a.link, actionTitle(text, a.kind)) : e(actionTitle(text, a.kind)),
              segment(a.segment),
              e(actionReason(text, a)),
              e(text.money(a.expectedValue, a.currency)),
            ]),
            new Set([3]),
          ) +
          table(
            [t('common.segment'), t('report.action'), t('report.count'), t('report.expected')],
            report.actions.bySegment.map((s) => [segment(s.segment), e(actionTitle(text, s.kind)), e(text.number(s.count)), e(text.money(s.expectedValue, report.currency))]),
            new Set([2, 3]),
          )
        : none
    }`,
    `<p class="muted">${e(t('report.footer', text.dateTime(madeAt)))}</p>`,
  ];
  return `<!doctype html>\n<html lang="${text.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${e(
    t('report.title', report.week),
  )}</title><style>${REPORT_STYLE}</style></head><body>${sections.join('\n')}</body></html>\n`;
}

/** A drop in words: "Champions on trustpilot (your brands): 4.6 → 3.9 in 4 weeks, 7 ratings". */
export function dropSentence(text: Text, d: Drop, rule: DropRule): string {
  return text.t('report.drop', text.t(segmentKey(d.segment)), d.platform, text.t(`report.subject_${d.subject}`), text.number(d.before.mean, 1), text.number(d.recent.mean, 1), text.number(rule.recentWeeks), text.number(d.recent.count));
}

/** The drop rule as the workspace and the report state it. */
export function ruleSentence(text: Text, rule: DropRule): string {
  return text.t('report.rule', rule.recentWeeks, rule.baselineWeeks, rule.minRecent, text.number(rule.minDrop, 1), rule.minZ);
}

/** `platform:trustpilot` → trustpilot; `order:webshop` → "webshop (orders)"; `order:` (the export names no channel) → "orders". */
export function channelName(text: Text, channel: string): string {
  const [kind, name] = channel.split(':', 2) as [string, string];
  if (kind !== 'order') return name;
  return name ? text.t('report.ordersChannel', name) : text.t('report.ordersNoChannel');
}
