/**
 * Quotes and invoices: lists, reads, drafts, issue (gap-free number + stored PDF), paid (+ the deal won in the same
 * transaction), cancel, quote decisions. Sending lives in ./send-service.ts, PDFs in ./pdf-store.ts.
 * Visibility is the deal's (the document carries the deal's responsible and department): admins, the responsible,
 * people who see the department; anyone else gets 404 as if it did not exist.
 */
import { transaction } from '../../shared/data/transaction';
import { ulid } from 'ulid';
import type { UserContext } from '../../shared/auth/claims';
import { batchGet } from '../../shared/data/batch-get';
import { openKey, sealKey, strip, type Raw } from '../../shared/data/document';
import { query } from '../../shared/data/query';
import { isConditionFailure } from '../../shared/data/versioning';
import { AppError, BadRequestError, ConflictError, NotFoundError, UnprocessableError } from '../../shared/http/errors';
import type { DealLine } from '../../shared/crm/contract';
import type {
  CancelBody,
  CreateInvoiceBody,
  CreateQuoteBody,
  DocListQuery,
  DocPage,
  DocStatus,
  DocType,
  DocumentView,
  LineInput,
  PaidBody,
  Party,
  PatchDocBody,
  QuoteStatusBody,
} from '../../shared/crm/documents-contract';
import { dealTransition } from '../../shared/crm/deal-transition';
import { columnKey, productPk, PROD_SK, typeKey } from '../../shared/crm/keys';
import { docNoKey, NumberingRefused, takeNumber } from '../../shared/crm/numbering';
import { readPipeline, wonStage } from '../../shared/crm/pipeline-entity';
import {
  canSee,
  parseScope,
  refreshFor,
  scopeAllowed,
  scopeForbidden,
  scopeKeyOf,
  visibility,
  type Visibility,
} from '../../shared/crm/policy';
import {
  activityPut,
  CRM_COMMIT,
  isRecordRow,
  recordKey,
  type DealRecord,
  type TxItem,
} from '../../shared/crm/records';
import { computeDocument, MoneyRangeError } from '../../shared/crm/totals';
import { docView, docWriteItems, getRow, readDoc, sellerOf, summaryFromRow, type DocItem } from './doc-entity';
import { storeIssuedPdf } from './pdf-store';
import { noSellerName, withSellerName } from './seller';

type Me = Pick<UserContext, 'sub' | 'isAdmin'>;

const WHAT: Record<DocType, string> = { invoice: 'invoice', quote: 'quote' };
export const notFound = (type: DocType) => new NotFoundError(`No such ${WHAT[type]}`);
export const notDraft = (status: DocStatus) =>
  new AppError(409, 'NOT_DRAFT', `Only a draft can be changed; this one is ${status}`, undefined, { status });
export const badStatus = (status: DocStatus, message: string) =>
  new AppError(409, 'BAD_STATUS', message, undefined, { status });
export const stale = (current: DocItem | null, vis: Visibility) =>
  new ConflictError('This was changed by someone else meanwhile. Reload, then try again.', {
    current: current ? docView(current, vis.settings) : null,
  });

/**
 * The calendar day of an instant where the company is: documents are dated in `CRM_TIME_ZONE` (default
 * Europe/Bucharest), not UTC — an invoice issued at 01:00 on the 1st in Bucharest is dated the 1st.
 */
export const CRM_TIME_ZONE = () => process.env.CRM_TIME_ZONE || 'Europe/Bucharest';
const dayFormat = new Map<string, Intl.DateTimeFormat>();
export function localDate(iso: string, timeZone = CRM_TIME_ZONE()): string {
  let f = dayFormat.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormat.set(timeZone, f);
  }
  return f.format(new Date(iso));
}
const today = (iso: string) => localDate(iso);
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The document (of this type) and my visibility, read in parallel; 404 when absent or not visible. */
export async function load(
  user: Me,
  docId: string,
  type: DocType,
  consistent = false,
): Promise<{ doc: DocItem; vis: Visibility }> {
  const [doc, vis0] = await Promise.all([readDoc(docId, type, consistent), visibility(user)]);
  if (!doc) throw notFound(type);
  const vis = await refreshFor(vis0, doc.deptId);
  if (!canSee(vis, doc)) throw notFound(type);
  return { doc, vis: await withSellerName(vis) };
}

