/**
 * CRM quotes (commercial offers) and invoices (issue 7, helper H2): request bodies (zod), answers, error codes.
 * Shared by functions/crm-docs and the SPA so they cannot drift. Routes: functions/crm-docs/routes.ts.
 *
 * A document is made from a deal's product lines (the deal must be visible to me: same rules as the deal, §2.1 of
 * the CRM design) and keeps its own copy of them (editable while it is a draft). Money is integer minor units of
 * the document's currency (the deal's); totals are computed on the server by shared/crm/totals.ts: per line
 * `round(unitPrice × quantity)` − discount (half-up), tax per rate group `round(base × rate)` (half-up, EN 16931
 * BR-CO-17), `total = net + tax`. Prices are net (tax on top): `priceMode: 'net'`.
 *
 * HTTP (all `employee`: extranet 403, anonymous 401; a document I may not see → 404):
 *   GET   /crm/invoices | /crm/quotes ?scope&status&sort=number|updated&cursor&limit → DocPage (ONE Query)
 *   GET   /crm/invoices/by-number/{number}             → DocumentView (404 when unknown or not visible)
 *   POST  /crm/invoices  {dealId, fromQuoteId?, dueDate?, language?, notes?}  → DocumentView (201, draft, no number)
 *   POST  /crm/quotes    {dealId, dueDate?, language?, notes?}                → DocumentView (201, draft, numbered now)
 *   GET   /crm/invoices/{docId} | /crm/quotes/{docId}  → DocumentView
 *   PATCH /crm/invoices/{docId} | /crm/quotes/{docId}  {version, lines?, dueDate?, buyer?, notes?, language?}
 *                                                      → DocumentView (only drafts: else 409 NOT_DRAFT; stale 409 + current)
 *   POST  /crm/invoices/{docId}/issue  {version}      → DocumentView (gap-free number `{prefix}{yyyy}-{n:000000}`,
 *                                                      issueDate, PDF stored once at crm/docs/{docId}/{hash}.pdf)
 *   POST  /crm/invoices/{docId}/send | /crm/quotes/{docId}/send  {version, to[1..5], cc?[≤5], message?}
 *                                                      → DocumentView (a draft invoice is issued first, in the same
 *                                                      call; the e-mail carries the PDF; activities `email` +
 *                                                      `document` on the deal)
 *   POST  /crm/invoices/{docId}/paid   {version, paidAt?, moveDealToWon = true} → DocumentView (one transaction with
 *                                                      the deal's move to its pipeline's won stage)
 *   POST  /crm/invoices/{docId}/cancel {version, reason} → DocumentView (an issued invoice keeps its number)
 *   POST  /crm/quotes/{docId}/status   {version, status: accepted|declined|cancelled} → DocumentView
 *   GET   /crm/invoices/{docId}/pdf | /crm/quotes/{docId}/pdf → PdfLink (5-minute presigned GET, inline; drafts are
 *                                                      rendered on demand with a DRAFT mark)
 *
 * Status machines:
 *   invoice: draft → issued → sent → paid;  draft|issued|sent → cancelled;  (send of a draft: draft → sent directly)
 *   quote:   draft → sent → accepted|declined;  draft|sent → cancelled;  accepted|declined → cancelled
 * Errors beyond validation (400 naming the field): 404 NOT_FOUND; 409 CONFLICT `{current}` (stale version);
 * 409 NOT_DRAFT / BAD_STATUS (the action does not fit the status; `status` tells which it is); 422 UNPROCESSABLE
 * naming the field (deal without lines → `dealId`; quote of another deal → `fromQuoteId`; no won stage → `moveDealToWon`).
 */
import * as z from 'zod';
import { addressInput, emailAddress, lineInput, scopeParam, type Address } from './contract';

export { addressInput, lineInput, type Address };

export const ULID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** `INV2026-000001`-like (prefix from the CRM settings, letters, digits, `.`, `_`, `-`). */
export const DOC_NUMBER_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

export const DOC_TYPES = ['quote', 'invoice'] as const;
export type DocType = (typeof DOC_TYPES)[number];

