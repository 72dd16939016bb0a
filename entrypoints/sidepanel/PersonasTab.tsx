import { useState } from 'preact/hooks';
import { SegmentBadge } from '@/components/Segment';
import { SpendCurve } from '@/components/SpendCurve';
import { TagEditor } from '@/components/TagEditor';
import { useText } from '@/components/text';
import { send } from '@/lib/ext/messaging';
import { readSettings } from '@/lib/ext/settings';
import { composeName, GROUPINGS, PLATFORM_LABEL, traitPhrases, type GroupValue, type Grouping, type NameWords, type OfferKind, type ParameterSource, type Persona, type PersonaEdits, type PersonaRunRecord, type RetentionPlan } from '@/lib/persona';
import type { Topic } from '@/lib/persona/settings';
import { localWords } from '@/lib/ui/persona-words';
import type { MessageKey, Text } from '@/lib/ui/text';
import { useLive } from '@/lib/ui/use-live';
import type { EngagementSegment } from '@/lib/value/types';
import { personaOverview, type PersonaOverview } from '@/lib/views/personas';
import { db, go } from './route';

const GROUPING_LABEL: Record<Grouping, MessageKey> = { segment: 'personas.bySegment', persona: 'personas.byPersona', rfm: 'personas.byRfm' };

/** What a persona is called here: the name a person gave it, else its traits in the interface language. */
interface Naming {
  words: NameWords;
  withPeople: ReadonlySet<string>;
  edits: PersonaEdits;
}
export const nameOf = (p: Persona, n: Naming) => n.edits[p.id]?.name || composeName(p.traits, n.words, n.withPeople);

/** The stored personas and how to name them in the interface language; null while loading. */
export function usePersonas(): (PersonaOverview & { naming: Naming }) | null {
  const text = useText();
  const overview = useLive(() => personaOverview(db), []);
  const topics = useLive(async () => (await readSettings()).personas.topics, []);
  if (!overview.value || !topics.value) return null;
  return { ...overview.value, naming: { words: localWords(text, topics.value), withPeople: peopleTopics(topics.value), edits: overview.value.edits } };
}

/** Personas as cards (size, value, channels, what they say, segments, what to spend), and the value of every group on request. */
export function PersonasTab() {
  const text = useText();
  const { t } = text;
  const o = usePersonas();
  if (!o) return <p class="muted">{t('common.loading')}</p>;
  const { run, naming } = o;
  return (
    <div class="stack">
      <h2>{t('personas.title')}</h2>
      {o.problem && (
        <p class="notice error" role="alert">
          {t('personas.problem', o.problem.message)}
        </p>
      )}
      {!run || run.personas.length === 0 ? (
        <p class="muted">{t('personas.empty')}</p>
      ) : (
        <>
          <p class="muted">
            {text.plural('personas.count', run.personas.length, text.number(run.personas.length))}{' '}
            {t('personas.method', text.number(run.method.silhouette, 2), text.number(run.method.silhouetteSample), text.date(run.asOf))}
          </p>
          <ul class="plain stack" aria-label={t('personas.title')}>
            {run.personas.map((p) => (
              <PersonaCard key={p.id} persona={p} run={run} naming={naming} />
            ))}
          </ul>
          <GroupValues run={run} naming={naming} />
          <Acquisition run={run} />
        </>
      )}
    </div>
  );
}

/** Shares that round to 0% say nothing on a card. */
const shown = <T extends { share: number }>(shares: readonly T[]) => shares.filter((s) => s.share >= 0.005);

function peopleTopics(topics: readonly Topic[]): Set<string> {
  return new Set(topics.filter((topic) => topic.people).map((topic) => topic.id));
}

