import { useRef, useState } from 'preact/hooks';
import { useText } from '@/components/text';
import { REQUIRED_FIELDS, type ImportKind } from '@/lib/crm/columns';
import { send } from '@/lib/ext/messaging';
import { importFile, previewColumns, type ColumnPreview, type ImportOutcome, type ImportProgress } from '@/lib/ui/import-file';

interface Chosen {
  file: File;
  preview: ColumnPreview | null;
  problem: string | null;
}

const KINDS: ImportKind[] = ['customers', 'orders'];
/** Enough to see what is wrong with a file; the count says how many more there are. */
const ERRORS_SHOWN = 200;

/** Import customers and orders from CSV: columns recognised or mapped by hand, progress, every bad row listed. */
export function ImportTab() {
  const text = useText();
  const { t } = text;
  const [chosen, setChosen] = useState<Partial<Record<ImportKind, Chosen>>>({});
  const [running, setRunning] = useState<ImportKind | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [outcomes, setOutcomes] = useState<ImportOutcome[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [allowBlanking, setAllowBlanking] = useState(false);
  const abort = useRef<AbortController | null>(null);

  const choose = async (kind: ImportKind, file: File | undefined) => {
    setOutcomes([]);
    setFailure(null);
    if (!file) {
      setChosen((c) => ({ ...c, [kind]: undefined }));
      return;
    }
    try {
      const preview = await previewColumns(file, kind);
      setChosen((c) => ({ ...c, [kind]: { file, preview, problem: null } }));
    } catch (e) {
      setChosen((c) => ({ ...c, [kind]: { file, preview: null, problem: e instanceof Error ? e.message : String(e) } }));
    }
  };

  const remap = (kind: ImportKind, field: string, header: string) =>
    setChosen((c) => {
      const current = c[kind];
      if (!current?.preview) return c;
      const mapping = { ...current.preview.mapping };
      if (header) mapping[field] = header;
      else delete mapping[field];
      const missing = REQUIRED_FIELDS[kind].filter((f) => !mapping[f]);
      return { ...c, [kind]: { ...current, preview: { ...current.preview, mapping, missing } } };
    });

  const start = async () => {
    setOutcomes([]);
    setFailure(null);
    abort.current = new AbortController();
    const done: ImportOutcome[] = [];
    try {
      // Customers first: orders are kept only for customers the CRM has.
      for (const kind of KINDS) {
        const c = chosen[kind];
        if (!c?.preview) continue;
        setRunning(kind);
        setProgress({ bytes: 0, total: c.file.size, rows: 0, errors: 0 });
        const outcome = await importFile(c.file, kind, c.preview.mapping, send, setProgress, abort.current.signal, { allowBlanking });
        done.push(outcome);
        setOutcomes([...done]);
        if (outcome.cancelled) break;
      }
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
    } finally {
      setRunning(null);
      abort.current = null;
    }
  };

  const ready = KINDS.some((k) => chosen[k]?.preview) && KINDS.every((k) => !chosen[k] || (chosen[k]!.preview && chosen[k]!.preview!.missing.length === 0));
  return (
    <div class="stack import">
      <h2>{t('import.title')}</h2>
      <p class="muted">{t('import.intro')}</p>
      {KINDS.map((kind) => {
        const c = chosen[kind];
        return (
          <fieldset key={kind} class="stack tight" disabled={running !== null}>
            <legend>{t(kind === 'customers' ? 'import.customersFile' : 'import.ordersFile')}</legend>
            <input type="file" accept=".csv,text/csv,text/plain" aria-label={t(kind === 'customers' ? 'import.customersFile' : 'import.ordersFile')} onChange={(e) => void choose(kind, e.currentTarget.files?.[0])} />
            {c?.problem && (
              <p class="error" role="alert">
                {c.file.name}: {c.problem}
              </p>
            )}
            {c?.preview && <Mapping kind={kind} preview={c.preview} onChange={(field, header) => remap(kind, field, header)} />}
          </fieldset>
        );
      })}
      <label class="check">
        <input type="checkbox" checked={allowBlanking} disabled={running !== null} onChange={(e) => setAllowBlanking(e.currentTarget.checked)} aria-describedby="allow-blanking-help" />
        {t('import.allowBlanking')}
      </label>
      <p id="allow-blanking-help" class="muted">
        {t('import.allowBlankingHelp')}
      </p>
      <div class="row">
        <button type="button" class="primary" disabled={!ready || running !== null} onClick={() => void start()}>
          {t('import.start')}
        </button>
        {running && (
          <button type="button" onClick={() => abort.current?.abort()}>
            {t('common.cancel')}
          </button>
        )}
      </div>
      {running && progress && (
        <div class="stack tight">
          <label for="import-progress">{t('import.progress', t(running === 'customers' ? 'common.customers' : 'common.orders'), text.number(progress.rows), text.number(progress.errors))}</label>
          <progress id="import-progress" max={Math.max(1, progress.total)} value={progress.bytes} />
        </div>
      )}
      {failure && (
        <p class="error" role="alert">
          {t('import.failed', failure)}
        </p>
      )}
      {outcomes.map((o) => (
        <section key={o.kind} class="stack tight" aria-live="polite">
          <h3>{t(o.kind === 'customers' ? 'common.customers' : 'common.orders')}</h3>
          <p role="status">{o.cancelled ? t('import.cancelled') : t('import.done', text.number(o.stored), text.number(o.rejected))}</p>
          {o.encoding && <p class="muted">{t('import.encoding', o.encoding.name.toUpperCase())}</p>}
          {o.notes.length > 0 && (
            <ul class="plain">
              {o.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
          {o.blanked.count > 0 && (
            <p role={o.blanked.applied ? undefined : 'alert'}>
              {t(o.blanked.applied ? 'import.blankedApplied' : 'import.blankedKept', text.number(o.blanked.count), [...o.blanked.first.map((b) => t('import.blankedAt', String(b.line), b.field)), ...(o.blanked.count > o.blanked.first.length ? ['…'] : [])].join(', '))}
            </p>
          )}
          {o.errors.length > 0 && (
            <details open={o.errors.length <= 20}>
              <summary>{t('import.errors', text.number(o.errors.length))}</summary>
              <ul class="plain errors">
                {o.errors.slice(0, ERRORS_SHOWN).map((e) => (
                  <li key={`${e.line}.${e.field}`}>{t('import.rowError', String(e.line), e.field, e.message)}</li>
                ))}
              </ul>
              {o.errors.length > ERRORS_SHOWN && <p class="muted">{t('import.moreErrors', text.number(o.errors.length - ERRORS_SHOWN))}</p>}
            </details>
          )}
        </section>
      ))}
    </div>
  );
}

function Mapping({ kind, preview, onChange }: { kind: ImportKind; preview: ColumnPreview; onChange(field: string, header: string): void }) {
  const { t } = useText();
  return (
    <div class="stack tight">
      <p class="muted">{preview.preset ? t('import.recognised', preview.preset) : t('import.ownFormat')}</p>
      {preview.missing.length > 0 && (
        <p class="error" role="alert">
          {t('import.missing', preview.missing.join(', '))}
        </p>
      )}
      <table class="mapping">
        <caption class="caption muted">{t('import.mapping')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('import.field')}</th>
            <th scope="col">{t('import.column')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.fields.map((field) => (
            <tr key={field}>
              <th scope="row">
                <label for={`map-${kind}-${field}`}>
                  {field}
                  {REQUIRED_FIELDS[kind].includes(field) ? ' *' : ''}
                </label>
              </th>
              <td>
                <select id={`map-${kind}-${field}`} value={preview.mapping[field] ?? ''} onChange={(e) => onChange(field, e.currentTarget.value)}>
                  <option value="">{t('import.notInFile')}</option>
                  {preview.headers.map((h) => (
                    <option key={h} value={h}>
                      {h}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
