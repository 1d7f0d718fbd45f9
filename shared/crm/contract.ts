/**
 * CRM core (issue 7): request bodies (zod), what the API answers, the frames pushed over the WebSocket.
 * Shared by functions/crm, functions/crm-docs, functions/crm-intake, the SPA and the tests, so they cannot
 * drift. Design: /work/notes/crm-design.md. Money: ./money.ts (integer MINOR units + ISO 4217 code).
 * Routes: functions/crm/routes.ts. Quotes/invoices: ./documents-contract.ts. Forms/queues/import: ./intake-contract.ts.
 *
 * Every route is `employee` (extranet → 403, anonymous → 401) unless marked (admin). A record I may not see
 * answers 404, exactly as if it did not exist. Lists take `scope`:
 *   mine            records I am responsible for
 *   dept:{deptId}   one department (mine when the setting `departmentVisibility` is on; any in the subtree of a
 *                   department I head); one department per list
 *   user:{userId}   someone's records, when their primary department is visible to me
 *   all             admins only
 * A scope I may not use → 403 naming `scope`.
 *
 * HTTP (functions/crm):
 *   GET    /crm/settings                                   settings + my scopes                     → SettingsAnswer
 *   PATCH  /crm/settings                          (admin)  settingsPatchBody                        → SettingsView
 *   GET    /crm/pipelines                                  pipelines (default made lazily)          → PipelinesView
 *   POST   /crm/pipelines                         (admin)  pipelineCreateBody                       → PipelineView (201)
 *   PATCH  /crm/pipelines/{pipelineId}            (admin)  pipelinePatchBody (stage with deals removed → 409 STAGE_NOT_EMPTY) → PipelineView
 *   GET    /crm/leads?scope&status&sort&q&cursor&limit     leads                                   → Page<RecordSummary>
 *   POST   /crm/leads                                      leadCreateBody                           → CreatedView<LeadView> (201)
 *   GET    /crm/leads/{leadId}                             a lead                                   → LeadView
 *   PATCH  /crm/leads/{leadId}                             leadPatchBody                            → LeadView
 *   DELETE /crm/leads/{leadId}?version                     (responsible or admin)                   → 204
 *   POST   /crm/leads/{leadId}/status                      leadStatusBody                           → LeadView
 *   POST   /crm/leads/{leadId}/convert                     convertBody                              → ConvertResult
 *   GET    /crm/contacts?scope&sort&q&cursor&limit         contacts                                 → Page<RecordSummary>
 *   POST   /crm/contacts                                   contactCreateBody                        → CreatedView<ContactView> (201)
 *   GET / PATCH / DELETE /crm/contacts/{contactId}         contactPatchBody; DELETE ?version        → ContactView / 204
 *   PUT    /crm/contacts/{contactId}/companies/{companyId} link (both LINK rows)                    → LinkView
 *   DELETE /crm/contacts/{contactId}/companies/{companyId} unlink                                   → 204
 *   GET    /crm/companies?scope&sort&q&cursor&limit        companies                                → Page<RecordSummary>
 *   POST   /crm/companies                                  companyCreateBody                        → CreatedView<CompanyView> (201)
 *   GET / PATCH / DELETE /crm/companies/{companyId}        companyPatchBody; DELETE ?version        → CompanyView / 204
 *   GET    /crm/deals?scope&pipelineId&stageId&sort&closeFrom&closeTo&q&cursor&limit  deals         → Page<RecordSummary>
 *   GET    /crm/deals/board?scope&pipelineId&limit         Kanban first page (S+1 parallel Queries) → BoardView
 *   POST   /crm/deals                                      dealCreateBody                           → CreatedView<DealView> (201)
 *   GET / PATCH / DELETE /crm/deals/{dealId}               dealPatchBody; DELETE ?version           → DealView / 204
 *   POST   /crm/deals/{dealId}/stage                       stageMoveBody (stage of another pipeline → 422 stageId) → DealView
 *   PUT    /crm/deals/{dealId}/products                    dealProductsBody                         → DealView
 *   GET    /crm/records/{recordId}/activities?cursor       timeline, newest first                   → Page<ActivityView>
 *   POST   /crm/records/{recordId}/activities              activityCreateBody                       → ActivityView (201)
 *   PATCH  /crm/records/{recordId}/activities/{activityId} activityPatchBody                        → ActivityView
 *   GET    /crm/records/{recordId}/links?type&cursor       linked records                           → Page<LinkView>
 *   GET    /crm/duplicates?type&email&phone&name&company   (≥ 1 of email/phone/name)                → DuplicatesView
 *   GET    /crm/records/{recordId}/duplicates              duplicates of a record                   → DuplicatesView
 *   POST   /crm/records/{recordId}/merge                   mergeBody (this record survives)         → RecordView
 *   POST   /crm/records/{recordId}/not-duplicate           notDuplicateBody                         → 204
 *   POST   /crm/records/{recordId}/assign                  assignBody                               → RecordView
 *   GET    /crm/products?q&archived&cursor&limit           catalog                                  → Page<ProductView>
 *   POST   /crm/products                          (admin)  productCreateBody                        → ProductView (201)
 *   PATCH  /crm/products/{productId}              (admin)  productPatchBody                         → ProductView
 *
 * Errors: bad input → 400 naming the field (`fields[].path`, e.g. `emails.1`, `phones.0`, `lines.2.quantityMilli`);
 * unknown currency → 400 `currency`, known but not enabled → 422 `currency`; stale `version` → 409 with `current`
 * (the stored view); a hot counter that stays busy after retries → 409 `BUSY`.
 *
 * Frames (server → client): `crm.record.changed` to the old and new responsible person.
 */
