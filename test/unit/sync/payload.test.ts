import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';
import { CsvParser } from '../../../lib/crm/csv';
import { exportCsv, exportHeader } from '../../../lib/crm/export';
import { buildPersonPayload, evidenceInWords, isEarshotNote, noteLines, type PersonPayload } from '../../../lib/crm/sync-payload';
import { loadPersonPayload, peopleToExport } from '../../../lib/db/crm-payloads';
import {
  T0,
  anna,
  annaLink,
  annaMatch,
  annaYoutube,
  janneke,
  jannekeInstagram,
  jannekeLink,
  jannekeMatch,
  personOf,
  pieter,
  pieterLink,
  pieterMatch,
} from './fixtures';

describe('what is sent for a person', () => {
  it('says the evidence in words', () => {
    expect(evidenceInWords(jannekeMatch.evidence)).toBe(jannekeLink.evidence);
    expect(evidenceInWords(annaMatch.evidence)).toBe(annaLink.evidence);
    expect(evidenceInWords(pieterMatch.evidence)).toBe(pieterLink.evidence);
    expect(evidenceInWords([])).toBe('linked by a person without automatic evidence');
  });

  it('sends linked profiles only (auto and confirmed), strongest first, tags once each, values as scalars', () => {
    const suggestion = { ...annaMatch, profileId: 'x:suggested', customerId: janneke.id, status: 'review' as const, score: 0.99 };
    const rejected = { ...annaMatch, profileId: 'x:rejected', customerId: janneke.id, status: 'rejected' as const, score: 0.99 };
    const second = { ...annaMatch, profileId: annaYoutube.id, customerId: janneke.id, status: 'auto' as const, score: 0.91 };
    const payload = buildPersonPayload({
      customer: janneke,
      matches: [second, jannekeMatch, suggestion, rejected],
      profiles: new Map([
        [jannekeInstagram.id, jannekeInstagram],
        [annaYoutube.id, annaYoutube],
        ['x:suggested', { ...annaYoutube, id: 'x:suggested' }],
        ['x:rejected', { ...annaYoutube, id: 'x:rejected' }],
      ]),
      tags: ['Ambassador', 'ambassador ', 'gift box 2025'],
      values: { clv: 412.5, segment: 'Champions', history: [1, 2], nothing: undefined },
      changedAt: T0,
    });
    expect(payload.links.map((l) => [l.profileId, l.status, l.score])).toEqual([
      [jannekeInstagram.id, 'confirmed', 0.97],
      [annaYoutube.id, 'auto', 0.91],
    ]);
    expect(payload.links[0]).toEqual(jannekeLink);
    expect(payload.tags).toEqual(['ambassador', 'gift box 2025']);
    expect(payload.values).toEqual({ clv: 412.5, segment: 'Champions' });
    expect(payload).toMatchObject({ customerId: 'C-1001', email: 'janneke.vdberg@ziggo.nl', firstName: 'Janneke', lastName: 'van den Berg', changedAt: T0 });
  });

  describe('from the database', () => {
    let db: EarshotDatabase;
    beforeEach(async () => {
      db = await openFreshDatabase('payload');
      await db.customers.bulkPut([janneke, anna]);
      await db.profiles.bulkPut([jannekeInstagram, annaYoutube]);
      await db.matches.bulkPut([jannekeMatch, annaMatch]);
    });
    afterEach(() => deleteDatabase(db));

    it('collects tags put on the customer and on their linked profiles', async () => {
      await db.tags.bulkPut([
        { id: 't1', personRef: 'customer:C-1001', label: 'ambassador', createdAt: T0 },
        { id: 't2', personRef: `profile:${jannekeInstagram.id}`, label: 'gift box 2025', createdAt: T0 },
        { id: 't3', personRef: 'customer:C-1002', label: 'not hers', createdAt: T0 },
      ]);
      const payload = await loadPersonPayload(db, janneke.id, { changedAt: T0, valuesOf: async () => ({ rfm: '555' }) });
      expect(payload).toEqual(personOf(janneke, [jannekeLink], ['ambassador', 'gift box 2025'], T0, { rfm: '555' }));
      expect(await loadPersonPayload(db, 'C-404', { changedAt: T0 })).toBeUndefined();
    });

    it('exports the linked and the tagged customers, no one else', async () => {
      await db.customers.put({ ...anna, id: 'C-2000', email: 'nobody@example.nl' });
      await db.matches.put({ ...annaMatch, profileId: 'x:review', customerId: 'C-2000', status: 'review' });
      await db.tags.put({ id: 't9', personRef: 'customer:C-1002', label: 'vip', createdAt: T0 });
      const people = await peopleToExport(db, T0);
      expect(people.map((p) => [p.customerId, p.links.length, p.tags])).toEqual([
        ['C-1001', 1, []],
        ['C-1002', 1, ['vip']],
      ]);
    });
  });

  it('marks a note so a retry and an erasure can find exactly it', () => {
    const lines = noteLines({ customerId: anna.id, link: annaLink, decidedBy: 'matcher', decidedAt: T0 }, 'earshot-note-k1');
    expect(lines[0]).toBe('Earshot matched automatically that youtube @annaivanovabakes (Anna Ivanova bakes) is this customer, match score 0.91.');
    expect(lines.at(-1)).toBe('earshot-note:earshot-note-k1');
    const body = lines.join('\n');
    expect(isEarshotNote(body, 'earshot-note-k1')).toBe(true);
    expect(isEarshotNote(body, 'earshot-note-k')).toBe(false);
    expect(isEarshotNote(body.replace('k1', 'k10'), 'earshot-note-k1')).toBe(false);
    expect(isEarshotNote('<p>earshot-note:abc</p>', 'abc')).toBe(true);
    expect(isEarshotNote('Called about the refund', undefined)).toBe(false);
  });
});

