import { useRef, useState } from 'preact/hooks';
import { AsyncButton } from '@/components/AsyncButton';
import { useText } from '@/components/text';
import { dayOfTime, parseWeek, weekKey } from '@/lib/calendar/iso-week';
import { send } from '@/lib/ext/messaging';
import { readSettings } from '@/lib/ext/settings';
import { REPORT_STYLE, renderWeeklyHtml } from '@/lib/report/weekly-html';
import { download } from '@/lib/ext/download';
import { weeklyReportOf } from '@/lib/views/omni';
import { openStoredReport } from '@/lib/views/reports';
import { reportListing } from '@/lib/db/reports';
import { useLive } from '@/lib/ui/use-live';
import type { WeeklyReport } from '@/lib/report/weekly';
import { db } from './route';

/**
 * The weekly report of a chosen ISO week, shown as the same self-contained page
 * that is saved or printed. The frame runs no scripts (sandbox without
 * allow-scripts); the page's texts are escaped where it is made. The
 * extension's CSP (style-src 'self') holds in the frame too and blocks the
 * page's own <style>, so the preview adopts the same styles through CSSOM.
 */
function adoptReportStyle(frame: HTMLIFrameElement | null): void {
  const doc = frame?.contentDocument;
  const view = doc?.defaultView as (Window & typeof globalThis) | null | undefined;
  if (!doc || !view) return;
  const sheet = new view.CSSStyleSheet();
  sheet.replaceSync(REPORT_STYLE);
  doc.adoptedStyleSheets = [sheet];
}

export function ReportTab() {
  const text = useText();
  const { t } = text;
  const [week, setWeek] = useState(() => weekKey(dayOfTime(Date.now())));
  const [shown, setShown] = useState<{ week: string; html: string } | null>(null);
  const stored = useLive(async () => ({ reports: await reportListing(db), schedule: (await readSettings()).weeklyReport }), []);
  const frame = useRef<HTMLIFrameElement>(null);
  const valid = !('problem' in parseWeek(week));
  const show = (report: WeeklyReport, now: number) => setShown({ week: report.week, html: renderWeeklyHtml(report, text, now) });
  const make = async () => {
    await send('actions/refresh', {});
    const settings = (await readSettings()).value;
    const now = Date.now();
    show(await weeklyReportOf(db, week, settings, now), now);
  };
  const openStored = async (storedWeek: string) => {
    const report = await openStoredReport(db, storedWeek);
    if (!report) return;
    show(report, Date.now());
    await send('report/seen', { week: storedWeek });
  };
  const reports = stored.value?.reports ?? [];
  const fresh = reports.find((r) => !r.seen);
  return (
    <div class="stack">
      {fresh ? (
        <div class="notice row" role="status">
          <span class="good">{t('report.ready', fresh.week)}</span>
          <AsyncButton primary label={t('report.open')} busyLabel={t('common.loading')} onClick={() => openStored(fresh.week)} />
        </div>
      ) : null}
      <h2>{t('report.scheduled')}</h2>
      {!stored.value ? (
        <p class="muted">{t('common.loading')}</p>
      ) : reports.length === 0 ? (
        <p class="muted">{stored.value.schedule.enabled ? t('report.scheduledEmpty') : t('report.scheduledOff')}</p>
      ) : (
        <ul class="report-list">
          {reports.map((r) => (
            <li key={r.week} class="row">
              <button type="button" class="link" aria-current={shown?.week === r.week ? 'true' : undefined} onClick={() => void openStored(r.week)}>
                {t('report.title', r.week)}
              </button>
              <span class="muted">{text.dateTime(r.createdAt)}</span>
              {r.seen ? null : <span class="badge">{t('report.unread')}</span>}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('report.onRequest')}</h2>
      <div class="row">
        <label class="field">
          {t('report.week')}
          <input type="week" value={week} onInput={(e) => setWeek(e.currentTarget.value)} />
        </label>
        {valid ? <AsyncButton primary label={t('report.make')} busyLabel={t('common.loading')} onClick={make} /> : null}
        {shown ? (
          <>
            <button type="button" onClick={() => download(`earshot-report-${shown.week}.html`, shown.html, 'text/html;charset=utf-8')}>
              {t('report.save')}
            </button>
            <button type="button" onClick={() => frame.current?.contentWindow?.print()}>
              {t('report.print')}
            </button>
          </>
        ) : null}
      </div>
      {shown ? <iframe ref={frame} class="report-frame" title={t('report.title', shown.week)} sandbox="allow-same-origin allow-modals" srcDoc={shown.html} onLoad={() => adoptReportStyle(frame.current)} /> : null}
    </div>
  );
}
