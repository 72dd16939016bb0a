import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CsvImporter, ImportError, importCsv, normaliseDate, type ImportBatch } from '../../../lib/crm/import';
import type { Customer, Order } from '../../../lib/model';

async function run(text: string | string[] | Uint8Array[], options: ConstructorParameters<typeof CsvImporter>[0]) {
  const batches: ImportBatch[] = [];
  const summary = await importCsv(typeof text === 'string' ? [text] : text, options, (b) => {
    batches.push(b);
  });
  return { summary, rows: batches.flatMap((b) => b.rows), errors: batches.flatMap((b) => b.errors) };
}

describe('customers import', () => {
  it('stores good rows and reports each bad row with its line and field', async () => {
    const text = [
      '\uFEFFcustomer_id,first_name,last_name,email,phone,city,country,company,website,handles,loyalty_tier',
      'C1,Janneke,van den Berg,janneke.vdberg@ziggo.nl,,Utrecht,nl,,,instagram:janneke.vd;youtube:@jannekebakt,gold',
      ',Missing,Id,x@y.nl,,,,,,,',
      'C2,Bad,Email,not-an-email,,,,,,,',
      'C3,"Anna ""Anya""",Ivanova,anna@mail.ru,,"Den Haag",NL,,,,',
      'C4,Bad,Handle,,,,,,,myspace:anna,',
      'C1,Dup,Licate,,,,,,,,',
      'C5,"Multi',
      'line",Name,,,,,,,,',
    ].join('\r\n');
    const { summary, rows, errors } = await run(text, { kind: 'customers', now: 1 });
    expect(rows.map((r) => r.id)).toEqual(['C1', 'C3', 'C5']);
    const c1 = rows[0] as Customer;
    expect(c1).toMatchObject({
      firstName: 'Janneke',
      lastName: 'van den Berg',
      country: 'NL',
      handles: [
        { platform: 'instagram', handle: 'janneke.vd' },
        { platform: 'youtube', handle: '@jannekebakt' },
      ],
      custom: { loyalty_tier: 'gold' },
    });
    expect((rows[1] as Customer).firstName).toBe('Anna "Anya"');
    expect((rows[2] as Customer).firstName).toBe('Multi\r\nline');
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'customer_id'],
      [4, 'email'],
      [6, 'handles'],
      [7, 'customer_id'],
    ]);
    expect(errors[3]!.message).toContain('first on line 2');
    expect(summary).toMatchObject({ rowsOk: 3, rowsBad: 4, delimiter: ',' });
  });

  it('reads a Dutch Excel export: ; separators, mapped headers', async () => {
    const text = 'Klantnummer;Voornaam;Achternaam;E-mailadres;Woonplaats\r\n17;Jan;de Vries;jan@devries.nl;Zwolle\r\n';
    const { rows, summary } = await run(text, {
      kind: 'customers',
      mapping: { customer_id: 'Klantnummer', first_name: 'Voornaam', last_name: 'Achternaam', email: 'E-mailadres', city: 'Woonplaats' },
    });
    expect(summary.delimiter).toBe(';');
    expect(rows).toMatchObject([{ id: '17', firstName: 'Jan', lastName: 'de Vries', email: 'jan@devries.nl', city: 'Zwolle', custom: {} }]);
  });

  it('recognises a HubSpot export by its headers', async () => {
    const text = 'Record ID,First Name,Last Name,Email,Country/Region,Lifecycle Stage\n501,Kees,Bakker,kees@bakker.nl,Netherlands,customer\n';
    const { rows, summary } = await run(text, { kind: 'customers' });
    expect(summary.preset).toBe('hubspot');
    expect(rows).toMatchObject([{ id: '501', firstName: 'Kees', email: 'kees@bakker.nl', country: 'Netherlands', custom: { 'Lifecycle Stage': 'customer' } }]);
  });

  it('refuses a file without an id column, naming the way out', async () => {
    await expect(run('name,email\nJan,j@x.nl\n', { kind: 'customers' })).rejects.toThrow(/no customer_id column.*--map customer_id=/);
  });

  it('refuses a mapping to a column the file does not have', async () => {
    await expect(run('a,b\n1,2\n', { kind: 'customers', mapping: { customer_id: 'Klantnummer' } })).rejects.toThrow(/no column "Klantnummer"/);
  });

  it('refuses an empty file', async () => {
    await expect(run('', { kind: 'customers' })).rejects.toBeInstanceOf(ImportError);
  });

  it('reports a row with more values than columns', async () => {
    const { errors } = await run('customer_id,first_name\nC1,Jan,extra\n', { kind: 'customers' });
    expect(errors).toEqual([{ line: 2, field: '(row)', message: '3 values for 2 columns' }]);
  });
});

