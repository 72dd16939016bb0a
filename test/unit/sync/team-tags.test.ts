import { describe, expect, it } from 'vitest';
import { createHubSpotConnector } from '../../../lib/crm/connectors/hubspot';
import { createPipedriveConnector, tagsInField } from '../../../lib/crm/connectors/pipedrive';
import type { Connector, ConnectorDeps } from '../../../lib/crm/connectors/types';
import type { CrmServer } from '../../crm-server/server';
import { gate, httpDeps, janneke, personItem, personOf, steppedDeps, withServer } from './fixtures';

const TOKEN = 'pat-test-token';

const hubspotOf = (server: CrmServer, deps: ConnectorDeps) => createHubSpotConnector({ settings: { baseUrl: server.url }, secret: TOKEN }, deps);
const tagsOnContact = (server: CrmServer) => (Object.values(server.state.hubspot.contacts)[0]!.properties.earshot_tags ?? '').split(';').filter((t) => t !== '').sort();

/**
 * Two installs push Janneke at the same moment, interleaved at the worst
 * place a check can see: both read the contact, B writes, A writes over it
 * from its older read, and only then does B look again.
 */
async function interleavedPushes(server: CrmServer, a: { tags: string[]; previousTags: string[] }, b: { tags: string[]; previousTags: string[] }) {
  const bWrote = gate();
  const aWrote = gate();
  const installA = hubspotOf(server, steppedDeps((step) => (step === 'POST batch/update 1' || step === 'POST batch/upsert 1' ? bWrote.opened : undefined), (step) => step.startsWith('POST batch/up') && aWrote.open()));
  const installB = hubspotOf(server, steppedDeps((step) => (step === 'POST batch/read 2' ? aWrote.opened : undefined), (step) => step.startsWith('POST batch/up') && bWrote.open()));
  const [onA, onB] = await Promise.all([
    installA.pushPersons([personItem('a', personOf(janneke, [], a.tags), { previousTags: a.previousTags })]),
    installB.pushPersons([personItem('b', personOf(janneke, [], b.tags), { previousTags: b.previousTags })]),
  ]);
  const failure = (o: Awaited<typeof onA>, key: string) => { const r = o.get(key); return r && !r.ok ? r.error.message : null; };
  expect([failure(onA, 'a'), failure(onB, 'b')]).toEqual([null, null]);
}

/**
 * The narrow window: B reads, writes and checks entirely between A's read and
 * A's write, so B's check passes before A's write from its older read lands,
 * and A's write leaves the field as A wrote it. Only the property's history
 * shows A that B wrote in between.
 */
async function pushesInsideTheOther(server: CrmServer, a: { tags: string[]; previousTags: string[] }, b: { tags: string[]; previousTags: string[] }) {
  const aRead = gate();
  const bChecked = gate();
  const installA = hubspotOf(server, steppedDeps((step) => (step === 'POST batch/update 1' || step === 'POST batch/upsert 1' ? bChecked.opened : undefined), (step) => step === 'POST batch/read 1' && aRead.open()));
  const installB = hubspotOf(server, steppedDeps((step) => (step === 'POST batch/read 1' ? aRead.opened : undefined), (step) => step === 'POST batch/read 2' && bChecked.open()));
  const [onA, onB] = await Promise.all([
    installA.pushPersons([personItem('a', personOf(janneke, [], a.tags), { previousTags: a.previousTags })]),
    installB.pushPersons([personItem('b', personOf(janneke, [], b.tags), { previousTags: b.previousTags })]),
  ]);
  expect([onA.get('a')?.ok, onB.get('b')?.ok]).toEqual([true, true]);
}

