import { useEffect, useState } from 'preact/hooks';
import { AsyncButton } from '@/components/AsyncButton';
import { CrmConnections, type CrmTextKey } from '@/components/CrmConnections';
import { useText } from '@/components/text';
import { SITES } from '@/lib/capture/registry';
import { PUSH_CONNECTORS, describeConnector, normaliseSettings } from '@/lib/crm/connectors';
import { exportCsv } from '@/lib/crm/export';
import { peopleToExport } from '@/lib/db/crm-payloads';
import { outboxView } from '@/lib/outbox/view';
import { linesOf, readBackup, restoreBackup, writeBackup } from '@/lib/db/backup';
import { openDatabase } from '@/lib/db/database';
import { send } from '@/lib/ext/messaging';
import { readSettings, writeSettings } from '@/lib/ext/settings';
import { connectCrm, disconnectCrm } from '@/lib/ext/sync';
import { describeIssues } from '@/lib/zod';
import { LANGUAGES, Settings } from '@/lib/settings';
import { teamAuthorField } from '@/lib/model/team';
import { download } from '@/lib/ext/download';
import { blobText } from '@/lib/ui/import-file';
import { useLive } from '@/lib/ui/use-live';
import type { MessageKey } from '@/lib/ui/text';
import { INFLUENCE_COMPONENTS } from '@/lib/value/types';
import { REPORT_TARGETS } from '@/lib/report/delivery';
import { ValueModel } from './ValueModel';

const db = openDatabase();

const CRM_KEYS: Record<string, string> = {
  'field:accessToken': 'fieldAccessToken',
  'field:apiToken': 'fieldApiToken',
  'field:baseUrl': 'fieldBaseUrl',
  'field:url': 'fieldUrl',
  'field:signingSecret': 'fieldSigningSecret',
  'field:doNotProfileField': 'fieldDoNotProfileField',
  'field:reportOwner': 'fieldReportOwner',
  'help:hubspot': 'helpHubspot',
  'help:pipedrive': 'helpPipedrive',
  'help:webhook': 'helpWebhook',
};

/** The CRM section: live connections (tokens stripped at once) and outbox, wired to the service worker. */
function CrmSection() {
  const live = useLive(async () => {
    const rows = await db.connections.toArray();
    return {
      connections: rows.map((c) => ({ connector: c.connector, label: describeConnector(c.connector).label, pulls: describeConnector(c.connector).pulls, connectedAt: c.connectedAt, ...(c.lastSyncAt ? { lastSyncAt: c.lastSyncAt } : {}) })),
      outbox: await outboxView(db),
    };
  }, []);
  const connectors = PUSH_CONNECTORS.map((id) => {
    const d = describeConnector(id);
    return {
      id,
      label: d.label,
      fields: d.fields,
      pulls: d.pulls,
      permissionFor(settings: Record<string, string>) {
        try {
          return d.hostPermission(normaliseSettings(id, settings));
        } catch {
          return null;
        }
      },
    };
  });
  const ui = useText();
  const text = (key: CrmTextKey, ...subs: string[]) => ui.t(`crm.${CRM_KEYS[key] ?? key}` as MessageKey, ...subs);
  return (
    <CrmConnections
      connectors={connectors}
      connections={live.value?.connections ?? []}
      outbox={live.value?.outbox}
      text={text}
      formatTime={(ms) => ui.dateTime(ms)}
      onConnect={(connector, settings, secret) => connectCrm(connector as (typeof PUSH_CONNECTORS)[number], settings, secret)}
      onDisconnect={(connector) => disconnectCrm(connector as (typeof PUSH_CONNECTORS)[number])}
      onPull={async (connector) => (await send('crm/pull', { connector: connector as (typeof PUSH_CONNECTORS)[number] })).customers}
      onSend={() => send('sync/run', {})}
      onRetry={async (jobId) => {
        await send('sync/retry', { jobId });
      }}
      onExport={async (format) => {
        const people = await peopleToExport(db, Date.now());
        download(`earshot-${format}-import.csv`, exportCsv(people, format), 'text/csv;charset=utf-8');
        return people.length;
      }}
    />
  );
}