describe('orders import', () => {
  it('parses amounts, dates, currencies and costs, and reports bad values', async () => {
    const text = [
      'order_id,customer_id,date,amount,currency,cost_to_serve',
      'O1,C1,2024-07-06,12.50,eur,',
      'O2,C1,2024-07-06T10:15:00Z,30,EUR,4.95',
      'O3,C1,06-07-2024,10,EUR,',
      'O4,C1,2024-02-30,10,EUR,',
      'O5,C1,2024-07-07,12,50,EUR,',
      'O6,C1,2024-07-07,abc,EUR,',
      'O7,,2024-07-07,1,EUR,',
      'O8,C2,2024-07-08,0,,-1',
      'O9,C2,2024-07-08,0,,',
    ].join('\n');
    const { rows, errors } = await run(text, { kind: 'orders', defaultCurrency: 'EUR' });
    expect(rows as Order[]).toEqual([
      { id: 'O1', customerId: 'C1', date: '2024-07-06', amount: 12.5, currency: 'EUR' },
      { id: 'O2', customerId: 'C1', date: '2024-07-06T10:15:00Z', amount: 30, currency: 'EUR', costToServe: 4.95 },
      { id: 'O9', customerId: 'C2', date: '2024-07-08', amount: 0, currency: 'EUR' },
    ]);
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [4, 'date'],
      [5, 'date'],
      // "12,50" in a comma-separated file splits into 12 and 50: 50 lands in the currency column.
      [6, 'currency'],
      [7, 'amount'],
      [8, 'customer_id'],
      [9, 'cost_to_serve'],
    ]);
  });

  it('accepts a decimal comma in a ;-separated file, where it cannot be a separator', async () => {
    const { rows } = await run('order_id;customer_id;date;amount;currency\nO1;C1;2024-01-02;12,50;EUR\n', { kind: 'orders' });
    expect((rows[0] as Order).amount).toBe(12.5);
  });
});

describe('normaliseDate', () => {
  it.each([
    ['2024-07-06', '2024-07-06'],
    ['2024-07-06 10:00:00', '2024-07-06T10:00:00'],
    ['2024-07-06T10:00:00+02:00', '2024-07-06T10:00:00+02:00'],
    ['2024-13-01', null],
    ['2023-02-29', null],
    ['2024-02-29', '2024-02-29'],
    ['6 juli 2024', null],
  ])('%s -> %s', (input, expected) => {
    expect(normaliseDate(input)).toBe(expected);
  });
});