describe('two installs writing the same contact’s tags at once (stand-in HubSpot)', () => {
  it('loses neither tag when both add one and the later write was made from an older read', async () => {
    await withServer(async (server) => {
      await hubspotOf(server, httpDeps()).connect();
      await hubspotOf(server, httpDeps()).pushPersons([personItem('first', personOf(janneke, [], []))]);
      await interleavedPushes(server, { tags: ['Ambassador'], previousTags: [] }, { tags: ['Gift box 2025'], previousTags: [] });
      expect(tagsOnContact(server)).toEqual(['ambassador', 'gift box 2025']);
      expect(server.violations).toEqual([]);
    });
  });

  it('keeps a teammate’s removal and the other’s addition', async () => {
    await withServer(async (server) => {
      await hubspotOf(server, httpDeps()).connect();
      await hubspotOf(server, httpDeps()).pushPersons([personItem('first', personOf(janneke, [], ['Ambassador']))]);
      // A removes Ambassador; B, which also had it, adds a tag.
      await interleavedPushes(server, { tags: [], previousTags: ['Ambassador'] }, { tags: ['Ambassador', 'Gift box 2025'], previousTags: ['Ambassador'] });
      expect(tagsOnContact(server)).toEqual(['gift box 2025']);
      expect(server.violations).toEqual([]);
    });
  });

  it('loses neither tag when a teammate read, wrote and checked entirely between our read and our write', async () => {
    await withServer(async (server) => {
      await hubspotOf(server, httpDeps()).connect();
      // Both tags are options already: neither install changes the option list, so only the window is tested.
      await hubspotOf(server, httpDeps()).pushPersons([personItem('first', personOf(janneke, [], ['Ambassador', 'Gift box 2025']))]);
      await hubspotOf(server, httpDeps()).pushPersons([personItem('untagged', personOf(janneke, [], []), { previousTags: ['Ambassador', 'Gift box 2025'] })]);
      await pushesInsideTheOther(server, { tags: ['Ambassador'], previousTags: [] }, { tags: ['Gift box 2025'], previousTags: [] });
      expect(tagsOnContact(server)).toEqual(['ambassador', 'gift box 2025']);
      expect(server.violations).toEqual([]);
      expect(server.responseViolations).toEqual([]);
    });
  });

  it('keeps the removal and the addition when a teammate’s whole write came between our read and our write', async () => {
    await withServer(async (server) => {
      await hubspotOf(server, httpDeps()).connect();
      await hubspotOf(server, httpDeps()).pushPersons([personItem('first', personOf(janneke, [], ['Ambassador']))]);
      // A removes Ambassador; B, inside A's window, adds a tag and keeps Ambassador.
      await pushesInsideTheOther(server, { tags: [], previousTags: ['Ambassador'] }, { tags: ['Ambassador', 'Gift box 2025'], previousTags: ['Ambassador'] });
      expect(tagsOnContact(server)).toEqual(['gift box 2025']);
      expect(server.violations).toEqual([]);
    });
  });
});

/** Pipedrive's person, with "Earshot tags" and the labels it holds, by label text. */
function pipedrivePerson(server: CrmServer) {
  const pd = server.state.pipedrive;
  const person = Object.values(pd.persons)[0]!;
  const tagsField = pd.fields.find((f) => f.field_name === 'Earshot tags')!.field_code;
  const labels = new Map((pd.fields.find((f) => f.field_code === 'label_ids')!.options ?? []).map((o) => [o.id, o.label]));
  return { id: person.id, tags: tagsInField(person.custom_fields[tagsField]).sort(), labels: person.label_ids.map((l) => labels.get(l)).sort() };
}

type Push = { tags: string[]; previousTags: string[] };

/** A connected Pipedrive holding Janneke, pushed with each list of tags in turn, and a connector for an install with the given HTTP. */
async function pipedriveWithJanneke(server: CrmServer, pushes: string[][]) {
  const { settings } = await createPipedriveConnector({ settings: { baseUrl: server.url }, secret: 'pd-test-token' }, httpDeps()).connect();
  const pipedriveOf = (deps: ConnectorDeps): Connector => createPipedriveConnector({ settings: { baseUrl: server.url, ...settings }, secret: 'pd-test-token' }, deps);
  let previousTags: string[] = [];
  for (const [i, tags] of pushes.entries()) {
    const target = i === 0 ? {} : { target: { customerId: janneke.id, crmId: String(pipedrivePerson(server).id) } };
    await pipedriveOf(httpDeps()).pushPersons([personItem(`push${i}`, personOf(janneke, [], tags), { previousTags, ...target })]);
    previousTags = tags;
  }
  return { pipedriveOf, id: pipedrivePerson(server).id };
}

/** Installs A and B push Janneke at once, each held at the steps its HTTP says; neither fails. */
async function pushBoth(installA: Connector, installB: Connector, id: number, a: Push, b: Push) {
  const target = { customerId: janneke.id, crmId: String(id) };
  const [onA, onB] = await Promise.all([
    installA.pushPersons([personItem('a', personOf(janneke, [], a.tags), { previousTags: a.previousTags, target })]),
    installB.pushPersons([personItem('b', personOf(janneke, [], b.tags), { previousTags: b.previousTags, target })]),
  ]);
  const failure = (o: Awaited<typeof onA>, key: string) => { const r = o.get(key); return r && !r.ok ? r.error.message : null; };
  expect([failure(onA, 'a'), failure(onB, 'b')]).toEqual([null, null]);
}

/**
 * The same worst case on Pipedrive: A reads the person, B reads, writes and
 * only then looks again, after A has written over it from its older read.
 */
