/**
 * Quotes and invoices on the single table (CRM design §2.2, entity `crmRecord`, type quote | invoice). They are CRM
 * records like the others, so every row is built by shared/crm/records.ts (record, index rows per scope, counters)
 * and the deal's timeline and links show them; the fields below are this feature's own.
 *
 * | access pattern                              | how |
 * |---|---|
 * | a document                                  | GetItem CRM#{docId}/REC |
 * | my / a department's / all invoices, newest  | ONE Query GSI2 CRMS#{scope}#invoice (updatedAt order) |
 * | … by status                                 | ONE Query GSI1 CRMS#{scope}#invoice#_#{status} (updatedAt order) |
 * | … by number (numbered ones)                 | ONE Query GSI3 CRMS#{scope}#invoice (number order) |
 * | invoice by its number                       | GetItem CRMDOCNO#INV#{number}/NO → GetItem the invoice |
 * | next number                                 | GetItem CRMSEQ#{INV|QUO}#{yyyy}/SEQ (consistent) + the issue transaction (shared/crm/numbering.ts) |
 * | a deal's documents                          | ONE Query CRM#{dealId} begins_with LINK#INVOICE# / LINK#QUOTE# (H1's links route) |
 * | a document's PDF                            | S3 crm/docs/{docId}/{sha256}.pdf (issued, stored once) · crm/docs/{docId}/draft-{sha256}.pdf (drafts) |
 *
 * Every change is ONE TransactWriteItems: the record (condition version = :v), its index rows, the counters
 * (CRMTOT#{scope}#{type}#_ / {status}), the deal-side LINK row (so the deal's list shows the current status and
 * number) and `document` / `email` activities on the deal; issuing adds the number rows; paid adds the deal's move.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, strip, type Raw } from '../../shared/data/document';
import type {
  DocLanguage,
  DocStatus,
  DocSummary,
  DocType,
  DocumentView,
  LineView,
  Party,
  SellerSnapshot,
  Totals,
} from '../../shared/crm/documents-contract';
import type { SettingsView } from '../../shared/crm/contract';
import {
  isRecordRow,
  T,
  linkEndOf,
  linkPuts,
  recordKey,
  recordWriteItems,
  type DealRecord,
  type DocRecord,
  type IndexExtra,
  type TxItem,
} from '../../shared/crm/records';

export interface DocItem extends DocRecord {
  type: DocType;
  status: DocStatus;
  dealTitle: string;
  language: DocLanguage;
  priceMode: 'net';
  buyer: Party;
  /** Snapshot taken when the document stops being a draft (drafts show the current settings). */
  seller?: SellerSnapshot;
  lines: LineView[];
  totals: Totals;
  notes?: string;
  issueDate?: string;
  dueDate?: string;
  /** When it was issued (invoice) or first sent (quote): the PDF's date. */
  issuedAt?: string;
  fromQuoteId?: string;
  pdf?: { key: string; hash: string; renderedAt: string };
  sentAt?: string;
  sentTo?: string[];
  paidAt?: string;
  cancelReason?: string;
}

export const isDoc = (row: Raw | undefined, type?: DocType): row is Raw =>
  isRecordRow(row) && (row.type === 'invoice' || row.type === 'quote') && (!type || row.type === type);

export async function getRow(key: { PK: string; SK: string }, consistent = false): Promise<Raw | undefined> {
  const r = await db().send(
    new GetCommand({ TableName: T(), Key: key, ...(consistent ? { ConsistentRead: true } : {}) }),
  );
  return r.Item as Raw | undefined;
}

/** ONE GetItem: the document of this type, or null. */
export async function readDoc(docId: string, type?: DocType, consistent = false): Promise<DocItem | null> {
  const row = await getRow(recordKey(docId), consistent);
  return isDoc(row, type) ? strip<DocItem>(row) : null;
}