import * as z from 'zod';
import { CURRENCY_DIGITS } from './currencies';
import { MAX_BP, MAX_MINOR, MAX_QUANTITY_MILLI } from './money';

export const ULID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export const USER_ID_RE = /^[A-Za-z0-9-]{1,64}$/;
/** Stage ids: the default pipeline's are words (`new`, `won`…), stages added later get ULIDs. */
export const STAGE_ID_RE = /^[A-Za-z0-9_-]{1,40}$/;
/** The pipeline every portal has (made lazily on first read). */
export const DEFAULT_PIPELINE_ID = 'default';

export const RECORD_TYPES = ['lead', 'contact', 'company', 'deal', 'quote', 'invoice'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];
/** The types functions/crm creates and edits (quotes and invoices are functions/crm-docs'). */
export const CORE_TYPES = ['lead', 'contact', 'company', 'deal'] as const;
export type CoreType = (typeof CORE_TYPES)[number];

export const LEAD_STATUSES = ['new', 'in_progress', 'processed', 'converted', 'junk'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
/** Statuses POST /crm/leads/{id}/status may set (`converted` only comes from a conversion). */
export const SETTABLE_LEAD_STATUSES = ['new', 'in_progress', 'processed', 'junk'] as const;
export const LEAD_SOURCES = ['web_form', 'email', 'call', 'manual', 'import'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];
/** Sources a person may pick when creating a lead by hand. */
export const MANUAL_LEAD_SOURCES = ['email', 'call', 'manual'] as const;

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

export const ACTIVITY_KINDS = [
  'call',
  'meeting',
  'email',
  'todo',
  'comment',
  'stage',
  'created',
  'assigned',
  'converted',
  'merged',
  'document',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
/** Kinds people write (and edit); the others are written by the system in the change's transaction. */
export const MANUAL_ACTIVITY_KINDS = ['call', 'meeting', 'todo', 'comment'] as const;
export type ManualActivityKind = (typeof MANUAL_ACTIVITY_KINDS)[number];

/** Units of measure (UN/ECE Rec. 20 codes, as e-invoicing wants them). */
export const UNIT_CODES = [
  'C62',
  'H87',
  'HUR',
  'DAY',
  'MON',
  'KGM',
  'GRM',
  'LTR',
  'MTR',
  'MTK',
  'MTQ',
  'KMT',
  'SET',
  'XPK',
] as const;
export type UnitCode = (typeof UNIT_CODES)[number];

export const LIMITS = {
  nameChars: 200,
  textChars: 5_000,
  commentsChars: 10_000,
  emails: 5,
  phones: 5,
  tags: 20,
  tagChars: 40,
  lines: 50,
  stages: 20,
  stageNameChars: 60,
  pipelines: 20,
  currencies: 30,
  pageSize: 50,
  maxPageSize: 100,
  boardColumnSize: 20,
  /** Duplicate matches answered per key. */
  duplicateMatches: 20,
  activityTextChars: 5_000,
  reasonChars: 1_000,
} as const;

// ---------------------------------------------------------------- field schemas

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

export const crmId = (what = 'record') => z.string().regex(ULID_RE, { message: `not a ${what} id` });
export const userId = z.string().regex(USER_ID_RE, { message: 'not a user id' });
export const departmentId = z.string().regex(ULID_RE, { message: 'not a department id' });
export const pipelineId = z
  .string()
  .refine((s) => s === DEFAULT_PIPELINE_ID || ULID_RE.test(s), { message: 'not a pipeline id' });
export const stageId = z.string().regex(STAGE_ID_RE, { message: 'not a stage id' });
export const version = z.number().int().min(1, { message: 'not a version' });
/** `?version=` of a DELETE (query strings are text). */
export const versionQuery = z.strictObject({ version: z.coerce.number().int().min(1, { message: 'not a version' }) });

/** An ISO 4217 code of ./currencies.ts (unknown → 400 `currency`). Whether it is enabled is checked by the server (422). */
export const currency = z
  .string()
  .trim()
  .toUpperCase()
  .refine((c) => Object.prototype.hasOwnProperty.call(CURRENCY_DIGITS, c), {
    message: 'not an ISO 4217 currency code',
  });
/** An amount in minor units (|x| ≤ 10^15); `nonNegative` for prices and deal amounts. */
export const minorAmount = z
  .number({ message: 'not an amount in minor units' })
  .int({ message: 'amounts are whole minor units (1250 = 12.50)' })
  .min(-MAX_MINOR, { message: 'too large' })
  .max(MAX_MINOR, { message: 'too large' });
export const nonNegativeMinor = minorAmount.min(0, { message: 'must not be negative' });
export const basisPoints = z
  .number()
  .int({ message: 'whole basis points (1900 = 19 %)' })
  .min(0, { message: 'must not be negative' })
  .max(MAX_BP, { message: 'at most 10000 (100 %)' });

export const emailAddress = z
  .string()
  .trim()
  .max(254, { message: 'at most 254 characters' })
  .pipe(z.email({ message: 'not an e-mail address' }));
/** A phone as typed; the server parses it (libphonenumber-js, settings' defaultPhoneCountry) → 400 `phones.{i}` when invalid. */
export const phoneInput = z
  .string()
  .trim()
  .min(3, { message: 'not a phone number' })
  .max(40, { message: 'at most 40 characters' })
  .regex(/^[0-9+()./\s-]+$/, { message: 'not a phone number' });
const distinct = <T extends z.ZodType<string>>(item: T, max: number, what: string) =>
  z
    .array(item)
    .max(max, { message: `at most ${max} ${what}` })
    .refine((a) => new Set(a.map((s) => s.toLowerCase().replace(/\s/g, ''))).size === a.length, {
      message: `lists the same ${what.replace(/s$/, '')} twice`,
    });
export const emailsInput = distinct(emailAddress, LIMITS.emails, 'e-mails');
export const phonesInput = distinct(phoneInput, LIMITS.phones, 'phones');
export const tagsInput = distinct(required(LIMITS.tagChars), LIMITS.tags, 'tags');
/** Calendar date YYYY-MM-DD. */
export const isoDate = z.iso.date({ message: 'not a date (YYYY-MM-DD)' });
export const isoDateTime = z.iso.datetime({ offset: true, message: 'not an ISO 8601 date-time with a time zone' });
/** ISO 3166-1 alpha-2 country (RO, DE…). */
export const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, { message: 'not a two-letter country code (RO, DE…)' });

export const addressInput = z.strictObject({
  street: plain(300).optional(),
  city: plain(100).optional(),
  region: plain(100).optional(),
  postalCode: plain(20).optional(),
  country: countryCode.optional(),
});
export type Address = z.infer<typeof addressInput>;

const cursor = z.string().max(2048).optional();
const limit = z.coerce.number().int().min(1).max(LIMITS.maxPageSize).optional();
const SCOPE_RE = /^(mine|all|dept:[0-9A-HJKMNP-TV-Z]{26}|user:[A-Za-z0-9-]{1,64})$/;
/** `mine` (default) | `all` | `dept:{departmentId}` | `user:{userId}`. */
export const scopeParam = z.string().regex(SCOPE_RE, { message: 'not a scope (mine, all, dept:{id}, user:{id})' });
export type ScopeParam = 'mine' | 'all' | `dept:${string}` | `user:${string}`;

// ---------------------------------------------------------------- params

export const leadParams = z.strictObject({ leadId: crmId('lead') });
export const contactParams = z.strictObject({ contactId: crmId('contact') });
export const companyParams = z.strictObject({ companyId: crmId('company') });
export const dealParams = z.strictObject({ dealId: crmId('deal') });
export const recordParams = z.strictObject({ recordId: crmId('record') });
export const activityParams = z.strictObject({ recordId: crmId('record'), activityId: crmId('activity') });
export const contactCompanyParams = z.strictObject({ contactId: crmId('contact'), companyId: crmId('company') });
export const productParams = z.strictObject({ productId: crmId('product') });
export const pipelineParams = z.strictObject({ pipelineId });

// ---------------------------------------------------------------- settings

export const sellerInput = z.strictObject({
  legalName: plain(200).optional(),
  vatId: plain(40).optional(),
  regNo: plain(40).optional(),
  address: addressInput.optional(),
  iban: plain(40).optional(),
  bank: plain(100).optional(),
  email: emailAddress.optional(),
  phone: phoneInput.optional(),
});
export type Seller = z.infer<typeof sellerInput>;
const docPrefix = z.string().regex(/^[A-Z0-9-]{0,10}$/, { message: 'at most 10 of A-Z 0-9 -' });

export const settingsPatchBody = z.strictObject({
  /** The version read (0 while the settings were never saved). */
  version: z.number().int().min(0, { message: 'not a version' }),
  departmentVisibility: z.boolean().optional(),
  currencies: z
    .array(currency)
    .min(1, { message: 'at least one currency' })
    .max(LIMITS.currencies, { message: `at most ${LIMITS.currencies} currencies` })
    .refine((a) => new Set(a).size === a.length, { message: 'lists a currency twice' })
    .optional(),
  baseCurrency: currency.optional(),
  defaultPhoneCountry: countryCode.optional(),
  defaultTaxRateBp: basisPoints.optional(),
  paymentTermDays: z.number().int().min(0).max(365).optional(),
  seller: sellerInput.optional(),
  invoicePrefix: docPrefix.optional(),
  quotePrefix: docPrefix.optional(),
  documentLanguage: z.enum(['en', 'ro']).optional(),
});
export type SettingsPatchBody = z.infer<typeof settingsPatchBody>;

export interface SettingsView {
  departmentVisibility: boolean;
  currencies: string[];
  baseCurrency: string;
  defaultPhoneCountry: string;
  defaultTaxRateBp: number;
  paymentTermDays: number;
  seller: Seller;
  invoicePrefix: string;
  quotePrefix: string;
  documentLanguage: 'en' | 'ro';
  version: number;
  updatedAt: string | null;
}

/** What I may list (for the SPA's scope picker: "Mine", each visible department, "All" for admins). */
export interface ViewerScopes {
  userId: string;
  isAdmin: boolean;
  /** My departments (the first is my primary one: it keys my records' `dept:` scope). */
  departmentIds: string[];
  /** Departments whose `dept:{id}` scope I may list (mine when the setting is on + the subtrees I head); admins: []. */
  visibleDepartmentIds: string[];
}
/** GET /crm/settings. */
export type SettingsAnswer = SettingsView & { viewer: ViewerScopes };

// ---------------------------------------------------------------- pipelines

const stageInput = z.strictObject({
  /** Keep an existing stage's id; omit for a new stage (the server gives it a ULID). */
  stageId: stageId.optional(),
  name: required(LIMITS.stageNameChars),
  kind: z.enum(STAGE_KINDS),
  probability: z.number().int().min(0).max(100).optional(),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, { message: 'not a colour (#rrggbb)' })
    .optional(),
});
/** Stages in board order; ≥ 1 open, exactly one won, ≥ 1 lost... checked: at least one open, one won and one lost stage. */
const stagesInput = z
  .array(stageInput)
  .min(3, { message: 'at least an open, a won and a lost stage' })
  .max(LIMITS.stages, { message: `at most ${LIMITS.stages} stages` })
  .refine(
    (s) => s.some((x) => x.kind === 'open') && s.some((x) => x.kind === 'won') && s.some((x) => x.kind === 'lost'),
    {
      message: 'needs at least one open, one won and one lost stage',
    },
  )
  .refine((s) => s.filter((x) => x.kind === 'won').length === 1, { message: 'exactly one won stage' })
  .refine(
    (s) => {
      const ids = s.map((x) => x.stageId).filter(Boolean);
      return new Set(ids).size === ids.length;
    },
    { message: 'lists a stage twice' },
  );
