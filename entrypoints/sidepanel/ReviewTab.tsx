import { useEffect, useState } from 'preact/hooks';
import { AsyncButton } from '@/components/AsyncButton';
import { ComparisonTable, EvidenceList } from '@/components/Evidence';
import { ProfileCounts } from '@/components/ProfileCounts';
import { useText } from '@/components/text';
import { send } from '@/lib/ext/messaging';
import { useLive } from '@/lib/ui/live';
import { peopleRows, selectPeople } from '@/lib/views/people';
import { comparisonRows, reviewQueue, type ReviewItem } from '@/lib/views/review';
import { db, go } from './route';

/** Suggested matches, one at a time with the evidence side by side; j/k move, y confirms, n rejects. */
export function ReviewTab() {
  const text = useText();
  const { t } = text;
  const queue = useLive(() => reviewQueue(db), []);
  const [index, setIndex] = useState(0);
  const [note, setNote] = useState<string | null>(null);
  const items = queue.value ?? [];
  const at = Math.min(index, Math.max(0, items.length - 1));
  const item = items[at];

  const decide = async (kind: 'confirm' | 'reject', it: ReviewItem, customerId = it.customer.id) => {
    if (kind === 'confirm') await send('match/confirm', { profileId: it.profile.id, customerId });
    else await send('match/reject', { profileId: it.profile.id, customerId: it.customer.id });
    setNote(t(kind === 'confirm' ? 'review.confirmedNote' : 'review.rejectedNote', it.profile.displayName));
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (!item || e.ctrlKey || e.metaKey || e.altKey || (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      if (e.key === 'j') setIndex(Math.min(items.length - 1, at + 1));
      else if (e.key === 'k') setIndex(Math.max(0, at - 1));
      else if (e.key === 'y') void decide('confirm', item);
      else if (e.key === 'n') void decide('reject', item);
      else return;
      e.preventDefault();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  });

  if (!queue.value) return <p class="muted">{t('common.loading')}</p>;
  if (!item) {
    return (
      <div class="stack">
        {note && <p role="status">{note}</p>}
        <p class="muted">{t('review.empty')}</p>
      </div>
    );
  }
  return (
    <div class="review">
      <nav aria-label={t('review.queue')} class="queue">
        <ol>
          {items.map((it, i) => (
            <li key={it.match.profileId}>
              <button type="button" aria-current={i === at ? 'true' : undefined} onClick={() => setIndex(i)}>
                {it.profile.displayName} <span class="muted">{text.percent(it.match.score)}</span>
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <article class="stack" aria-labelledby="review-title">
        <p class="muted" role="status">
          {note ?? t('review.position', String(at + 1), String(items.length))}
        </p>
        <h2 id="review-title">{t('review.question', item.profile.displayName, [item.customer.firstName, item.customer.lastName].filter(Boolean).join(' ') || item.customer.id)}</h2>
        <ProfileCounts profile={item.profile} />
        <p>
          {t('review.score', text.percent(item.match.score))}{' '}
          {item.profile.profileUrl && /^https?:/.test(item.profile.profileUrl) && (
            <a href={item.profile.profileUrl} target="_blank" rel="noopener noreferrer">
              {t('review.openProfile')}
            </a>
          )}
        </p>
        <ComparisonTable rows={comparisonRows(item.profile, item.customer, item.match.evidence)} caption={t('review.sideBySide')} />
        <h3>{t('review.evidence')}</h3>
        <EvidenceList evidence={item.match.evidence} />
        <div class="row actions">
          <AsyncButton primary label={t('review.confirmKey')} busyLabel={t('common.saving')} onClick={() => decide('confirm', item)} />
          <AsyncButton label={t('review.rejectKey')} busyLabel={t('common.saving')} onClick={() => decide('reject', item)} />
          <button type="button" onClick={() => go({ person: `customer:${item.customer.id}` })}>
            {t('review.openCustomer')}
          </button>
        </div>
        <p class="muted">{t('review.keys')}</p>
        <PickAnother item={item} onPick={(customerId) => decide('confirm', item, customerId)} />
      </article>
    </div>
  );
}

/** When the suggestion is the wrong customer but the right one is in the CRM: find them and link. */
function PickAnother({ item, onPick }: { item: ReviewItem; onPick(customerId: string): Promise<void> }) {
  const text = useText();
  const { t } = text;
  const [search, setSearch] = useState('');
  const found = useLive(async () => {
    if (search.trim().length < 2) return [];
    const refs = (await selectPeople(db, { search, sort: 'name' })).filter((r) => r.startsWith('customer:')).slice(0, 8);
    return peopleRows(db, refs);
  }, [search]);
  return (
    <details>
      <summary>{t('review.pickAnother')}</summary>
      <label class="field">
        {t('review.findCustomer')}
        <input type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
      </label>
      <ul class="plain">
        {(found.value ?? [])
          .filter((r) => r.ref !== `customer:${item.customer.id}`)
          .map((r) => (
            <li key={r.ref} class="row spread">
              <span>{r.name}</span>
              <AsyncButton label={t('review.linkTo')} busyLabel={t('common.saving')} onClick={() => onPick(r.ref.slice('customer:'.length))} />
            </li>
          ))}
      </ul>
    </details>
  );
}
