import { useRef, useState } from 'preact/hooks';
import { AsyncButton } from '@/components/AsyncButton';
import { useText } from '@/components/text';
import { dayOfTime, parseWeek, weekKey } from '@/lib/calendar/iso-week';
import { send } from '@/lib/ext/messaging';
import { readSettings } from '@/lib/ext/settings';
import { REPORT_STYLE, renderWeeklyHtml } from '@/lib/report/weekly-html';
import { download } from '@/lib/ui/download';
import { weeklyReportOf } from '@/lib/views/omni';
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
  const [html, setHtml] = useState<string | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);
  const valid = !('problem' in parseWeek(week));
  const make = async () => {
    await send('actions/refresh', {});
    const settings = (await readSettings()).value;
    const now = Date.now();
    setHtml(renderWeeklyHtml(await weeklyReportOf(db, week, settings, now), text, now));
  };
  return (
    <div class="stack">
      <h2>{t('report.make')}</h2>
      <div class="row">
        <label class="field">
          {t('report.week')}
          <input type="week" value={week} onInput={(e) => setWeek(e.currentTarget.value)} />
        </label>
        {valid ? <AsyncButton primary label={t('report.make')} busyLabel={t('common.loading')} onClick={make} /> : null}
        {html ? (
          <>
            <button type="button" onClick={() => download(`earshot-report-${week}.html`, html, 'text/html;charset=utf-8')}>
              {t('report.save')}
            </button>
            <button type="button" onClick={() => frame.current?.contentWindow?.print()}>
              {t('report.print')}
            </button>
          </>
        ) : null}
      </div>
      {html ? <iframe ref={frame} class="report-frame" title={t('report.title', week)} sandbox="allow-same-origin allow-modals" srcDoc={html} onLoad={() => adoptReportStyle(frame.current)} /> : null}
    </div>
  );
}