export const pipelineCreateBody = z.strictObject({ name: required(100), stages: stagesInput });
export const pipelinePatchBody = z.strictObject({
  version,
  name: required(100).optional(),
  stages: stagesInput.optional(),
});
export type PipelineCreateBody = z.infer<typeof pipelineCreateBody>;
export type PipelinePatchBody = z.infer<typeof pipelinePatchBody>;

export interface StageView {
  stageId: string;
  name: string;
  kind: StageKind;
  /** Position on the board, 0-based. */
  order: number;
  probability: number;
  color: string;
}
export interface PipelineView {
  pipelineId: string;
  name: string;
  order: number;
  stages: StageView[];
  version: number;
}
export interface PipelinesView {
  items: PipelineView[];
}

// ---------------------------------------------------------------- records: inputs

/** Choose who is responsible: a person (employee/admin, active) or the next free person of a sales queue (H3 routing). */
const responsibleChoice = {
  responsibleId: userId.optional(),
  assignFromQueue: crmId('queue').optional(),
};

export const leadCreateBody = z
  .strictObject({
    name: required(LIMITS.nameChars),
    companyName: plain(LIMITS.nameChars).optional(),
    emails: emailsInput.optional(),
    phones: phonesInput.optional(),
    source: z.enum(MANUAL_LEAD_SOURCES).optional(),
    comments: plain(LIMITS.commentsChars).optional(),
    ...responsibleChoice,
  })
  .refine((b) => !(b.responsibleId && b.assignFromQueue), {
    message: 'either responsibleId or assignFromQueue',
    path: ['assignFromQueue'],
  });
