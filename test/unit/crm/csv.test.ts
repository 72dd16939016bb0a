import { describe, expect, it } from 'vitest';
import { CsvParser, csvDataField, csvField, detectDelimiter, parseCsv, type CsvRecord } from '../../../lib/crm/csv';
import { customerCsvLine } from '../../../lib/crm/formats';

async function all(text: string | string[]): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of parseCsv(typeof text === 'string' ? [text] : text)) out.push(r);
  return out;
}

describe('CsvParser', () => {
  it('reads a plain file with CRLF line ends and a final line without one', async () => {
    const records = await all('a,b,c\r\n1,2,3\r\n4,5,6');
    expect(records.map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['4', '5', '6'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it('strips the UTF-8 byte order mark Excel writes', async () => {
    const [header] = await all('\uFEFFcustomer_id,email\n1,a@b.nl\n');
    expect(header!.fields[0]).toBe('customer_id');
  });

  it('keeps quoted separators, escaped quotes and newlines, and numbers lines physically', async () => {
    const text = 'id,note\n1,"one, ""two""\nthree"\n2,plain\n3,"a\r\nb"\n4,x\n';
    const records = await all(text);
    expect(records.map((r) => r.fields)).toEqual([
      ['id', 'note'],
      ['1', 'one, "two"\nthree'],
      ['2', 'plain'],
      ['3', 'a\r\nb'],
      ['4', 'x'],
    ]);
    // Record 2 starts on line 4 because record 1 spans lines 2-3; record 4 starts on line 7.
    expect(records.map((r) => r.line)).toEqual([1, 2, 4, 5, 7]);
  });

  it('gives the same records whatever the chunk boundaries', async () => {
    const text = 'id;naam;bedrag\r\n1;"Jan ""de"" Vries";12,50\r\n2;"regel\r\ntwee";3\r\n\r\n3;x;"4"\r\n';
    const whole = await all(text);
    for (let size = 1; size <= 7; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(await all(chunks)).toEqual(whole);
    }
    expect(whole.map((r) => r.line)).toEqual([1, 2, 3, 6]);
  });

  it('detects ; from a Dutch Excel export and tab from a TSV', () => {
    expect(detectDelimiter('klantnummer;voornaam;achternaam')).toBe(';');
    expect(detectDelimiter('id\tname\temail')).toBe('\t');
    expect(detectDelimiter('"a;b",c,d')).toBe(',');
    expect(detectDelimiter('single')).toBe(',');
  });

  it('skips blank lines but keeps counting them', async () => {
    const records = await all('a,b\n\n\n1,2\n');
    expect(records.map((r) => r.line)).toEqual([1, 4]);
  });

  it('reports an unterminated quote at the line where the record starts', async () => {
    const records = await all('a,b\n1,"never closed\n2,3\n');
    expect(records[1]).toMatchObject({ line: 2, problem: expect.stringContaining('never closed') });
  });

  it('reports a stray quote once and reads the lines it took in again, whatever the chunks (issue 12.4)', async () => {
    // The stray quote on line 2 is closed by the inch mark on line 4, in another column.
    const text = 'id,name,city\r\n1,"Jan,Utrecht\r\n2,Piet,Zwolle\r\n3,Monitor,Delft 27"\r\n4,"Anna\r\nMaria",Ede\r\n5,Sanne,Ede';
    const whole = await all(text);
    expect(whole.map((r) => [r.line, r.problem ? 'bad' : r.fields.join('|')])).toEqual([
      [1, 'id|name|city'],
      [2, 'bad'],
      [3, '2|Piet|Zwolle'],
      [4, '3|Monitor|Delft 27"'],
      [5, '4|Anna\r\nMaria|Ede'],
      [7, '5|Sanne|Ede'],
    ]);
    expect(whole[1]!.problem).toContain('unbalanced quote (") on this line');
    for (let size = 1; size <= 9; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(await all(chunks)).toEqual(whole);
    }
  });

  it('says which record the file ends in without a line end (issue 12.5)', async () => {
    expect((await all('a,b\n1,2')).map((r) => r.unterminated)).toEqual([undefined, true]);
    expect((await all('a,b\n1,2\n')).map((r) => r.unterminated)).toEqual([undefined, undefined]);
  });

  it('flags text after a closing quote but keeps the text', async () => {
    const parser = new CsvParser({ delimiter: ',' });
    const records = [...parser.push('"abc"def,x\n'), ...parser.end()];
    expect(records[0]).toMatchObject({ fields: ['abcdef', 'x'], problem: expect.any(String) });
  });

  it('handles a lone CR as a line end (old Mac exports)', async () => {
    const records = await all('a,b\r1,2\r3,4');
    expect(records.map((r) => [r.line, ...r.fields])).toEqual([
      [1, 'a', 'b'],
      [2, '1', '2'],
      [3, '3', '4'],
    ]);
  });
});

describe('csvField', () => {
  it('quotes what needs quoting and neutralises spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('-12.5')).toBe('-12.5');
    expect(csvField(undefined)).toBe('');
  });
});

describe('csvDataField: data files for a CRM keep their values as they are', () => {
  it('quotes what needs quoting and leaves a leading + - = @ alone', () => {
    expect(csvDataField('+31 6 12345678')).toBe('+31 6 12345678');
    expect(csvDataField('=x, y')).toBe('"=x, y"');
    expect(csvDataField('say "hi"')).toBe('"say ""hi"""');
    expect(csvDataField(null)).toBe('');
  });

  it('customers.csv writes a phone number without the spreadsheet guard', () => {
    const line = customerCsvLine({
      id: 'C1',
      firstName: 'Anna',
      lastName: 'de Vries',
      phone: '+31 6 12345678',
      handles: [],
      custom: {},
      source: 'csv',
      updatedAt: 0,
    });
    expect(line.split(',')[4]).toBe('+31 6 12345678');
  });
});