async function interleavedPipedrivePushes(server: CrmServer, a: Push, b: Push) {
  const { pipedriveOf, id } = await pipedriveWithJanneke(server, [a.previousTags]);
  const aRead = gate();
  const bWrote = gate();
  const aWrote = gate();
  const person = `persons/${id}`;
  const installA = pipedriveOf(steppedDeps((step) => (step === `PATCH ${person} 1` ? bWrote.opened : undefined), (step) => {
    if (step === `GET ${person} 1`) aRead.open();
    if (step.startsWith(`PATCH ${person}`)) aWrote.open();
  }));
  const installB = pipedriveOf(steppedDeps(
    (step) => (step === `PATCH ${person} 1` ? aRead.opened : step === `GET ${person} 2` ? aWrote.opened : undefined),
    (step) => step.startsWith(`PATCH ${person}`) && bWrote.open(),
  ));
  await pushBoth(installA, installB, id, a, b);
}

/**
 * Pipedrive's narrow window: B reads, writes and checks entirely between A's
 * read and A's write, so B's check passes before A's write from its older
 * read lands, and A's write leaves the field as A wrote it. Only the
 * person's changelog shows A that B wrote in between.
 */
async function pipedrivePushesInsideTheOther(server: CrmServer, start: string[][], a: Push, b: Push) {
  const { pipedriveOf, id } = await pipedriveWithJanneke(server, start);
  const aRead = gate();
  const bChecked = gate();
  const person = `persons/${id}`;
  const installA = pipedriveOf(steppedDeps((step) => (step === `PATCH ${person} 1` ? bChecked.opened : undefined), (step) => step === `GET ${person} 1` && aRead.open()));
  // B's check is its second read of the person (and, where it reads one, of the changelog after it).
  const installB = pipedriveOf(steppedDeps((step) => (step === `GET ${person} 1` ? aRead.opened : undefined), (step) => (step === `GET ${person} 2` || step === `GET ${id}/changelog 2`) && bChecked.open()));
  await pushBoth(installA, installB, id, a, b);
}

describe('two installs writing the same person’s tags at once (stand-in Pipedrive)', () => {
  it('loses neither tag when both add one and the later write was made from an older read', async () => {
    await withServer(async (server) => {
      await interleavedPipedrivePushes(server, { tags: ['Ambassador'], previousTags: [] }, { tags: ['Gift box 2025'], previousTags: [] });
      expect(pipedrivePerson(server)).toMatchObject({ tags: ['Ambassador', 'Gift box 2025'], labels: ['Ambassador', 'Gift box 2025'] });
      expect(server.violations).toEqual([]);
      expect(server.responseViolations).toEqual([]);
    });
  });

  it('keeps a teammate’s removal and the other’s addition, in the field and the labels', async () => {
    await withServer(async (server) => {
      // A removes Ambassador; B, which also had it, adds a tag.
      await interleavedPipedrivePushes(server, { tags: [], previousTags: ['Ambassador'] }, { tags: ['Ambassador', 'Gift box 2025'], previousTags: ['Ambassador'] });
      expect(pipedrivePerson(server)).toMatchObject({ tags: ['Gift box 2025'], labels: ['Gift box 2025'] });
      expect(server.violations).toEqual([]);
    });
  });

  it('loses neither tag when a teammate read, wrote and checked entirely between our read and our write', async () => {
    await withServer(async (server) => {
      // Both tags are labels already (then taken off): neither install adds a label, so only the window is tested.
      await pipedrivePushesInsideTheOther(server, [['Ambassador', 'Gift box 2025'], []], { tags: ['Ambassador'], previousTags: [] }, { tags: ['Gift box 2025'], previousTags: [] });
      expect(pipedrivePerson(server)).toMatchObject({ tags: ['Ambassador', 'Gift box 2025'], labels: ['Ambassador', 'Gift box 2025'] });
      expect(server.violations).toEqual([]);
      expect(server.responseViolations).toEqual([]);
    });
  });

  it('keeps the removal and the addition when a teammate’s whole write came between our read and our write', async () => {
    await withServer(async (server) => {
      // A removes Ambassador; B, inside A's window, adds a tag and keeps Ambassador.
      await pipedrivePushesInsideTheOther(server, [['Ambassador']], { tags: [], previousTags: ['Ambassador'] }, { tags: ['Ambassador', 'Gift box 2025'], previousTags: ['Ambassador'] });
      expect(pipedrivePerson(server)).toMatchObject({ tags: ['Gift box 2025'], labels: ['Gift box 2025'] });
      expect(server.violations).toEqual([]);
    });
  });
});
