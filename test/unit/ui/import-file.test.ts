import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';
import { createHandlers } from '../../../lib/background/handlers';
import type { DataChange } from '../../../lib/background/work';
import { createRouter } from '../../../lib/background/router';
import { DEFAULT_SETTINGS } from '../../../lib/settings';
import type { MessageType, RequestOf, ResponseOf } from '../../../lib/messages';
import { importFile, previewColumns, type ImportProgress, type Send } from '../../../lib/ui/import-file';
import { localeText } from '../locale-text';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
let db: EarshotDatabase;
let changes: DataChange[];
let send: Send;

beforeEach(async () => {
  db = await openFreshDatabase('import-ui');
  changes = [];
  let n = 0;
  const handlers = createHandlers({
    db,
    now: () => 1000,
    newId: () => `import-${++n}`,
    settings: async () => DEFAULT_SETTINGS,
    captureTab: async () => null,
    injectFallback: async () => {},
    dataChanged: async (c) => void changes.push(c),
    syncQueued: () => undefined,
    adoptOwnBrands: async () => undefined,
    text: async () => localeText('en'),
    showsBadges: async () => undefined,
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
afterEach(() => deleteDatabase(db));

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

  it('a re-import changes only the columns its file has; empty cells clear stored values only when ticked (issue 12.2)', async () => {
    const full = 'customer_id,first_name,email,city,tier\nC1,Jan,jan@example.nl,Utrecht,gold\nC2,Anna,anna@example.nl,Zwolle,\n';
    await importFile(file(full), 'customers', {}, send, () => undefined);
    await importFile(file('order_id,customer_id,date,amount,currency,cost_to_serve\nO1,C1,2024-01-05,25.00,USD,3.50\n', 'orders.csv'), 'orders', {}, send, () => undefined);
    const vip = await importFile(file('customer_id,vip\nC1,yes\n'), 'customers', {}, send, () => undefined);
    expect(vip).toMatchObject({ stored: 1, blanked: { count: 0, applied: false, first: [] } });
    expect(await db.customers.get('C1')).toMatchObject({ firstName: 'Jan', email: 'jan@example.nl', city: 'Utrecht', custom: { tier: 'gold', vip: 'yes' } });
    await importFile(file('order_id,customer_id,date,amount\nO1,C1,2024-01-05,26.00\n', 'orders.csv'), 'orders', {}, send, () => undefined);
    expect(await db.orders.get('O1')).toEqual({ id: 'O1', customerId: 'C1', date: '2024-01-05', amount: 26, currency: 'USD', costToServe: 3.5 });

    const blank = file('customer_id,email,city\nC1,,Amersfoort\nC2,anna@new.nl,\n');
    const kept = await importFile(blank, 'customers', {}, send, () => undefined);
    expect(kept.blanked).toEqual({ count: 2, applied: false, first: [{ line: 2, field: 'email' }, { line: 3, field: 'city' }] });
    expect(await db.customers.get('C1')).toMatchObject({ email: 'jan@example.nl', city: 'Amersfoort' });
    expect(await db.customers.get('C2')).toMatchObject({ email: 'anna@new.nl', city: 'Zwolle' });

    const cleared = await importFile(blank, 'customers', {}, send, () => undefined, undefined, { allowBlanking: true });
    expect(cleared.blanked).toMatchObject({ count: 2, applied: true });
    expect((await db.customers.get('C1'))?.email).toBeUndefined();
    expect((await db.customers.get('C2'))?.city).toBeUndefined();
    expect((await db.customers.get('C2'))?.firstName).toBe('Anna');
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
