/**
 * The PDF itself, loaded lazily through ./render.ts (pdf-lib + fontkit are 1.1 MB of the crm-docs bundle and only the
 * PDF paths need them).
 *
 * Quote / invoice PDF (CRM design §7): pdf-lib + @pdf-lib/fontkit with DejaVu Sans embedded (subset), because the
 * 14 standard PDF fonts are WinAnsi and cannot print ș ț ă î â. A4, fixed layout: header (title, number, dates,
 * currency), seller and buyer details, the line table (descriptions wrap; the table header repeats on every page),
 * VAT summary per rate, totals, notes, "Page n of m", and a diagonal DRAFT mark on drafts.
 *
 * Stable bytes: the same input gives the same file (no random font tag, dates taken from the input, fixed producer),
 * so an issued document's stored PDF is addressed by its SHA-256 (`crm/docs/{docId}/{hash}.pdf`).
 *
 * The font files come from the `dejavu-fonts-ttf` package, resolved at run time: the crm-docs manifest lists it in
 * `nativeModules`, so CDK installs it beside the Lambda bundle (esbuild does not bundle .ttf files), keeping only
 * the two files of ./fonts.ts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { degrees, PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { DocLanguage, DocType, LineView, Party, SellerSnapshot, Totals, Address } from '../documents-contract';
import { currencyDigits } from '../currencies';
import { minorToMajorString } from '../money';
import { FONT_FILES, FONT_PACKAGE } from './fonts';
import { unitText } from '../unit-labels';
import { PDF_LABELS, type PdfLabels } from './labels';

export interface PdfInput {
  type: DocType;
  number: string | null;
  language: DocLanguage;
  currency: string;
  issueDate: string | null;
  dueDate: string | null;
  seller: SellerSnapshot;
  buyer: Party;
  lines: readonly LineView[];
  totals: Totals;
  notes: string | null;
  /** Drafts carry a diagonal DRAFT mark on every page. */
  draft: boolean;
  /** ISO date-time written as the PDF's creation and modification date (keep it stable for stable bytes). */
  date: string;
}

let fonts: { regular: Uint8Array; bold: Uint8Array } | undefined;
/** The DejaVu Sans TTF files (read once per container). */
export function fontFiles(): { regular: Uint8Array; bold: Uint8Array } {
  if (!fonts) {
    const req = createRequire(import.meta.url);
    fonts = {
      regular: readFileSync(req.resolve(`${FONT_PACKAGE}/${FONT_FILES.regular}`)),
      bold: readFileSync(req.resolve(`${FONT_PACKAGE}/${FONT_FILES.bold}`)),
    };
  }
  return fonts;
}

const PAGE: [number, number] = [595.28, 841.89]; // A4
const M = 40;
const W = PAGE[0] - 2 * M;
const BOTTOM = M + 24; // the footer lives below this
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.4, 0.4, 0.45);
const RULE = rgb(0.82, 0.82, 0.85);
const SHADE = rgb(0.93, 0.94, 0.96);
const TABLE_SIZE = 8.5;
const TABLE_LEAD = 11;

type Align = 'left' | 'right';
interface Col {
  key: keyof PdfLabels['cols'];
  width: number;
  align: Align;
}
const FIXED: Col[] = [
  { key: 'no', width: 24, align: 'left' },
  { key: 'description', width: 0, align: 'left' },
  { key: 'unit', width: 46, align: 'left' },
  { key: 'quantity', width: 46, align: 'right' },
  { key: 'unitPrice', width: 66, align: 'right' },
  { key: 'discount', width: 54, align: 'right' },
  { key: 'vat', width: 38, align: 'right' },
  { key: 'amount', width: 76, align: 'right' },
];
const COLS: Col[] = FIXED.map((c) =>
  c.key === 'description' ? { ...c, width: W - FIXED.reduce((s, x) => s + x.width, 0) } : c,
);
const PAD = 3;

/** Control characters other than newline become spaces; text is NFC-normalised (ș typed as s + comma below → ș). */
const clean = (s: string) => s.normalize('NFC').replace(/\t/g, ' ').replace(/\r\n?/g, '\n');

