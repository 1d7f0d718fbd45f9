/**
 * Lists and the Kanban board. Every list is ONE Query of the index rows with a signed cursor bound to the list and
 * its filters, run IN PARALLEL with the visibility reads (the page is returned only when the scope is allowed):
 *
 * | list | index |
 * |---|---|
 * | leads by status / deals of a stage | GSI1 CRMS#{scope}#{type}#{pipelineId|_}#{stage|status}, newest move first |
 * | recently changed | GSI2 CRMS#{scope}#{type} by updatedAt desc |
 * | by name, prefix search `q` | GSI3 CRMS#{scope}#{type} begins_with searchKey(q) |
 * | deals by close date | GSI3 CRMS#{scope}#deal BETWEEN closeFrom AND closeTo~ |
 * | board | ONE Query of CRMTOT#{scope}#deal#{p} (all column totals) + one GSI1 Query per stage, all in parallel |
 */
import type { UserContext } from '../../shared/auth/claims';
import { DEFAULT_PIPELINE_ID, LIMITS, type BoardView, type Page, type RecordSummary } from '../../shared/crm/contract';
import { columnKey, counterPk, searchKey, typeKey, type ScopeKey } from '../../shared/crm/keys';
import { pipelineView, readPipeline } from '../../shared/crm/pipeline-entity';
import {
  parseScope,
  scopeAllowed,
  scopeForbidden,
  scopeKeyOf,
  visibility,
  departmentTree,
  computeVisibleDepts,
} from '../../shared/crm/policy';
import { counterTotals, summaryFromIndexRow } from '../../shared/crm/records';
import { openKey, sealKey, type Raw } from '../../shared/data/document';
import { BadRequestError, UnprocessableError } from '../../shared/http/errors';
import { queryRaw } from './common';

/** My visibility + whether the scope is allowed (the named user's profile is read in the same BatchGet). */
async function allowedScope(user: UserContext, scopeParam: string | undefined): Promise<ScopeKey> {
  const scope = parseScope(scopeParam);
  const vis0 = await visibility(user, scope.kind === 'user' ? [scope.id] : []);
  let vis = vis0;
  const target = scope.kind === 'user' ? vis0.profiles.get(scope.id) : null;
  const unknownDept =
    scope.kind === 'dept'
      ? scope.id
      : scope.kind === 'user'
        ? ((target?.departmentIds as string[] | undefined) ?? [])[0]
        : undefined;
  if (!vis.isAdmin && unknownDept && !vis.visibleDepts.has(unknownDept)) {
    const tree = await departmentTree([unknownDept]);
    vis = {
      ...vis,
      visibleDepts: computeVisibleDepts(vis.userId, vis.departmentIds, tree, vis.settings.departmentVisibility),
    };
  }
  if (!scopeAllowed(vis, scope, target ? { departmentIds: (target.departmentIds as string[]) ?? [] } : null))
    throw scopeForbidden();
  return scopeKeyOf(vis, scope);
}

type ListFilter = NonNullable<ListPlan['filter']>;
/** Filters ANDed into one. */
const allOf = (filters: ListFilter[]): ListFilter => ({
  expr: filters.map((f) => f.expr).join(' AND '),
  names: Object.fromEntries(filters.flatMap((f) => Object.entries(f.names ?? {}))),
  values: Object.fromEntries(filters.flatMap((f) => Object.entries(f.values))),
});

const scopeKeyOfParam = (user: UserContext, scopeParam: string | undefined): ScopeKey => {
  const scope = parseScope(scopeParam);
  return scopeKeyOf({ userId: user.sub }, scope);
};

interface ListPlan {
  index: 'GSI1' | 'GSI2' | 'GSI3';
  pk: string;
  prefix?: string;
  between?: [string, string];
  forward: boolean;
  filter?: { expr: string; names?: Record<string, string>; values: Record<string, unknown> };
  /** The cursor's list id: scope + filters. */
  list: string;
}

