import { AsyncButton } from './AsyncButton';
import { useText } from './text';
import type { ConflictView } from '../lib/views/team';

/**
 * Decisions teammates disagree on, shared through the CRM: who decided what
 * and when, and a choice that settles it for the whole team.
 */
export function TeamConflicts({ conflicts, onChoose }: { conflicts: readonly ConflictView[]; onChoose(profileId: string, kind: 'confirm' | 'reject', customerId: string): Promise<void> }) {
  const { t, plural, dateTime } = useText();
  if (conflicts.length === 0) return null;
  return (
    <section class="card stack team-conflicts" aria-labelledby="team-conflicts-title">
      <h2 id="team-conflicts-title">{plural('team.conflicts', conflicts.length)}</h2>
      <p class="muted">{t('team.conflictsIntro')}</p>
      <ul class="plain stack">
        {conflicts.map((c) => {
          const customers = [...new Map(c.opinions.map((o) => [o.customerId, o.customerName])).entries()];
          return (
            <li key={`${c.kind}:${c.profileId}`} class="stack">
              <strong>{c.profileName}</strong>
              <ul class="plain">
                {c.opinions.map((o, i) => (
                  <li key={i}>
                    {t(o.kind === 'confirm' ? 'team.confirmedBy' : 'team.rejectedBy', o.author ?? t('team.someone'), o.customerName, o.at === null ? t('team.earlier') : dateTime(o.at))}
                  </li>
                ))}
              </ul>
              <div class="row actions">
                {customers.map(([customerId, name]) => (
                  <AsyncButton key={customerId} label={t('team.chooseLink', name)} busyLabel={t('common.saving')} onClick={() => onChoose(c.profileId, 'confirm', customerId)} />
                ))}
                {c.kind === 'confirmed-and-rejected' && customers[0] && (
                  <AsyncButton label={t('team.chooseReject', customers[0][1])} busyLabel={t('common.saving')} onClick={() => onChoose(c.profileId, 'reject', customers[0]![0])} />
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
