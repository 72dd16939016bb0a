import { useEffect, useState } from 'preact/hooks';
import { AsyncButton } from '@/components/AsyncButton';
import { EvidenceList } from '@/components/Evidence';
import { SegmentBadge } from '@/components/Segment';
import { TagEditor } from '@/components/TagEditor';
import { useText } from '@/components/text';
import { openDatabase } from '@/lib/db/database';
import { send } from '@/lib/ext/messaging';
import { activeTab, openWorkspace, type ActiveTab } from '@/lib/ext/tabs';
import { isLinked } from '@/lib/model';
import { describeWithoutWeight } from '@/lib/ui/evidence';
import { useLive } from '@/lib/ui/use-live';
import { pageView, type PagePerson } from '@/lib/views/page';
import { rightInHundred } from '@/lib/views/review';
import { ProfileCounts } from '@/components/ProfileCounts';
import { tagLabels } from '@/lib/views/tags';

const db = openDatabase();

/** The current tab: who is on this page, whether they are customers, what they are worth; act in a click. */
export function App() {
  const text = useText();
  const { t } = text;
  const [tab, setTab] = useState<ActiveTab | null | undefined>(undefined);
  const [captureNote, setCaptureNote] = useState<string | null>(null);
  useEffect(() => {
    // Opened as a page (tests, keyboard users), ?url=...&tab=<id> name the tab it stands for.
    const params = new URLSearchParams(location.search);
    const forced = params.get('url');
    if (forced) setTab({ id: Number(params.get('tab') ?? -1), windowId: -1, url: forced });
    else void activeTab().then(setTab);
  }, []);
  const view = useLive(() => pageView(db, tab?.url), [tab?.url]);
  const knownTags = useLive(() => tagLabels(db), []);

  const people = view.value?.people ?? [];
  const open = (hash: string) => void openWorkspace(tab?.windowId ?? -1, hash);
  return (
    <main class="popup" aria-labelledby="popup-title">
      <header class="bar">
        <h1 id="popup-title">{t('popup.title')}</h1>
        <button type="button" onClick={() => open('')}>
          {t('common.openWorkspace')}
        </button>
      </header>
      <div class="popup-body content stack">
        {view.error && <p class="error">{view.error.message}</p>}
        {view.value && !view.value.hasCustomers && (
          <section class="stack notice">
            <p>{t('popup.emptyDb')}</p>
            <AsyncButton
              primary
              label={t('common.loadSample')}
              busyLabel={t('common.loadingSample')}
              onClick={async () => {
                await send('sample/load', {});
              }}
            />
          </section>
        )}
        {tab === null && <p class="muted">{t('popup.noPage')}</p>}
        {view.value?.visit?.status === 'broken' && (
          <p class="error" role="alert">
            {t('popup.broken', view.value.visit.problem ?? '')}
          </p>
        )}
        {view.value?.visit?.status === 'empty' && <p class="muted">{t('popup.emptyPage')}</p>}
        {tab && view.value && !view.value.visit && (
          <section class="stack">
            <p class="muted">{t('popup.nobody')}</p>
            <AsyncButton
              label={t('popup.captureThis')}
              busyLabel={t('popup.capturing')}
              onClick={async () => {
                const result = await send('capture/request', { tabId: tab.id });
                setCaptureNote(result.site === 'none' ? t('popup.nothingFound') : t('popup.captured', String(result.profiles)));
              }}
            />
          </section>
        )}
        {captureNote && <p role="status">{captureNote}</p>}
        {people.length > 0 && <PeopleOnPage people={people} currency={view.value!.currency} knownTags={knownTags.value ?? []} onOpen={(p) => open(`#person=${encodeURIComponent(p.personRef)}`)} />}
      </div>
    </main>
  );
}

interface PeopleProps {
  people: readonly PagePerson[];
  currency: string;
  knownTags: readonly string[];
  onOpen(person: PagePerson): void;
}

/**
 * Customers and the people who need a decision first, one compact row each; the others folded
 * under one line, so a busy page still fits Chrome's 600 px popup.
 */