describe('file encodings (issue 12.1)', () => {
  const fixture = (name: string) => new Uint8Array(readFileSync(join(__dirname, '../../fixtures/csv', name)));
  const mapping = { customer_id: 'Klantnummer', first_name: 'Voornaam', last_name: 'Achternaam', city: 'Woonplaats', email: 'E-mail' };
  const expected = () => readFileSync(join(__dirname, '../../fixtures/csv/klanten-windows-1252.utf8.txt'), 'utf8');

  it('reads a Windows-1252 export (Dutch and German Excel) as the text it holds, and says so', async () => {
    const { rows, errors, summary } = await run([fixture('klanten-windows-1252.csv')], { kind: 'customers', mapping });
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ firstName: 'Anaïs', lastName: 'Müller', city: 'Köln', custom: { Opmerking: 'klant sinds 2019 – € 50 tegoed' } });
    expect(rows[2]).toMatchObject({ city: '’s-Hertogenbosch', custom: { Opmerking: '„Stammkunde“ • VIP' } });
    expect(rows[3]).toMatchObject({ custom: { Opmerking: 'Œuvre Š Ž ž Ÿ ™' } });
    expect(summary.encoding).toEqual({ name: 'windows-1252', byteOrderMark: false });
    // Every cell as the UTF-8 original has it.
    const cells = expected().trim().split('\r\n').slice(1).map((l) => l.split(';'));
    expect(rows.map((r) => { const c = r as Customer; return [c.id, c.firstName, c.lastName, c.city, c.email, c.custom.Opmerking ?? '']; })).toEqual(cells);
  });

  it('reads UTF-8 with and without a byte order mark and UTF-16 with one, in chunks of any size', async () => {
    const text = expected();
    const utf16be = (s: string) => { const le = Buffer.from(s, 'utf16le'); for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!]; return le; };
    const files: [string, Uint8Array][] = [
      ['utf-8', Buffer.from(text, 'utf8')],
      ['utf-8 bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
      ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)])],
    ];
    for (const [name, bytes] of files) {
      for (const size of [1, 2, 3, 7, bytes.length]) {
        const chunks: Uint8Array[] = [];
        for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
        const { rows, errors, summary } = await run(chunks, { kind: 'customers', mapping });
        expect(errors, name).toEqual([]);
        expect((rows[0] as Customer).lastName, `${name} in chunks of ${size}`).toBe('Müller');
        expect((rows[3] as Customer).custom.Opmerking, name).toBe('Œuvre Š Ž ž Ÿ ™');
        expect(summary.encoding?.name, name).toBe(name.split(' ')[0]);
        expect(summary.encoding?.byteOrderMark, name).toBe(name !== 'utf-8');
      }
    }
  });

  it('never stores U+FFFD: a row with bytes that are not text in the encoding of the file is refused, naming line and field', async () => {
    // UTF-8 up to far beyond the detection window, then a Windows-1252 byte: a file that is neither.
    const good = Array.from({ length: 3000 }, (_, i) => `C${i},Zoë ${i},${'x'.repeat(20)}`).join('\n');
    const bytes = Buffer.concat([Buffer.from(`customer_id,first_name,note\n${good}\nBAD,Ana`, 'utf8'), Buffer.from([0xef]), Buffer.from('s,ok\nC-last,Jan,ok\n', 'utf8')]);
    const { rows, errors, summary } = await run([bytes], { kind: 'customers' });
    expect(summary.encoding?.name).toBe('utf-8');
    expect(rows).toHaveLength(3001);
    expect(errors).toEqual([{ line: 3002, field: 'first_name', message: expect.stringMatching(/not valid utf-8/i) }]);
    expect(rows.some((r) => JSON.stringify(r).includes('\uFFFD'))).toBe(false);
    // A U+FFFD written into a UTF-8 file by an earlier tool is refused the same way.
    const damaged = await run([Buffer.from('customer_id,city\nC1,K\uFFFDln\nC2,Köln\n', 'utf8')], { kind: 'customers' });
    expect(damaged.errors).toEqual([{ line: 2, field: 'city', message: expect.stringContaining('U+FFFD') }]);
    expect(damaged.rows.map((r) => r.id)).toEqual(['C2']);
  });
});

