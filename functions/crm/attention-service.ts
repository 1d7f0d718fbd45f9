/**
 * GET /crm/my-attention: my deals and leads needing action (Home's CRM widget). The rules and the reads are described
 * in shared/crm/attention.ts; here: five reads in parallel (each ONE Query with a limit, no read per record), then
 * the pure selection.
 */
import type { UserContext } from '../../shared/auth/claims';
import {
  ATTENTION_DEFAULT_LIMIT,
  READ_LIMITS,
  plannedPk,
  selectAttention,
  stageRef,
  type AttentionView,
  type PlannedTodo,
  type StageInfo,
} from '../../shared/crm/attention';
import { ACTIVITY_ENTITY } from '../../shared/crm/activity-entity';
import { isEntityRow } from '../../shared/crm/entity-names';
import { columnKey, typeKey, type ScopeKey } from '../../shared/crm/keys';
import { listPipelines } from '../../shared/crm/pipeline-entity';
import { summaryFromIndexRow } from '../../shared/crm/records';
import type { Raw } from '../../shared/data/document';
import { queryRaw } from './common';

/** An open todo's GSI1 row → what the selection needs (rows of other kinds are ignored). */
function plannedTodoOf(row: Raw): PlannedTodo | null {
  if (!isEntityRow(row, ACTIVITY_ENTITY) || row.done === true || typeof row.recordId !== 'string') return null;
  return { recordId: row.recordId, dueAt: typeof row.dueAt === 'string' ? row.dueAt : null };
}

export async function myAttention(user: UserContext, q: { limit?: number | undefined }): Promise<AttentionView> {
  const mine: ScopeKey = `U#${user.sub}`;
  const [newLeads, workedLeads, deals, todos, pipelines] = await Promise.all([
    queryRaw({ index: 'GSI1', pk: columnKey(mine, 'lead', '_', 'new'), forward: false, limit: READ_LIMITS.leads }),
    queryRaw({
      index: 'GSI1',
      pk: columnKey(mine, 'lead', '_', 'in_progress'),
      forward: false,
      limit: READ_LIMITS.leads,
    }),
    queryRaw({ index: 'GSI2', pk: typeKey(mine, 'deal'), forward: false, limit: READ_LIMITS.deals }),
    queryRaw({ index: 'GSI1', pk: plannedPk(user.sub), forward: true, limit: READ_LIMITS.todos }),
    listPipelines(),
  ]);
  const stages = new Map<string, StageInfo>();
  for (const p of pipelines)
    for (const s of p.stages) stages.set(stageRef(p.pipelineId, s.stageId), { kind: s.kind, name: s.name });
  return selectAttention({
    leads: [...newLeads.items, ...workedLeads.items].map(summaryFromIndexRow),
    deals: deals.items.map(summaryFromIndexRow),
    todos: todos.items.map(plannedTodoOf).filter((t): t is PlannedTodo => t !== null),
    stages,
    now: new Date().toISOString(),
    limit: q.limit ?? ATTENTION_DEFAULT_LIMIT,
  });
}
