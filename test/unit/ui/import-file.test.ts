import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EarshotDatabase } from '../../../lib/db/database';
import { createHandlers, type DataChange } from '../../../lib/background/handlers';
import { createRouter } from '../../../lib/background/router';
import { DEFAULT_SETTINGS } from '../../../lib/model';
import type { MessageType, RequestOf, ResponseOf } from '../../../lib/messages';
import { importFile, previewColumns, type ImportProgress, type Send } from '../../../lib/ui/import-file';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
let db: EarshotDatabase;
let changes: DataChange[];
let send: Send;

beforeEach(async () => {
  db = new EarshotDatabase(`import-ui-${Math.random()}`);
  await db.open();
  changes = [];
  let n = 0;
  const handlers = createHandlers({
    db,
    now: () => 1000,
    newId: () => `import-${++n}`,
    settings: async () => DEFAULT_SETTINGS,
    captureTab: async () => null,
    dataChanged: async (c) => void changes.push(c),
    syncQueued: () => undefined,
    adoptOwnBrands: async () => undefined,
  });
  const unexpected = async () => Promise.reject(new Error('not under test'));
  const route = createRouter({ ...handlers, 'crm/connect': unexpected, 'crm/disconnect': unexpected, 'crm/pull': unexpected, 'sync/run': unexpected, 'sync/retry': unexpected }, { id: ID, origin: ORIGIN });
  // The page's send, through the service worker's one entrance, as an extension page.
  send = (async <K extends MessageType>(type: K, body: Omit<RequestOf<K>, 'type'>): Promise<ResponseOf<K>> => {
    const reply = await route({ ...body, type }, { id: ID, url: `${ORIGIN}sidepanel.html` });
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.data as ResponseOf<K>;
  }) as Send;
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const file = (text: string, name = 'klanten.csv') => Object.assign(new Blob([text], { type: 'text/csv' }), { name });

describe('importing a CSV file from the workspace', () => {
  it('recognises a HubSpot export and lets the user see which column gives each field', async () => {
    const preview = await previewColumns(file('\uFEFFRecord ID,First Name,Last Name,Email,City,Lifecycle Stage\n1,Anna,de Vries,anna@example.nl,Utrecht,customer\n'), 'customers');
    expect(preview.preset).toBe('hubspot');
    expect(preview.mapping).toMatchObject({ customer_id: 'Record ID', first_name: 'First Name', email: 'Email', city: 'City' });
    expect(preview.missing).toEqual([]);
    const orders = await previewColumns(file('Bestelnummer;Datum\n1;2024-01-01\n'), 'orders');
    expect(orders.missing).toEqual(['order_id', 'customer_id', 'date', 'amount']);
    await expect(previewColumns(file(''), 'customers')).rejects.toThrow(/empty/);
  });

  it('stores the good rows, lists each bad one by line and field, and reports progress to the end', async () => {
    // A Dutch Excel export: semicolons, decimal commas, a quoted field with a newline.
    const customers = 'Klantnummer;Voornaam;Achternaam;E-mail\nK1;Anna;"de\nVries";anna@example.nl\nK2;Jan;Jansen;geen-email\nK3;Sanne;Smit;\n';
    const progress: ImportProgress[] = [];
    const mapping = { customer_id: 'Klantnummer', first_name: 'Voornaam', last_name: 'Achternaam', email: 'E-mail' };
    const outcome = await importFile(file(customers), 'customers', mapping, send, (p) => progress.push(p));
    expect(outcome).toMatchObject({ kind: 'customers', stored: 2, rejected: 1, cancelled: false });
    expect(outcome.errors).toEqual([{ line: 4, field: 'E-mail', message: '"geen-email" is not an email address' }]);
    expect((await db.customers.get('K1'))?.lastName).toBe('de\nVries');
    expect(progress.at(-1)).toMatchObject({ bytes: customers.length, total: customers.length });
    expect(changes).toContainEqual({ customers: true, orders: false });

    // Orders of a customer the CRM does not have are refused on commit, with their line.
    const orders = 'order_id;customer_id;date;amount\nO1;K1;2024-03-01;12,50\nO2;K9;2024-03-02;5\n';
    const ordersOutcome = await importFile(file(orders, 'orders.csv'), 'orders', {}, send, () => undefined);
    expect(ordersOutcome).toMatchObject({ stored: 1, rejected: 1 });
    expect(ordersOutcome.errors[0]).toMatchObject({ line: 3, field: 'customer_id' });
    expect((await db.orders.get('O1'))?.amount).toBe(12.5);
  });

  it('reads a Windows-1252 export as the text it holds and says which encoding it read (issue 12.1)', async () => {
    const bytes = readFileSync(join(__dirname, '../../fixtures/csv/klanten-windows-1252.csv'));
    const chosen = Object.assign(new Blob([bytes]), { name: 'klanten.csv' });
    const preview = await previewColumns(chosen, 'customers');
    expect(preview.headers).toEqual(['Klantnummer', 'Voornaam', 'Achternaam', 'Woonplaats', 'E-mail', 'Opmerking']);
    const mapping = { customer_id: 'Klantnummer', first_name: 'Voornaam', last_name: 'Achternaam', city: 'Woonplaats', email: 'E-mail' };
    const outcome = await importFile(chosen, 'customers', mapping, send, () => undefined);
    expect(outcome).toMatchObject({ stored: 4, rejected: 0, encoding: { name: 'windows-1252', byteOrderMark: false } });
    expect(await db.customers.get('K1')).toMatchObject({ firstName: 'Anaïs', lastName: 'Müller', city: 'Köln', custom: { Opmerking: 'klant sinds 2019 – € 50 tegoed' } });
    expect((await db.customers.get('K3'))?.city).toBe('’s-Hertogenbosch');
  });

  it('cancelled half-way, stores nothing and leaves no staged rows behind', async () => {
    await db.customers.put({ id: 'OLD', handles: [], custom: {}, source: 'csv', updatedAt: 0 });
    const rows = Array.from({ length: 30_000 }, (_, i) => `C${i},Naam${i},Achter${i},c${i}@example.nl`).join('\n');
    const controller = new AbortController();
    const outcome = await importFile(file(`customer_id,first_name,last_name,email\n${rows}\n`), 'customers', {}, send, (p) => {
      if (p.rows > 5000) controller.abort();
    }, controller.signal);
    expect(outcome.cancelled).toBe(true);
    expect(await db.customers.count()).toBe(1);
    expect(await db.staging.count()).toBe(0);
  });

  it('a file without the required columns stops before anything is stored, saying which', async () => {
    await expect(importFile(file('naam,stad\nAnna,Utrecht\n'), 'customers', {}, send, () => undefined)).rejects.toThrow(/no customer_id column/);
    expect(await db.customers.count()).toBe(0);
    expect(await db.staging.count()).toBe(0);
  });
});
