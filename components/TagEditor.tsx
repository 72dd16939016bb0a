import { useState } from 'preact/hooks';
import { useText } from './text';

export interface TagEditorProps {
  tags: readonly string[];
  /** Labels in use elsewhere, offered as suggestions. */
  known?: readonly string[];
  onAdd(label: string): Promise<void>;
  onRemove(label: string): Promise<void>;
  /** Ties the input's suggestions to this editor when several are on one page. */
  id: string;
}

/** A person's tags as removable chips, and a field to add one (Enter adds). */
export function TagEditor({ tags, known = [], onAdd, onRemove, id }: TagEditorProps) {
  const text = useText();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const add = () =>
    run(async () => {
      const label = draft.trim();
      if (!label) return;
      await onAdd(label);
      setDraft('');
    });
  return (
    <div class="tags">
      <ul class="chips" aria-label={text.t('tags.title')}>
        {tags.map((label) => (
          <li key={label} class="chip">
            {label}
            <button type="button" class="icon" aria-label={text.t('tags.remove', label)} onClick={() => void run(() => onRemove(label))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <input
          type="text"
          list={`${id}-known`}
          maxLength={60}
          value={draft}
          aria-label={text.t('tags.add')}
          placeholder={text.t('tags.placeholder')}
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
        <datalist id={`${id}-known`}>
          {known.filter((k) => !tags.includes(k)).map((k) => (
            <option key={k} value={k} />
          ))}
        </datalist>
        <button type="submit">{text.t('tags.addButton')}</button>
      </form>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </div>
  );
}
