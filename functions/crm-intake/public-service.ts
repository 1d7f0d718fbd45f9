/**
 * The public web form: its config (with a ticket) and its submit, which makes a lead assigned round-robin from
 * the form's queue. Anonymous callers; the form key (query/body `k`) is the only credential.
 *
 * | route                                   | DynamoDB                                                              |
 * |-----------------------------------------|-----------------------------------------------------------------------|
 * | GET /public/crm/forms/{formId}?k=       | GetItem the form                                                      |
 * | POST /public/crm/forms/{formId}/submit  | GetItem form → settings GetItem ‖ rate limits (2 × (ADD + GetItem)) → |
 * |                                         | dup Queries (e-mail, phone) ‖ queue GetItem + members BatchGet →      |
 * |                                         | ONE TransactWriteItems (lead + index + dup rows + counters + activity |
 * |                                         | + queue pointer); a lost pointer race reruns the choice (≤ 4 times)   |
 *
 * Order of checks (a bot learns nothing from a honeypot): form + key (404) → honeypot (202, nothing written) →
 * consent (400 `consent`) → fields (400 `fields.{name}`) → ticket age (422 `ticket`) → rate limits (429) → write.
 */
import { transaction } from '../../shared/data/transaction';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { cursorKey } from '../../shared/data/cursor-key';
import { db, type Raw } from '../../shared/data/document';
import { BadRequestError, NotFoundError, UnprocessableError, type FieldProblem } from '../../shared/http/errors';
import { hitRateLimits, sourceIp } from '../../shared/security/rate-limit';
import { emailAddress } from '../../shared/crm/contract';
import {
  INTAKE_LIMITS,
  FORM_FIELDS,
  type PublicFormConfig,
  type SubmitAnswer,
  type SubmitBody,
} from '../../shared/crm/intake-contract';
import type { FormItem } from '../../shared/crm/intake-entity';
import { T } from '../../shared/crm/intake-store';
import { assignFromQueue, retryQueueRace } from '../../shared/crm/routing';
import { dupPk } from '../../shared/crm/keys';
import { normEmail, normPhone } from '../../shared/crm/dedupe';
import { activityPut, recordWriteItems, CRM_COMMIT, type LeadRecord } from '../../shared/crm/records';
import { readSettings } from '../../shared/crm/settings-entity';
import { keyMatches, readForm } from './form-service';

type Ev = { requestContext?: { http?: { sourceIp?: string } } };

const IP_RULE = {
  bucket: 'crm-form:ip',
  limit: INTAKE_LIMITS.perIp.limit,
  windowSeconds: INTAKE_LIMITS.perIp.windowSeconds,
};
const FORM_RULE = {
  bucket: 'crm-form:form',
  limit: INTAKE_LIMITS.perForm.limit,
  windowSeconds: INTAKE_LIMITS.perForm.windowSeconds,
};
/** Who a web-form lead was made by (not a person: the `crm` stream consumer notifies the assignee). */
export const WEB_FORM_ACTOR = 'web-form';

const ticketMac = async (formId: string, issuedAt: number) =>
  createHmac('sha256', await cursorKey())
    .update(`crm-form|${formId}|${issuedAt}`)
    .digest('base64url')
    .slice(0, 32);

export async function issueTicket(formId: string, nowMs = Date.now()): Promise<string> {
  return `${nowMs}.${await ticketMac(formId, nowMs)}`;
}

/** 'ok' | why the ticket is refused. */
export async function checkTicket(
  formId: string,
  ticket: string,
  nowMs = Date.now(),
): Promise<'ok' | 'invalid' | 'too-fast' | 'expired'> {
  const [at, mac, ...rest] = ticket.split('.');
  const issuedAt = Number(at);
  if (rest.length || !mac || !Number.isSafeInteger(issuedAt)) return 'invalid';
  const expected = Buffer.from(await ticketMac(formId, issuedAt));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  const age = nowMs - issuedAt;
  if (age < INTAKE_LIMITS.ticketMinMs) return 'too-fast';
  if (age > INTAKE_LIMITS.ticketMaxMs) return 'expired';
  return 'ok';
}

/** The form when it exists, is active and the key is its current one; else 404 (whichever it was). */
async function openForm(formId: string, key: string): Promise<FormItem> {
  const form = await readForm(formId);
  if (!form || !form.active || !keyMatches(key, form.keyHash)) throw new NotFoundError('No such form');
  return form;
}

export async function publicConfig(formId: string, key: string): Promise<PublicFormConfig> {
  const f = await openForm(formId, key);
  return {
    formId: f.formId,
    name: f.name,
    fields: f.fields,
    consentText: f.consentText,
    consentRequired: f.consentRequired,
    language: f.language,
    successMessage: f.successMessage,
    ticket: await issueTicket(f.formId),
  };
}

const answer = (f: FormItem): SubmitAnswer => ({
  ok: true,
  message:
    f.successMessage ||
    (f.language === 'ro' ? 'Mulțumim! Vă vom contacta în curând.' : 'Thank you! We will be in touch soon.'),
});