export const dealRef = (doc: DocItem) => ({ id: doc.dealId, type: 'deal' as const, title: doc.dealTitle });

export function docActivity(
  doc: DocItem,
  by: Visibility,
  at: string,
  action: string,
  extra: Record<string, string> = {},
): TxItem {
  return activityPut({
    recordId: doc.dealId,
    activityId: ulid(Date.parse(at)),
    kind: 'document',
    by: by.userId,
    byName: by.name,
    at,
    meta: { docId: doc.id, docType: doc.type, action, ...(doc.number ? { number: doc.number } : {}), ...extra },
  });
}

/**
 * Runs a document change; a failed condition re-reads the document: someone changed it → 409 with `current`;
 * it is no longer a draft (when one was needed) → 409 NOT_DRAFT.
 */
async function commit(
  items: TxItem[],
  doc: DocItem,
  vis: Visibility,
  opts: { needDraft?: boolean } = {},
): Promise<void> {
  try {
    await transaction()
      .addItems(...items)
      .commit(CRM_COMMIT);
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    const cur = await readDoc(doc.id, doc.type, true);
    if (opts.needDraft && cur && cur.status !== 'draft') throw notDraft(cur.status);
    throw stale(cur, vis);
  }
}

function computed(lines: readonly LineInput[]) {
  try {
    return computeDocument(lines);
  } catch (e) {
    if (e instanceof MoneyRangeError)
      throw new UnprocessableError('An amount is larger than 10^15 minor units', [
        { path: e.path, reason: 'amount too large' },
      ]);
    throw e;
  }
}

/** A deal's stored line → the line as typed (computed amounts dropped, nulls left out). */
const lineFromDeal = (l: DealLine | LineInput): LineInput => ({
  ...(l.productId ? { productId: l.productId } : {}),
  name: l.name,
  unit: l.unit,
  quantityMilli: l.quantityMilli,
  unitPriceMinor: l.unitPriceMinor,
  ...(l.discount ? { discount: l.discount } : {}),
  taxRateBp: l.taxRateBp,
});

// ---------------------------------------------------------------- lists and reads

export async function listDocs(
  user: Me,
  type: DocType,
  q: Omit<DocListQuery, 'status'> & { status?: DocStatus },
): Promise<DocPage> {
  const scope = parseScope(q.scope);
  const sort = q.sort ?? 'updated';
  if (sort === 'number' && q.status)
    throw new BadRequestError('Number order lists every status', [
      { path: 'query.sort', reason: 'number order cannot be combined with status (use sort=updated)' },
    ]);
  const key = scopeKeyOf({ userId: user.sub }, scope);
  const cursorScope = `crm-docs:${type}:${key}:${q.status ?? ''}:${sort}`;
  const startKey = await openKey(q.cursor, cursorScope);
  const index = q.status
    ? { IndexName: 'GSI1', pk: 'GSI1PK', value: columnKey(key, type, '_', q.status) }
    : sort === 'number'
      ? { IndexName: 'GSI3', pk: 'GSI3PK', value: typeKey(key, type) }
      : { IndexName: 'GSI2', pk: 'GSI2PK', value: typeKey(key, type) };
  // The visibility reads and the list Query run in parallel; the page is only returned when the scope is allowed.
  const [vis, page] = await Promise.all([
    visibility(user, scope.kind === 'user' ? [scope.id] : []),
    query({
      IndexName: index.IndexName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.pk },
      ExpressionAttributeValues: { ':pk': index.value },
      ScanIndexForward: false,
      Limit: q.limit ?? 50,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    }),
  ]);
  const target =
    scope.kind === 'user'
      ? { departmentIds: (vis.profiles.get(scope.id)?.departmentIds as string[] | undefined) ?? [] }
      : null;
  if (!scopeAllowed(vis, scope, target)) throw scopeForbidden();
  return {
    items: page.items.map(summaryFromRow),
    cursor: await sealKey(page.lastKey, cursorScope),
  };
}

