import { useEffect, useState } from 'preact/hooks';
import { AsyncButton } from '@/components/AsyncButton';
import { ComparisonTable, EvidenceList } from '@/components/Evidence';
import { ProfileCounts } from '@/components/ProfileCounts';
import { TeamConflicts } from '@/components/TeamConflicts';
import { teamConflictViews } from '@/lib/views/team';
import { useText } from '@/components/text';
import { send } from '@/lib/ext/messaging';
import { useLive } from '@/lib/ui/use-live';
import { peopleRows, selectPeople } from '@/lib/views/people';
import { describeWithoutWeight } from '@/lib/ui/evidence';
import { comparisonRows, decisionReason, reviewQueue, rightInHundred, type ReviewGroup, type ReviewItem } from '@/lib/views/review';
import { customerIdOf } from '@/lib/model';
import { db, go } from './route';

/** Groups shown before "more": the largest, where one action saves most. */
const FIRST_GROUPS = 3;

/**
 * The review queue: alike suggestions to decide together, then one at a time (the most worth deciding
 * first) with the evidence side by side and why it was asked, then a few automatic links to check.
 * j/k move, y confirms, n rejects.
 */
export function ReviewTab() {
  const text = useText();
  const { t } = text;
  const queue = useLive(() => reviewQueue(db), []);
  const conflicts = useLive(() => teamConflictViews(db), []);
  const [index, setIndex] = useState(0);
  const [note, setNote] = useState<string | null>(null);
  const [allGroups, setAllGroups] = useState(false);
  const items = queue.value ? [...queue.value.suggestions, ...queue.value.checks] : [];
  const at = Math.min(index, Math.max(0, items.length - 1));
  const item = items[at];

  const decide = async (kind: 'confirm' | 'reject', it: ReviewItem, customerId = it.customer.id) => {
    if (kind === 'confirm') await send('match/confirm', { profileId: it.profile.id, customerId });
    else await send('match/reject', { profileId: it.profile.id, customerId: it.customer.id });
    setNote(t(kind === 'confirm' ? 'review.confirmedNote' : 'review.rejectedNote', it.profile.displayName ?? it.profile.handle ?? it.profile.key));
  };
  const decideGroup = async (kind: 'confirm' | 'reject', group: ReviewGroup) => {
    for (const it of group.items) {
      if (kind === 'confirm') await send('match/confirm', { profileId: it.profile.id, customerId: it.customer.id });
      else await send('match/reject', { profileId: it.profile.id, customerId: it.customer.id });
    }
    setNote(t(kind === 'confirm' ? 'review.groupConfirmed' : 'review.groupRejected', String(group.items.length)));
  };

  // A choice from a listed conflict settles it: it outranks every earlier decision on the pair.
  const settle = async (profileId: string, kind: 'confirm' | 'reject', customerId: string) => {
    if (kind === 'confirm') await send('match/confirm', { profileId, customerId, settles: true });
    else await send('match/reject', { profileId, customerId, settles: true });
  };
  const teamList = <TeamConflicts conflicts={conflicts.value ?? []} onChoose={settle} />;

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
        {teamList}
        {note && <p role="status">{note}</p>}
        <p class="muted">{t('review.empty')}</p>
      </div>
    );
  }
  const reason = decisionReason(item.match.evidence);
  return (
    <div class="review">
      {teamList}
      {queue.value.groups.length > 0 && (
        <details class="stack review-groups" open={queue.value.groups.length <= FIRST_GROUPS}>
          <summary>
            <strong>{t('review.groups', String(queue.value.groups.length))}</strong>
          </summary>
          <p class="muted">{t('review.groupsIntro')}</p>
          {queue.value.groups.slice(0, allGroups ? undefined : FIRST_GROUPS).map((group) => (
            <ReviewGroupCard key={group.pattern} group={group} onDecide={decideGroup} />
          ))}
          {!allGroups && queue.value.groups.length > FIRST_GROUPS && (
            <button type="button" onClick={() => setAllGroups(true)}>
              {t('review.moreGroups', String(queue.value.groups.length - FIRST_GROUPS))}
            </button>
          )}
        </details>
      )}
      <nav aria-label={t('review.queue')} class="queue">
        <ol>
          {items.map((it, i) => (
            <li key={`${it.kind}:${it.match.profileId}`}>
              <button type="button" aria-current={i === at ? 'true' : undefined} onClick={() => setIndex(i)}>
                <span class="name">{it.profile.displayName ?? it.profile.handle ?? it.profile.key}</span>{' '}
                <span class="muted">{it.kind === 'check' ? t('review.checkShort') : t('review.inHundredShort', String(rightInHundred(it.match.score)))}</span>
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <article class="stack" aria-labelledby="review-title">
        <p class="muted" role="status">
          {note ??
            (item.kind === 'suggestion'
              ? t('review.position', String(at + 1), String(queue.value.suggestions.length))
              : t('review.checkPosition', String(at + 1 - queue.value.suggestions.length), String(queue.value.checks.length)))}
        </p>
        {item.kind === 'check' && <p class="notice">{t('review.checkWhy')}</p>}
        <h2 id="review-title">{t('review.question', item.profile.displayName ?? item.profile.handle ?? item.profile.key, [item.customer.firstName, item.customer.lastName].filter(Boolean).join(' ') || item.customer.id)}</h2>
        <ProfileCounts profile={item.profile} />
        <p>
          <strong>{t('review.inHundred', String(rightInHundred(item.match.score)))}</strong>{' '}
          {item.profile.profileUrl && /^https?:/.test(item.profile.profileUrl) && (
            <a href={item.profile.profileUrl} target="_blank" rel="noopener noreferrer">
              {t('review.openProfile')}
            </a>
          )}
        </p>
        {item.kind === 'suggestion' && reason && <p>{t('review.whyAsked', describeWithoutWeight(text, reason))}</p>}
        <ComparisonTable rows={comparisonRows(item.profile, item.customer, item.match.evidence)} caption={t('review.sideBySide')} />
        <h3>{t('review.evidence')}</h3>
        <EvidenceList evidence={item.match.evidence.filter((e) => e.field !== 'decision')} />
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

/** Suggestions with one evidence pattern: what they share, who they are, and one action for all. */
function ReviewGroupCard({ group, onDecide }: { group: ReviewGroup; onDecide(kind: 'confirm' | 'reject', group: ReviewGroup): Promise<void> }) {
  const text = useText();
  const { t } = text;
  const count = String(group.items.length);
  const low = Math.min(...group.items.map((i) => rightInHundred(i.match.score)));
  const high = Math.max(...group.items.map((i) => rightInHundred(i.match.score)));
  return (
    <div class="card stack">
      <p>
        <strong>{t('review.groupTitle', count)}</strong> {group.reason ? describeWithoutWeight(text, group.reason) : ''}
      </p>
      <ul class="plain pattern">
        {group.evidence.map((e) => (
          <li key={`${e.field}.${e.comparison}`} class={e.weight >= 0 ? 'for' : 'against'}>
            {describeWithoutWeight(text, { field: e.field, comparison: e.comparison, weight: e.weight })}
          </li>
        ))}
      </ul>
      <p class="muted">{low === high ? t('review.inHundred', String(low)) : t('review.inHundredRange', String(low), String(high))}</p>
      <details>
        <summary>{t('review.groupWho', count)}</summary>
        <ul class="plain">
          {group.items.map((it) => (
            <li key={it.match.profileId}>
              {t('review.pair', it.profile.displayName ?? it.profile.handle ?? it.profile.key, [it.customer.firstName, it.customer.lastName].filter(Boolean).join(' ') || it.customer.id)}
            </li>
          ))}
        </ul>
      </details>
      <div class="row actions">
        <AsyncButton label={t('review.confirmAll', count)} busyLabel={t('common.saving')} onClick={() => onDecide('confirm', group)} />
        <AsyncButton label={t('review.rejectAll', count)} busyLabel={t('common.saving')} onClick={() => onDecide('reject', group)} />
      </div>
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
    const refs = (await selectPeople(db, { search, sort: 'name' })).filter((r) => customerIdOf(r) !== null).slice(0, 8);
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
          .filter((r) => customerIdOf(r.ref) !== item.customer.id)
          .map((r) => (
            <li key={r.ref} class="row spread">
              <span>{r.name}</span>
              <AsyncButton label={t('review.linkTo')} busyLabel={t('common.saving')} onClick={() => onPick(customerIdOf(r.ref)!)} />
            </li>
          ))}
      </ul>
    </details>
  );
}
