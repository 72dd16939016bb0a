import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { LANGUAGES, Settings } from '@/lib/model';
import { describeIssues } from '@/lib/messages';
import { readSettings, writeSettings } from '@/lib/ext/settings';
import { CrmConnections, type CrmTextKey } from '@/components/CrmConnections';
import { openDatabase } from '@/lib/db/database';
import { PUSH_CONNECTORS, describeConnector, normaliseSettings } from '@/lib/crm/connectors';
import { outboxView } from '@/lib/crm/outbox';
import { exportCsv, peopleToExport } from '@/lib/crm/export';
import { send } from '@/lib/ext/messaging';
import { connectCrm, disconnectCrm } from '@/lib/ext/sync';
import { useLive } from '@/lib/ui/live';

const db = openDatabase();

const CRM_KEYS: Record<string, string> = {
  'field:accessToken': 'fieldAccessToken',
  'field:apiToken': 'fieldApiToken',
  'field:baseUrl': 'fieldBaseUrl',
  'field:url': 'fieldUrl',
  'field:signingSecret': 'fieldSigningSecret',
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
  const text = (key: CrmTextKey, ...subs: string[]) => {
    const name = `crm.${CRM_KEYS[key] ?? key}` as Parameters<typeof i18n.t>[0];
    return subs.length > 0 ? i18n.t(name as 'crm.pulled', subs as [string]) : i18n.t(name as 'crm.title');
  };
  const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <CrmConnections
      connectors={connectors}
      connections={live.value?.connections ?? []}
      outbox={live.value?.outbox}
      text={text}
      formatTime={(ms) => time.format(ms)}
      onConnect={(connector, settings, secret) => connectCrm(connector as (typeof PUSH_CONNECTORS)[number], settings, secret)}
      onDisconnect={(connector) => disconnectCrm(connector as (typeof PUSH_CONNECTORS)[number])}
      onPull={async (connector) => (await send('crm/pull', { connector: connector as (typeof PUSH_CONNECTORS)[number] })).customers}
      onSend={() => send('sync/run', {})}
      onRetry={async (jobId) => {
        await send('sync/retry', { jobId });
      }}
      onExport={async (format) => {
        const people = await peopleToExport(db, Date.now());
        const url = URL.createObjectURL(new Blob([exportCsv(people, format)], { type: 'text/csv;charset=utf-8' }));
        const a = document.createElement('a');
        a.href = url;
        a.download = `earshot-${format}-import.csv`;
        a.click();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        return people.length;
      }}
    />
  );
}

export function App() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => void readSettings().then(setSettings), []);
  if (!settings) return <p class="content">{i18n.t('common.loading')}</p>;

  const save = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const candidate = {
      ...settings,
      retentionDays: Number(data.get('retentionDays')),
      thresholds: { auto: Number(data.get('auto')), review: Number(data.get('review')) },
      language: String(data.get('language')),
      value: { ...settings.value, ownBrands: String(data.get('ownBrands') ?? '').split('\n').map((s) => s.trim()).filter(Boolean) },
    };
    const parsed = Settings.safeParse(candidate);
    if (!parsed.success) {
      setNote({ ok: false, text: i18n.t('options.invalid', [describeIssues(parsed.error)]) });
      return;
    }
    await writeSettings(parsed.data);
    setSettings(parsed.data);
    setNote({ ok: true, text: i18n.t('options.saved') });
  };

  return (
    <main class="content" aria-labelledby="options-title">
      <h1 id="options-title">{i18n.t('options.title')}</h1>
      <form
        class="stack narrow"
        onSubmit={(e) => {
          e.preventDefault();
          void save(e.currentTarget);
        }}
      >
        <label class="field">
          {i18n.t('options.autoThreshold')}
          <input name="auto" type="number" min="0" max="1" step="0.01" value={settings.thresholds.auto} />
        </label>
        <label class="field">
          {i18n.t('options.reviewThreshold')}
          <input name="review" type="number" min="0" max="1" step="0.01" value={settings.thresholds.review} />
        </label>
        <label class="field">
          {i18n.t('options.retention')}
          <input name="retentionDays" type="number" min="1" max="3650" step="1" value={settings.retentionDays} />
        </label>
        <label class="field">
          {i18n.t('options.ownBrands')}
          <textarea name="ownBrands" rows={4} value={settings.value.ownBrands.join('\n')} />
        </label>
        <label class="field">
          {i18n.t('options.language')}
          <select name="language" value={settings.language}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {l === 'auto' ? i18n.t('options.languageAuto') : l}
              </option>
            ))}
          </select>
        </label>
        <div>
          <button type="submit" class="primary">
            {i18n.t('options.save')}
          </button>
        </div>
        {note && (
          <p role="status" class={note.ok ? undefined : 'error'}>
            {note.text}
          </p>
        )}
      </form>
      <CrmSection />
    </main>
  );
}
