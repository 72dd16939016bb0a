import { useState } from 'preact/hooks';
import { AsyncButton } from './AsyncButton';
import type { ConnectorField } from '../lib/crm/connectors/types';
import type { JobView, OutboxView } from '../lib/outbox/view';

/** A CRM that can be connected, as the form needs it. */
export interface ConnectorChoice {
  id: string;
  label: string;
  fields: readonly ConnectorField[];
  pulls: boolean;
  /** The origin the browser will be asked about, for these settings (null while they are incomplete). */
  permissionFor(settings: Record<string, string>): string | null;
}

/** A connected CRM, without its token: the page never shows it. */
export interface ConnectionSummary {
  connector: string;
  label: string;
  pulls: boolean;
  connectedAt: number;
  lastSyncAt?: number;
}

export type CrmTextKey =
  | 'title' | 'intro' | 'tokens' | 'permission' | 'choose' | 'connect' | 'connecting' | 'disconnect' | 'disconnecting'
  | 'connectedSince' | 'lastSent' | 'neverSent' | 'pull' | 'pulling' | 'pulled' | 'outbox' | 'pending' | 'allSent'
  | 'sendNow' | 'sending' | 'sent' | 'parked' | 'retrying' | 'retry' | 'attempts' | 'kindUpsert' | 'kindNote' | 'kindErase' | 'kindTask' | 'kindWithdrawTask' | 'kindReport'
  | 'export' | 'exportHubspot' | 'exportSalesforce' | 'exporting' | 'exported'
  | `field:${string}` | `help:${string}`;

export interface CrmConnectionsProps {
  connectors: readonly ConnectorChoice[];
  connections: readonly ConnectionSummary[];
  outbox: OutboxView | undefined;
  text(key: CrmTextKey, ...substitutions: string[]): string;
  formatTime(ms: number): string;
  /** Called straight from the submit event: the browser's permission request needs the user's gesture. */
  onConnect(connector: string, settings: Record<string, string>, secret: string): Promise<string>;
  onDisconnect(connector: string): Promise<void>;
  onPull(connector: string): Promise<number>;
  onSend(): Promise<{ done: number; parked: number; pending: number }>;
  onRetry(jobId: string): Promise<void>;
  /** Save a CSV for the CRM's import tool; resolves to the number of people in it. */
  onExport(format: 'hubspot' | 'salesforce'): Promise<number>;
}

/** The "CRM connections" section of the options page: connect, disconnect, and the outbox. */
export function CrmConnections(props: CrmConnectionsProps) {
  const { text } = props;
  const connected = new Set(props.connections.map((c) => c.connector));
  const available = props.connectors.filter((c) => !connected.has(c.id));
  const [chosen, setChosen] = useState<string>('');
  const choice = available.find((c) => c.id === chosen) ?? available[0];
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);

  const settingsOf = (c: ConnectorChoice) =>
    Object.fromEntries(c.fields.filter((f) => f.kind !== 'secret').map((f) => [f.name, values[`${c.id}.${f.name}`] ?? ''] as const));
  const secretOf = (c: ConnectorChoice) => values[`${c.id}.${c.fields.find((f) => f.kind === 'secret')?.name ?? ''}`] ?? '';

  const submit = (event: Event) => {
    event.preventDefault();
    if (!choice || busy) return;
    setBusy(true);
    setNote(null);
    // onConnect runs now, inside the submit event, so the permission prompt may appear.
    props
      .onConnect(choice.id, settingsOf(choice), secretOf(choice))
      .then((summary) => {
        setNote({ ok: true, text: summary });
        setValues({});
      })
      .catch((e: unknown) => setNote({ ok: false, text: e instanceof Error ? e.message : String(e) }))
      .finally(() => setBusy(false));
  };

  const permission = choice ? choice.permissionFor(settingsOf(choice)) : null;
  return (
    <section class="stack narrow" aria-labelledby="crm-title">
      <h2 id="crm-title">{text('title')}</h2>
      <p class="muted">{text('intro')}</p>
      <p>{text('tokens')}</p>

      {props.connections.length > 0 && (
        <ul class="people" aria-label={text('title')}>
          {props.connections.map((c) => (
            <li key={c.connector} class="stack">
              <span>
                <strong>{c.label}</strong> — {text('connectedSince', props.formatTime(c.connectedAt))},{' '}
                {c.lastSyncAt ? text('lastSent', props.formatTime(c.lastSyncAt)) : text('neverSent')}
              </span>
              <span>
                <AsyncButton label={text('disconnect')} busyLabel={text('disconnecting')} onClick={() => props.onDisconnect(c.connector)} />{' '}
                {c.pulls && (
                  <AsyncButton
                    label={text('pull')}
                    busyLabel={text('pulling')}
                    onClick={async () => setNote({ ok: true, text: text('pulled', String(await props.onPull(c.connector))) })}
                  />
                )}
              </span>
            </li>
          ))}
        </ul>
      )}

      {choice && (
        <form class="stack" onSubmit={submit} aria-label={text('connect')}>
          <label class="field">
            {text('choose')}
            <select
              name="connector"
              value={choice.id}
              onChange={(e) => {
                setChosen(e.currentTarget.value);
                setNote(null);
              }}
            >
              {available.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          {choice.fields.map((f) => {
            const key = `${choice.id}.${f.name}`;
            const common = {
              name: f.name,
              autocomplete: 'off',
              spellcheck: false,
              required: f.required,
              placeholder: f.placeholder ?? f.default ?? '',
              value: values[key] ?? '',
              onInput: (e: { currentTarget: HTMLInputElement }) => {
                const value = e.currentTarget.value;
                setValues((v) => ({ ...v, [key]: value }));
              },
            };
            return (
              <label class="field" key={key}>
                {text(`field:${f.name}`)}
                {f.kind === 'secret' ? <input type="password" {...common} /> : f.kind === 'url' ? <input type="url" {...common} /> : <input type="text" {...common} />}
              </label>
            );
          })}
          <p class="muted">{text(`help:${choice.id}`)}</p>
          {permission && <p class="muted">{text('permission', permission)}</p>}
          <div>
            <button type="submit" class="primary" disabled={busy} aria-busy={busy}>
              {busy ? text('connecting') : text('connect')}
            </button>
          </div>
        </form>
      )}
      {note && (
        <p role="status" class={note.ok ? undefined : 'error'}>
          {note.text}
        </p>
      )}

      <Outbox {...props} />
      <Export {...props} />
    </section>
  );
}