describe('numbers in ;-separated files: each column decided from all its values (issue 12.3)', () => {
  const orders = (amounts: string[], costs: string[] = []) =>
    ['order_id;customer_id;date;amount;cost_to_serve', ...amounts.map((a, i) => `O${i + 1};C1;2024-01-0${(i % 9) + 1};${a};${costs[i] ?? ''}`)].join('\r\n') + '\r\n';
  const amounts = (rows: unknown[]) => Object.fromEntries((rows as Order[]).map((o) => [o.id, o.amount]));

  it('reads . as the thousands separator in a column of decimal commas, even before the value that shows it', async () => {
    const { rows, errors, summary } = await run(orders(['1.234', '12,50', '1.234,50', '1.234.567', '7', '-2.500'], ['', '1,5', '', '', '', '']), { kind: 'orders' });
    expect(errors).toEqual([]);
    expect(amounts(rows)).toEqual({ O1: 1234, O2: 12.5, O3: 1234.5, O4: 1234567, O5: 7, O6: -2500 });
    expect((rows as Order[]).find((o) => o.id === 'O2')?.costToServe).toBe(1.5);
    expect(summary.numbers.amount).toEqual({ decimalMark: ',', ambiguous: 2, rule: 'decided' });
    expect(summary.notes.join(' ')).not.toMatch(/amount/);
  });

  it('keeps 1.234 as 1.234 in a column of decimal points', async () => {
    const { rows, errors, summary } = await run(orders(['1.234', '12.5', '0.99']), { kind: 'orders' });
    expect(errors).toEqual([]);
    expect(amounts(rows)).toEqual({ O1: 1.234, O2: 12.5, O3: 0.99 });
    expect(summary.numbers.amount).toEqual({ decimalMark: '.', ambiguous: 1, rule: 'decided' });
  });

  it('reads a column no value settles by the documented rule, and says so', async () => {
    const { rows, errors, summary } = await run(orders(['1.234', '250', '2.500']), { kind: 'orders' });
    expect(errors).toEqual([]);
    expect(amounts(rows)).toEqual({ O1: 1234, O2: 250, O3: 2500 });
    expect(summary.numbers.amount).toEqual({ decimalMark: ',', ambiguous: 2, rule: 'assumed' });
    expect(summary.notes).toContainEqual(expect.stringMatching(/^amount: 2 values such as "1\.234" could be read two ways.*"\." as the thousands separator.*FORMATS\.md/));
  });

  it('refuses a value it cannot read either way in a column that mixes decimal commas and points', async () => {
    const { rows, errors, summary } = await run(orders(['12,50', '1.234', '12.5']), { kind: 'orders' });
    expect(amounts(rows)).toEqual({ O1: 12.5, O3: 12.5 });
    expect(errors).toEqual([{ line: 3, field: 'amount', message: expect.stringMatching(/"1\.234" could be 1234 or 1\.234.*decimal commas \(line 2\) and decimal points \(line 4\)/) }]);
    expect(summary.numbers.amount).toMatchObject({ rule: 'mixed' });
    expect(summary.notes).toContainEqual(expect.stringMatching(/^amount: mixes decimal commas \(line 2\) and decimal points \(line 4\)/));
  });
});