export const leadPatchBody = z.strictObject({
  version,
  name: required(LIMITS.nameChars).optional(),
  companyName: plain(LIMITS.nameChars).nullable().optional(),
  emails: emailsInput.optional(),
  phones: phonesInput.optional(),
  comments: plain(LIMITS.commentsChars).nullable().optional(),
});
export const leadStatusBody = z
  .strictObject({ version, status: z.enum(SETTABLE_LEAD_STATUSES), junkReason: plain(LIMITS.reasonChars).optional() })
  .refine((b) => b.status !== 'junk' || !!b.junkReason, {
    message: 'required when the status is junk',
    path: ['junkReason'],
  });

export const contactFields = {
  firstName: plain(100).optional(),
  lastName: required(100),
  emails: emailsInput.optional(),
  phones: phonesInput.optional(),
  address: addressInput.optional(),
  tags: tagsInput.optional(),
  position: plain(100).optional(),
  birthday: isoDate.optional(),
  comments: plain(LIMITS.commentsChars).optional(),
};
export const contactCreateBody = z.strictObject({
  ...contactFields,
  primaryCompanyId: crmId('company').optional(),
  ...responsibleChoice,
});
export const contactPatchBody = z.strictObject({
  version,
  firstName: plain(100).nullable().optional(),
  lastName: required(100).optional(),
  emails: emailsInput.optional(),
  phones: phonesInput.optional(),
  address: addressInput.nullable().optional(),
  tags: tagsInput.optional(),
  position: plain(100).nullable().optional(),
  birthday: isoDate.nullable().optional(),
  comments: plain(LIMITS.commentsChars).nullable().optional(),
  primaryCompanyId: crmId('company').nullable().optional(),
});