export const INVOICE_STATUSES = ['draft', 'issued', 'sent', 'paid', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'declined', 'cancelled'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];
export type DocStatus = InvoiceStatus | QuoteStatus;
/** Statuses a quote may be set to by `POST /crm/quotes/{docId}/status`. */
export const QUOTE_DECISIONS = ['accepted', 'declined', 'cancelled'] as const;

export const DOC_LANGUAGES = ['en', 'ro'] as const;
export type DocLanguage = (typeof DOC_LANGUAGES)[number];

/** Error codes (409) beyond VALIDATION_FAILED / NOT_FOUND / CONFLICT / UNPROCESSABLE. */
export const DOC_ERRORS = {
  /** PATCH or issue of a document that is no longer a draft. */
  notDraft: 'NOT_DRAFT',
  /** The action does not fit the document's status (pay a draft or a cancelled invoice, send a cancelled one…). */
  badStatus: 'BAD_STATUS',
} as const;

export const DOC_LIMITS = {
  lines: 50,
  notesChars: 2_000,
  messageChars: 2_000,
  reasonChars: 500,
  recipients: 5,
  pageSize: 50,
  /** Seconds a PDF link stays valid. */
  pdfLinkSeconds: 300,
} as const;

const plain = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `at most ${max} characters` })
    // eslint-disable-next-line no-control-regex
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), {
      message: 'contains characters that are not allowed',
    });
const required = (max: number) => plain(max).pipe(z.string().min(1, { message: 'required' }));
const optionalText = (max: number) => plain(max).optional();

export const docId = z.string().regex(ULID_RE, { message: 'not a document id' });
export const dealId = z.string().regex(ULID_RE, { message: 'not a deal id' });
export const docNumber = z.string().regex(DOC_NUMBER_RE, { message: 'not a document number' });
export const version = z.number().int().min(1, { message: 'required' });
/** Calendar date YYYY-MM-DD. */
export const isoDate = z.iso.date({ message: 'not a date (YYYY-MM-DD)' });
export const email = emailAddress;
/** One line as typed: the same schema as a deal's product lines (./contract.ts `lineInput`). */
export type LineInput = z.infer<typeof lineInput>;
export const linesInput = z.array(lineInput).max(DOC_LIMITS.lines, { message: `at most ${DOC_LIMITS.lines} lines` });

/** The buyer as printed (snapshot of the deal's company or contact at creation; editable on a draft). */
export const buyerInput = z.strictObject({
  name: required(200),
  vatId: optionalText(40),
  regNo: optionalText(40),
  address: addressInput.optional(),
  email: email.optional(),
  phone: optionalText(40),
  /** The contact person's name when the buyer is a company. */
  contactName: optionalText(200),
});
export type Party = z.infer<typeof buyerInput>;

export interface SellerSnapshot {
  legalName: string;
  vatId?: string;
  regNo?: string;
  address?: Address | string;
  iban?: string;
  bank?: string;
  email?: string;
  phone?: string;
}

// ---- requests ------------------------------------------------------------------------------------------

export const docParams = z.strictObject({ docId });
export const numberParams = z.strictObject({ number: docNumber });

const scope = scopeParam;