export async function getDoc(user: Me, type: DocType, docId: string): Promise<DocumentView> {
  const { doc, vis } = await load(user, docId, type);
  return docView(doc, vis.settings);
}

export async function invoiceByNumber(user: Me, number: string): Promise<DocumentView> {
  const [no, vis0] = await Promise.all([getRow(docNoKey('INV', number)), visibility(user)]);
  const docId = no?.docId as string | undefined;
  const doc = docId ? await readDoc(docId, 'invoice') : null;
  if (!doc) throw notFound('invoice');
  const vis = await refreshFor(vis0, doc.deptId);
  if (!canSee(vis, doc)) throw notFound('invoice');
  return docView(doc, (await withSellerName(vis)).settings);
}

// ---------------------------------------------------------------- create

const dealNotFound = () => new AppError(404, 'NOT_FOUND', 'No such deal', [{ path: 'dealId', reason: 'no such deal' }]);

/** The buyer printed on the document: the deal's company (with its contact person) or its contact. ONE BatchGet. */
async function buyerOf(deal: DealRecord): Promise<Party> {
  const ids = [deal.companyId, deal.contactId].filter((x): x is string => !!x);
  const rows = await batchGet(ids.map(recordKey));
  const company = rows.find((r) => r.type === 'company' && r.id === deal.companyId);
  const contact = rows.find((r) => r.type === 'contact' && r.id === deal.contactId);
  const first = <T>(a: unknown, k: string): T | undefined =>
    Array.isArray(a) && a[0] ? (a[0] as Record<string, T>)[k] : undefined;
  const clean = (o: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== ''),
    ) as unknown as Party;
  const contactName = contact ? [contact.firstName, contact.lastName].filter(Boolean).join(' ') : deal.contactName;
  if (company)
    return clean({
      name: (company.legalName as string) || (company.name as string),
      vatId: company.vatId,
      regNo: company.regNo,
      address: company.address,
      email: first<string>(company.emails, 'value') ?? first<string>(contact?.emails, 'value'),
      phone: first<string>(company.phones, 'display'),
      contactName,
    });
  if (contact)
    return clean({
      name: contactName,
      address: contact.address,
      email: first<string>(contact.emails, 'value'),
      phone: first<string>(contact.phones, 'display'),
    });
  return { name: deal.companyName ?? deal.contactName ?? deal.title };
}