function PeopleOnPage({ people, currency, knownTags, onOpen }: PeopleProps) {
  const text = useText();
  const { t } = text;
  const first = people.filter((p) => p.standing !== 'stranger');
  const others = people.filter((p) => p.standing === 'stranger');
  const list = (shown: readonly PagePerson[], label: string) => (
    <ul class="people compact" aria-label={label}>
      {shown.map((p) => (
        <PersonCard key={p.profile.id} person={p} currency={currency} knownTags={knownTags} onOpen={() => onOpen(p)} />
      ))}
    </ul>
  );
  return (
    <>
      <p class="muted">{t('popup.summary', String(people.length), String(people.filter((p) => p.match && isLinked(p.match)).length))}</p>
      {first.length > 0 && list(first, t('popup.people'))}
      {others.length > 0 &&
        (first.length === 0 ? (
          list(others, t('popup.people'))
        ) : (
          <details class="others">
            <summary>{text.plural('popup.others', others.length, text.number(others.length))}</summary>
            {list(others, text.plural('popup.others', others.length, text.number(others.length)))}
          </details>
        ))}
    </>
  );
}

/** One person in a few short lines: who, where they speak, whether they are a customer, what they are worth; act in a click. */
function PersonCard({ person, currency, knownTags, onOpen }: { person: PagePerson; currency: string; knownTags: readonly string[]; onOpen(): void }) {
  const text = useText();
  const { t } = text;
  const { profile, match } = person;
  const linked = match !== undefined && isLinked(match);
  const suggested = match?.status === 'review' && match.customerId !== null;
  const status = linked
    ? t(match.status === 'confirmed' ? 'popup.confirmedCustomer' : 'popup.linkedCustomer', person.customerName ?? '')
    : suggested
      ? t('popup.suggested', person.customerName ?? '', String(rightInHundred(match.score)))
      : t('popup.notCustomer');
  const headingId = `person-${profile.id.replace(/[^a-z0-9]/gi, '-')}`;
  return (
    <li class={`card ${linked ? 'customer' : suggested ? 'suggested' : ''}`} aria-labelledby={headingId}>
      <div class="card-head">
        <h2 id={headingId} class="name" title={profile.displayName}>
          {profile.displayName}
        </h2>
        <span class="platform">{profile.platform}</span>
      </div>
      <ProfileCounts profile={profile} />
      <p class="figures-line">
        <span class={`status ${linked ? 'good' : suggested ? 'warn' : 'muted'}`}>{status}</span>
        {person.netValue !== undefined && (
          <span class={person.netValue < 0 ? 'bad' : undefined}>
            {t('common.netValue')} {text.money(person.netValue, currency)}
          </span>
        )}
        {person.influence !== undefined && (
          <span>
            {t('common.influence')} {text.number(person.influence)}
          </span>
        )}
        {person.segment && <SegmentBadge segment={person.segment} />}
      </p>
      <div class="row actions">
        {suggested && (
          <>
            <AsyncButton
              primary
              label={t('review.confirm')}
              busyLabel={t('common.saving')}
              onClick={async () => {
                await send('match/confirm', { profileId: profile.id, customerId: match.customerId! });
              }}
            />
            <AsyncButton
              label={t('review.reject')}
              busyLabel={t('common.saving')}
              onClick={async () => {
                await send('match/reject', { profileId: profile.id, customerId: match.customerId });
              }}
            />
          </>
        )}
        <button type="button" onClick={onOpen}>
          {t('popup.open')}
        </button>
        {person.reason && (linked || suggested) && (
          <details>
            <summary>{t('popup.evidence')}</summary>
            <p class="reason">
              {t('popup.why')} {describeWithoutWeight(text, person.reason)}
            </p>
            {suggested && <EvidenceList evidence={match.evidence} />}
          </details>
        )}
        <details>
          <summary>{t('popup.tags', String(person.tags.length))}</summary>
          <TagEditor
            id={`tags-${headingId}`}
            tags={person.tags}
            known={knownTags}
            onAdd={async (label) => {
              await send('tag/add', { personRef: person.personRef, label });
            }}
            onRemove={async (label) => {
              await send('tag/remove', { personRef: person.personRef, label });
            }}
          />
        </details>
      </div>
    </li>
  );
}