function Export({ text, onExport }: CrmConnectionsProps) {
  const [done, setDone] = useState<string | null>(null);
  return (
    <section class="stack" aria-labelledby="export-title">
      <h2 id="export-title">{text('export')}</h2>
      <div>
        <AsyncButton label={text('exportHubspot')} busyLabel={text('exporting')} onClick={async () => setDone(text('exported', String(await onExport('hubspot'))))} />{' '}
        <AsyncButton label={text('exportSalesforce')} busyLabel={text('exporting')} onClick={async () => setDone(text('exported', String(await onExport('salesforce'))))} />
      </div>
      {done && <p class="muted">{done}</p>}
    </section>
  );
}

function Outbox({ outbox, text, formatTime, onSend, onRetry }: CrmConnectionsProps) {
  const [sent, setSent] = useState<string | null>(null);
  if (!outbox) return null;
  const kinds = { 'upsert-person': 'kindUpsert', 'add-note': 'kindNote', 'erase-person': 'kindErase', 'upsert-task': 'kindTask', 'withdraw-task': 'kindWithdrawTask', 'deliver-report': 'kindReport' } as const;
  const kind = (j: JobView) => text(kinds[j.kind]);
  const who = (j: JobView) => `${j.name ?? j.customerId} · ${j.connector} · ${kind(j)}`;
  return (
    <section class="stack" aria-labelledby="outbox-title">
      <h2 id="outbox-title">{text('outbox')}</h2>
      <p aria-live="polite">{outbox.pending + outbox.running > 0 ? text('pending', String(outbox.pending + outbox.running)) : text('allSent')}</p>
      <div>
        <AsyncButton
          label={text('sendNow')}
          busyLabel={text('sending')}
          onClick={async () => {
            const r = await onSend();
            setSent(text('sent', String(r.done), String(r.parked), String(r.pending)));
          }}
        />
        {sent && <span class="muted"> {sent}</span>}
      </div>
      {outbox.parked.length > 0 && (
        <>
          <h3>{text('parked')}</h3>
          <ul class="people" aria-label={text('parked')}>
            {outbox.parked.map((j) => (
              <li key={j.id} class="stack">
                <strong>{who(j)}</strong>
                <span class="error">{j.reason}</span>
                <span>
                  <span class="muted">
                    {text('attempts', String(j.attempts))} · {formatTime(j.updatedAt)}
                  </span>{' '}
                  <AsyncButton label={text('retry')} busyLabel={text('sending')} onClick={() => onRetry(j.id)} />
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {outbox.retrying.length > 0 && (
        <>
          <h3>{text('retrying')}</h3>
          <ul class="people" aria-label={text('retrying')}>
            {outbox.retrying.map((j) => (
              <li key={j.id}>
                <strong>{who(j)}</strong> — <span class="muted">{j.reason}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