export async function createDoc(
  user: Me,
  type: DocType,
  body: CreateInvoiceBody | CreateQuoteBody,
): Promise<DocumentView> {
  const now = new Date().toISOString();
  const fromQuoteId = 'fromQuoteId' in body ? body.fromQuoteId : undefined;
  const [vis0, dealRow, quote] = await Promise.all([
    visibility(user),
    getRow(recordKey(body.dealId)),
    fromQuoteId ? readDoc(fromQuoteId, 'quote') : Promise.resolve(null),
  ]);
  if (!isRecordRow(dealRow) || dealRow.type !== 'deal') throw dealNotFound();
  const deal = strip<DealRecord>(dealRow);
  const seen = await refreshFor(vis0, deal.deptId);
  if (!canSee(seen, deal)) throw dealNotFound();
  const vis = await withSellerName(seen);

  let lines: LineInput[];
  let buyer: Party | undefined;
  let notes = body.notes;
  if (fromQuoteId) {
    if (!quote || quote.dealId !== deal.id)
      throw new UnprocessableError('Not a quote of this deal', [
        { path: 'fromQuoteId', reason: 'not a quote of this deal' },
      ]);
    if (quote.status === 'cancelled' || quote.status === 'declined')
      throw new UnprocessableError(`The quote is ${quote.status}`, [
        { path: 'fromQuoteId', reason: `the quote is ${quote.status}` },
      ]);
    lines = quote.lines.map(lineFromDeal);
    buyer = quote.buyer;
    notes ??= quote.notes;
  } else lines = (deal.lines ?? []).map(lineFromDeal);
  if (!lines.length)
    throw new UnprocessableError('The deal has no products: add its products first', [
      { path: 'dealId', reason: 'the deal has no product lines' },
    ]);
  const { lines: computedLines, totals } = computed(lines);
  buyer ??= await buyerOf(deal);

  const doc: DocItem = {
    id: ulid(Date.parse(now)),
    type,
    version: 1,
    responsibleId: deal.responsibleId,
    responsibleName: deal.responsibleName,
    ...(deal.deptId ? { deptId: deal.deptId } : {}),
    createdBy: vis.userId,
    createdAt: now,
    updatedAt: now,
    lastActorId: vis.userId,
    dealId: deal.id,
    dealTitle: deal.title,
    status: 'draft',
    currency: deal.currency,
    language: body.language ?? vis.settings.documentLanguage,
    priceMode: 'net',
    buyer,
    lines: computedLines,
    totals,
    ...(notes ? { notes } : {}),
    ...(body.dueDate ? { dueDate: body.dueDate } : {}),
    ...(fromQuoteId ? { fromQuoteId } : {}),
  };
  if (type === 'invoice') {
    await transaction()
      .addItems(...docWriteItems(null, doc, deal, now), docActivity(doc, vis, now, 'created'))
      .commit(CRM_COMMIT);
    return docView(doc, vis.settings);
  }
  // Quotes are numbered at creation (gaps are allowed there, but the same counter kind keeps them unique).
  let created = doc;
  await takeNumber({
    kind: 'QUO',
    year: Number(today(now).slice(0, 4)),
    prefix: vis.settings.quotePrefix,
    docId: doc.id,
    items: (number) => {
      created = { ...doc, number, issueDate: today(now) };
      return [...docWriteItems(null, created, deal, now), docActivity(created, vis, now, 'created')];
    },
  });
  return docView(created, vis.settings);
}

// ---------------------------------------------------------------- drafts

/** Product lines naming catalogue products must use products of the document's currency. ONE BatchGet. */
async function checkProducts(lines: readonly LineInput[], currency: string): Promise<void> {
  const ids = [...new Set(lines.map((l) => l.productId).filter((x): x is string => !!x))];
  if (!ids.length) return;
  const rows = await batchGet(
    ids.map((id) => ({ PK: productPk(id), SK: PROD_SK })),
    { attributes: ['productId', 'id', 'currency', 'PK'] },
  );
  const found = new Map<string, Raw>();
  for (const row of rows) found.set(String(row.PK).slice('CRMPROD#'.length), row);
  const problems = lines.flatMap((l, i) => {
    if (!l.productId) return [];
    const p = found.get(l.productId);
    if (!p) return [{ path: `lines.${i}.productId`, reason: 'no such product' }];
    if (p.currency !== currency)
      return [
        {
          path: `lines.${i}.productId`,
          reason: `the product is priced in ${String(p.currency)}, the document in ${currency}`,
        },
      ];
    return [];
  });
  if (problems.length)
    throw new UnprocessableError(`Invalid input: ${problems[0]!.path}: ${problems[0]!.reason}`, problems);
}

