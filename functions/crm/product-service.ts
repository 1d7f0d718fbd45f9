/**
 * Settings, pipelines and the product catalog (admins edit; employees read).
 *
 *   Product  PK=CRMPROD#{id} SK=PROD (crmProduct) name, sku?, unit, priceMinor, currency, taxRateBp, description?,
 *            archived, version; live: GSI1PK=CRMPRODS GSI1SK={searchKey}#{id}; archived: GSI2PK=CRMPRODS#ARCH (sparse)
 *
 * | access pattern | how |
 * |---|---|
 * | products by name (prefix) | ONE Query GSI1 CRMPRODS begins_with searchKey(q) (archived: GSI2 CRMPRODS#ARCH) |
 * | a product | GetItem |
 * | edit | put where version = :v → 409 + current (shared/crm/product-entity.ts) |
 * | settings | GetItem; edit = Put with condition version (or absent for the first save) |
 * | pipelines | ONE Query GSI1 CRMPIPES; edit = Put with condition version + one ConditionCheck per removed stage on its ALL-scope counter (n = 0) |
 */
import { transaction } from '../../shared/data/transaction';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { UserContext } from '../../shared/auth/claims';
import {
  LIMITS,
  type PipelineCreateBody,
  type PipelinePatchBody,
  type ProductCreateBody,
  type ProductPatchBody,
  type ProductView,
  type SettingsAnswer,
  type SettingsPatchBody,
  type SettingsView,
  type StageView,
} from '../../shared/crm/contract';
import { Counters } from '../../shared/crm/counter-entity';
import { isEntityRow } from '../../shared/crm/entity-names';
import { PRODUCTS_ARCHIVED_GSI, PRODUCTS_GSI, PROD_SK, productPk, searchKey } from '../../shared/crm/keys';
import {
  Pipelines,
  listPipelines,
  pipelineView,
  readPipeline,
  type PipelineItem,
} from '../../shared/crm/pipeline-entity';
import { PRODUCT_ENTITY, Products, type ProductItem } from '../../shared/crm/product-entity';
import { CRM_COMMIT, T } from '../../shared/crm/records';
import { visibility } from '../../shared/crm/policy';
import { Settings, readSettings, settingsItem } from '../../shared/crm/settings-entity';
import { db, openKey, sealKey, strip, type Raw } from '../../shared/data/document';
import { isConditionFailure } from '../../shared/data/versioning';
import { AppError, NotFoundError, UnprocessableError } from '../../shared/http/errors';
import { reply } from '../../shared/runtime/feature-handler';
import { queryRaw, staleConflict } from './common';

// ---------------------------------------------------------------- settings

/** The settings (read in the same BatchGet as my profile) + which scopes I may list. */
export async function getSettings(user: UserContext): Promise<SettingsAnswer> {
  const vis = await visibility(user);
  return {
    ...vis.settings,
    viewer: {
      userId: vis.userId,
      isAdmin: vis.isAdmin,
      departmentIds: vis.departmentIds,
      visibleDepartmentIds: [...vis.visibleDepts].sort(),
    },
  };
}

export async function patchSettings(body: SettingsPatchBody): Promise<SettingsView> {
  const cur = await readSettings();
  if (cur.version !== body.version) throw staleConflict(cur);
  const next: SettingsView = { ...cur };
  for (const [k, v] of Object.entries(body))
    if (k !== 'version' && v !== undefined) (next as unknown as Record<string, unknown>)[k] = v;
  if (body.seller)
    next.seller = Object.fromEntries(Object.entries(body.seller).filter(([, v]) => v !== '' && v !== undefined));
  if (!next.currencies.includes(next.baseCurrency)) {
    throw new UnprocessableError('The base currency must be enabled', [
      {
        path: body.baseCurrency ? 'baseCurrency' : 'currencies',
        reason: 'the base currency is not among the enabled currencies',
      },
    ]);
  }
  next.version = cur.version + 1;
  next.updatedAt = new Date().toISOString();
  try {
    const item = settingsItem(next);
    await transaction()
      .add(
        cur.version === 0
          ? Settings().create(item)
          : Settings()
              .put(item)
              .where(({ version }, { eq }) => eq(version, cur.version)),
      )
      .commit(CRM_COMMIT);
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    throw staleConflict(await readSettings());
  }
  return next;
}