export function wrapText(text: string, font: PDFFont, size: number, max: number): string[] {
  const out: string[] = [];
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= max;
  for (const para of clean(text).split('\n')) {
    let line = '';
    for (const word of para.split(/ +/).filter(Boolean)) {
      const cand = line ? `${line} ${word}` : word;
      if (fits(cand)) {
        line = cand;
        continue;
      }
      if (line) out.push(line);
      if (fits(word)) {
        line = word;
        continue;
      }
      let chunk = '';
      for (const ch of word) {
        if (chunk && !fits(chunk + ch)) {
          out.push(chunk);
          chunk = ch;
        } else chunk += ch;
      }
      line = chunk;
    }
    out.push(line);
  }
  return out;
}

/** Formatting of the document's language: amounts without the currency code (it is printed once in the header). */
export function formatters(language: DocLanguage, currency: string) {
  const locale = language === 'ro' ? 'ro-RO' : 'en-GB';
  const digits = currencyDigits(currency);
  const money = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const qty = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
  const pct = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const dec = (n: number, scale: number) => {
    const neg = n < 0;
    const s = String(Math.abs(n)).padStart(scale + 1, '0');
    return `${neg ? '-' : ''}${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
  };
  // Intl formats decimal strings exactly (no float on the way).
  const fmt = (f: Intl.NumberFormat, s: string) => f.format(s as unknown as number);
  return {
    amount: (minor: number) => fmt(money, minorToMajorString(minor, currency)),
    quantity: (milli: number) => fmt(qty, dec(milli, 3)),
    percent: (bp: number) => `${fmt(pct, dec(bp, 2))}%`,
    date: (iso: string | null) => {
      if (!iso) return '';
      const [y, m, d] = iso.slice(0, 10).split('-');
      return language === 'ro' ? `${d}.${m}.${y}` : `${d}/${m}/${y}`;
    },
  };
}

const addressLines = (a: Address | string | undefined): string[] => {
  if (!a) return [];
  if (typeof a === 'string') return clean(a).split('\n').filter(Boolean);
  const cityLine = [a.postalCode, a.city].filter(Boolean).join(' ');
  return [a.street, [cityLine, a.region].filter(Boolean).join(', '), a.country].filter((s): s is string => !!s);
};

/** Renders the document; the same input gives the same bytes. */
export async function renderDocumentPdf(input: PdfInput): Promise<Uint8Array> {
  const L = PDF_LABELS[input.language];
  const f = formatters(input.language, input.currency);
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const files = fontFiles();
  const regular = await doc.embedFont(files.regular, { subset: true, customName: 'DejaVuSans' });
  const bold = await doc.embedFont(files.bold, { subset: true, customName: 'DejaVuSans-Bold' });
  const title = L.title[input.type];
  const when = new Date(input.date);
  doc.setTitle(`${title} ${input.number ?? L.draft}`.trim());
  doc.setAuthor(clean(input.seller.legalName));
  doc.setSubject(`${title} ${input.number ?? ''} ${clean(input.buyer.name)}`.trim());
  doc.setProducer('portal CRM (pdf-lib)');
  doc.setCreator('portal CRM');
  doc.setLanguage(input.language === 'ro' ? 'ro-RO' : 'en-GB');
  doc.setCreationDate(when);
  doc.setModificationDate(when);

  let page: PDFPage = doc.addPage(PAGE);
  let y = PAGE[1] - M;

  const text = (s: string, x: number, yy: number, size: number, font: PDFFont = regular, color = INK) =>
    page.drawText(clean(s), { x, y: yy, size, font, color });
  const right = (s: string, xRight: number, yy: number, size: number, font: PDFFont = regular, color = INK) =>
    text(s, xRight - font.widthOfTextAtSize(clean(s), size), yy, size, font, color);

  // ---- header -------------------------------------------------------------------------------------------
  const sellerName = wrapText(input.seller.legalName, bold, 12, W / 2 - 10);
  let ly = y;
  for (const l of sellerName) {
    ly -= 14;
    text(l, M, ly, 12, bold);
  }
  let ry = y - 18;
  right(title, M + W, ry, 18, bold);
  const meta: [string, string][] = [
    [L.number, input.number ?? '—'],
    [L.issueDate, f.date(input.issueDate)],
    ...(input.dueDate ? ([[L.dueDate[input.type], f.date(input.dueDate)]] as [string, string][]) : []),
    [L.currency, input.currency],
  ];
  ry -= 6;
  for (const [k, v] of meta) {
    ry -= 12;
    right(v, M + W, ry, 9, bold);
    right(`${k} `, M + W - bold.widthOfTextAtSize(clean(v), 9), ry, 9, regular, MUTED);
  }
  y = Math.min(ly, ry) - 22;

  // ---- parties ------------------------------------------------------------------------------------------
  const colW = W / 2 - 12;
  const party = (x: number, label: string, name: string, details: string[]) => {
    let py = y;
    text(label.toUpperCase(), x, py, 7.5, bold, MUTED);
    py -= 4;
    for (const l of wrapText(name, bold, 10, colW)) {
      py -= 13;
      text(l, x, py, 10, bold);
    }
    for (const d of details) {
      for (const l of wrapText(d, regular, 8.5, colW)) {
        py -= 11;
        text(l, x, py, 8.5);
      }
    }
    return py;
  };
  const s = input.seller;
  const sellerDetails = [
    s.vatId ? `${L.vatId}: ${s.vatId}` : '',
    s.regNo ? `${L.regNo}: ${s.regNo}` : '',
    ...addressLines(s.address),
    s.iban ? `${L.iban}: ${s.iban}` : '',
    s.bank ? `${L.bank}: ${s.bank}` : '',
    s.email ? `${L.email}: ${s.email}` : '',
    s.phone ? `${L.phone}: ${s.phone}` : '',
  ].filter(Boolean);
  const b = input.buyer;
  const buyerDetails = [
    b.vatId ? `${L.vatId}: ${b.vatId}` : '',
    b.regNo ? `${L.regNo}: ${b.regNo}` : '',
    ...addressLines(b.address),
    b.contactName ? `${L.contact}: ${b.contactName}` : '',
    b.email ? `${L.email}: ${b.email}` : '',
    b.phone ? `${L.phone}: ${b.phone}` : '',
  ].filter(Boolean);
  const py1 = party(M, L.seller, s.legalName, sellerDetails);
  const py2 = party(M + W / 2 + 12, L.buyer, b.name, buyerDetails);
  y = Math.min(py1, py2) - 20;

  // ---- line table ---------------------------------------------------------------------------------------
  const colX = (i: number) => M + COLS.slice(0, i).reduce((a, c) => a + c.width, 0);
  const cell = (i: number, s2: string, yy: number, font: PDFFont = regular, color = INK) => {
    const c = COLS[i]!;
    if (c.align === 'right') right(s2, colX(i) + c.width - PAD, yy, TABLE_SIZE, font, color);
    else text(s2, colX(i) + PAD, yy, TABLE_SIZE, font, color);
  };
  const tableHeader = () => {
    const h = 16;
    page.drawRectangle({ x: M, y: y - h, width: W, height: h, color: SHADE });
    COLS.forEach((c, i) => cell(i, L.cols[c.key], y - h + 5, bold));
    y -= h;
  };
  const newPage = (withTableHeader: boolean) => {
    page = doc.addPage(PAGE);
    y = PAGE[1] - M;
    text(`${title} ${input.number ?? ''}`.trim(), M, y - 10, 9, bold, MUTED);
    right(`${clean(input.buyer.name)} · ${L.continued}`, M + W, y - 10, 8, regular, MUTED);
    y -= 26;
    if (withTableHeader) tableHeader();
  };

  tableHeader();
  const descW = COLS[1]!.width - 2 * PAD;
  const unitW = COLS[2]!.width - 2 * PAD;
  input.lines.forEach((line, i) => {
    const desc = wrapText(line.name, regular, TABLE_SIZE, descW);
    // The unit as the screen shows it, in the document's language ("buc.", not the code "C62").
    const unit = wrapText(unitText(input.language, line.unit), regular, TABLE_SIZE, unitW);
    const h = Math.max(desc.length, unit.length) * TABLE_LEAD + 6;
    if (y - h < BOTTOM) newPage(true);
    const top = y - TABLE_LEAD + 1;
    cell(0, String(i + 1), top);
    desc.forEach((l, k) => text(l, colX(1) + PAD, top - k * TABLE_LEAD, TABLE_SIZE));
    unit.forEach((l, k) => text(l, colX(2) + PAD, top - k * TABLE_LEAD, TABLE_SIZE));
    cell(3, f.quantity(line.quantityMilli), top);
    cell(4, f.amount(line.unitPriceMinor), top);
    const disc = !line.discount
      ? ''
      : 'percentBp' in line.discount
        ? `−${f.percent(line.discount.percentBp)}`
        : `−${f.amount(line.discountMinor)}`;
    cell(5, disc, top);
    cell(6, f.percent(line.taxRateBp), top);
    cell(7, f.amount(line.netMinor), top);
    y -= h;
    page.drawLine({ start: { x: M, y }, end: { x: M + W, y }, thickness: 0.5, color: RULE });
  });

  // ---- VAT summary and totals ---------------------------------------------------------------------------
  const groups = input.totals.taxGroups;
  const need = 24 + Math.max(groups.length * 12 + 28, 3 * 14 + 12);
  if (y - need < BOTTOM) newPage(false);
  y -= 18;
  const top = y;
  // left: VAT summary
  const sx = [M, M + 50, M + 160, M + 250];
  text(L.taxSummary, M, y, 9, bold);
  y -= 14;
  text(L.rate, sx[0]!, y, 8, bold, MUTED);
  right(L.base, sx[2]!, y, 8, bold, MUTED);
  right(L.tax, sx[3]!, y, 8, bold, MUTED);
  for (const g of groups) {
    y -= 12;
    text(f.percent(g.rateBp), sx[0]!, y, 8.5);
    right(f.amount(g.base), sx[2]!, y, 8.5);
    right(f.amount(g.tax), sx[3]!, y, 8.5);
  }
  const leftEnd = y;
  // right: totals
  y = top;
  const tx = M + W;
  const labelX = M + W - 110;
  const totalRow = (label: string, value: string, size: number, font: PDFFont) => {
    right(label, labelX, y, size, font, font === bold ? INK : MUTED);
    right(value, tx, y, size, font);
  };
  totalRow(L.net, f.amount(input.totals.net), 9, regular);
  y -= 14;
  totalRow(L.totalTax, f.amount(input.totals.tax), 9, regular);
  y -= 6;
  page.drawLine({ start: { x: labelX - 120, y }, end: { x: tx, y }, thickness: 0.8, color: INK });
  y -= 14;
  totalRow(L.total, `${f.amount(input.totals.total)} ${input.currency}`, 11, bold);
  y = Math.min(leftEnd, y) - 24;

  // ---- notes --------------------------------------------------------------------------------------------
  if (input.notes?.trim()) {
    const noteLines = wrapText(input.notes, regular, 8.5, W);
    if (y - 24 < BOTTOM) newPage(false);
    text(L.notes, M, y, 9, bold);
    y -= 4;
    for (const l of noteLines) {
      if (y - 11 < BOTTOM) newPage(false);
      y -= 11;
      text(l, M, y, 8.5);
    }
  }

  // ---- footer and DRAFT mark on every page --------------------------------------------------------------
  const pages = doc.getPages();
  pages.forEach((p, i) => {
    page = p;
    page.drawLine({ start: { x: M, y: M + 12 }, end: { x: M + W, y: M + 12 }, thickness: 0.5, color: RULE });
    text(`${clean(input.seller.legalName)} · ${title} ${input.number ?? ''}`.trim(), M, M, 7.5, regular, MUTED);
    right(L.page(i + 1, pages.length), M + W, M, 7.5, regular, MUTED);
    if (input.draft) {
      const size = 96;
      const w = bold.widthOfTextAtSize(L.draft, size);
      const angle = 35;
      const rad = (angle * Math.PI) / 180;
      const cx = PAGE[0] / 2 - (w / 2) * Math.cos(rad) + (size / 3) * Math.sin(rad);
      const cy = PAGE[1] / 2 - (w / 2) * Math.sin(rad) - (size / 3) * Math.cos(rad);
      page.drawText(L.draft, {
        x: cx,
        y: cy,
        size,
        font: bold,
        color: rgb(0.85, 0.2, 0.2),
        opacity: 0.15,
        rotate: degrees(angle),
      });
    }
  });

  return doc.save({ useObjectStreams: true, addDefaultPage: false, updateFieldAppearances: false });
}
