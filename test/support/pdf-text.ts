/**
 * A tiny text extractor for the PDFs pdf-lib writes (tests only): for each page, the strings of its `Tj` operators in
 * drawing order, decoded through each font's ToUnicode CMap; and the CMaps themselves (glyph id → text).
 */
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFRef,
  type PDFObject,
} from 'pdf-lib';

export type CMap = Map<number, string>;

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const hexText = (hex: string) => {
  let s = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) s += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return s; // UTF-16BE code units (surrogates pair up on their own)
};

export function parseCMap(src: string): CMap {
  const map: CMap = new Map();
  for (const block of src.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
      map.set(parseInt(m[1]!, 16), hexText(m[2]!));
  }
  for (const block of src.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<([0-9A-Fa-f]+)>|\[([^\]]*)\])/g)) {
      const lo = parseInt(m[1]!, 16);
      const hi = parseInt(m[2]!, 16);
      if (m[4]) {
        const base = hexText(m[4]);
        const last = base.charCodeAt(base.length - 1);
        for (let c = lo; c <= hi; c++) map.set(c, base.slice(0, -1) + String.fromCharCode(last + (c - lo)));
      } else {
        const items = [...m[5]!.matchAll(/<([0-9A-Fa-f]+)>/g)].map((x) => hexText(x[1]!));
        items.forEach((t, k) => map.set(lo + k, t));
      }
    }
  }
  return map;
}

const streamText = (doc: PDFDocument, o: PDFObject | undefined): string => {
  const v = o instanceof PDFRef ? doc.context.lookup(o) : o;
  if (v instanceof PDFRawStream) return latin1(decodePDFRawStream(v).decode());
  if (v instanceof PDFArray)
    return v
      .asArray()
      .map((x) => streamText(doc, x))
      .join('\n');
  return '';
};

export interface PdfText {
  pageCount: number;
  /** Per page: the decoded string of each Tj, in order. */
  pages: string[][];
  /** Font resource name → its ToUnicode map. */
  cmaps: Map<string, CMap>;
  /** The raw ToUnicode CMap sources. */
  cmapSources: string[];
}

export async function pdfText(bytes: Uint8Array): Promise<PdfText> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const cmaps = new Map<string, CMap>();
  const cmapSources: string[] = [];
  const pages: string[][] = [];
  for (const page of doc.getPages()) {
    const fonts = page.node.Resources()?.lookup(PDFName.of('Font'), PDFDict);
    for (const [name, ref] of fonts?.entries() ?? []) {
      if (cmaps.has(name.asString())) continue;
      const font = doc.context.lookup(ref, PDFDict);
      const src = streamText(doc, font.get(PDFName.of('ToUnicode')));
      cmapSources.push(src);
      cmaps.set(name.asString(), parseCMap(src));
    }
    const content = streamText(doc, page.node.get(PDFName.of('Contents')));
    const out: string[] = [];
    let cmap: CMap | undefined;
    for (const m of content.matchAll(/(\/[^\s/]+)\s+[-\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj/g)) {
      if (m[1]) cmap = cmaps.get(m[1]);
      else {
        const hex = m[2]!;
        let s = '';
        for (let i = 0; i + 4 <= hex.length; i += 4) s += cmap?.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD';
        out.push(s);
      }
    }
    pages.push(out);
  }
  return { pageCount: pages.length, pages, cmaps, cmapSources };
}
