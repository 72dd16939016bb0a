import { useState } from 'preact/hooks';

/** A button for an action that takes a while: disabled and relabelled while it runs, its error shown beside it. */
export function AsyncButton(props: { label: string; busyLabel: string; onClick: () => Promise<void>; primary?: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onClick();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span>
      <button type="button" class={props.primary ? 'primary' : undefined} disabled={busy} aria-busy={busy} onClick={() => void run()}>
        {busy ? props.busyLabel : props.label}
      </button>
      {error && (
        <span role="alert" class="error">
          {' '}
          {error}
        </span>
      )}
    </span>
  );
}