async function runList(
  user: UserContext,
  scopeParam: string | undefined,
  plan: ListPlan,
  cursor: string | undefined,
  limit: number | undefined,
): Promise<Page<RecordSummary>> {
  const start = await openKey(cursor, plan.list);
  // The list Query and the visibility reads run together; the page is answered only if the scope is allowed.
  const [, page] = await Promise.all([
    allowedScope(user, scopeParam),
    queryRaw({
      pk: plan.pk,
      index: plan.index,
      ...(plan.prefix ? { prefix: plan.prefix } : {}),
      ...(plan.between ? { between: plan.between } : {}),
      forward: plan.forward,
      limit: limit ?? LIMITS.pageSize,
      ...(start ? { start } : {}),
      ...(plan.filter ? { filter: plan.filter } : {}),
    }),
  ]);
  return { items: page.items.map(summaryFromIndexRow), cursor: await sealKey(page.lastKey, plan.list) };
}

export async function listLeads(
  user: UserContext,
  q: {
    scope?: string | undefined;
    status?: string | undefined;
    sort?: 'updated' | 'name' | undefined;
    q?: string | undefined;
    cursor?: string | undefined;
    limit?: number | undefined;
  },
) {
  const scope = scopeKeyOfParam(user, q.scope);
  const statusFilter = q.status
    ? { expr: '#status = :status', names: { '#status': 'status' }, values: { ':status': q.status } }
    : undefined;
  let plan: ListPlan;
  if (q.q || q.sort === 'name') {
    plan = {
      index: 'GSI3',
      pk: typeKey(scope, 'lead'),
      ...(q.q ? { prefix: searchKey(q.q) } : {}),
      forward: true,
      ...(statusFilter ? { filter: statusFilter } : {}),
      list: `crm:leads:${scope}:name:${q.q ?? ''}:${q.status ?? ''}`,
    };
  } else if (q.status) {
    plan = {
      index: 'GSI1',
      pk: columnKey(scope, 'lead', '_', q.status),
      forward: false,
      list: `crm:leads:${scope}:status:${q.status}`,
    };
  } else {
    plan = { index: 'GSI2', pk: typeKey(scope, 'lead'), forward: false, list: `crm:leads:${scope}:updated` };
  }
  return runList(user, q.scope, plan, q.cursor, q.limit);
}

export async function listNamed(
  user: UserContext,
  type: 'contact' | 'company',
  q: {
    scope?: string | undefined;
    sort?: 'updated' | 'name' | undefined;
    q?: string | undefined;
    cursor?: string | undefined;
    limit?: number | undefined;
  },
) {
  const scope = scopeKeyOfParam(user, q.scope);
  const plan: ListPlan =
    q.q || q.sort === 'name'
      ? {
          index: 'GSI3',
          pk: typeKey(scope, type),
          ...(q.q ? { prefix: searchKey(q.q) } : {}),
          forward: true,
          list: `crm:${type}:${scope}:name:${q.q ?? ''}`,
        }
      : { index: 'GSI2', pk: typeKey(scope, type), forward: false, list: `crm:${type}:${scope}:updated` };
  return runList(user, q.scope, plan, q.cursor, q.limit);
}

const columnList = (scope: ScopeKey, pipelineId: string, stageId: string) =>
  `crm:deals:${scope}:${pipelineId}:${stageId}:moved`;