const website = z
  .string()
  .trim()
  .max(300)
  .refine((s) => /^https?:\/\/[^\s]+\.[^\s]+$/i.test(s), { message: 'not a web address (https://…)' });
export const companyFields = {
  name: required(LIMITS.nameChars),
  legalName: plain(LIMITS.nameChars).optional(),
  vatId: plain(40).optional(),
  regNo: plain(40).optional(),
  emails: emailsInput.optional(),
  phones: phonesInput.optional(),
  address: addressInput.optional(),
  website: website.optional(),
  industry: plain(100).optional(),
  tags: tagsInput.optional(),
  comments: plain(LIMITS.commentsChars).optional(),
};
export const companyCreateBody = z.strictObject({ ...companyFields, ...responsibleChoice });
export const companyPatchBody = z.strictObject({
  version,
  name: required(LIMITS.nameChars).optional(),
  legalName: plain(LIMITS.nameChars).nullable().optional(),
  vatId: plain(40).nullable().optional(),
  regNo: plain(40).nullable().optional(),
  emails: emailsInput.optional(),
  phones: phonesInput.optional(),
  address: addressInput.nullable().optional(),
  website: website.nullable().optional(),
  industry: plain(100).nullable().optional(),
  tags: tagsInput.optional(),
  comments: plain(LIMITS.commentsChars).nullable().optional(),
});

export const dealCreateBody = z.strictObject({
  title: required(LIMITS.nameChars),
  pipelineId: pipelineId.optional(),
  /** Default: the pipeline's first open stage. */
  stageId: stageId.optional(),
  currency,
  amountMinor: nonNegativeMinor.optional(),
  probability: z.number().int().min(0).max(100).optional(),
  closeDate: isoDate.optional(),
  contactId: crmId('contact').optional(),
  companyId: crmId('company').optional(),
  comments: plain(LIMITS.commentsChars).optional(),
  ...responsibleChoice,
});
/** Stage changes go through POST …/stage, lines through PUT …/products (amount is then the lines' total). */
export const dealPatchBody = z.strictObject({
  version,
  title: required(LIMITS.nameChars).optional(),
  currency: currency.optional(),
  amountMinor: nonNegativeMinor.optional(),
  probability: z.number().int().min(0).max(100).nullable().optional(),
  closeDate: isoDate.nullable().optional(),
  contactId: crmId('contact').nullable().optional(),
  companyId: crmId('company').nullable().optional(),
  comments: plain(LIMITS.commentsChars).nullable().optional(),
});
export const stageMoveBody = z.strictObject({ version, stageId, lostReason: plain(LIMITS.reasonChars).optional() });