export async function patchDoc(user: Me, type: DocType, docId: string, body: PatchDocBody): Promise<DocumentView> {
  const { doc, vis } = await load(user, docId, type);
  if (doc.status !== 'draft') throw notDraft(doc.status);
  if (doc.version !== body.version) throw stale(doc, vis);
  const now = new Date().toISOString();
  const next: DocItem = { ...doc, version: doc.version + 1, updatedAt: now, lastActorId: vis.userId };
  delete next.pdf;
  if (body.lines) {
    await checkProducts(body.lines, doc.currency);
    const c = computed(body.lines);
    next.lines = c.lines;
    next.totals = c.totals;
  }
  if (body.buyer) next.buyer = body.buyer;
  if (body.language) next.language = body.language;
  if (body.dueDate === null) delete next.dueDate;
  else if (body.dueDate) next.dueDate = body.dueDate;
  if (body.notes === null || body.notes === '') delete next.notes;
  else if (body.notes) next.notes = body.notes;
  await commit(docWriteItems(doc, next, dealRef(doc), now), doc, vis, { needDraft: true });
  return docView(next, vis.settings);
}

// ---------------------------------------------------------------- issue

/**
 * Issues a draft invoice: the next number of the year, issue and due dates and the seller's details frozen, in ONE
 * transaction with the numbering rows (shared/crm/numbering.ts); then the PDF is rendered and stored once.
 */
export async function issueDraft(doc: DocItem, vis: Visibility, version: number): Promise<DocItem> {
  if (doc.status !== 'draft') throw notDraft(doc.status);
  if (doc.version !== version) throw stale(doc, vis);
  const seller = sellerOf(doc, vis.settings);
  if (!seller.legalName) throw noSellerName('issuing');
  const now = new Date().toISOString();
  const issueDate = today(now);
  let issued: DocItem | undefined;
  try {
    await takeNumber({
      kind: 'INV',
      year: Number(issueDate.slice(0, 4)),
      prefix: vis.settings.invoicePrefix,
      docId: doc.id,
      items: (number) => {
        issued = {
          ...doc,
          status: 'issued',
          number,
          issueDate,
          dueDate: doc.dueDate ?? addDays(issueDate, vis.settings.paymentTermDays),
          issuedAt: now,
          seller,
          version: doc.version + 1,
          updatedAt: now,
          lastActorId: vis.userId,
        };
        return [...docWriteItems(doc, issued, dealRef(doc), now), docActivity(issued, vis, now, 'issued')];
      },
    });
  } catch (e) {
    if (!(e instanceof NumberingRefused)) throw e;
    const cur = await readDoc(doc.id, 'invoice', true);
    if (cur && cur.status !== 'draft') throw notDraft(cur.status);
    throw stale(cur, vis);
  }
  return (await storeIssuedPdf(issued!, vis.settings)).doc;
}

export async function issueInvoice(user: Me, docId: string, version: number): Promise<DocumentView> {
  const { doc, vis } = await load(user, docId, 'invoice');
  const issued = await issueDraft(doc, vis, version);
  return docView(issued, vis.settings);
}

// ---------------------------------------------------------------- paid, cancel, quote decisions

