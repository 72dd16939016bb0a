import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../lib/cli/main';
import { loadStore } from '../../../lib/cli/file-store';
import { COMMAND_NAMES, loadCommand } from '../../../lib/cli/commands';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'earshot-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd: dir });
  return { code, stdout, ...reportAndMessages(stderr) };
}

interface FileReport {
  ok: number;
  bad: number;
  delimiter: string;
  encoding: string | null;
  notes: string[];
  blanked: { cells: number; applied: boolean; first: string[] };
}
interface ImportReport {
  customers: FileReport;
  orders: FileReport;
  db: { customers: number };
}

/** stderr holds the messages and, last, the report as one JSON line. */
function reportAndMessages(stderr: string) {
  const lines = stderr.split('\n').filter(Boolean);
  const report = lines.filter((l) => l.startsWith('{')).pop();
  const messages = lines.filter((l) => !l.startsWith('{'));
  return { stderr: messages.map((l) => `${l}\n`).join(''), report: (report === undefined ? undefined : JSON.parse(report)) as ImportReport | undefined };
}

describe('earshot --help', () => {
  it('lists the commands', async () => {
    const { stdout, code } = await cli('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\s+import\s+store customers/m);
    expect(stdout).toMatch(/^\s+sample\s+/m);
  });
  it('finds each command by its file name, so running one loads no other', async () => {
    expect(COMMAND_NAMES).toContain('match');
    for (const name of COMMAND_NAMES) expect((await loadCommand(name))?.name).toBe(name);
    expect(await loadCommand('index')).toBeUndefined();
  });
  it('explains an unknown command and a missing option', async () => {
    expect((await cli('frobnicate')).stderr).toContain('unknown command "frobnicate"');
    const missing = await cli('import', '--customers', 'c.csv');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--db is required');
  });
});

describe('earshot import', () => {
  it('stores good rows, reports bad ones by file, line and field, and updates on a second run', async () => {
    await writeFile(
      join(dir, 'klanten.csv'),
      '\uFEFFKlantnummer;Voornaam;Achternaam;E-mail;Woonplaats\r\n1;Janneke;van den Berg;janneke.vdberg@ziggo.nl;Utrecht\r\n2;Bad;Mail;nope;Zwolle\r\n3;"Anna\r\nMaria";Ivanova;anna@mail.ru;Den Haag\r\n',
    );
    await writeFile(join(dir, 'orders.csv'), 'order_id,customer_id,date,amount,currency\nO1,1,2024-01-05,25.00,EUR\nO2,2,2024-01-06,10.00,EUR\nO3,3,2024-13-01,5.00,EUR\n');
    const run = await cli(
      'import', '--customers', 'klanten.csv', '--orders', 'orders.csv', '--db', 'shop.db',
      '--map', 'customer_id=Klantnummer,first_name=Voornaam,last_name=Achternaam,email=E-mail,city=Woonplaats',
    );
    expect(run.code).toBe(0);
    expect(run.stderr.trim().split('\n')).toEqual([
      'klanten.csv:3: E-mail: "nope" is not an email address',
      'orders.csv:4: date: "2024-13-01" is not an ISO 8601 date such as 2024-07-06',
      'orders.csv:3: customer_id: no customer "2" in the database or the customers file',
    ]);
    expect(run.stdout).toBe('');
    const report = run.report!;
    expect(report.customers).toMatchObject({ ok: 2, bad: 1, delimiter: ';' });
    expect(report.orders).toMatchObject({ ok: 1, bad: 2 });

    const store = await loadStore(join(dir, 'shop.db'));
    expect([...store.customers.keys()]).toEqual(['1', '3']);
    expect(store.customers.get('3')?.firstName).toBe('Anna\r\nMaria');
    expect([...store.orders.keys()]).toEqual(['O1']);

    // A second import adds to the database: the order of customer 3 now finds its customer.
    await writeFile(join(dir, 'more.csv'), 'order_id,customer_id,date,amount,currency\nO4,3,2024-02-01,7.5,EUR\n');
    expect((await cli('import', '--orders', 'more.csv', '--db', 'shop.db')).code).toBe(0);
    expect([...(await loadStore(join(dir, 'shop.db'))).orders.keys()]).toEqual(['O1', 'O4']);
  });

  it('leaves the database untouched when the import fails', async () => {
    await writeFile(join(dir, 'ok.csv'), 'customer_id,first_name\nC1,Jan\n');
    await cli('import', '--customers', 'ok.csv', '--db', 'shop.db');
    const before = await readFile(join(dir, 'shop.db'), 'utf8');
    await writeFile(join(dir, 'noid.csv'), 'name,email\nJan,jan@x.nl\n');
    const run = await cli('import', '--customers', 'noid.csv', '--db', 'shop.db');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no customer_id column');
    expect(await readFile(join(dir, 'shop.db'), 'utf8')).toBe(before);
  });

  it('refuses a database file that is not one', async () => {
    await writeFile(join(dir, 'notes.txt'), 'hello\n');
    await writeFile(join(dir, 'ok.csv'), 'customer_id\nC1\n');
    const run = await cli('import', '--customers', 'ok.csv', '--db', 'notes.txt');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('notes.txt: line 1: not JSON');
  });

  it('reads a Windows-1252 export as the text it holds and reports the encoding (issue 12.1)', async () => {
    await copyFile(join(__dirname, '../../fixtures/csv/klanten-windows-1252.csv'), join(dir, 'klanten.csv'));
    const run = await cli('import', '--customers', 'klanten.csv', '--db', 'shop.db', '--map', 'customer_id=Klantnummer,first_name=Voornaam,last_name=Achternaam,city=Woonplaats');
    expect(run.stderr).toBe('');
    expect(run.report!.customers).toMatchObject({ ok: 4, bad: 0, encoding: 'windows-1252' });
    const store = await loadStore(join(dir, 'shop.db'));
    expect(store.customers.get('K1')).toMatchObject({ firstName: 'Anaïs', lastName: 'Müller', city: 'Köln', custom: { Opmerking: 'klant sinds 2019 – € 50 tegoed' } });
    expect(JSON.stringify([...store.customers.values()])).not.toContain('\uFFFD');
  });

  it('a re-import changes only the columns its file has, and blanks a stored value only when asked (issue 12.2)', async () => {
    await writeFile(join(dir, 'full.csv'), 'customer_id,first_name,last_name,email,city,tier\nC1,Jan,Jansen,jan@example.nl,Utrecht,gold\nC2,Anna,de Vries,anna@example.nl,Zwolle,\n');
    await writeFile(join(dir, 'orders.csv'), 'order_id,customer_id,date,amount,currency,cost_to_serve\nO1,C1,2024-01-05,25.00,USD,3.50\n');
    expect((await cli('import', '--customers', 'full.csv', '--orders', 'orders.csv', '--db', 'shop.db')).code).toBe(0);

    // Only an id and a flag: nothing else about the customers may change.
    await writeFile(join(dir, 'vip.csv'), 'customer_id,vip\nC1,yes\nC2,no\n');
    const vip = await cli('import', '--customers', 'vip.csv', '--db', 'shop.db');
    expect(vip.code).toBe(0);
    let store = await loadStore(join(dir, 'shop.db'));
    expect(store.customers.get('C1')).toMatchObject({ firstName: 'Jan', lastName: 'Jansen', email: 'jan@example.nl', city: 'Utrecht', custom: { tier: 'gold', vip: 'yes' } });
    expect(store.customers.get('C2')).toMatchObject({ firstName: 'Anna', email: 'anna@example.nl', city: 'Zwolle', custom: { vip: 'no' } });
    // Orders again without their currency and cost columns keep both.
    await writeFile(join(dir, 'orders2.csv'), 'order_id,customer_id,date,amount\nO1,C1,2024-01-05,26.00\n');
    expect((await cli('import', '--orders', 'orders2.csv', '--db', 'shop.db')).code).toBe(0);
    expect((await loadStore(join(dir, 'shop.db'))).orders.get('O1')).toEqual({ id: 'O1', customerId: 'C1', date: '2024-01-05', amount: 26, currency: 'USD', costToServe: 3.5 });

    // An empty cell where a value is stored is a blanking: reported, and not applied by default.
    await writeFile(join(dir, 'blank.csv'), 'customer_id,email,city,tier\nC1,,Amersfoort,\nC2,anna@new.nl,,\n');
    const blank = await cli('import', '--customers', 'blank.csv', '--db', 'shop.db');
    expect(blank.code).toBe(0);
    expect(blank.report!.customers.blanked).toEqual({ cells: 3, applied: false, first: ['line 2: email', 'line 2: tier', 'line 3: city'] });
    expect(blank.stderr).toContain('blank.csv: 3 empty cells would clear stored values (line 2: email, line 2: tier, line 3: city); kept: run again with --allow-blanking to clear them');
    store = await loadStore(join(dir, 'shop.db'));
    expect(store.customers.get('C1')).toMatchObject({ email: 'jan@example.nl', city: 'Amersfoort', custom: { tier: 'gold', vip: 'yes' } });
    expect(store.customers.get('C2')).toMatchObject({ email: 'anna@new.nl', city: 'Zwolle' });

    const allowed = await cli('import', '--customers', 'blank.csv', '--db', 'shop.db', '--allow-blanking');
    expect(allowed.report!.customers.blanked).toMatchObject({ cells: 3, applied: true });
    store = await loadStore(join(dir, 'shop.db'));
    expect(store.customers.get('C1')?.email).toBeUndefined();
    expect(store.customers.get('C1')?.custom).toEqual({ vip: 'yes' });
    expect(store.customers.get('C2')?.city).toBeUndefined();
    expect(store.customers.get('C2')?.firstName).toBe('Anna');
  });

  it('reads 1.234 in a ;-separated file by the documented rule and says so (issue 12.3)', async () => {
    await writeFile(join(dir, 'klanten.csv'), 'customer_id\nK1\n');
    await writeFile(join(dir, 'bestellingen.csv'), 'order_id;customer_id;date;amount\r\nB1;K1;2024-03-01;1.234\r\nB2;K1;2024-03-02;250\r\n');
    const run = await cli('import', '--customers', 'klanten.csv', '--orders', 'bestellingen.csv', '--db', 'shop.db');
    expect(run.code).toBe(0);
    const note = 'amount: 1 value such as "1.234" could be read two ways and no value in the column settles it; read with "." as the thousands separator and "," as the decimal mark, as Dutch and German exports write them (1.234 = 1234; docs/FORMATS.md)';
    expect(run.report!.orders.notes).toEqual([note]);
    expect(run.stderr).toBe(`bestellingen.csv: ${note}\n`);
    expect((await loadStore(join(dir, 'shop.db'))).orders.get('B1')?.amount).toBe(1234);
  });

  it('reports a stray quote at its line and imports the rows after it; names a row cut by the end of the file (issues 12.4, 12.5)', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => (i === 2 ? 'C3,"Bad name,Last3' : `C${i + 1},Name${i + 1},Last${i + 1}`));
    await writeFile(join(dir, 'stray.csv'), `customer_id,first_name,last_name\n${rows.join('\n')}\nC11,Cut`);
    const run = await cli('import', '--customers', 'stray.csv', '--db', 'shop.db');
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^stray\.csv:4: \(row\): .*unbalanced quote \(".*reading goes on at line 5$/),
      'stray.csv:12: (row): file ends mid-row: 2 of 3 values and no line end (the file may have been cut short)',
    ]);
    expect(run.report!.customers).toMatchObject({ ok: 9, bad: 2 });
    expect([...(await loadStore(join(dir, 'shop.db'))).customers.keys()]).toEqual(['C1', 'C2', 'C4', 'C5', 'C6', 'C7', 'C8', 'C9', 'C10']);
  });

  it('suggests --orders-map for an orders file and names an empty file (issue 12.12)', async () => {
    await writeFile(join(dir, 'c.csv'), 'customer_id\nC1\n');
    await writeFile(join(dir, 'bestellingen.csv'), 'nummer,klant,datum,bedrag\n1,C1,2024-01-01,5\n');
    const orders = await cli('import', '--customers', 'c.csv', '--orders', 'bestellingen.csv', '--db', 'shop.db');
    expect(orders.code).toBe(1);
    expect(orders.stderr).toContain('earshot import: bestellingen.csv:1: no order_id, customer_id, date, amount column in the header (nummer, klant, datum, bedrag); map one, e.g. --orders-map order_id=<your header>');
    await writeFile(join(dir, 'leeg.csv'), '');
    const empty = await cli('import', '--customers', 'leeg.csv', '--db', 'shop.db');
    expect(empty.stderr).toContain('earshot import: leeg.csv: the file is empty: expected a header row');
  });

  it('never prints control characters from a file raw: ESC, OSC, CSI and bidi overrides are shown escaped (issue 12.10)', async () => {
    const hostile = '\x1b]0;owned\x07\x1b[2J\u009b31m\u202eevil\r\nfake line';
    await writeFile(join(dir, 'evil.csv'), `customer_id,email,"${hostile}"\nC1,"${hostile}",x\nC2,ok@example.nl,\n`);
    const run = await cli('import', '--customers', 'evil.csv', '--db', 'shop.db');
    expect(run.code).toBe(0);
    for (const out of [run.stderr, run.stdout]) expect(out).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]/);
    expect(run.stderr.trim().split('\n')).toEqual([
      'evil.csv:3: email: "\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\u{202e}evil\\x0d\\x0afake line" is not an email address',
    ]);
    // The header, an input too, as the command line reports it in its summary and errors.
    await writeFile(join(dir, 'noid.csv'), `"${hostile}"\n1\n`);
    const missing = await cli('import', '--customers', 'noid.csv', '--db', 'shop.db');
    expect(missing.stderr).toContain('no customer_id column in the header (\\x1b]0;owned\\x07');
    expect(missing.stderr).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]/);
  });

  it('refuses a database file cut at a line end, naming what is missing; reads an older one with a warning (issue 12.7)', async () => {
    await writeFile(join(dir, 'c.csv'), `customer_id,first_name\n${Array.from({ length: 50 }, (_, i) => `C${i},N${i}`).join('\n')}\n`);
    await writeFile(join(dir, 'o.csv'), `order_id,customer_id,date,amount\n${Array.from({ length: 80 }, (_, i) => `O${i},C${i % 50},2024-01-01,5`).join('\n')}\n`);
    expect((await cli('import', '--customers', 'c.csv', '--orders', 'o.csv', '--db', 'shop.db')).code).toBe(0);
    const whole = await readFile(join(dir, 'shop.db'), 'utf8');
    const lines = whole.split('\n');
    await writeFile(join(dir, 'cut.db'), `${lines.slice(0, 60).join('\n')}\n`);
    const cut = await cli('import', '--customers', 'c.csv', '--db', 'cut.db');
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/^earshot import: .*cut\.db: the file ends after line 60 without its closing line: it was cut short after 9 orders; the rest of the orders and the tables after them \(profiles, .*\) are missing$/m);

    // A database file written before the closing line existed: read, with a warning, and written anew with one.
    const old = [lines[0]!.replace('"version":2', '"version":1'), ...lines.slice(1, -2)].join('\n') + '\n';
    await writeFile(join(dir, 'old.db'), old);
    const upgraded = await cli('import', '--customers', 'c.csv', '--db', 'old.db');
    expect(upgraded.code).toBe(0);
    expect(upgraded.stderr).toContain('old.db: written by an Earshot from before backups carried a checksum: whether the file is whole could not be checked');
    expect((await loadStore(join(dir, 'old.db'))).orders.size).toBe(80);
    expect((await readFile(join(dir, 'old.db'), 'utf8')).trimEnd().split('\n').at(-1)).toMatch(/^\{"end":"earshot-db"/);
  });

  it('names a missing input file', async () => {
    const run = await cli('import', '--customers', 'nope.csv', '--db', 'shop.db');
    expect(run.stderr).toContain('--customers nope.csv: no such file');
  });
});

describe('earshot sample', () => {
  it('writes the same CRM for the same seed', async () => {
    await cli('sample', '--out', 'a', '--customers', '50');
    await cli('sample', '--out', 'b', '--customers', '50');
    const a = await readFile(join(dir, 'a', 'customers.csv'), 'utf8');
    expect(a).toBe(await readFile(join(dir, 'b', 'customers.csv'), 'utf8'));
    expect(a.split('\r\n')[0]).toBe('customer_id,first_name,last_name,email,phone,city,country,company,website,handles,do_not_profile');
    // And the sample imports cleanly.
    const run = await cli('import', '--customers', 'a/customers.csv', '--orders', 'a/orders.csv', '--db', 'sample.db');
    expect(run.stderr).toBe('');
    expect(run.report!.customers.ok).toBe(50);
  });
});
