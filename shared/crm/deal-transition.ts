/**
 * A deal's stage change, as transaction items (design §2.4). Used by POST /crm/deals/{id}/stage (functions/crm)
 * and by "invoice paid → deal won" (functions/crm-docs), so both write exactly the same rows:
 *
 *   dealTransition(deal, pipeline, toStageId, actor, now, opts?) → { update, items }
 *     update  the deal as it will be stored (version + 1, stage, movedAt, won/lost fields)
 *     items   ConditionCheck pipeline version (a stage deleted meanwhile cannot be targeted) · the deal Put with
 *             condition version = deal.version AND pipelineId = :p · index rows (new column keys) · counters −1/+1
 *             per scope · WON report rows (+amount entering won in this month / −wonAmount at wonAt's month leaving it)
 *             · REACH rows (funnel, keyed by the deal's createdMonth) for each stage not counted before · a `stage`
 *             activity. ≈ 20 items: the caller may add its own (≤ 100 in all) and runs `transaction().addItems(...items).commit(CRM_COMMIT)`.
 *   Throws 422 `stageId` for a stage of another pipeline or a deal of another pipeline. Same stage → items = [].
 *
 *   reachItems(deal, pipeline, stageIds) → TxItem[]   REACH row ADDs (deal create uses it for its first stage).
 */
import { ulid } from 'ulid';
import { UnprocessableError } from '../http/errors';
import type { PipelineView, StageView } from './contract';
import { reachPk, reachSk } from './keys';
import { checkOf } from '../data/transaction';
import { activityPut, recordWriteItems, txOf, type DealRecord, type TxItem } from './records';
import { Reports } from './report-entity';
import { Pipelines } from './pipeline-entity';

export interface Actor {
  id: string;
  name: string;
}

/** Stages a deal counts as having reached when it enters `target`: every non-lost stage up to it; a lost stage only itself. */
export function stagesReached(pipeline: PipelineView, target: StageView, already: readonly string[]): StageView[] {
  const have = new Set(already);
  const list =
    target.kind === 'lost' ? [target] : pipeline.stages.filter((s) => s.kind !== 'lost' && s.order <= target.order);
  return list.filter((s) => !have.has(s.stageId));
}

export function reachItems(
  deal: Pick<DealRecord, 'pipelineId' | 'createdMonth' | 'deptId' | 'responsibleId'>,
  stageIds: readonly string[],
): TxItem[] {
  const [year, month] = deal.createdMonth.split('-') as [string, string];
  return stageIds.map((stageId) =>
    txOf(
      Reports()
        .update({
          reportKey: reachPk(deal.pipelineId, year),
          reportSlot: reachSk(month, stageId, deal.deptId, deal.responsibleId),
        })
        .add({ n: 1 })
        .set({ month: deal.createdMonth, stageId, userId: deal.responsibleId, deptId: deal.deptId ?? '_' }),
    ),
  );
}

export interface TransitionOptions {
  lostReason?: string;
  /** Extra activity meta (e.g. {docId, number} when an invoice payment moved it). */
  meta?: Record<string, string>;
}

export function dealTransition(
  deal: DealRecord,
  pipeline: PipelineView,
  toStageId: string,
  actor: Actor,
  now: string,
  opts: TransitionOptions = {},
): { update: DealRecord; items: TxItem[] } {
  if (deal.pipelineId !== pipeline.pipelineId)
    throw new UnprocessableError('The deal is in another pipeline', [
      { path: 'stageId', reason: 'the deal is in another pipeline' },
    ]);
  const target = pipeline.stages.find((s) => s.stageId === toStageId);
  if (!target)
    throw new UnprocessableError('No such stage in this deal’s pipeline', [
      { path: 'stageId', reason: 'not a stage of the deal’s pipeline' },
    ]);
  if (target.stageId === deal.stageId) return { update: deal, items: [] };
  const from = pipeline.stages.find((s) => s.stageId === deal.stageId);
  const reached = stagesReached(pipeline, target, deal.reachedStageIds ?? []);
  const next: DealRecord = {
    ...deal,
    stageId: target.stageId,
    stageKind: target.kind,
    movedAt: now,
    updatedAt: now,
    version: deal.version + 1,
    lastActorId: actor.id,
    probability: target.probability,
    reachedStageIds: [...(deal.reachedStageIds ?? []), ...reached.map((s) => s.stageId)],
    maxReachedOrder: Math.max(deal.maxReachedOrder ?? 0, target.kind === 'lost' ? 0 : target.order),
  };
  if (target.kind === 'won') {
    next.wonAt = now;
    next.wonAmountMinor = deal.amountMinor;
  } else {
    delete next.wonAt;
    delete next.wonAmountMinor;
  }
  if (target.kind === 'lost') {
    if (opts.lostReason) next.lostReason = opts.lostReason;
  } else delete next.lostReason;
  const items: TxItem[] = [
    // The pipeline is still the one the move was checked against.
    checkOf(
      Pipelines()
        .patch({ pipelineId: pipeline.pipelineId })
        .set({})
        .where(({ version }, { eq }) => eq(version, pipeline.version)),
    ),
    ...recordWriteItems(deal, next, { samePipelineId: pipeline.pipelineId }),
    ...reachItems(
      next,
      reached.map((s) => s.stageId),
    ),
    activityPut({
      recordId: deal.id,
      activityId: ulid(Date.parse(now)),
      kind: 'stage',
      by: actor.id,
      byName: actor.name,
      at: now,
      meta: {
        fromStage: deal.stageId,
        toStage: target.stageId,
        fromName: from?.name ?? deal.stageId,
        toName: target.name,
        ...(opts.lostReason ? { lostReason: opts.lostReason } : {}),
        ...(opts.meta ?? {}),
      },
    }),
  ];
  return { update: next, items };
}