export const lineDiscountInput = z.union([
  z.strictObject({ percentBp: basisPoints }),
  z.strictObject({ amountMinor: nonNegativeMinor }),
]);
export const lineInput = z.strictObject({
  productId: crmId('product').optional(),
  name: required(300),
  unit: z.enum(UNIT_CODES),
  /** Thousandths: 1.5 h = 1500; 0 < q ≤ 10^9. */
  quantityMilli: z
    .number()
    .int({ message: 'whole thousandths (1.5 = 1500)' })
    .min(1, { message: 'must be positive' })
    .max(MAX_QUANTITY_MILLI, { message: 'too large' }),
  unitPriceMinor: nonNegativeMinor,
  discount: lineDiscountInput.optional(),
  taxRateBp: basisPoints,
});
export type LineInputBody = z.infer<typeof lineInput>;
export const dealProductsBody = z.strictObject({
  version,
  lines: z.array(lineInput).max(LIMITS.lines, { message: `at most ${LIMITS.lines} lines` }),
});

export const activityCreateBody = z
  .strictObject({
    kind: z.enum(MANUAL_ACTIVITY_KINDS),
    text: required(LIMITS.activityTextChars),
    /** When it happened / happens (call, meeting); default now. */
    at: isoDateTime.optional(),
    durationMin: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .optional(),
    dueAt: isoDateTime.optional(),
    outcome: plain(200).optional(),
    place: plain(200).optional(),
  })
  .refine((b) => b.kind === 'todo' || b.dueAt === undefined, {
    message: 'only a todo has a due date',
    path: ['dueAt'],
  });
export const activityPatchBody = z.strictObject({
  version,
  done: z.boolean().optional(),
  text: required(LIMITS.activityTextChars).optional(),
});
export const activitiesQuery = z.strictObject({ cursor, limit });

export const linksQuery = z.strictObject({ type: z.enum(RECORD_TYPES).optional(), cursor, limit });

export const duplicatesQuery = z
  .strictObject({
    type: z.enum(['lead', 'contact', 'company']).optional(),
    email: emailAddress.optional(),
    phone: phoneInput.optional(),
    name: plain(LIMITS.nameChars).optional(),
    company: plain(LIMITS.nameChars).optional(),
  })
  .refine((q) => !!(q.email || q.phone || q.name || q.company), {
    message: 'give an email, phone, name or company',
    path: ['email'],
  });

/** Which value survives, per field; fields not named keep this record's value. E-mails, phones and tags are united. */
export const MERGE_FIELDS = [
  'name',
  'companyName',
  'comments',
  'firstName',
  'lastName',
  'address',
  'position',
  'birthday',
  'legalName',
  'vatId',
  'regNo',
  'website',
  'industry',
  'responsibleId',
] as const;
export const mergeBody = z.strictObject({
  otherId: crmId('record'),
  version,
  otherVersion: version,
  pick: z.partialRecord(z.enum(MERGE_FIELDS), z.enum(['this', 'other'])).optional(),
});
export const notDuplicateBody = z.strictObject({ otherId: crmId('record') });
export const assignBody = z
  .strictObject({ version, responsibleId: userId.optional(), fromQueue: crmId('queue').optional() })
  .refine((b) => !!b.responsibleId !== !!b.fromQueue, {
    message: 'give either responsibleId or fromQueue',
    path: ['responsibleId'],
  });

const newContactPart = z.strictObject({
  firstName: plain(100).optional(),
  lastName: plain(100).optional(),
  emails: emailsInput.optional(),
  phones: phonesInput.optional(),
  position: plain(100).optional(),
});
const newCompanyPart = z.strictObject({
  name: plain(LIMITS.nameChars).optional(),
  vatId: plain(40).optional(),
  regNo: plain(40).optional(),
});
/** Each part: `{new: {...overrides}}` (fields default to the lead's) or an existing record `{contactId}` / `{companyId}`. */
export const convertBody = z
  .strictObject({
    version,
    contact: z
      .union([z.strictObject({ new: newContactPart }), z.strictObject({ contactId: crmId('contact') })])
      .optional(),
    company: z
      .union([z.strictObject({ new: newCompanyPart }), z.strictObject({ companyId: crmId('company') })])
      .optional(),
    deal: z
      .strictObject({
        title: plain(LIMITS.nameChars).optional(),
        pipelineId: pipelineId.optional(),
        amountMinor: nonNegativeMinor.optional(),
        currency: currency.optional(),
      })
      .optional(),
  })
  .refine((b) => !!(b.contact || b.company || b.deal), {
    message: 'convert to at least one of contact, company, deal',
    path: ['contact'],
  });
