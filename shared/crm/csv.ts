/**
 * CSV for the CRM import/export (csv-parse / csv-stringify), built for resumable slices:
 *
 * - The parser runs on the raw bytes with `encoding: 'latin1'` (one byte = one char, lossless), and each field is
 *   re-encoded to its bytes and decoded with the file's real encoding (UTF-8 or windows-1250). Delimiters and quotes
 *   are ASCII in both, so csv-parse's `info.bytes` (bytes consumed up to the end of the record, its line break
 *   included) are exact source offsets: a slice that starts at `start` and stops after a record whose
 *   `info.bytes` is b resumes at `start + b`, and the next slice yields exactly the remaining records — also
 *   with quoted line breaks, CRLF, a BOM (skipped by the header's `dataOffset`) and `;`.
 * - (`encoding: null` would be the obvious choice, but csv-parse 7 then crashes building its error message for a
 *   malformed record.)
 * - Preview: encoding (BOM / valid UTF-8 / else windows-1250), delimiter (the most frequent of `,` `;` tab outside
 *   quotes in the header line), header columns, the data offset and the first rows.
 */
import { Readable } from 'node:stream';
import { parse, type Info } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Delimiter, Encoding } from './intake-contract';

export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function detectEncoding(head: Buffer): { encoding: Encoding; bomLength: number } {
  if (head.subarray(0, 3).equals(UTF8_BOM)) return { encoding: 'utf-8', bomLength: 3 };
  // Valid UTF-8? A multi-byte sequence cut by the 64 KiB window's end is allowed (up to 3 bytes dropped).
  for (let cut = 0; cut <= 3 && cut < head.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - cut));
      return { encoding: 'utf-8', bomLength: 0 };
    } catch {
      /* try a shorter prefix */
    }
  }
  return { encoding: 'windows-1250', bomLength: 0 };
}

/** The most frequent candidate outside quotes on the first line (ties: `;` then `,` then tab); `,` when none. */
export function detectDelimiter(head: Buffer): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const byte of head) {
    const c = String.fromCharCode(byte);
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c]++;
  }
  const max = Math.max(counts[';'], counts[','], counts['\t']);
  if (max === 0) return ',';
  return ([';', ',', '\t'] as const).find((d) => counts[d] === max)!;
}

export const decodeField = (latin1: string, encoding: Encoding): string => {
  const bytes = Buffer.from(latin1, 'latin1');
  return encoding === 'utf-8' ? bytes.toString('utf8') : new TextDecoder('windows-1250').decode(bytes);
};

const parserOptions = (delimiter: Delimiter) =>
  ({
    delimiter,
    encoding: 'latin1' as BufferEncoding,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    bom: false,
  }) as const;

export interface Preview {
  encoding: Encoding;
  delimiter: Delimiter;
  columns: string[];
  /** First byte after the header line (BOM included). */
  dataOffset: number;
  rows: string[][];
}

/**
 * Preview of a file's first bytes. `complete` = the head is the whole file (else the last, possibly cut,
 * record is dropped).
 */
export function previewCsv(head: Buffer, complete: boolean, maxRows = 20): Preview {
  const { encoding, bomLength } = detectEncoding(head);
  const body = head.subarray(bomLength);
  const delimiter = detectDelimiter(body);
  let records: { record: string[]; info: Info }[] = [];
  // A record cut by the window may make the parser fail at the end: retry on shorter prefixes (cut at a line break).
  let end = body.length;
  for (let attempt = 0; attempt < 8; attempt++) {
    try {
      records = parseSync(body.subarray(0, end), { ...parserOptions(delimiter), to: maxRows + 2 }) as unknown as {
        record: string[];
        info: Info;
      }[];
      break;
    } catch {
      const nl = body.lastIndexOf(0x0a, end - 2);
      if (nl <= 0) break;
      end = nl + 1;
    }
  }
  if (!complete && records.length > 1 && end === body.length) records = records.slice(0, -1);
  const [header, ...rest] = records;
  if (!header) return { encoding, delimiter, columns: [], dataOffset: head.length, rows: [] };
  const columns = header.record.map((f) => decodeField(f, encoding).trim());
  return {
    encoding,
    delimiter,
    columns,
    dataOffset: bomLength + header.info.bytes,
    rows: rest.slice(0, maxRows).map((r) => r.record.map((f) => decodeField(f, encoding))),
  };
}

export interface SliceRecord {
  fields: string[];
  /** Bytes from the slice's start to the end of this record (its line break included). */
  bytes: number;
}
export interface SliceProblem {
  /** Bytes consumed when the malformed record was dropped (approximate position). */
  bytes: number;
  message: string;
}

/**
 * The records of a byte stream that starts at a record boundary. Malformed records (csv-parse errors) are
 * reported through `onProblem` and skipped. Stop early by breaking out of the loop (the source is destroyed).
 */
export async function* readRecords(
  source: Readable | AsyncIterable<Buffer>,
  opts: { delimiter: Delimiter; encoding: Encoding; onProblem?: (p: SliceProblem) => void },
): AsyncGenerator<SliceRecord> {
  const input = source instanceof Readable ? source : Readable.from(source);
  const parser = parse(parserOptions(opts.delimiter));
  let lastBytes = 0;
  parser.on('skip', (err: Error & { code?: string }) => opts.onProblem?.({ bytes: lastBytes, message: err.message }));
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);
  try {
    for await (const r of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      lastBytes = r.info.bytes;
      yield { fields: r.record.map((f) => decodeField(f, opts.encoding)), bytes: r.info.bytes };
    }
  } finally {
    input.unpipe(parser);
    if (!input.destroyed) input.destroy();
    if (!parser.destroyed) parser.destroy();
  }
}

/**
 * CSV text of rows (header first), CRLF line breaks, every field quoted when needed. `bom` for Excel. Every cell
 * goes through `safeCell`, so no writer can forget the formula guard.
 */
export function toCsv(
  rows: readonly (readonly (string | number | null | undefined)[])[],
  opts: { bom?: boolean; delimiter?: Delimiter } = {},
): string {
  const text = stringify(
    rows.map((row) => row.map(safeCell)),
    {
      delimiter: opts.delimiter ?? ',',
      record_delimiter: 'windows',
    },
  );
  return (opts.bom ? '\uFEFF' : '') + text;
}

/** A cell a spreadsheet may run as a formula (OWASP CSV injection): it starts with = + - @, a tab or a CR. */
const FORMULA_START = /^[=+\-@\t\r]/;
/**
 * A plain number written the way JavaScript writes one (optional minus, digits, optional `.` and digits): kept as
 * is so it stays a number in the spreadsheet. Locale forms (`-1,5`, `-1.234,56`, `+5`) are not: a spreadsheet may
 * read them as an expression, so they are neutralised like any other text.
 */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Spreadsheet formula injection guard for exported cells (OWASP): a value starting with = + - @, tab or CR is
 * prefixed with an apostrophe so the spreadsheet shows it as text; only a cell that is WHOLLY a plain number
 * (e.g. `-12.5`) is kept. Phone numbers such as `+40 722 123 456` are prefixed too (a spreadsheet would otherwise
 * evaluate them). Idempotent: a guarded cell starts with the apostrophe.
 */
export const safeCell = (v: string | number | null | undefined): string => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
};

/**
 * The reverse of `safeCell` for imports: a file exported here and imported again gets `+40 722 …` back, not
 * `'+40 722 …` (which would no longer read as a phone). Only an apostrophe before a formula start is dropped.
 */
export const unguardCell = (s: string): string => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);
