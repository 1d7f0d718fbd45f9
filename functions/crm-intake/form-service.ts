/**
 * Web forms (admin): create, list, edit (versioned), rotate the key. The key is 16 random bytes shown once in
 * the snippet and stored as SHA-256 only; rotating it makes older snippets stop working (404).
 *
 * | route                          | DynamoDB                                                                   |
 * |--------------------------------|----------------------------------------------------------------------------|
 * | GET /crm/forms                 | ONE Query GSI1 CRMFORMS (newest first, signed cursor)                      |
 * | POST /crm/forms                | GetItem the queue (422 `queueId` when absent) + Put if absent              |
 * | PATCH /crm/forms/{formId}      | (+ GetItem of a new queue) UpdateItem if version = :v (409 with current)   |
 * | POST /crm/forms/{formId}/key   | UpdateItem keyHash if the form exists                                      |
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ulid } from 'ulid';
import type { UserContext } from '../../shared/auth/claims';
import { isConditionFailure } from '../../shared/data/versioning';
import { ConflictError, NotFoundError, UnprocessableError } from '../../shared/http/errors';
import {
  formPageUrl,
  formSnippet,
  type FormBody,
  type FormCreated,
  type FormKeyAnswer,
  type FormPatch,
  type FormView,
} from '../../shared/crm/intake-contract';
import { isEntityRow } from '../../shared/crm/entity-names';
import { Forms } from '../../shared/crm/form-entity';
import {
  FORMS_PK,
  INTAKE_ENTITIES,
  formCreate,
  formKey,
  queueKey,
  type FormItem,
} from '../../shared/crm/intake-entity';
import { definedOnly, getEntity, getRaw, queryPage } from '../../shared/crm/intake-store';

export const hashKey = (key: string) => createHash('sha256').update(key).digest('base64url');
export const newKey = () => randomBytes(16).toString('base64url');

/** Constant-time check of a presented key against the stored hash. */
export function keyMatches(key: string, keyHash: string): boolean {
  const a = Buffer.from(hashKey(key));
  const b = Buffer.from(keyHash);
  return a.length === b.length && timingSafeEqual(a, b);
}

const portal = () => process.env.PORTAL_URL ?? '';

export const formView = (f: FormItem): FormView => ({
  formId: f.formId,
  name: f.name,
  fields: f.fields,
  consentText: f.consentText,
  consentRequired: f.consentRequired,
  queueId: f.queueId,
  language: f.language,
  successMessage: f.successMessage,
  active: f.active,
  keyRotatedAt: f.keyRotatedAt,
  createdAt: f.createdAt,
  updatedAt: f.updatedAt,
  version: f.version,
});

const keyAnswer = (f: Pick<FormItem, 'formId' | 'name'>, key: string): FormKeyAnswer => ({
  formId: f.formId,
  key,
  url: formPageUrl(portal(), f.formId, key),
  snippet: formSnippet(portal(), f.formId, key, f.name),
});

export const readForm = (formId: string) => getEntity<FormItem>(formKey(formId), INTAKE_ENTITIES.form);

async function requireQueue(queueId: string): Promise<void> {
  const q = await getRaw(queueKey(queueId));
  if (!isEntityRow(q, INTAKE_ENTITIES.queue))
    throw new UnprocessableError('There is no such sales queue', [{ path: 'queueId', reason: 'no such queue' }]);
}

export async function createForm(user: UserContext, body: FormBody): Promise<FormCreated> {
  await requireQueue(body.queueId);
  const now = new Date().toISOString();
  const key = newKey();
  const f: FormItem = {
    formId: ulid(),
    name: body.name,
    fields: body.fields,
    consentText: body.consentText,
    consentRequired: body.consentRequired,
    queueId: body.queueId,
    language: body.language,
    successMessage: body.successMessage,
    keyHash: hashKey(key),
    active: body.active ?? true,
    keyRotatedAt: now,
    createdBy: user.sub,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await formCreate(f).go();
  return { ...formView(f), key: keyAnswer(f, key) };
}

export async function listForms(cursor: string | undefined, limit = 50) {
  return queryPage<FormView>(
    {
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': FORMS_PK },
      ScanIndexForward: false,
    },
    { cursor, limit, cursorScope: 'crm:forms', map: (r) => formView(r as unknown as FormItem) },
  );
}

export async function updateForm(formId: string, patch: FormPatch): Promise<FormView> {
  const { version, ...changes } = patch;
  if (changes.queueId) await requireQueue(changes.queueId);
  const now = new Date().toISOString();
  try {
    const r = await Forms()
      .patch({ formId })
      .set({ ...definedOnly(changes), version: version + 1, updatedAt: now })
      .where((a, { eq }) => eq(a.version, version))
      .go({ response: 'all_new' });
    return formView(r.data);
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    const current = await readForm(formId);
    if (!current) throw new NotFoundError('No such form');
    throw new ConflictError('This form was changed by someone else meanwhile. Reload, then save again.', {
      current: formView(current),
    });
  }
}

export async function rotateKey(formId: string): Promise<FormKeyAnswer> {
  const key = newKey();
  try {
    const r = await Forms()
      .patch({ formId })
      .set({ keyHash: hashKey(key), keyRotatedAt: new Date().toISOString() })
      .go({ response: 'all_new' });
    return keyAnswer(r.data, key);
  } catch (e) {
    if (isConditionFailure(e)) throw new NotFoundError('No such form');
    throw e;
  }
}
