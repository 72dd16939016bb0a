import { useEffect, useState } from 'preact/hooks';
import { AsyncButton } from '@/components/AsyncButton';
import { EvidenceList } from '@/components/Evidence';
import { ProfileCounts } from '@/components/ProfileCounts';
import { SegmentBadge } from '@/components/Segment';
import { TagEditor } from '@/components/TagEditor';
import { ValueBreakdown } from '@/components/ValueBreakdown';
import { ChannelTimeline } from '@/components/ChannelTimeline';
import { useText } from '@/components/text';
import { exportPerson } from '@/lib/db/person-records';
import { send } from '@/lib/ext/messaging';
import { displayName, isLinked, ratingOutOfFive, type Contribution } from '@/lib/model';
import { download } from '@/lib/ext/download';
import { useLive } from '@/lib/ui/use-live';
import type { MessageKey } from '@/lib/ui/text';
import { personDetail } from '@/lib/views/person-detail';
import { rightInHundred } from '@/lib/views/review';
import { db } from './route';
import { tagLabels } from '@/lib/views/tags';

const MATCH_STATUS: Record<string, MessageKey> = {
  auto: 'person.linkedAuto',
  confirmed: 'person.linkedConfirmed',
  review: 'person.suggested',
  none: 'person.noMatch',
  rejected: 'person.rejected',
};

