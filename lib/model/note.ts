import { z } from '../zod';
import { Timestamp } from './common';
import { PersonRef } from './person';

/** A community manager's free-text note on a person ("sent a gift box in May"). One per person. */
export const NoteText = z.string().max(4000, 'a note has at most 4,000 characters');

export const Note = z.object({
  personRef: PersonRef,
  text: NoteText,
  updatedAt: Timestamp,
});
export type Note = z.infer<typeof Note>;