export async function markPaid(user: Me, docId: string, body: PaidBody): Promise<DocumentView> {
  const loaded = await load(user, docId, 'invoice');
  const vis = loaded.vis;
  let doc = loaded.doc;
  const now = new Date().toISOString();
  const paidAt = body.paidAt ? new Date(body.paidAt).toISOString() : now;
  if (Date.parse(paidAt) > Date.now() + 5 * 60_000)
    throw new BadRequestError('The payment date is in the future', [{ path: 'paidAt', reason: 'in the future' }]);
  for (let attempt = 0; ; attempt++) {
    if (doc.version !== body.version) throw stale(doc, vis);
    if (doc.status !== 'issued' && doc.status !== 'sent')
      throw badStatus(
        doc.status,
        doc.status === 'draft' ? 'Issue the invoice before marking it paid' : `The invoice is already ${doc.status}`,
      );
    const next: DocItem = {
      ...doc,
      status: 'paid',
      paidAt,
      version: doc.version + 1,
      updatedAt: now,
      lastActorId: vis.userId,
    };
    const items = [...docWriteItems(doc, next, dealRef(doc), now), docActivity(next, vis, now, 'paid')];
    if (body.moveDealToWon !== false) {
      const dealRow = await getRow(recordKey(doc.dealId), true);
      if (!dealRow || dealRow.type !== 'deal')
        throw new UnprocessableError('The invoice’s deal no longer exists', [
          { path: 'moveDealToWon', reason: 'the deal no longer exists' },
        ]);
      const deal = strip<DealRecord>(dealRow);
      if (!canSee(await refreshFor(vis, deal.deptId), deal))
        throw new UnprocessableError('You cannot see the invoice’s deal', [
          { path: 'moveDealToWon', reason: 'the deal is not visible to you' },
        ]);
      const pipeline = await readPipeline(deal.pipelineId);
      const won = pipeline ? wonStage(pipeline) : undefined;
      if (!pipeline || !won)
        throw new UnprocessableError('The deal’s pipeline has no won stage', [
          { path: 'moveDealToWon', reason: 'the pipeline has no won stage' },
        ]);
      const move = dealTransition(deal, pipeline, won.stageId, { id: vis.userId, name: vis.name }, now, {
        meta: { docId: doc.id, number: doc.number ?? '' },
      });
      items.push(...move.items);
    }
    try {
      await transaction()
        .addItems(...items)
        .commit(CRM_COMMIT);
      return docView(next, vis.settings);
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      // The invoice changed → 409; only the deal or its pipeline changed meanwhile → read again and retry.
      const cur = await readDoc(doc.id, 'invoice', true);
      if (!cur || cur.version !== doc.version || attempt >= 2) throw stale(cur, vis);
      doc = cur;
    }
  }
}

export async function cancelInvoice(user: Me, docId: string, body: CancelBody): Promise<DocumentView> {
  const { doc, vis } = await load(user, docId, 'invoice');
  if (doc.status === 'paid' || doc.status === 'cancelled')
    throw badStatus(doc.status, `A ${doc.status} invoice cannot be cancelled`);
  if (doc.version !== body.version) throw stale(doc, vis);
  const now = new Date().toISOString();
  const next: DocItem = {
    ...doc,
    status: 'cancelled',
    cancelReason: body.reason,
    version: doc.version + 1,
    updatedAt: now,
    lastActorId: vis.userId,
  };
  await commit(
    [...docWriteItems(doc, next, dealRef(doc), now), docActivity(next, vis, now, 'cancelled', { reason: body.reason })],
    doc,
    vis,
  );
  return docView(next, vis.settings);
}

/** Quote decisions: accepted / declined from draft or sent; cancelled from any status but cancelled. */
const QUOTE_FROM: Record<QuoteStatusBody['status'], DocStatus[]> = {
  accepted: ['draft', 'sent'],
  declined: ['draft', 'sent'],
  cancelled: ['draft', 'sent', 'accepted', 'declined'],
};

export async function setQuoteStatus(user: Me, docId: string, body: QuoteStatusBody): Promise<DocumentView> {
  const { doc, vis } = await load(user, docId, 'quote');
  if (!QUOTE_FROM[body.status].includes(doc.status))
    throw badStatus(doc.status, `A ${doc.status} quote cannot become ${body.status}`);
  if (doc.version !== body.version) throw stale(doc, vis);
  const now = new Date().toISOString();
  const next: DocItem = {
    ...doc,
    status: body.status,
    version: doc.version + 1,
    updatedAt: now,
    lastActorId: vis.userId,
  };
  if (!next.seller) next.seller = sellerOf(doc, vis.settings);
  if (!next.issuedAt) next.issuedAt = now;
  await commit([...docWriteItems(doc, next, dealRef(doc), now), docActivity(next, vis, now, body.status)], doc, vis);
  return docView(next, vis.settings);
}