/** One person: platforms and contributions, value with its formulas, tags and note, CRM sync, privacy. */
export function PersonView({ personRef, onBack }: { personRef: string; onBack(): void }) {
  const text = useText();
  const { t } = text;
  const detail = useLive(() => personDetail(db, personRef), [personRef]);
  const knownTags = useLive(() => tagLabels(db), []);
  const d = detail.value;
  // What an erasure removed: said on the page the person leaves behind.
  const [erased, setErased] = useState<string | null>(null);
  const heading = d ? (d.customer ? displayName(d.customer) : (d.profiles[0]?.profile.displayName ?? personRef)) : '';
  useEffect(() => {
    document.getElementById('person-title')?.focus();
  }, [personRef, !!d]);

  if (detail.value === null) {
    return (
      <div class="stack">
        <button type="button" onClick={onBack}>
          ← {t('person.back')}
        </button>
        {erased ? <p role="status">{erased}</p> : <p class="muted">{t('person.gone')}</p>}
      </div>
    );
  }
  if (!d) return <p class="muted">{t('common.loading')}</p>;
  const currency = d.run?.settings.currency ?? 'EUR';
  const ref = d.ref;
  return (
    <article class="stack person" aria-labelledby="person-title">
      <div class="row">
        <button type="button" onClick={onBack}>
          ← {t('person.back')}
        </button>
      </div>
      {erased && <p role="status">{erased}</p>}
      <header class="stack tight">
        <h2 id="person-title" tabIndex={-1}>
          {heading}
        </h2>
        <p class="row">
          <SegmentBadge segment={d.value?.value.engagement.segment} />
          {d.value?.kind === 'customer' && (
            <span class={d.value.value.engagement.financial < 0 ? 'bad' : undefined}>
              {t('common.netValue')} {text.money(d.value.value.engagement.financial, currency)}
            </span>
          )}
          {d.value && (
            <span>
              {t('common.influence')} {text.number(d.value.value.influence.score.value)}
            </span>
          )}
        </p>
      </header>

      {d.customer && (
        <section class="stack tight">
          <h3>{t('person.crmRecord')}</h3>
          <dl class="facts">
            {d.customer.email && <Fact label={t('person.email')} value={d.customer.email} />}
            {(d.customer.city || d.customer.country) && <Fact label={t('person.place')} value={[d.customer.city, d.customer.country].filter(Boolean).join(', ')} />}
            {d.customer.company && <Fact label={t('person.company')} value={d.customer.company} />}
            {d.customer.handles.length > 0 && <Fact label={t('person.knownHandles')} value={d.customer.handles.map((h) => `${h.platform}:${h.handle}`).join(', ')} />}
            <Fact label={t('person.crmId')} value={d.customer.id} />
            {d.orders && (
              <Fact
                label={t('common.orders')}
                value={`${text.number(d.orders.count)} · ${Object.entries(d.orders.revenue)
                  .map(([cur, sum]) => text.money(sum, cur))
                  .join(' + ')}${d.orders.first ? ` · ${text.date(d.orders.first)} – ${text.date(d.orders.last!)}` : ''}`}
              />
            )}
          </dl>
        </section>
      )}

      <section class="stack tight">
        <h3>{t('person.profiles', String(d.profiles.length))}</h3>
        {d.profiles.length === 0 && <p class="muted">{t('person.noProfiles')}</p>}
        <ul class="plain stack">
          {d.profiles.map(({ profile, match, decidedBy }) => (
            <li key={profile.id} class="card">
              <div class="row spread">
                <strong>{profile.displayName}</strong>
                <span class="platform">{profile.platform}</span>
              </div>
              <p class="muted">
                {profile.handle ? `@${profile.handle.replace(/^@/, '')} · ` : ''}
                {profile.profileUrl && /^https?:/.test(profile.profileUrl) && (
                  <a href={profile.profileUrl} target="_blank" rel="noopener noreferrer">
                    {t('review.openProfile')}
                  </a>
                )}
              </p>
              <ProfileCounts profile={profile} />
              {profile.bio && <p class="bio">{profile.bio}</p>}
              {match && (
                <details>
                  <summary>
                    {t(MATCH_STATUS[match.status] ?? 'person.noMatch', String(rightInHundred(match.score)))} · {t('person.seen', text.date(profile.lastSeenAt))}
                  </summary>
                  <EvidenceList evidence={match.evidence} />
                </details>
              )}
              {decidedBy && <p class="muted">{t('person.decidedBy', decidedBy.author, text.dateTime(decidedBy.at))}</p>}
              {match && isLinked(match) && (
                <AsyncButton
                  label={t('person.unlink')}
                  busyLabel={t('common.saving')}
                  onClick={async () => {
                    await send('match/reject', { profileId: profile.id, customerId: match.customerId });
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      </section>

      <section class="stack tight">
        <h3>{t('person.contributions', String(d.contributionCount))}</h3>
        {d.contributions.length === 0 ? (
          <p class="muted">{t('person.noContributions')}</p>
        ) : (
          <ul class="plain stack contributions">
            {d.contributions.map((c) => (
              <ContributionItem key={c.id} contribution={c} />
            ))}
          </ul>
        )}
      </section>

      <section class="stack tight">
        <h3>{t('omni.timelineTitle')}</h3>
        <ChannelTimeline db={db} personRef={ref} />
      </section>

      {d.value ? (
        <section class="stack tight">
          <h3>{t('person.value')}</h3>
          <ValueBreakdown value={d.value} run={d.run} />
        </section>
      ) : (
        <p class="muted">{t('person.noValue')}</p>
      )}

      <section class="stack tight">
        <h3>{t('tags.title')}</h3>
        <TagEditor
          id="person-tags"
          tags={d.tags.map((tag) => tag.label)}
          known={knownTags.value ?? []}
          onAdd={async (label) => {
            await send('tag/add', { personRef: ref, label });
          }}
          onRemove={async (label) => {
            await send('tag/remove', { personRef: ref, label });
          }}
        />
      </section>

      <NoteEditor personRef={ref} saved={d.note?.text ?? ''} />

      <section class="stack tight">
        <h3>{t('person.sync')}</h3>
        {d.sync.length === 0 ? (
          <p class="muted">{t('person.notSynced')}</p>
        ) : (
          <ul class="plain">
            {d.sync.map((job) => (
              <li key={job.id}>
                {job.connector} · {job.kind} · <span class={job.status === 'parked' ? 'bad' : job.status === 'done' ? 'good' : undefined}>{t(`person.sync_${job.status}` as MessageKey)}</span> · {text.dateTime(job.updatedAt)}
                {job.lastError && <span class="muted"> · {job.lastError}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="stack tight privacy">
        <h3>{t('person.privacy')}</h3>
        <p class="muted">{t('person.privacyHelp')}</p>
        <div class="row">
          <AsyncButton
            label={t('person.export')}
            busyLabel={t('common.saving')}
            onClick={async () => {
              const data = await exportPerson(db, ref, Date.now());
              download(`earshot-person-${ref.replace(/[^a-z0-9]+/gi, '-')}.json`, JSON.stringify(data, null, 2), 'application/json');
            }}
          />
          <EraseButton personRef={ref} name={heading} isCustomer={!!d.customer} onErased={setErased} />
        </div>
      </section>
    </article>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function ContributionItem({ contribution: c }: { contribution: Contribution }) {
  const text = useText();
  const { t } = text;
  // Stars out of 5 whatever the page's scale; the words keep the page's own (8 out of 10).
  const stars = Math.round(ratingOutOfFive(c) ?? 0);
  return (
    <li class="contribution">
      <p class="row">
        <span class="platform">{t(`person.type_${c.type}` as MessageKey)}</span>
        {c.rating !== undefined && (
          <span role="img" aria-label={c.ratingScale && c.ratingScale !== 5 ? t('person.ratingOf', String(c.rating), String(c.ratingScale)) : t('person.rating', String(c.rating))}>
            {'★'.repeat(stars) + '☆'.repeat(5 - stars)}
          </span>
        )}
        {c.date && <span class="muted">{text.date(c.date)}</span>}
        {c.aboutOwnBrand && <span class="badge">{t('person.ownBrand')}</span>}
        {c.verifiedPurchase && <span class="badge">{t('person.verifiedPurchase')}</span>}
        {c.helpfulVotes !== undefined && c.helpfulVotes > 0 && <span class="muted">{text.plural('counts.helpful', c.helpfulVotes, text.compact(c.helpfulVotes))}</span>}
      </p>
      {c.subject && <p class="muted">{c.subject}</p>}
      {c.text && <p class="snippet">{c.text}</p>}
    </li>
  );
}

function NoteEditor({ personRef, saved }: { personRef: string; saved: string }) {
  const { t } = useText();
  const [draft, setDraft] = useState(saved);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => setDraft(saved), [saved, personRef]);
  return (
    <section class="stack tight">
      <h3>
        <label for="person-note">{t('person.note')}</label>
      </h3>
      <textarea id="person-note" rows={3} maxLength={4000} value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
      <div class="row">
        <AsyncButton
          label={t('person.saveNote')}
          busyLabel={t('common.saving')}
          onClick={async () => {
            await send('note/set', { personRef, text: draft });
            setStatus(t('options.saved'));
          }}
        />
        {status && <span role="status">{status}</span>}
      </div>
    </section>
  );
}

/** Erasure is final: a second, explicit step says what goes and asks again. */
function EraseButton({ personRef, name, isCustomer, onErased }: { personRef: string; name: string; isCustomer: boolean; onErased(summary: string): void }) {
  const text = useText();
  const { t } = text;
  const [asking, setAsking] = useState(false);
  const [includeCustomer, setIncludeCustomer] = useState(false);
  if (!asking) {
    return (
      <button type="button" class="danger" onClick={() => setAsking(true)}>
        {t('person.erase')}
      </button>
    );
  }
  return (
    <div role="alertdialog" aria-labelledby="erase-title" class="card stack tight">
      <p id="erase-title">{t('person.eraseConfirm', name)}</p>
      {isCustomer && (
        <label>
          <input type="checkbox" checked={includeCustomer} onChange={(e) => setIncludeCustomer(e.currentTarget.checked)} /> {t('person.eraseCustomerToo')}
        </label>
      )}
      <div class="row">
        <AsyncButton
          label={t('person.eraseYes')}
          busyLabel={t('common.saving')}
          onClick={async () => {
            const r = await send('person/erase', { personRef, includeCustomerRecord: includeCustomer });
            const removed = r.profiles + r.contributions + r.matches + r.tags + r.customer;
            onErased(
              removed === 0
                ? t('person.nothingErased', name)
                : t('person.erased', name, ...[r.profiles, r.contributions, r.matches, r.tags, r.customer, r.syncJobs].map((n) => text.number(n))),
            );
            setAsking(false);
          }}
        />
        <button type="button" onClick={() => setAsking(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
