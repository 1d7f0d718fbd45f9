/**
 * Reports (read H1's REACH/WON rows and counters).
 *
 * | route                    | DynamoDB                                                                                 |
 * |--------------------------|------------------------------------------------------------------------------------------|
 * | GET /crm/reports/funnel  | visibility (BatchGet + cached tree) ‖ pipeline GetItem ‖ ONE Query REACH#{p}#{yyyy}      |
 * |                          | (SK between the months) ‖ ONE Query of the scope's counters CRMTOT#{scope}#deal#{p}      |
 * | GET /crm/reports/won     | visibility ‖ ONE Query WON#{yyyy} (+ ONE BatchGet of the salespeople's names)            |
 *
 * Scopes as lists (403 naming `query.scope` when not allowed): mine (default for employees), dept:{id} (visible
 * departments), user:{id}, all (admins; their default). Report rows carry the responsible's department at the
 * time they were written, so `dept:` keeps the rows written while the person was in it.
 */
import type { UserContext } from '../../shared/auth/claims';
import type { Raw } from '../../shared/data/document';
import { queryAll } from '../../shared/data/query';
import { UnprocessableError } from '../../shared/http/errors';
import { DEFAULT_PIPELINE_ID } from '../../shared/crm/contract';
import type { FunnelQuery, FunnelReport, WonQuery, WonReport } from '../../shared/crm/intake-contract';
import { counterPk, reachPk, wonPk } from '../../shared/crm/keys';
import { readPipeline } from '../../shared/crm/pipeline-entity';
import { parseScope, scopeAllowed, scopeForbidden, scopeKeyOf, visibility } from '../../shared/crm/policy';
import { counterTotals } from '../../shared/crm/records';
import { funnel, keepRow, parseReach, parseWon, wonRows, type RowFilter } from '../../shared/crm/reports';
import { batchGet } from '../../shared/data/batch-get';
import { displayName, type MemberProfile } from '../../shared/crm/routing';

/** Every row of one report partition (optionally an SK range), all pages. */
function readPartition(input: { pk: string; from?: string; to?: string }): Promise<Raw[]> {
  return queryAll({
    KeyConditionExpression: input.from ? 'PK = :pk AND SK BETWEEN :a AND :b' : 'PK = :pk',
    ExpressionAttributeValues: { ':pk': input.pk, ...(input.from ? { ':a': input.from, ':b': input.to } : {}) },
  });
}

/** The caller's scope → the row filter (403 when not allowed). */
async function scopeFilter(user: UserContext, scopeParam: string | undefined) {
  const scope = parseScope(scopeParam ?? (user.isAdmin ? 'all' : 'mine'));
  const vis = await visibility(user, scope.kind === 'user' ? [scope.id] : []);
  const target =
    scope.kind === 'user' ? ((vis.profiles.get(scope.id) as { departmentIds?: string[] } | undefined) ?? null) : null;
  if (!scopeAllowed(vis, scope, target)) throw scopeForbidden();
  const filter: RowFilter =
    scope.kind === 'all'
      ? { kind: 'all' }
      : scope.kind === 'dept'
        ? { kind: 'dept', id: scope.id }
        : { kind: 'user', id: scope.kind === 'user' ? scope.id : user.sub };
  const label = scopeParam ?? (user.isAdmin ? 'all' : 'mine');
  return { vis, scope, filter, label };
}

const thisMonth = () => new Date().toISOString().slice(0, 7);

export async function funnelReport(user: UserContext, q: FunnelQuery): Promise<FunnelReport> {
  const pipelineId = q.pipelineId ?? DEFAULT_PIPELINE_ID;
  const to = q.to ?? (q.from ? `${q.from.slice(0, 4)}-12` : thisMonth());
  const from = q.from ?? `${to.slice(0, 4)}-01`;
  const year = from.slice(0, 4);
  const [{ vis, scope, filter, label }, pipeline, reach] = await Promise.all([
    scopeFilter(user, q.scope),
    readPipeline(pipelineId),
    readPartition({ pk: reachPk(pipelineId, year), from: `${from.slice(5)}#`, to: `${to.slice(5)}#~` }),
  ]);
  if (!pipeline)
    throw new UnprocessableError('There is no such pipeline', [
      { path: 'query.pipelineId', reason: 'no such pipeline' },
    ]);
  const counters = await readPartition({ pk: counterPk(scopeKeyOf(vis, scope), 'deal', pipelineId) });
  const current = new Map(counters.map((r) => [r.SK as string, counterTotals(r)]));
  const rows = reach
    .map((r) => parseReach(r.SK as string, r.n))
    .filter((r): r is NonNullable<typeof r> => !!r && keepRow(filter, r));
  return { pipelineId, scope: label, from, to, stages: funnel(pipeline.stages, rows, current) };
}

export async function wonReport(user: UserContext, q: WonQuery): Promise<WonReport> {
  const year = q.year ?? new Date().getUTCFullYear();
  const by = q.by ?? 'month';
  const [{ filter, label }, raw] = await Promise.all([
    scopeFilter(user, q.scope),
    readPartition({ pk: wonPk(String(year)) }),
  ]);
  const rows = raw
    .map((r) => parseWon(r.SK as string, r.n, r.amount))
    .filter((r): r is NonNullable<typeof r> => !!r && keepRow(filter, r));
  const names = new Map<string, string>();
  if (by === 'salesperson') {
    const ids = [...new Set(rows.map((r) => r.userId))];
    const profiles = await batchGet<MemberProfile>(ids.map((id) => ({ PK: `USER#${id}`, SK: 'PROFILE' })));
    for (const p of profiles) names.set(p.userId, displayName(p, p.userId));
  }
  return { year, scope: label, by, ...wonRows(year, by, rows, (id) => names.get(id) ?? id) };
}