function PersonaCard({ persona: p, run, naming }: { persona: Persona; run: PersonaRunRecord; naming: Naming }) {
  const text = useText();
  const { t } = text;
  const money = (n: number) => text.money(n, run.currency);
  const name = nameOf(p, naming);
  const tags = naming.edits[p.id]?.tags ?? [];
  const group = run.groups.persona.find((g) => g.group === p.id);
  const save = async (edit: { name?: string; tags?: string[] }) => {
    await send('persona/edit', { persona: p.id, name: edit.name ?? naming.edits[p.id]?.name ?? '', tags: edit.tags ?? tags });
  };
  return (
    <li class="card persona" aria-labelledby={`persona-${p.id}`}>
      <PersonaTitle id={p.id} name={name} edited={!!naming.edits[p.id]?.name} onSave={(value) => save({ name: value })} />
      <p class="muted">{traitPhrases(p.traits, naming.words, naming.withPeople).join(' · ') || naming.words.typical}</p>
      <p class="figures-line">
        <span>{text.plural('personas.customers', p.customers, text.number(p.customers))}</span>
        <span>{text.plural('personas.people', p.people, text.number(p.people))}</span>
      </p>
      <p class="figures-line">
        <span>{t('personas.clvSum', money(p.clv.sum))}</span>
        <span>{t('personas.clvMean', money(p.clv.mean))}</span>
        <span>{t('personas.clvSpread', money(p.clv.p10), money(p.clv.p90))}</span>
      </p>
      {p.channels.length > 0 && (
        <p>
          <strong>{t('personas.channels')}</strong> {p.channels.map((c) => `${PLATFORM_LABEL[c.platform]} ${text.number(c.customers)}`).join(', ')}
        </p>
      )}
      {p.words.length > 0 && (
        <p class="wrap">
          <strong>{t('personas.words')}</strong> {p.words.slice(0, 8).map((w) => w.word).join(', ')}
        </p>
      )}
      {p.ratings.length > 0 && (
        <p>
          <strong>{t('personas.ratings')}</strong> {p.ratings.map((r) => `${PLATFORM_LABEL[r.platform]} ${text.number(r.mean, 1)} (${text.number(r.count)})`).join(', ')}
        </p>
      )}
      {group && shown(group.contains).length > 0 && (
        <p class="row tight">
          <strong>{t('personas.segments')}</strong>
          {shown(group.contains).map((c) => (
            <span key={c.group}>
              <SegmentBadge segment={c.group as EngagementSegment} /> {text.percent(c.share)}
            </span>
          ))}
        </p>
      )}
      {group?.retention && <RetentionAdvice plan={group.retention} currency={run.currency} />}
      {p.offers.length > 0 && (
        <p>
          <strong>{t('personas.offers')}</strong> {p.offers.filter((x) => x.kind !== 'none').map((x) => `${t(offerKey(x.kind))} ${text.number(x.customers)}`).join(', ') || t('personas.noOffers')}
        </p>
      )}
      <TagEditor id={`persona-tags-${p.id}`} tags={tags} onAdd={(label) => save({ tags: [...tags, label] })} onRemove={(label) => save({ tags: tags.filter((x) => x !== label) })} />
      <div class="row">
        <button type="button" onClick={() => go({ tab: 'people', person: null, persona: p.id })}>
          {t('personas.showInPeople')}
        </button>
      </div>
    </li>
  );
}