// ---------------------------------------------------------------- pipelines

export async function getPipelines() {
  return { items: (await listPipelines()).map(pipelineView) };
}

function buildStages(input: PipelineCreateBody['stages'], old: StageView[] = []): StageView[] {
  const known = new Set(old.map((s) => s.stageId));
  return input.map((s, order) => {
    if (s.stageId && !known.has(s.stageId))
      throw new UnprocessableError('Unknown stage id (omit it for a new stage)', [
        { path: `stages.${order}.stageId`, reason: 'not a stage of this pipeline' },
      ]);
    const was = old.find((o) => o.stageId === s.stageId);
    return {
      stageId: s.stageId ?? ulid(),
      name: s.name,
      kind: s.kind,
      order,
      probability: s.probability ?? was?.probability ?? (s.kind === 'won' ? 100 : s.kind === 'lost' ? 0 : 50),
      color: s.color ?? was?.color ?? (s.kind === 'won' ? '#40c057' : s.kind === 'lost' ? '#868e96' : '#228be6'),
    };
  });
}

export async function createPipeline(body: PipelineCreateBody) {
  const existing = await listPipelines();
  if (existing.length >= LIMITS.pipelines)
    throw new UnprocessableError(`At most ${LIMITS.pipelines} pipelines`, [
      { path: 'name', reason: 'too many pipelines' },
    ]);
  const now = new Date().toISOString();
  const p: PipelineItem = {
    pipelineId: ulid(),
    name: body.name,
    order: Math.max(0, ...existing.map((e) => e.order)) + 1,
    stages: buildStages(body.stages),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await transaction().add(Pipelines().create(p)).commit(CRM_COMMIT);
  return reply(201, pipelineView(p));
}

export async function patchPipeline(pipelineId: string, body: PipelinePatchBody) {
  const cur = await readPipeline(pipelineId);
  if (!cur) throw new NotFoundError('No such pipeline');
  if (cur.version !== body.version) throw staleConflict(pipelineView(cur));
  const stages = body.stages ? buildStages(body.stages, cur.stages) : cur.stages;
  const kept = new Set(stages.map((s) => s.stageId));
  const removed = cur.stages.filter((s) => !kept.has(s.stageId));
  // A kind change of a stage holding deals would leave their stageKind stale: refused like a removal.
  const rekinded = cur.stages.filter(
    (s) => kept.has(s.stageId) && stages.find((n) => n.stageId === s.stageId)!.kind !== s.kind,
  );
  const next: PipelineItem = {
    ...cur,
    name: body.name ?? cur.name,
    stages,
    version: cur.version + 1,
    updatedAt: new Date().toISOString(),
  };
  // Each removed or re-kinded stage must hold no deals: its ALL-scope counter is absent or at 0.
  const tx = transaction().add(
    Pipelines()
      .put(next)
      .where(({ version }, { eq }) => eq(version, cur.version)),
  );
  for (const s of [...removed, ...rekinded])
    tx.check(
      Counters()
        .update({ scope: 'A', type: 'deal', group: pipelineId, bucket: s.stageId })
        .set({})
        .where(({ scope, n }, { notExists, eq }) => `${notExists(scope)} OR ${eq(n, 0)}`),
    );
  try {
    await tx.commit(CRM_COMMIT);
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    const reasons = ((e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code);
    const stageIdx = reasons.findIndex((c, i) => i > 0 && c === 'ConditionalCheckFailed');
    if (stageIdx > 0) {
      const s = [...removed, ...rekinded][stageIdx - 1]!;
      throw new AppError(409, 'STAGE_NOT_EMPTY', `Stage “${s.name}” still holds deals: move them first`, [
        { path: 'stages', reason: `stage ${s.stageId} is not empty` },
      ]);
    }
    const now = await readPipeline(pipelineId);
    throw staleConflict(now ? pipelineView(now) : null);
  }
  return pipelineView(next);
}

// ---------------------------------------------------------------- products

export const productKey = (productId: string) => ({ PK: productPk(productId), SK: PROD_SK });

/** A product as its entity's item: null fields (no SKU, no description) are not stored. */
const productItem = (p: ProductView & { createdAt: string }): ProductItem => {
  const { sku, description, ...rest } = p;
  return { ...rest, ...(sku !== null ? { sku } : {}), ...(description !== null ? { description } : {}) };
};

const productView = (r: Raw | ProductItem): ProductView => {
  const p = strip<Partial<ProductView>>(r);
  return {
    productId: p.productId!,
    name: p.name!,
    sku: p.sku ?? null,
    unit: p.unit!,
    priceMinor: p.priceMinor!,
    currency: p.currency!,
    taxRateBp: p.taxRateBp!,
    description: p.description ?? null,
    archived: !!p.archived,
    version: p.version!,
    updatedAt: p.updatedAt!,
  };
};

async function checkEnabled(currency: string) {
  const s = await readSettings();
  if (!s.currencies.includes(currency))
    throw new UnprocessableError(`${currency} is not enabled in the CRM settings`, [
      { path: 'currency', reason: 'currency not enabled' },
    ]);
}

export async function listProducts(q: {
  q?: string | undefined;
  archived?: 'true' | 'false' | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}) {
  const archived = q.archived === 'true';
  const list = `crm:products:${archived ? 'arch' : 'live'}:${q.q ?? ''}`;
  const start = await openKey(q.cursor, list);
  const page = await queryRaw({
    pk: archived ? PRODUCTS_ARCHIVED_GSI : PRODUCTS_GSI,
    index: archived ? 'GSI2' : 'GSI1',
    ...(q.q ? { prefix: searchKey(q.q) } : {}),
    forward: true,
    limit: q.limit ?? LIMITS.pageSize,
    ...(start ? { start } : {}),
  });
  return { items: page.items.map(productView), cursor: await sealKey(page.lastKey, list) };
}

export async function createProduct(_user: UserContext, body: ProductCreateBody) {
  await checkEnabled(body.currency);
  const now = new Date().toISOString();
  const p = {
    productId: ulid(),
    name: body.name,
    sku: body.sku || null,
    unit: body.unit,
    priceMinor: body.priceMinor,
    currency: body.currency,
    taxRateBp: body.taxRateBp,
    description: body.description || null,
    archived: false,
    version: 1,
    updatedAt: now,
    createdAt: now,
  };
  await transaction()
    .add(Products().create(productItem(p)))
    .commit(CRM_COMMIT);
  return reply(201, productView(productItem(p)));
}

export async function patchProduct(_user: UserContext, productId: string, body: ProductPatchBody) {
  const r = await db().send(new GetCommand({ TableName: T(), Key: productKey(productId) }));
  const row = r.Item as Raw | undefined;
  if (!isEntityRow(row, PRODUCT_ENTITY)) throw new NotFoundError('No such product');
  const cur = productView(row);
  if (cur.version !== body.version) throw staleConflict(cur);
  if (body.currency && body.currency !== cur.currency) await checkEnabled(body.currency);
  const next: ProductView & { createdAt: string } = {
    ...cur,
    createdAt: (row.createdAt as string) ?? cur.updatedAt,
    version: cur.version + 1,
    updatedAt: new Date().toISOString(),
  };
  for (const [k, v] of Object.entries(body)) {
    if (k === 'version' || v === undefined) continue;
    (next as unknown as Record<string, unknown>)[k] = v;
  }
  try {
    await transaction()
      .add(
        Products()
          .put(productItem(next))
          .where(({ version }, { eq }) => eq(version, cur.version)),
      )
      .commit(CRM_COMMIT);
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    const again = await db().send(new GetCommand({ TableName: T(), Key: productKey(productId), ConsistentRead: true }));
    throw staleConflict(again.Item ? productView(again.Item as Raw) : null);
  }
  return productView(productItem(next));
}