describe('a stray quote (issue 12.4)', () => {
  const rows = (third: string) =>
    ['customer_id,first_name,last_name', ...Array.from({ length: 10 }, (_, i) => (i === 2 ? third : `C${i + 1},Name${i + 1},Last${i + 1}`))].join('\n') + '\n';

  it('is reported at its line, and reading goes on at the next line that is a whole row', async () => {
    for (const third of ['C3,"Bad name,Last3', 'C3,Bad,"Last3', 'C3,"Bad"x,Last3']) {
      const { rows: stored, errors, summary } = await run(rows(third), { kind: 'customers' });
      expect(stored.map((r) => r.id), third).toEqual(['C1', 'C2', 'C4', 'C5', 'C6', 'C7', 'C8', 'C9', 'C10']);
      expect(errors[0], third).toMatchObject({ line: 4, field: '(row)' });
      expect(summary.rowsOk, third).toBe(9);
    }
    const { errors } = await run(rows('C3,"Bad name,Last3'), { kind: 'customers' });
    expect(errors).toEqual([{ line: 4, field: '(row)', message: expect.stringMatching(/unbalanced quote \(".*line 5/) }]);
  });

  it('that a later quote closes does not swallow the rows in between', async () => {
    const text = 'customer_id,first_name,note\nC1,"Jan,a\nC2,Piet,b\nC3,Klaas,"quoted"\nC4,Anna,"multi\nline"\n';
    const { rows: stored, errors } = await run(text, { kind: 'customers' });
    expect(stored.map((r) => [r.id, (r as Customer).custom.note])).toEqual([['C2', 'b'], ['C3', 'quoted'], ['C4', 'multi\nline']]);
    expect(errors.map((e) => [e.line, e.field])).toEqual([[2, '(row)']]);
  });
});

describe('a file cut short (issue 12.5)', () => {
  it('reports a last line without a line end and with fewer values than the header as a bad row', async () => {
    const { rows, errors, summary } = await run('customer_id,first_name,last_name\nT1,Ann,Lee\nT2,Bob', { kind: 'customers' });
    expect(rows.map((r) => r.id)).toEqual(['T1']);
    expect(errors).toEqual([{ line: 3, field: '(row)', message: 'file ends mid-row: 2 of 3 values and no line end (the file may have been cut short)' }]);
    expect(summary.rowsBad).toBe(1);
  });

  it('accepts a last line without a line end that has every value, and says so', async () => {
    const { rows, errors, summary } = await run('customer_id,first_name,last_name\nT1,Ann,Lee\nT2,Bob,Smi', { kind: 'customers' });
    expect(errors).toEqual([]);
    expect((rows[1] as Customer).lastName).toBe('Smi');
    expect(summary.notes).toEqual(['line 3, the last, has no line end; it has all 3 values and was read as a whole row: check that the file is whole']);
    // With a line end there is nothing to say.
    expect((await run('customer_id,first_name,last_name\nT1,Ann,Lee\n', { kind: 'customers' })).summary.notes).toEqual([]);
  });
});

describe('order dates, one rule for import and value (issue 12.8)', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  it('refuses placeholder and future dates with line and field', async () => {
    const text = ['order_id,customer_id,date,amount', 'O1,C1,0001-01-01,10', 'O2,C1,1989-12-31,10', 'O3,C1,1990-01-01,10', 'O4,C1,2026-03-11T20:00:00,10', 'O5,C1,2026-03-12,10', 'O6,C1,9999-12-31,10'].join('\n') + '\n';
    const { rows, errors } = await run(text, { kind: 'orders', now });
    expect(rows.map((r) => r.id)).toEqual(['O3', 'O4']);
    expect(errors).toEqual([
      { line: 2, field: 'date', message: '"0001-01-01" is before 1990-01-01: a placeholder, not the date of an order' },
      { line: 3, field: 'date', message: '"1989-12-31" is before 1990-01-01: a placeholder, not the date of an order' },
      { line: 6, field: 'date', message: '"2026-03-12" is after 2026-03-11 (tomorrow): an order cannot be dated in the future' },
      { line: 7, field: 'date', message: '"9999-12-31" is after 2026-03-11 (tomorrow): an order cannot be dated in the future' },
    ]);
  });
});

describe('amounts that overflow (issue 12.11)', () => {
  it('refuses an amount or cost beyond ±1,000,000,000 with line and field', async () => {
    const huge = '9'.repeat(309);
    const text = ['order_id,customer_id,date,amount,currency,cost_to_serve', `O1,C1,2024-01-01,${huge},EUR,`, 'O2,C1,2024-01-01,-1000000001,EUR,', 'O3,C1,2024-01-01,1000000000,EUR,', `O4,C1,2024-01-01,10,EUR,${huge}`, 'O5,C1,2024-01-01,10,EUR,1'].join('\n') + '\n';
    const { rows, errors } = await run(text, { kind: 'orders' });
    expect(rows.map((r) => r.id)).toEqual(['O3', 'O5']);
    expect(errors.map((e) => [e.line, e.field])).toEqual([[2, 'amount'], [3, 'amount'], [5, 'cost_to_serve']]);
    expect(errors[0]!.message).toBe(`"${huge.slice(0, 40)}…" is beyond ±1,000,000,000: not an amount an order can have`);
  });
});

describe('messages that name the way out (issue 12.12)', () => {
  it('an orders file without a required column suggests --orders-map, a customers file --map', async () => {
    await expect(run('id,klant,datum,bedrag\n1,2,2024-01-01,3\n', { kind: 'orders' })).rejects.toThrow(/no order_id, customer_id, date, amount column.*--orders-map order_id=/);
    await expect(run('id,klant,datum,bedrag\n1,2,2024-01-01,3\n', { kind: 'orders' })).rejects.not.toThrow(/ --map /);
    await expect(run('name\nJan\n', { kind: 'customers' })).rejects.toThrow(/--map customer_id=/);
  });

  it('an empty file is named', async () => {
    await expect(run('', { kind: 'orders', file: 'bestellingen.csv' })).rejects.toThrow('bestellingen.csv: the file is empty: expected a header row');
    await expect(run('id\n1\n', { kind: 'orders', file: 'bestellingen.csv' })).rejects.toThrow(/^bestellingen\.csv:1: no order_id/);
  });
});