export async function listDeals(
  user: UserContext,
  q: {
    scope?: string | undefined;
    pipelineId?: string | undefined;
    stageId?: string | undefined;
    sort?: 'moved' | 'updated' | 'close' | undefined;
    closeFrom?: string | undefined;
    closeTo?: string | undefined;
    cursor?: string | undefined;
    limit?: number | undefined;
  },
) {
  const scope = scopeKeyOfParam(user, q.scope);
  const pipelineFilter = q.pipelineId
    ? {
        expr: '#pipelineId = :pipelineId',
        names: { '#pipelineId': 'pipelineId' },
        values: { ':pipelineId': q.pipelineId },
      }
    : undefined;
  let plan: ListPlan;
  if (q.closeFrom || q.closeTo || q.sort === 'close') {
    if (q.closeFrom && q.closeTo && q.closeFrom > q.closeTo)
      throw new BadRequestError('closeFrom is after closeTo', [{ path: 'query.closeFrom', reason: 'after closeTo' }]);
    const stageFilter = q.stageId
      ? { expr: '#stageId = :stageId', names: { '#stageId': 'stageId' }, values: { ':stageId': q.stageId } }
      : undefined;
    const filters = [pipelineFilter, stageFilter].filter((f): f is NonNullable<typeof f> => !!f);
    plan = {
      index: 'GSI3',
      pk: typeKey(scope, 'deal'),
      between: [q.closeFrom ?? '0000', `${q.closeTo ?? '9999'}~`],
      forward: true,
      ...(filters.length ? { filter: allOf(filters) } : {}),
      list: `crm:deals:${scope}:close:${q.closeFrom ?? ''}:${q.closeTo ?? ''}:${q.pipelineId ?? ''}:${q.stageId ?? ''}`,
    };
  } else if (q.stageId && q.sort !== 'updated') {
    const p = q.pipelineId ?? DEFAULT_PIPELINE_ID;
    plan = {
      index: 'GSI1',
      pk: columnKey(scope, 'deal', p, q.stageId),
      forward: false,
      list: columnList(scope, p, q.stageId),
    };
  } else {
    const stageFilter = q.stageId
      ? { expr: '#stageId = :stageId', names: { '#stageId': 'stageId' }, values: { ':stageId': q.stageId } }
      : undefined;
    const filters = [pipelineFilter, stageFilter].filter((f): f is NonNullable<typeof f> => !!f);
    plan = {
      index: 'GSI2',
      pk: typeKey(scope, 'deal'),
      forward: false,
      ...(filters.length ? { filter: allOf(filters) } : {}),
      list: `crm:deals:${scope}:updated:${q.pipelineId ?? ''}:${q.stageId ?? ''}`,
    };
  }
  return runList(user, q.scope, plan, q.cursor, q.limit);
}

/** Kanban first page: the pipeline, then the totals Query and one column Query per stage, in parallel with the scope check. */
export async function board(
  user: UserContext,
  q: { scope?: string | undefined; pipelineId?: string | undefined; limit?: number | undefined },
): Promise<BoardView> {
  const scope = scopeKeyOfParam(user, q.scope);
  const pipelineId = q.pipelineId ?? DEFAULT_PIPELINE_ID;
  const limit = q.limit ?? LIMITS.boardColumnSize;
  const reads = (async () => {
    const pipeline = await readPipeline(pipelineId);
    if (!pipeline)
      throw new UnprocessableError('No such pipeline', [{ path: 'query.pipelineId', reason: 'no such pipeline' }]);
    const [totals, ...columns] = await Promise.all([
      queryRaw({ pk: counterPk(scope, 'deal', pipelineId), forward: true }),
      ...pipeline.stages.map((s) =>
        queryRaw({ pk: columnKey(scope, 'deal', pipelineId, s.stageId), index: 'GSI1', forward: false, limit }),
      ),
    ]);
    return { pipeline, totals, columns };
  })();
  // The scope check (my profile + settings, tree cached) runs alongside the pipeline and the S+1 Queries.
  const [, { pipeline, totals, columns }] = await Promise.all([allowedScope(user, q.scope), reads]);
  const bySk = new Map<string, Raw>(totals.items.map((r) => [r.SK as string, r]));
  return {
    pipeline: pipelineView(pipeline),
    scope: q.scope ?? 'mine',
    stages: await Promise.all(
      pipeline.stages.map(async (s, i) => ({
        stageId: s.stageId,
        totals: counterTotals(bySk.get(s.stageId)),
        items: columns[i]!.items.map(summaryFromIndexRow),
        cursor: await sealKey(columns[i]!.lastKey, columnList(scope, pipelineId, s.stageId)),
      })),
    ),
  };
}