const WEIGHT_LABEL: Record<(typeof INFLUENCE_COMPONENTS)[number], MessageKey> = {
  reach: 'value.reach',
  engagement: 'value.engagementRate',
  authority: 'value.authority',
  brandRelevance: 'value.brandRelevance',
};

/** "USD=0.92" per line -> { USD: 0.92 }; anything else is left for the schema to refuse with its reason. */
function parseRates(textValue: string): Record<string, number> {
  const rates: Record<string, number> = {};
  for (const line of textValue.split('\n')) {
    const [code, rate] = line.split('=').map((s) => s.trim());
    if (code) rates[code.toUpperCase()] = Number(rate);
  }
  return rates;
}

/** The form as settings: what the user typed, checked by the settings schema before anything is saved. */
function settingsFrom(form: HTMLFormElement, current: Settings): unknown {
  const data = new FormData(form);
  const num = (name: string) => Number(data.get(name));
  return {
    ...current,
    retentionDays: num('retentionDays'),
    thresholds: { auto: num('auto'), review: num('review'), requireCorroboration: data.get('requireCorroboration') === 'on' },
    language: String(data.get('language')),
    pageBadges: data.get('pageBadges') === 'on',
    teamAuthor: teamAuthorField(data.get('teamAuthor')),
    weeklyReport: { enabled: data.get('weeklyReportOn') === 'on', weekday: num('weeklyReportDay'), hour: num('weeklyReportHour') },
    reportDelivery: { to: REPORT_TARGETS.filter((target) => data.get(`reportTo-${target}`) === 'on') },
    disabledSites: SITES.map((s) => s.id).filter((id) => data.get(`site-${id}`) !== 'on'),
    value: {
      ...current.value,
      currency: String(data.get('currency') ?? '').trim().toUpperCase(),
      margin: num('margin') / 100,
      horizonMonths: num('horizonMonths'),
      discountRate: num('discountRate') / 100,
      costPerOrder: num('costPerOrder'),
      influenceUnitValue: num('influenceUnitValue'),
      influenceWeights: Object.fromEntries(INFLUENCE_COMPONENTS.map((c) => [c, num(`weight-${c}`)])),
      exchangeRates: parseRates(String(data.get('exchangeRates') ?? '')),
      ownBrands: fieldLines(data, 'ownBrands'),
      competitorBrands: fieldLines(data, 'competitorBrands'),
    },
  };
}

