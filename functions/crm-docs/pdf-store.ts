/**
 * PDFs of quotes and invoices in S3. A document that left the draft state is rendered once and stored at
 * crm/docs/{docId}/{sha256}.pdf (the renderer gives the same bytes for the same document, so a second render after a
 * lost record update lands on the same key); its key is kept on the record (`pdf`). Drafts are rendered on demand
 * with a DRAFT mark at crm/docs/{docId}/draft-{sha256}.pdf. Links are 5-minute presigned GETs, shown inline.
 */
import { createHash } from 'node:crypto';
import { isConditionFailure } from '../../shared/data/versioning';
import { getObjectBytes, presignGet, putObject } from '../../shared/drive/storage';
import type { SettingsView } from '../../shared/crm/contract';
import { DOC_LIMITS, type DocType, type PdfLink } from '../../shared/crm/documents-contract';
import { renderDocumentPdf, type PdfInput } from '../../shared/crm/pdf/render';
import { Records } from '../../shared/crm/record-entity';
import type { UserContext } from '../../shared/auth/claims';
import { sellerOf, type DocItem } from './doc-entity';
import { load, localDate } from './doc-service';

/** A draft (or a document cancelled before it got a number) prints with the DRAFT mark. */
export const printsAsDraft = (doc: DocItem) => doc.status === 'draft' || !doc.number;

export function pdfInput(doc: DocItem, settings: SettingsView): PdfInput {
  const draft = printsAsDraft(doc);
  return {
    type: doc.type,
    number: doc.number ?? null,
    language: doc.language,
    currency: doc.currency,
    issueDate: doc.issueDate ?? (draft ? localDate(doc.updatedAt) : null),
    dueDate: doc.dueDate ?? null,
    seller: sellerOf(doc, settings),
    buyer: doc.buyer,
    lines: doc.lines,
    totals: doc.totals,
    notes: doc.notes ?? null,
    draft,
    date: doc.issuedAt ?? doc.updatedAt,
  };
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
export const pdfFileName = (doc: DocItem) =>
  `${doc.number ?? (doc.type === 'invoice' ? 'invoice-draft' : 'quote-draft')}.pdf`;

/**
 * The stored PDF of a document that left the draft state: rendered and stored when it has none yet, its key then
 * written on the record (no version bump: derived data; a lost race only means a later render of the same bytes).
 * `keepOnRecord: false` when the caller's own write stores it (a quote leaving the draft state on send).
 */
export async function storeIssuedPdf(
  doc: DocItem,
  settings: SettingsView,
  opts: { keepOnRecord?: boolean } = {},
): Promise<{ doc: DocItem; bytes: Uint8Array }> {
  if (doc.pdf) return { doc, bytes: await getObjectBytes(doc.pdf.key) };
  const bytes = await renderDocumentPdf(pdfInput(doc, settings));
  const hash = sha256(bytes);
  const pdf = { key: `crm/docs/${doc.id}/${hash}.pdf`, hash, renderedAt: new Date().toISOString() };
  await putObject(pdf.key, Buffer.from(bytes), 'application/pdf');
  if (opts.keepOnRecord === false) return { doc: { ...doc, pdf }, bytes };
  try {
    await Records()
      .patch({ id: doc.id })
      .set({ pdf })
      .where(({ version }, { eq }) => eq(version, doc.version))
      .go();
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
  }
  return { doc: { ...doc, pdf }, bytes };
}

/** GET …/pdf: a 5-minute inline link; drafts are rendered now (DRAFT mark). */
export async function pdfLink(
  user: Pick<UserContext, 'sub' | 'isAdmin'>,
  type: DocType,
  docId: string,
): Promise<PdfLink> {
  const { doc, vis } = await load(user, docId, type);
  let key: string;
  if (printsAsDraft(doc)) {
    const bytes = await renderDocumentPdf(pdfInput(doc, vis.settings));
    key = `crm/docs/${doc.id}/draft-${sha256(bytes)}.pdf`;
    await putObject(key, Buffer.from(bytes), 'application/pdf');
  } else key = doc.pdf?.key ?? (await storeIssuedPdf(doc, vis.settings)).doc.pdf!.key;
  const url = await presignGet(key, pdfFileName(doc), 'application/pdf', true);
  return { url, expiresAt: new Date(Date.now() + DOC_LIMITS.pdfLinkSeconds * 1000).toISOString() };
}
