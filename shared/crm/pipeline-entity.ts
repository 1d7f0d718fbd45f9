/**
 * Deal pipelines (entity crmPipeline): PK=CRMPIPE#{pipelineId} SK=PIPE, name, order, stages[], version;
 * GSI1PK=CRMPIPES GSI1SK={order:0000}#{pipelineId}. The `default` pipeline is made lazily on first read
 * (Put if absent; a racing reader re-reads) — new → preparing documents → invoice/offer → in progress →
 * final invoice → won / lost.
 *
 * | access pattern      | how |
 * |---|---|
 * | a pipeline          | GetItem (default: + one conditional Put the first time) |
 * | all pipelines       | ONE Query GSI1 CRMPIPES (≤ 20) |
 * | create              | create (attribute_not_exists) |
 * | edit (admin)        | put where version = :v; removing a stage that holds deals is refused by a ConditionCheck on the ALL-scope counter (n = 0 or absent) |
 *
 * GSI1SK is computed from order and id (the key attribute itself, "attributes as indexes"), so it is not stored twice.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CustomAttributeType, Entity, type EntityItem } from 'electrodb';
import { db, strip, type Raw } from '../data/document';
import { entityConfig, SERVICE } from '../data/electro';
import { putItemOf } from '../data/transaction';
import { tableName } from '../data/table';
import { isConditionFailure } from '../data/versioning';
import { DEFAULT_PIPELINE_ID, type PipelineView, type StageView } from './contract';
import { isEntityRow } from './entity-names';
import { PIPELINES_GSI, PIPE_SK, pipelinePk } from './keys';

export const PIPELINE_ENTITY = 'crmPipeline';

const buildPipelines = () =>
  new Entity(
    {
      model: { entity: PIPELINE_ENTITY, version: '1', service: SERVICE },
      attributes: {
        pipelineId: { type: 'string', required: true },
        name: { type: 'string', required: true },
        order: { type: 'number', required: true },
        stages: { type: CustomAttributeType<StageView[]>('any'), required: true },
        version: { type: 'number', required: true },
        createdAt: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
        GSI1SK: {
          type: 'string',
          hidden: true,
          watch: ['order', 'pipelineId'],
          set: (_v: unknown, p: { order?: number; pipelineId?: string }) =>
            `${String(p.order ?? 0).padStart(4, '0')}#${p.pipelineId ?? ''}`,
        },
      },
      indexes: {
        primary: {
          pk: { field: 'PK', composite: ['pipelineId'], template: 'CRMPIPE#${pipelineId}', casing: 'none' },
          sk: { field: 'SK', composite: [], template: PIPE_SK, casing: 'none' },
        },
        all: {
          index: 'GSI1',
          pk: { field: 'GSI1PK', composite: [], template: PIPELINES_GSI, casing: 'none' },
          sk: { field: 'GSI1SK', composite: ['GSI1SK'], template: '${GSI1SK}', casing: 'none' },
        },
      },
    },
    entityConfig(),
  );

let built: ReturnType<typeof buildPipelines> | undefined;
/** Built on first use (the table name is read then, not at import). */
export const Pipelines = () => (built ??= buildPipelines());

export type PipelineItem = Omit<EntityItem<ReturnType<typeof Pipelines>>, 'GSI1SK'>;

export const pipelineKey = (pipelineId: string) => ({ PK: pipelinePk(pipelineId), SK: PIPE_SK });

export const DEFAULT_STAGES: StageView[] = [
  { stageId: 'new', name: 'New', kind: 'open', order: 0, probability: 10, color: '#228be6' },
  { stageId: 'preparing', name: 'Preparing documents', kind: 'open', order: 1, probability: 20, color: '#15aabf' },
  { stageId: 'offer', name: 'Invoice / offer', kind: 'open', order: 2, probability: 40, color: '#7950f2' },
  { stageId: 'in_progress', name: 'In progress', kind: 'open', order: 3, probability: 60, color: '#fab005' },
  { stageId: 'final_invoice', name: 'Final invoice', kind: 'open', order: 4, probability: 80, color: '#fd7e14' },
  { stageId: 'won', name: 'Won', kind: 'won', order: 5, probability: 100, color: '#40c057' },
  { stageId: 'lost', name: 'Lost', kind: 'lost', order: 6, probability: 0, color: '#868e96' },
];

export function defaultPipeline(now: string): PipelineItem {
  return {
    pipelineId: DEFAULT_PIPELINE_ID,
    name: 'Sales',
    order: 0,
    stages: DEFAULT_STAGES.map((s) => ({ ...s })),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/** The stored pipeline item (what `Pipelines().put` writes). */
export const pipelineRow = (p: PipelineItem): Raw => putItemOf(Pipelines().put(p));

export const pipelineView = (p: PipelineItem): PipelineView => ({
  pipelineId: p.pipelineId,
  name: p.name,
  order: p.order,
  stages: p.stages,
  version: p.version,
});

const T = () => tableName();
const fromRow = (row: Raw | undefined): PipelineItem | null =>
  isEntityRow(row, PIPELINE_ENTITY) ? strip<PipelineItem>(row) : null;

async function ensureDefault(): Promise<PipelineItem> {
  const p = defaultPipeline(new Date().toISOString());
  try {
    await Pipelines().create(p).go();
    return p;
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    const r = await db().send(
      new GetCommand({ TableName: T(), Key: pipelineKey(DEFAULT_PIPELINE_ID), ConsistentRead: true }),
    );
    return fromRow(r.Item as Raw | undefined)!;
  }
}

/** ONE GetItem (the default pipeline is created the first time it is asked for); null for an unknown id. */
export async function readPipeline(pipelineId: string): Promise<PipelineItem | null> {
  const r = await db().send(new GetCommand({ TableName: T(), Key: pipelineKey(pipelineId) }));
  const p = fromRow(r.Item as Raw | undefined);
  if (p) return p;
  return pipelineId === DEFAULT_PIPELINE_ID ? ensureDefault() : null;
}

/** ONE Query of GSI1 CRMPIPES (+ the default's lazy creation). */
export async function listPipelines(): Promise<PipelineItem[]> {
  const r = await db().send(
    new QueryCommand({
      TableName: T(),
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': PIPELINES_GSI },
    }),
  );
  const items = ((r.Items ?? []) as Raw[]).map(fromRow).filter((p): p is PipelineItem => !!p);
  if (!items.some((p) => p.pipelineId === DEFAULT_PIPELINE_ID)) items.unshift(await ensureDefault());
  return items.sort((a, b) => a.order - b.order || a.pipelineId.localeCompare(b.pipelineId));
}

export const stageOf = (p: PipelineView, stageId: string): StageView | undefined =>
  p.stages.find((s) => s.stageId === stageId);
/** The first open stage (new deals start there). */
export const firstOpenStage = (p: PipelineView): StageView => p.stages.find((s) => s.kind === 'open') ?? p.stages[0]!;
export const wonStage = (p: PipelineView): StageView | undefined => p.stages.find((s) => s.kind === 'won');