/** A textarea's non-empty lines, trimmed. */
function fieldLines(data: FormData, name: string): string[] {
  return String(data.get(name) ?? '')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Settings in sections: matching, value, capture, privacy and data, language; then the CRM connections. */
export function App() {
  const text = useText();
  const { t } = text;
  const [settings, setSettings] = useState<Settings | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => void readSettings().then(setSettings), []);
  if (!settings) return <p class="content">{t('common.loading')}</p>;

  const save = async (form: HTMLFormElement) => {
    const parsed = Settings.safeParse(settingsFrom(form, settings));
    if (!parsed.success) {
      setNote({ ok: false, text: t('options.invalid', describeIssues(parsed.error)) });
      return;
    }
    await writeSettings(parsed.data);
    // Thresholds change decisions; value settings change figures: the worker redoes what depends on them.
    const rematch = JSON.stringify(parsed.data.thresholds) !== JSON.stringify(settings.thresholds);
    const revalue = rematch || JSON.stringify(parsed.data.value) !== JSON.stringify(settings.value);
    if (revalue) await send('settings/changed', { rematch });
    setSettings(parsed.data);
    setNote({ ok: true, text: parsed.data.language !== settings.language ? t('options.savedReload') : t('options.saved') });
  };
  const v = settings.value;
  return (
    <main class="content options" aria-labelledby="options-title">
      <h1 id="options-title">{t('options.title')}</h1>
      <form
        class="stack narrow"
        onSubmit={(e) => {
          e.preventDefault();
          void save(e.currentTarget);
        }}
      >
        <fieldset class="stack tight">
          <legend>{t('options.matching')}</legend>
          <p class="muted">{t('options.matchingHelp')}</p>
          <label class="field">
            {t('options.autoThreshold')}
            <input name="auto" type="number" min="0" max="1" step="0.01" value={settings.thresholds.auto} />
          </label>
          <label class="field">
            {t('options.reviewThreshold')}
            <input name="review" type="number" min="0" max="1" step="0.01" value={settings.thresholds.review} />
          </label>
          <label class="check">
            <input name="requireCorroboration" type="checkbox" checked={settings.thresholds.requireCorroboration} /> {t('options.requireCorroboration')}
          </label>
        </fieldset>

        <fieldset class="stack tight">
          <legend>{t('options.value')}</legend>
          <label class="field">
            {t('options.currency')}
            <input name="currency" type="text" maxLength={3} pattern="[A-Za-z]{3}" value={v.currency} />
          </label>
          <label class="field">
            {t('options.margin')}
            <input name="margin" type="number" min="0" max="100" step="1" value={Math.round(v.margin * 100)} />
          </label>
          <label class="field">
            {t('options.horizon')}
            <input name="horizonMonths" type="number" min="1" max="120" step="1" value={v.horizonMonths} />
          </label>
          <label class="field">
            {t('options.discountRate')}
            <input name="discountRate" type="number" min="0" max="100" step="0.5" value={Math.round(v.discountRate * 1000) / 10} />
          </label>
          <label class="field">
            {t('options.costPerOrder', v.currency)}
            <input name="costPerOrder" type="number" min="0" step="0.01" value={v.costPerOrder} />
          </label>
          <label class="field">
            {t('options.influenceUnitValue', v.currency)}
            <input name="influenceUnitValue" type="number" min="0" step="0.5" value={v.influenceUnitValue} />
          </label>
          <fieldset class="row wrap">
            <legend>{t('options.weights')}</legend>
            {INFLUENCE_COMPONENTS.map((c) => (
              <label key={c} class="field">
                {t(WEIGHT_LABEL[c])}
                <input name={`weight-${c}`} type="number" min="0" max="10" step="0.05" value={v.influenceWeights[c]} />
              </label>
            ))}
          </fieldset>
          <label class="field">
            {t('options.ownBrands')}
            <textarea name="ownBrands" rows={4} value={v.ownBrands.join('\n')} />
          </label>
          <label class="field">
            {t('options.competitorBrands')}
            <textarea name="competitorBrands" rows={3} value={v.competitorBrands.join('\n')} />
          </label>
          <label class="field">
            {t('options.exchangeRates', v.currency)}
            <textarea
              name="exchangeRates"
              rows={3}
              value={Object.entries(v.exchangeRates)
                .map(([code, rate]) => `${code}=${rate}`)
                .join('\n')}
            />
          </label>
          <ValueModel db={db} />
        </fieldset>

        <fieldset class="stack tight">
          <legend>{t('options.capture')}</legend>
          <p class="muted">{t('options.captureHelp')}</p>
          {SITES.map((site) => (
            <label key={site.id} class="check">
              <input name={`site-${site.id}`} type="checkbox" checked={!settings.disabledSites.includes(site.id)} /> {site.id}
            </label>
          ))}
          <label class="check">
            <input name="pageBadges" type="checkbox" checked={settings.pageBadges} /> {t('options.pageBadges')}
          </label>
        </fieldset>

        <fieldset class="stack tight">
          <legend>{t('options.weeklyReport')}</legend>
          <p class="muted">{t('options.weeklyReportHelp')}</p>
          <label class="check">
            <input name="weeklyReportOn" type="checkbox" checked={settings.weeklyReport.enabled} /> {t('options.weeklyReportOn')}
          </label>
          <div class="row">
            <label class="field">
              {t('options.weeklyReportDay')}
              <select name="weeklyReportDay" value={String(settings.weeklyReport.weekday)}>
                {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                  <option key={d} value={String(d)}>
                    {text.weekday(d)}
                  </option>
                ))}
              </select>
            </label>
            <label class="field">
              {t('options.weeklyReportHour')}
              <input name="weeklyReportHour" type="number" min="0" max="23" step="1" value={settings.weeklyReport.hour} />
            </label>
          </div>
          <p class="muted">{t('options.reportDeliveryHelp')}</p>
          {REPORT_TARGETS.map((target) => (
            <label key={target} class="check">
              <input name={`reportTo-${target}`} type="checkbox" checked={settings.reportDelivery.to.includes(target)} /> {t(`options.reportTo_${target}`)}
            </label>
          ))}
        </fieldset>

        <fieldset class="stack tight">
          <legend>{t('options.team')}</legend>
          <label class="field">
            {t('options.teamAuthor')}
            <input name="teamAuthor" type="text" maxLength={120} autoComplete="name" value={settings.teamAuthor ?? ''} />
          </label>
          <p class="muted">{t('options.teamAuthorHelp')}</p>
        </fieldset>

        <fieldset class="stack tight">
          <legend>{t('options.privacy')}</legend>
          <label class="field">
            {t('options.retention')}
            <input name="retentionDays" type="number" min="1" max="3650" step="1" value={settings.retentionDays} />
          </label>
        </fieldset>

        <label class="field">
          {t('options.language')}
          <select name="language" value={settings.language}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {l === 'auto' ? t('options.languageAuto') : t(`options.language_${l}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <div>
          <button type="submit" class="primary">
            {t('options.save')}
          </button>
        </div>
        {note && (
          <p role="status" class={note.ok ? undefined : 'error'}>
            {note.text}
          </p>
        )}
      </form>
      <DataSection retentionDays={settings.retentionDays} />
      <CrmSection />
    </main>
  );
}

/** Data on this machine: prune old captures now, back up everything, restore a backup. */
function DataSection({ retentionDays }: { retentionDays: number }) {
  const text = useText();
  const { t } = text;
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const usage = useLive(async () => (navigator.storage?.estimate ? navigator.storage.estimate() : null), []);
  return (
    <section class="stack narrow" aria-labelledby="data-title">
      <h2 id="data-title">{t('options.data')}</h2>
      {usage.value?.usage !== undefined && <p class="muted">{t('options.usage', text.compact(usage.value.usage / 1e6))}</p>}
      <div class="row wrap">
        <AsyncButton
          label={t('options.pruneNow', String(retentionDays))}
          busyLabel={t('common.saving')}
          onClick={async () => {
            const pruned = await send('data/prune', { olderThanDays: retentionDays });
            setStatus({ ok: true, text: t('options.pruned', text.number(pruned.profiles), text.number(pruned.contributions)) });
          }}
        />
        <AsyncButton
          label={t('options.backup')}
          busyLabel={t('common.saving')}
          onClick={async () => {
            const parts: string[] = [];
            for await (const chunk of writeBackup(db, new Date())) parts.push(chunk);
            download(`earshot-backup-${new Date().toISOString().slice(0, 10)}.jsonl`, new Blob(parts, { type: 'application/x-ndjson' }));
          }}
        />
      </div>
      <label class="field">
        {t('options.restore')}
        <input
          type="file"
          accept=".jsonl,application/x-ndjson,application/json"
          onChange={async (e) => {
            const file = e.currentTarget.files?.[0];
            if (!file) return;
            setStatus(null);
            try {
              let unchecked = false;
              const rows = await readBackup(linesOf(blobText(file)), { onUnchecked: () => (unchecked = true) });
              const { counts, leftOut } = await restoreBackup(db, rows);
              await send('data/restored', {});
              const erased = leftOut.profiles + leftOut.customers;
              const said = [t('options.restored', text.number(counts.customers), text.number(counts.profiles))];
              if (erased > 0) said.push(t('options.restoredWithoutErased', text.number(erased)));
              if (unchecked) said.push(t('options.restoreUnchecked'));
              setStatus({ ok: true, text: said.join(' ') });
            } catch (error) {
              setStatus({ ok: false, text: t('options.restoreFailed', error instanceof Error ? error.message : String(error)) });
            }
          }}
        />
      </label>
      <p class="muted">{t('options.restoreHelp')}</p>
      {status && (
        <p role={status.ok ? 'status' : 'alert'} class={status.ok ? undefined : 'error'}>
          {status.text}
        </p>
      )}
    </section>
  );
}