describe('CSV export for the CRMs\' import tools', () => {
  const people: PersonPayload[] = [
    personOf(janneke, [jannekeLink], ['ambassador', 'gift box 2025'], T0, { clv: 412.5 }),
    personOf(anna, [annaLink], []),
    // A tag someone typed to attack whoever opens the file in a spreadsheet.
    personOf({ ...pieter, firstName: '=HYPERLINK("http://evil.example","klik")' }, [pieterLink], ['@SUM(1+1)', 'nl;be']),
  ];

  function parse(text: string): string[][] {
    const parser = new CsvParser();
    return [...parser.push(text), ...parser.end()].map((r) => r.fields);
  }

  it('HubSpot: headers are the labels of the properties Earshot creates, values as the properties hold them', () => {
    expect(exportHeader('hubspot')).toEqual([
      'Email', 'First Name', 'Last Name',
      'Earshot customer ID', 'Earshot social profiles', 'Earshot platforms', 'Earshot best match score',
      'Earshot match evidence', 'Earshot tags', 'Earshot values',
      'Earshot persona ID', 'Earshot persona', 'Earshot offer', 'Earshot offer expected gain', 'Earshot offer reason',
      'Earshot last update',
    ]);
    const text = exportCsv(people, 'hubspot');
    expect(text.startsWith('\uFEFFEmail,First Name,Last Name,')).toBe(true);
    expect(text.split('\r\n').length).toBeGreaterThan(4);
    const rows = parse(text);
    expect(rows).toHaveLength(4);
    expect(rows[1]).toEqual([
      'janneke.vdberg@ziggo.nl', 'Janneke', 'van den Berg', 'C-1001',
      'instagram @janneke.vd — https://www.instagram.com/janneke.vd/ (confirmed by a person, 0.97)',
      'instagram', '0.9700',
      'instagram @janneke.vd: Surname agrees +8.4; First name agrees +6.1; Lives in the same city +2.2',
      'ambassador;gift box 2025', 'clv: 412.50', '', '', '', '', '', '2026-11-20T09:30:00.000Z',
    ]);
    expect(rows[2]!.slice(0, 3)).toEqual(['anna.ivanova@mail.ru', 'Анна', 'Иванова']);
  });

  it('Salesforce: standard field labels and custom-field API names; picklist values without ";"', () => {
    expect(exportHeader('salesforce')).toEqual([
      'Email', 'First Name', 'Last Name',
      'Earshot_Customer_ID__c', 'Earshot_Social_Profiles__c', 'Earshot_Platforms__c', 'Earshot_Match_Score__c',
      'Earshot_Match_Evidence__c', 'Earshot_Tags__c', 'Earshot_Values__c',
      'Earshot_Persona_ID__c', 'Earshot_Persona__c', 'Earshot_Offer__c', 'Earshot_Offer_Gain__c', 'Earshot_Offer_Reason__c',
      'Earshot_Last_Update__c',
    ]);
    const rows = parse(exportCsv(people, 'salesforce'));
    expect(rows[3]![8]).toBe("'@SUM(1+1);nl,be");
  });

  it('neutralises formulas in every cell', () => {
    const rows = parse(exportCsv(people, 'hubspot'));
    expect(rows[3]![1]).toBe('\'=HYPERLINK("http://evil.example","klik")');
    // The tag option value lower-cases, and its formula is neutralised too.
    expect(rows[3]![8]).toBe("'@sum(1+1);nl,be");
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+@]/);
  });
});