/** Field checks against the form's settings; 400 naming every bad field. */
function readFields(form: FormItem, body: SubmitBody, phoneCountry: string) {
  const problems: FieldProblem[] = [];
  const v = body.fields;
  for (const f of FORM_FIELDS) {
    const mode = form.fields[f];
    if (mode === 'required' && !v[f]) problems.push({ path: `fields.${f}`, reason: 'required' });
  }
  const use = (f: (typeof FORM_FIELDS)[number]) => (form.fields[f] === 'off' ? undefined : v[f] || undefined);
  const email = use('email');
  const phone = use('phone');
  let emailNorm: string | null = null;
  let e164: string | null = null;
  if (email) {
    emailNorm = emailAddress.safeParse(email).success ? normEmail(email) : null;
    if (!emailNorm) problems.push({ path: 'fields.email', reason: 'not an e-mail address' });
  }
  if (phone) {
    e164 = normPhone(phone, phoneCountry);
    if (!e164) problems.push({ path: 'fields.phone', reason: 'not a phone number' });
  }
  if (!email && !phone && !problems.length)
    problems.push({
      path: form.fields.email !== 'off' ? 'fields.email' : 'fields.phone',
      reason: 'an e-mail address or a phone number is needed',
    });
  if (problems.length)
    throw new BadRequestError(`Invalid input: ${problems[0]!.path}: ${problems[0]!.reason}`, problems);
  return {
    name: use('name'),
    company: use('company'),
    message: use('message'),
    email: email && emailNorm ? { value: email, norm: emailNorm } : undefined,
    phone: phone && e164 ? { display: phone, e164 } : undefined,
  };
}

/** A contact or company with this e-mail/phone (the first found): ≤ 2 Queries in parallel. */
async function repeatCustomer(
  emailNorm: string | undefined,
  e164: string | undefined,
): Promise<LeadRecord['repeatOf']> {
  const pks = [emailNorm ? dupPk('E', emailNorm) : null, e164 ? dupPk('P', e164) : null].filter(
    (x): x is string => !!x,
  );
  const pages = await Promise.all(
    pks.map((pk) =>
      db().send(
        new QueryCommand({
          TableName: T(),
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          Limit: 20,
        }),
      ),
    ),
  );
  for (const p of pages) {
    for (const r of (p.Items ?? []) as Raw[]) {
      if (r.type === 'contact' || r.type === 'company')
        return { type: r.type, id: r.id as string, name: (r.name as string) ?? '' };
    }
  }
  return undefined;
}

export async function submitForm(formId: string, body: SubmitBody, event: Ev): Promise<SubmitAnswer> {
  const form = await openForm(formId, body.k);
  // Honeypot: a bot gets the same answer as a person, and nothing is written (no rate counter either).
  if (body.website && body.website.trim() !== '') return answer(form);
  if (form.consentRequired && !body.consent)
    throw new BadRequestError('Consent is required', [{ path: 'consent', reason: 'required' }]);
  const settings = await readSettings();
  const fields = readFields(form, body, settings.defaultPhoneCountry);
  const ticket = await checkTicket(formId, body.ticket);
  if (ticket !== 'ok') {
    const reason =
      ticket === 'too-fast'
        ? 'sent too fast: wait a moment and send again'
        : ticket === 'expired'
          ? 'the page is too old: reload it'
          : 'invalid';
    throw new UnprocessableError(`The form ticket is ${ticket === 'invalid' ? 'invalid' : ticket}`, [
      { path: 'ticket', reason },
    ]);
  }
  const ip = sourceIp(event);
  await hitRateLimits([
    { rule: IP_RULE, key: ip },
    { rule: FORM_RULE, key: formId },
  ]);

  const repeatOf = await repeatCustomer(fields.email?.norm, fields.phone?.e164);
  const consentAt = new Date().toISOString();
  const leadName = fields.name || fields.company || fields.email?.value || fields.phone?.display || form.name;
  await retryQueueRace(async () => {
    const now = new Date();
    const at = now.toISOString();
    const a = await assignFromQueue(form.queueId, at);
    const id = ulid(now.getTime());
    const lead: LeadRecord = {
      id,
      type: 'lead',
      version: 1,
      responsibleId: a.userId,
      responsibleName: a.name,
      ...(a.profile?.departmentIds?.[0] ? { deptId: a.profile.departmentIds[0] } : {}),
      createdBy: WEB_FORM_ACTOR,
      createdAt: at,
      updatedAt: at,
      lastActorId: WEB_FORM_ACTOR,
      name: leadName,
      ...(fields.company ? { companyName: fields.company } : {}),
      emails: fields.email ? [fields.email] : [],
      phones: fields.phone ? [fields.phone] : [],
      source: 'web_form',
      formId: form.formId,
      status: 'new',
      ...(fields.message ? { comments: fields.message } : {}),
      ...(body.consent
        ? { consent: { textHash: createHash('sha256').update(form.consentText).digest('hex'), at: consentAt, ip } }
        : {}),
      ...(repeatOf ? { repeatOf } : {}),
    };
    const items = [
      ...recordWriteItems(null, lead),
      activityPut({
        recordId: id,
        activityId: ulid(now.getTime()),
        kind: 'created',
        by: WEB_FORM_ACTOR,
        byName: form.name,
        at,
        meta: { source: 'web_form', formId: form.formId, responsibleId: a.userId },
      }),
      a.txItem,
    ];
    await transaction()
      .addItems(...items)
      .commit(CRM_COMMIT);
  });
  return answer(form);
}