export type ConvertBody = z.infer<typeof convertBody>;

const listCommon = { scope: scopeParam.optional(), cursor, limit };
export const leadsQuery = z.strictObject({
  ...listCommon,
  status: z.enum(LEAD_STATUSES).optional(),
  sort: z.enum(['updated', 'name']).optional(),
  q: plain(100).optional(),
});
export const contactsQuery = z.strictObject({
  ...listCommon,
  sort: z.enum(['updated', 'name']).optional(),
  q: plain(100).optional(),
});
export const companiesQuery = contactsQuery;
export const dealsQuery = z.strictObject({
  ...listCommon,
  pipelineId: pipelineId.optional(),
  stageId: stageId.optional(),
  sort: z.enum(['moved', 'updated', 'close']).optional(),
  closeFrom: isoDate.optional(),
  closeTo: isoDate.optional(),
});
export const boardQuery = z.strictObject({
  scope: scopeParam.optional(),
  pipelineId: pipelineId.optional(),
  limit: z.coerce.number().int().min(1).max(50).optional(),
});

export const productCreateBody = z.strictObject({
  name: required(300),
  sku: plain(60).optional(),
  unit: z.enum(UNIT_CODES),
  priceMinor: nonNegativeMinor,
  currency,
  taxRateBp: basisPoints,
  description: plain(LIMITS.textChars).optional(),
});
export const productPatchBody = z.strictObject({
  version,
  name: required(300).optional(),
  sku: plain(60).nullable().optional(),
  unit: z.enum(UNIT_CODES).optional(),
  priceMinor: nonNegativeMinor.optional(),
  currency: currency.optional(),
  taxRateBp: basisPoints.optional(),
  description: plain(LIMITS.textChars).nullable().optional(),
  archived: z.boolean().optional(),
});
export const productsQuery = z.strictObject({
  q: plain(100).optional(),
  archived: z.enum(['true', 'false']).optional(),
  cursor,
  limit,
});

export type LeadCreateBody = z.infer<typeof leadCreateBody>;
export type LeadPatchBody = z.infer<typeof leadPatchBody>;
export type ContactCreateBody = z.infer<typeof contactCreateBody>;
export type ContactPatchBody = z.infer<typeof contactPatchBody>;
export type CompanyCreateBody = z.infer<typeof companyCreateBody>;
export type CompanyPatchBody = z.infer<typeof companyPatchBody>;
export type DealCreateBody = z.infer<typeof dealCreateBody>;
export type DealPatchBody = z.infer<typeof dealPatchBody>;
export type ProductCreateBody = z.infer<typeof productCreateBody>;
export type ProductPatchBody = z.infer<typeof productPatchBody>;
export type ActivityCreateBody = z.infer<typeof activityCreateBody>;
export type MergeBody = z.infer<typeof mergeBody>;

// ---------------------------------------------------------------- views

export interface EmailValue {
  /** As typed (trimmed). */
  value: string;
  /** Normalised (lower-case, punycode domain): the duplicate key. */
  norm: string;
}
export interface PhoneValue {
  /** As typed (trimmed). */
  display: string;
  /** E.164 (+40722123456): the duplicate key. */
  e164: string;
}

