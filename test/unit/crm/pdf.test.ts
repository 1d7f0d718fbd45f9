/**
 * The quote/invoice PDF: Romanian diacritics survive (embedded DejaVu subset whose ToUnicode maps ș ț ă î â and
 * their capitals), 60 lines → 2 pages with the table header repeated, seller/buyer details, VAT summary and
 * totals printed in the document's language, DRAFT mark only on drafts, the same bytes for the same input.
 */
import { createHash } from 'node:crypto';
import type { LineInput } from '../../../shared/crm/documents-contract';
import { renderDocumentPdf, type PdfInput } from '../../../shared/crm/pdf/render';
import { computeDocument } from '../../../shared/crm/totals';
import { pdfText } from '../../support/pdf-text';

const line = (over: Partial<LineInput> = {}): LineInput => ({
  name: 'Consultanță tehnică',
  unit: 'HUR',
  quantityMilli: 1500,
  unitPriceMinor: 25_000,
  taxRateBp: 2100,
  ...over,
});

function input(lines: LineInput[], over: Partial<PdfInput> = {}): PdfInput {
  const { lines: computed, totals } = computeDocument(lines);
  return {
    type: 'invoice',
    number: 'INV2026-000042',
    language: 'ro',
    currency: 'RON',
    issueDate: '2026-11-27',
    dueDate: '2026-12-12',
    seller: {
      legalName: 'Ștefănescu Țesături S.R.L.',
      vatId: 'RO12345678',
      regNo: 'J40/123/2020',
      address: { street: 'Str. Mântuleasa 7', city: 'București', postalCode: '020000', country: 'RO' },
      iban: 'RO49AAAA1B31007593840000',
      bank: 'Banca Transilvania',
    },
    buyer: {
      name: 'Îngrijire Ăsta Înalt SA',
      vatId: 'RO87654321',
      address: { street: 'Bd. Ștefan cel Mare 1', city: 'Iași', country: 'RO' },
      contactName: 'Ana Țurcanu',
      email: 'ana@example.ro',
    },
    lines: computed,
    totals,
    notes: 'Plata în 15 zile.\nVă mulțumim!',
    draft: false,
    date: '2026-11-27T10:00:00.000Z',
    ...over,
  };
}

const all = (pages: string[][]) => pages.flat().join('\n');

it('embeds a font whose ToUnicode maps the Romanian letters, and the text reads back with them', async () => {
  const bytes = await renderDocumentPdf(input([line({ name: 'Țânțar, șnur, ăla, îi, Âș — ȘȚĂÎÂ' })]));
  expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  const t = await pdfText(bytes);
  const mapped = new Set([...t.cmaps.values()].flatMap((m) => [...m.values()]));
  for (const ch of ['\u0218', '\u0219', '\u021A', '\u021B', '\u0102', '\u0103', '\u00C2', '\u00E2', '\u00CE', '\u00EE'])
    expect(mapped).toContain(ch);
  const text = all(t.pages);
  expect(text).toContain('Țânțar, șnur, ăla, îi, Âș — ȘȚĂÎÂ');
  expect(text).toContain('Ștefănescu Țesături S.R.L.');
  expect(text).toContain('FACTURĂ');
  // No standard (WinAnsi) font is used: every font carries its own ToUnicode.
  expect(t.cmapSources.every((s) => s.includes('begincmap'))).toBe(true);
});

it('prints seller and buyer details, the numbers of each line, the VAT summary and the totals (ro formatting)', async () => {
  const lines = [
    line({ name: 'Laptop', unit: 'H87', quantityMilli: 2000, unitPriceMinor: 349_999, discount: { percentBp: 500 } }),
    line({ name: 'Carte', unit: 'H87', quantityMilli: 3000, unitPriceMinor: 4_550, taxRateBp: 1100 }),
  ];
  const t = await pdfText(await renderDocumentPdf(input(lines)));
  const text = all(t.pages);
  for (const s of [
    'INV2026-000042',
    '27.11.2026',
    '12.12.2026',
    'RO12345678',
    'J40/123/2020',
    'RO49AAAA1B31007593840000',
    'Ana Țurcanu',
    'Iași',
    'Mențiuni',
    'Vă mulțumim!',
  ])
    expect(text).toContain(s);
  // line 1: 2 × 3.499,99 − 5 % = 6.649,98; VAT 21 % base 6.649,98 → 1.396,50; 11 % base 136,50 → 15,02
  expect(t.pages[0]).toEqual(
    expect.arrayContaining(['3.499,99', '−5%', '6.649,98', '136,50', '21%', '11%', '1.396,50', '15,02']),
  );
  expect(t.pages[0]).toEqual(expect.arrayContaining(['6.786,48', '1.411,52', '8.198,00 RON', 'Total de plată']));
  expect(text).not.toContain('CIORNĂ');
});

