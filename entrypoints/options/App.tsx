import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { LANGUAGES, Settings } from '@/lib/model';
import { describeIssues } from '@/lib/messages';
import { readSettings, writeSettings } from '@/lib/ext/settings';

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
    </main>
  );
}