export const invoiceListQuery = z.strictObject({
  /** Default `mine`. */
  scope: scope.optional(),
  status: z.enum(INVOICE_STATUSES).optional(),
  /** `updated` (default, newest first) or `number` (issued ones, highest first; not with status=draft). */
  sort: z.enum(['number', 'updated']).optional(),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export const quoteListQuery = invoiceListQuery.extend({ status: z.enum(QUOTE_STATUSES).optional() });

export const createInvoiceBody = z.strictObject({
  dealId,
  /** Copy the lines, buyer and notes of this quote of the same deal instead of the deal's current lines. */
  fromQuoteId: docId.optional(),
  /** Payment due date (default: today + the settings' paymentTermDays when issued). */
  dueDate: isoDate.optional(),
  language: z.enum(DOC_LANGUAGES).optional(),
  notes: optionalText(DOC_LIMITS.notesChars),
});
export const createQuoteBody = z.strictObject({
  dealId,
  /** Valid until. */
  dueDate: isoDate.optional(),
  language: z.enum(DOC_LANGUAGES).optional(),
  notes: optionalText(DOC_LIMITS.notesChars),
});

export const patchDocBody = z.strictObject({
  version,
  lines: linesInput.min(1, { message: 'at least one line' }).optional(),
  dueDate: isoDate.nullable().optional(),
  buyer: buyerInput.optional(),
  notes: plain(DOC_LIMITS.notesChars).nullable().optional(),
  language: z.enum(DOC_LANGUAGES).optional(),
});
export const versionBody = z.strictObject({ version });

const recipients = (min: number) =>
  z
    .array(email)
    .min(min, { message: 'at least one recipient' })
    .max(DOC_LIMITS.recipients, { message: `at most ${DOC_LIMITS.recipients} recipients` })
    .refine((a) => new Set(a.map((e) => e.toLowerCase())).size === a.length, { message: 'lists an address twice' });
export const sendDocBody = z.strictObject({
  version,
  to: recipients(1),
  cc: recipients(0).optional(),
  /** Plain text put above the standard wording of the e-mail. */
  message: optionalText(DOC_LIMITS.messageChars),
});
export const paidBody = z.strictObject({
  version,
  /** When the money arrived (default now); not in the future. */
  paidAt: z.iso.datetime({ offset: true, message: 'not an ISO 8601 date-time with a time zone' }).optional(),
  /** Also move the deal to its pipeline's won stage (default true). */
  moveDealToWon: z.boolean().optional(),
});
export const cancelBody = z.strictObject({ version, reason: required(DOC_LIMITS.reasonChars) });
export const quoteStatusBody = z.strictObject({ version, status: z.enum(QUOTE_DECISIONS) });

export type CreateInvoiceBody = z.infer<typeof createInvoiceBody>;
export type CreateQuoteBody = z.infer<typeof createQuoteBody>;
export type PatchDocBody = z.infer<typeof patchDocBody>;
export type SendDocBody = z.infer<typeof sendDocBody>;
export type PaidBody = z.infer<typeof paidBody>;
export type CancelBody = z.infer<typeof cancelBody>;
export type QuoteStatusBody = z.infer<typeof quoteStatusBody>;
export type DocListQuery = z.infer<typeof invoiceListQuery>;

// ---- answers -------------------------------------------------------------------------------------------

/** A line with the amounts the server computed (minor units of the document's currency). */
export interface LineView extends LineInput {
  /** round(unitPriceMinor × quantityMilli / 1000), half-up. */
  grossMinor: number;
  discountMinor: number;
  /** grossMinor − discountMinor: the line amount printed. */
  netMinor: number;
}

export interface TaxGroup {
  rateBp: number;
  /** Σ netMinor of the lines with this rate. */
  base: number;
  /** round(base × rateBp / 10000), half-up. */
  tax: number;
}

/** A type alias (not an interface) so it fits the records' `totals` shape with its index signature. */
export type Totals = {
  net: number;
  /** Ascending by rate. */
  taxGroups: TaxGroup[];
  tax: number;
  total: number;
};

export interface DocumentView {
  docId: string;
  type: DocType;
  dealId: string;
  dealTitle: string;
  /** Invoices: null while a draft. Quotes: set at creation. */
  number: string | null;
  status: DocStatus;
  currency: string;
  language: DocLanguage;
  priceMode: 'net';
  buyer: Party;
  seller: SellerSnapshot;
  lines: LineView[];
  totals: Totals;
  notes: string | null;
  /** YYYY-MM-DD */
  issueDate: string | null;
  dueDate: string | null;
  fromQuoteId: string | null;
  /** The stored PDF of an issued document. */
  pdf: { hash: string; renderedAt: string } | null;
  sentAt: string | null;
  sentTo: string[];
  paidAt: string | null;
  cancelReason: string | null;
  responsibleId: string;
  responsibleName: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface DocSummary {
  docId: string;
  type: DocType;
  number: string | null;
  status: DocStatus;
  dealId: string;
  dealTitle: string;
  buyerName: string;
  currency: string;
  total: number;
  issueDate: string | null;
  dueDate: string | null;
  responsibleId: string;
  responsibleName: string;
  updatedAt: string;
  version: number;
}

export interface DocPage {
  items: DocSummary[];
  cursor: string | null;
}

export interface PdfLink {
  url: string;
  expiresAt: string;
}