function PersonaTitle({ id, name, edited, onSave }: { id: string; name: string; edited: boolean; onSave(name: string): Promise<void> }) {
  const { t } = useText();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (draft === null) {
    return (
      <div class="row spread">
        <h3 id={`persona-${id}`} class="name">
          {name} <span class="badge">{id}</span>
        </h3>
        <button type="button" class="link" onClick={() => setDraft(edited ? name : '')}>
          {t('personas.rename')}
        </button>
      </div>
    );
  }
  return (
    <form
      class="row"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        onSave(draft.trim()).then(
          () => setDraft(null),
          (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
        );
      }}
    >
      <input class="grow" type="text" maxLength={80} value={draft} placeholder={name} aria-label={t('personas.nameLabel', id)} onInput={(e) => setDraft(e.currentTarget.value)} />
      <button type="submit" class="primary">
        {t('personas.save')}
      </button>
      <button type="button" onClick={() => setDraft(null)}>
        {t('common.cancel')}
      </button>
      <span class="muted">{t('personas.nameHint')}</span>
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

/** Blattberg & Deighton's answer in words, with the curve and where each parameter came from. */
function RetentionAdvice({ plan, currency }: { plan: RetentionPlan; currency: string }) {
  const text = useText();
  const { t } = text;
  const money = (n: number) => text.money(n, currency);
  // Below a cent a customer the optimum is to stop spending, which reads better said so.
  const best =
    plan.optimum.spend < 0.005
      ? t('personas.spendNone', money(plan.gainPerCustomer))
      : t('personas.spendBest', money(plan.optimum.spend), text.percent(plan.optimum.rate), money(plan.gainPerCustomer));
  return (
    <details class="spend">
      <summary>{best}</summary>
      <div class="stack tight">
        <p>{t('personas.spendNow', money(plan.current.spend), text.percent(plan.current.rate))}</p>
        <SpendCurve curve={plan.curve} current={plan.current} optimum={plan.optimum} currency={currency} label={t('personas.curveLabel', money(plan.optimum.spend), money(plan.optimum.value))} />
        <p class="reason">
          {t('personas.model', text.percent(plan.ceiling), t(sourceKey(plan.ceilingSource)), text.number(plan.k, 3), t(sourceKey(plan.kSource)), text.number(plan.horizonYears, 1))}
        </p>
      </div>
    </details>
  );
}

/** The value of every segment, persona or RFM group, shown when asked for. */
function GroupValues({ run, naming }: { run: PersonaRunRecord; naming: Naming }) {
  const text = useText();
  const { t } = text;
  const [by, setBy] = useState<Grouping>('segment');
  const money = (n: number) => text.money(n, run.currency);
  const personaLabel = (id: string) => {
    const p = run.personas.find((x) => x.id === id);
    return p ? nameOf(p, naming) : id;
  };
  return (
    <details class="group-values">
      <summary>{t('personas.valuesShow')}</summary>
      <div class="stack">
        <label class="field">
          {t('personas.groupBy')}
          <select value={by} onChange={(e) => setBy(e.currentTarget.value as Grouping)}>
            {GROUPINGS.map((g) => (
              <option key={g} value={g}>
                {t(GROUPING_LABEL[g])}
              </option>
            ))}
          </select>
        </label>
        <ul class="plain stack" aria-label={t(GROUPING_LABEL[by])}>
          {run.groups[by].map((g) => (
            <li key={g.group} class="card">
              <h3>{groupLabel(text, g, personaLabel)}</h3>
              <p class="figures-line">
                <span>{text.plural('personas.customers', g.customers, text.number(g.customers))}</span>
                <span>{t('personas.clvSum', money(g.clv.sum))}</span>
                <span>{t('personas.clvMean', money(g.clv.mean))}</span>
                <span>{t('personas.clvSpread', money(g.clv.p10), money(g.clv.p90))}</span>
              </p>
              <p class="figures-line">
                <span>{t('personas.costToServe', money(g.costToServe))}</span>
                <span>{t('personas.influence', text.number(g.influence, 1))}</span>
                <span>{t('personas.engagement', money(g.engagement))}</span>
                <span>{g.atRisk === null ? t('personas.atRiskUnknown') : t('personas.atRisk', text.percent(g.atRisk))}</span>
              </p>
              {shown(g.contains).length > 0 && (
                <p class="wrap">
                  <strong>{t(by === 'persona' ? 'personas.segments' : 'personas.personasIn')}</strong>{' '}
                  {shown(g.contains).map((c) => `${by === 'persona' ? text.t(`segment.${c.group.replaceAll('-', '_')}` as MessageKey) : personaLabel(c.group)} ${text.percent(c.share)}`).join(' · ')}
                </p>
              )}
              {g.retention && <RetentionAdvice plan={g.retention} currency={run.currency} />}
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}

function groupLabel(text: Text, g: GroupValue, personaLabel: (id: string) => string): string {
  if (g.by === 'persona') return personaLabel(g.group);
  return text.t(`${g.by === 'rfm' ? 'rfm' : 'segment'}.${g.group.replaceAll('-', '_')}` as MessageKey);
}

/** What to spend to win a customer, per acquisition channel, when the CRM says where customers came from. */
function Acquisition({ run }: { run: PersonaRunRecord }) {
  const text = useText();
  const { t } = text;
  const money = (n: number) => text.money(n, run.currency);
  if (run.acquisition.length === 0) return <p class="muted">{t('personas.acquisitionNone')}</p>;
  return (
    <section class="stack tight" aria-labelledby="acquisition-title">
      <h2 id="acquisition-title">{t('personas.acquisitionTitle')}</h2>
      {run.acquisition.map((a) => (
        <details key={a.channel} class="spend">
          <summary>{t('personas.acquisitionLine', a.channel, money(a.costPerCustomer), money(a.optimalCostPerCustomer), money(a.valuePerCustomer))}</summary>
          <SpendCurve curve={a.curve} current={a.current} optimum={a.optimum} currency={run.currency} label={t('personas.curveLabel', money(a.optimum.spend), money(a.optimum.value))} />
        </details>
      ))}
    </section>
  );
}

/** "creator-gift" → "CreatorGift": the end of its message key. */
const keyPart = (id: string) => id.replace(/(^|-)(\w)/g, (_, _dash: string, c: string) => c.toUpperCase());
const offerKey = (kind: OfferKind) => `personas.offer${keyPart(kind)}` as MessageKey;
const sourceKey = (source: ParameterSource) => `personas.source${keyPart(source)}` as MessageKey;