/** The seller as printed: the stored snapshot, or (drafts) the current settings. */
export function sellerOf(doc: DocItem, settings: SettingsView): SellerSnapshot {
  if (doc.seller) return doc.seller;
  const s = settings.seller;
  return {
    legalName: s.legalName ?? '',
    ...(s.vatId ? { vatId: s.vatId } : {}),
    ...(s.regNo ? { regNo: s.regNo } : {}),
    ...(s.address ? { address: s.address } : {}),
    ...(s.iban ? { iban: s.iban } : {}),
    ...(s.bank ? { bank: s.bank } : {}),
    ...(s.email ? { email: s.email } : {}),
    ...(s.phone ? { phone: s.phone } : {}),
  };
}

export function docView(doc: DocItem, settings: SettingsView): DocumentView {
  return {
    docId: doc.id,
    type: doc.type,
    dealId: doc.dealId,
    dealTitle: doc.dealTitle,
    number: doc.number ?? null,
    status: doc.status,
    currency: doc.currency,
    language: doc.language,
    priceMode: 'net',
    buyer: doc.buyer,
    seller: sellerOf(doc, settings),
    lines: doc.lines,
    totals: doc.totals,
    notes: doc.notes ?? null,
    issueDate: doc.issueDate ?? null,
    dueDate: doc.dueDate ?? null,
    fromQuoteId: doc.fromQuoteId ?? null,
    pdf: doc.pdf ? { hash: doc.pdf.hash, renderedAt: doc.pdf.renderedAt } : null,
    sentAt: doc.sentAt ?? null,
    sentTo: doc.sentTo ?? [],
    paidAt: doc.paidAt ?? null,
    cancelReason: doc.cancelReason ?? null,
    responsibleId: doc.responsibleId,
    responsibleName: doc.responsibleName,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    version: doc.version,
  };
}

/** Index rows carry the shared summary; documents add what their lists show beyond it. */
const DOC_INDEX_EXTRA = (doc: DocItem): IndexExtra => ({
  dealId: doc.dealId,
  dealTitle: doc.dealTitle,
  buyerName: doc.buyer.name,
  ...(doc.issueDate ? { issueDate: doc.issueDate } : {}),
  ...(doc.dueDate ? { dueDate: doc.dueDate } : {}),
});

/**
 * Everything a document change writes (create: old = null): records.ts's items (versioned record Put, index rows,
 * counters) with the documents' extra summary fields on the index rows, and the deal-side LINK row.
 */
export function docWriteItems(
  old: DocItem | null,
  next: DocItem,
  deal: Pick<DealRecord, 'id' | 'type' | 'title'> & Partial<DealRecord>,
  now: string,
): TxItem[] {
  const items = recordWriteItems(old, next, { indexExtra: DOC_INDEX_EXTRA(next) });
  const dealEnd = { type: 'deal' as const, id: deal.id, name: deal.title };
  const [onDeal, onDoc] = linkPuts(dealEnd, linkEndOf(next), now);
  items.push(onDeal);
  if (!old) items.push(onDoc);
  return items;
}

export function summaryFromRow(row: Raw): DocSummary {
  return {
    docId: row.id as string,
    type: row.type as DocType,
    number: (row.number as string | undefined) ?? null,
    status: row.status as DocStatus,
    dealId: (row.dealId as string | undefined) ?? '',
    dealTitle: (row.dealTitle as string | undefined) ?? '',
    buyerName: (row.buyerName as string | undefined) ?? '',
    currency: (row.currency as string | undefined) ?? '',
    total: (row.amountMinor as number | undefined) ?? 0,
    issueDate: (row.issueDate as string | undefined) ?? null,
    dueDate: (row.dueDate as string | undefined) ?? null,
    responsibleId: row.responsibleId as string,
    responsibleName: (row.responsibleName as string | undefined) ?? '',
    updatedAt: row.updatedAt as string,
    version: row.version as number,
  };
}
