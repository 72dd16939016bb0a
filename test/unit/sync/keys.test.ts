/**
 * The keys of notes and tasks are stored in CRMs (connectors look for them
 * before writing), so they must never change: a different key would make a
 * second note or task beside the one already there.
 */
import { describe, expect, it } from 'vitest';
import { noteKey } from '../../../lib/db/outbox-queue';
import { taskKey } from '../../../lib/crm/task-payload';

describe('the keys a CRM already holds', () => {
  it('stay the same for a note', () => {
    expect(noteKey('customer-7', 'profile-instagram-janneke')).toBe('earshot-note-1rmxbub2hlv1vfykl3mh1y');
  });

  it('stay the same for a task', () => {
    expect(taskKey('action:thank-champion:customer:c1')).toBe('earshot-task-1sbtpo9282925vx0nn6ljw');
  });
});
