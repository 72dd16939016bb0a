/**
 * The people of the generated world, customers and strangers alike, with what
 * they own online: handles on platforms, a website, an employer. The registries
 * keep handles and domains unique, as the real platforms and DNS do.
 */
import { type Platform } from '../../../lib/model/platform';
import { type Rng } from './rng';
import { type Person } from './person';
import { type Company } from './companies';
import { DomainRegistry } from './contact';
import { type HandleBase, type HandleClue, HandleRegistry, type Social } from './handles';
import { type Surname } from './names';

export interface Site {
  domain: string;
  owner: 'personal' | 'family' | 'company';
}

export interface Individual {
  person: Person;
  /** Their own address ('' for none). */
  email: string;
  website?: Site;
  company?: Company;
  /** The surname of a spouse, for the names people take at marriage. */
  partnerSurname?: Surname;
  /** Current accounts on the platforms they are on (made when first needed: most people need none). */
  accounts?: Map<Social, Account>;
  /** The handle idea they reuse from platform to platform. */
  handleBase?: HandleBase;
  interests?: string[];
}

export interface Account {
  handle: string;
  /** What the handle shows of the name. */
  clue: HandleClue;
}

export interface RecordedHandle {
  platform: Platform;
  /** The handle as the platform has it (or had it, when stale). */
  handle: string;
  /** How the CRM wrote it: @anna, https://www.instagram.com/anna/, Anna. */
  text: string;
  /** The customer renamed their account since: this handle is no longer theirs. */
  stale: boolean;
}

export interface World {
  rng: Rng;
  handles: HandleRegistry;
  domains: DomainRegistry;
}

export function newWorld(rng: Rng): World {
  return { rng, handles: new HandleRegistry(), domains: new DomainRegistry() };
}

export function individual(person: Person, email = ''): Individual {
  return { person, email };
}