it('60 lines → 2 pages, the table header on both, page numbers, totals after the last line', async () => {
  const lines = Array.from({ length: 60 }, (_, i) =>
    line({ name: `Serviciu ${i + 1}`, quantityMilli: 1000, unitPriceMinor: 100 * (i + 1) }),
  );
  const t = await pdfText(await renderDocumentPdf(input(lines, { language: 'en' })));
  expect(t.pageCount).toBe(2);
  for (const p of t.pages) {
    expect(p).toEqual(expect.arrayContaining(['Description', 'Unit price', 'VAT', 'Amount']));
  }
  expect(t.pages[0]).toContain('Page 1 of 2');
  expect(t.pages[1]).toContain('Page 2 of 2');
  expect(t.pages[1]).toContain('Serviciu 60');
  expect(t.pages[0]).not.toContain('Serviciu 60');
  // Every line is printed exactly once.
  const names = t.pages.flat().filter((s) => /^Serviciu \d+$/.test(s));
  expect(names).toHaveLength(60);
  // Σ 1..60 = 1830.00 net; 21 % = 384.30; total 2,214.30
  expect(t.pages[1]).toEqual(expect.arrayContaining(['1,830.00', '384.30', '2,214.30 RON', 'Total to pay']));
});

it('wraps long descriptions instead of running over the next column', async () => {
  const long =
    'Implementare sistem de gestiune a relațiilor cu clienții, inclusiv migrarea datelor și instruirea utilizatorilor în două sesiuni';
  const t = await pdfText(await renderDocumentPdf(input([line({ name: long })])));
  const parts = t.pages[0]!.filter((s) => long.includes(s) && s.length > 5);
  expect(parts.length).toBeGreaterThan(1);
  expect(parts.join(' ')).toBe(long);
});

it('drafts carry the DRAFT mark on every page; no number prints a dash', async () => {
  const lines = Array.from({ length: 60 }, (_, i) => line({ name: `Item ${i}` }));
  const t = await pdfText(await renderDocumentPdf(input(lines, { draft: true, number: null, language: 'en' })));
  expect(t.pageCount).toBe(2);
  for (const p of t.pages) expect(p).toContain('DRAFT');
  const ro = await pdfText(await renderDocumentPdf(input([line()], { draft: true, number: null })));
  expect(ro.pages[0]).toContain('CIORNĂ');
});

it('the same input gives the same bytes (the stored file is addressed by its hash)', async () => {
  const a = await renderDocumentPdf(input([line(), line({ name: 'Altceva' })]));
  const b = await renderDocumentPdf(input([line(), line({ name: 'Altceva' })]));
  const hash = (x: Uint8Array) => createHash('sha256').update(x).digest('hex');
  expect(hash(a)).toBe(hash(b));
  const c = await renderDocumentPdf(input([line(), line({ name: 'Altceva' })], { number: 'INV2026-000043' }));
  expect(hash(c)).not.toBe(hash(a));
});

it('JPY prints without decimals, quantities with up to 3', async () => {
  const t = await pdfText(
    await renderDocumentPdf(
      input([line({ quantityMilli: 1250, unitPriceMinor: 333, taxRateBp: 1000 })], { currency: 'JPY', language: 'en' }),
    ),
  );
  // 1.25 × ¥333 = 416.25 → ¥416; tax 10 % = 41.6 → 42; total 458
  expect(t.pages[0]).toEqual(expect.arrayContaining(['1.25', '333', '416', '42', '458 JPY']));
});

it('the unit column prints the unit as the screen shows it, in the document’s language, never the code', async () => {
  const lines = [
    line({ name: 'Licență', unit: 'C62' }),
    line({ name: 'Consultanță', unit: 'HUR' }),
    line({ name: 'Laptop', unit: 'H87' }),
  ];
  const ro = (await pdfText(await renderDocumentPdf(input(lines)))).pages[0]!;
  expect(ro).toEqual(expect.arrayContaining(['U.M.', 'buc.', 'oră', 'bucată', '(H87)']));
  expect(ro).not.toContain('C62');
  expect(ro).not.toContain('HUR');
  const en = (await pdfText(await renderDocumentPdf(input(lines, { language: 'en' })))).pages[0]!;
  expect(en).toEqual(expect.arrayContaining(['Unit', 'piece', 'hour', '(H87)']));
  expect(en).not.toContain('C62');
});