/** Fields every record has. */
export interface RecordBase {
  id: string;
  type: RecordType;
  version: number;
  responsibleId: string;
  responsibleName: string;
  /** The responsible's primary department when the record was assigned (drives `dept:` scopes). */
  deptId: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface LeadView extends RecordBase {
  type: 'lead';
  name: string;
  companyName: string | null;
  emails: EmailValue[];
  phones: PhoneValue[];
  source: LeadSource;
  formId: string | null;
  status: LeadStatus;
  junkReason: string | null;
  comments: string | null;
  consent: { textHash: string; at: string; ip: string } | null;
  /** A contact/company that looks like the same customer (found by e-mail/phone when the lead was made). */
  repeatOf: { type: 'contact' | 'company'; id: string; name: string } | null;
  convertedTo: { contactId?: string; companyId?: string; dealId?: string } | null;
}

export interface ContactView extends RecordBase {
  type: 'contact';
  firstName: string | null;
  lastName: string;
  /** "First Last". */
  name: string;
  emails: EmailValue[];
  phones: PhoneValue[];
  address: Address | null;
  tags: string[];
  position: string | null;
  birthday: string | null;
  comments: string | null;
  primaryCompanyId: string | null;
  primaryCompanyName: string | null;
}

export interface CompanyView extends RecordBase {
  type: 'company';
  name: string;
  legalName: string | null;
  vatId: string | null;
  regNo: string | null;
  emails: EmailValue[];
  phones: PhoneValue[];
  address: Address | null;
  website: string | null;
  industry: string | null;
  tags: string[];
  comments: string | null;
}

/** A deal's product line as stored: the input + the computed amounts (minor units of the deal's currency). */
export interface DealLine {
  productId: string | null;
  name: string;
  unit: UnitCode;
  quantityMilli: number;
  unitPriceMinor: number;
  discount: { percentBp: number } | { amountMinor: number } | null;
  taxRateBp: number;
  /** round(unitPrice × quantity). */
  grossMinor: number;
  discountMinor: number;
  /** gross − discount: the line amount (net of tax). */
  netMinor: number;
}

export interface DealView extends RecordBase {
  type: 'deal';
  title: string;
  /** = title (uniform with the other types). */
  name: string;
  pipelineId: string;
  stageId: string;
  stageKind: StageKind;
  movedAt: string;
  probability: number | null;
  closeDate: string | null;
  currency: string;
  /** Minor units; the lines' net total when there are lines, else the amount typed. */
  amountMinor: number;
  lines: DealLine[];
  contactId: string | null;
  contactName: string | null;
  companyId: string | null;
  companyName: string | null;
  comments: string | null;
  maxReachedOrder: number;
  wonAt: string | null;
  wonAmountMinor: number | null;
  lostReason: string | null;
  /** YYYY-MM of creation: the funnel's cohort. */
  createdMonth: string;
}

export type CoreRecordView = LeadView | ContactView | CompanyView | DealView;
/** Quotes and invoices are functions/crm-docs' views (./documents-contract.ts). */
export type RecordView = CoreRecordView;

/** One row of a list or a board column (the index row's summary: no second read). */
export interface RecordSummary {
  id: string;
  type: RecordType;
  /** Name (lead, company), "First Last" (contact), title (deal), number or "draft" (quote/invoice). */
  name: string;
  /** Lead status, quote/invoice status. */
  status: string | null;
  pipelineId: string | null;
  stageId: string | null;
  amountMinor: number | null;
  currency: string | null;
  responsibleId: string;
  responsibleName: string;
  companyName: string | null;
  contactName: string | null;
  email: string | null;
  phone: string | null;
  number: string | null;
  closeDate: string | null;
  movedAt: string | null;
  updatedAt: string;
  version: number;
}

export interface Page<T> {
  items: T[];
  cursor: string | null;
}

export interface DuplicateMatch {
  type: RecordType;
  /** Absent when the match is not visible to me (then only who holds it is told). */
  id?: string;
  name?: string;
  responsibleId: string;
  responsibleName: string;
  /** Which keys matched. */
  matchedOn: ('email' | 'phone' | 'name')[];
  visible: boolean;
}
export interface DuplicatesView {
  items: DuplicateMatch[];
}

/** A create's answer: the record + the duplicates found (nothing is refused for a duplicate). */
export interface CreatedView<T extends CoreRecordView> {
  record: T;
  duplicates: DuplicateMatch[];
}

export interface ConvertResult {
  lead: LeadView;
  contactId: string | null;
  companyId: string | null;
  dealId: string | null;
}

export interface BoardColumn {
  stageId: string;
  totals: { n: number; amounts: Record<string, number> };
  items: RecordSummary[];
  /** More of this column: GET /crm/deals?pipelineId&stageId&scope&cursor. */
  cursor: string | null;
}
export interface BoardView {
  pipeline: PipelineView;
  scope: string;
  stages: BoardColumn[];
}

export interface ActivityView {
  activityId: string;
  recordId: string;
  kind: ActivityKind;
  by: string;
  byName: string;
  at: string;
  text: string | null;
  dueAt: string | null;
  done: boolean | null;
  durationMin: number | null;
  outcome: string | null;
  place: string | null;
  /** System facts: fromStage, toStage, docId, number, recipients, otherId, … (plain strings). */
  meta: Record<string, string>;
  /** Present on editable (manual) kinds. */
  version: number | null;
}

export interface LinkView {
  type: RecordType;
  id: string;
  name: string;
  status: string | null;
  stageId: string | null;
  amountMinor: number | null;
  currency: string | null;
  number: string | null;
  linkedAt: string;
}

export interface ProductView {
  productId: string;
  name: string;
  sku: string | null;
  unit: UnitCode;
  priceMinor: number;
  currency: string;
  taxRateBp: number;
  description: string | null;
  archived: boolean;
  version: number;
  updatedAt: string;
}

export type CrmFrame = {
  type: 'crm.record.changed';
  recordType: RecordType;
  id: string;
  version: number;
  stageId?: string;
  pipelineId?: string;
  responsibleId: string;
  deleted?: boolean;
};
