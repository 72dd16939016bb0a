import { describe, expect, it } from 'vitest';
import { teamAuthorField } from '../../../lib/model/team';
import { Settings } from '../../../lib/settings';

describe('the team author typed in the options', () => {
  it('is saved trimmed, so teammates see the name rather than the install id', () => {
    expect(Settings.parse({ teamAuthor: teamAuthorField('  Anna de Vries ') }).teamAuthor).toBe('Anna de Vries');
  });

  it('is no author when the box is left empty, and the settings still save', () => {
    expect(teamAuthorField('   ')).toBeUndefined();
    expect(teamAuthorField(null)).toBeUndefined();
    expect(Settings.safeParse({ teamAuthor: teamAuthorField('') }).success).toBe(true);
  });

  it('is refused with its reason when it holds a control character', () => {
    const parsed = Settings.safeParse({ teamAuthor: teamAuthorField('Anna\u0007') });
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['teamAuthor', 'an author cannot contain control characters']]);
  });
});
