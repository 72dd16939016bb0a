import type { Profile } from '../lib/model';
import { useText } from './text';

/** What weight a person's voice carries on their platform: the counts the page showed, and badges. */
export function ProfileCounts({ profile }: { profile: Profile }) {
  const text = useText();
  const { t } = text;
  const parts: string[] = [];
  if (profile.followers !== undefined) parts.push(text.plural('counts.followers', profile.followers, text.compact(profile.followers)));
  if (profile.posts !== undefined) parts.push(text.plural('counts.posts', profile.posts, text.compact(profile.posts)));
  if (profile.reviewCount !== undefined) parts.push(text.plural('counts.reviews', profile.reviewCount, text.compact(profile.reviewCount)));
  if (profile.helpfulVotes !== undefined) parts.push(text.plural('counts.helpful', profile.helpfulVotes, text.compact(profile.helpfulVotes)));
  if (profile.location) parts.push(profile.location);
  return (
    <p class="counts muted">
      {parts.join(' · ')}
      {(profile.badges ?? []).map((b) => (
        <span key={b} class="badge">
          {b}
        </span>
      ))}
      {profile.verified && <span class="badge">{t('counts.verified')}</span>}
    </p>
  );
}
