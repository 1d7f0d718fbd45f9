/**
 * CRM reports from H1's report rows (design §2.2): pure aggregation, unit-testable; the reads are in
 * functions/crm-intake/report-service.ts (ONE Query each, filtered in memory by the caller's scope).
 *
 *   REACH  PK=CRMREP#REACH#{pipelineId}#{yyyy} SK={mm}#{stageId}#{deptId|_}#{userId}   n
 *          (a deal created in month mm that reached stageId; written once per stage a deal reaches)
 *   WON    PK=CRMREP#WON#{yyyy}                SK={mm}#{currency}#{deptId|_}#{userId}  n, amount
 */
import type { StageView } from './contract';
import type { FunnelStage, WonRow } from './intake-contract';

export interface ReachRow {
  month: string;
  stageId: string;
  deptId: string | null;
  userId: string;
  n: number;
}
export interface WonReportRow {
  month: string;
  currency: string;
  deptId: string | null;
  userId: string;
  n: number;
  amount: number;
}

/** Which report rows a scope keeps. */
export type RowFilter = { kind: 'all' } | { kind: 'user'; id: string } | { kind: 'dept'; id: string };
export const keepRow = (f: RowFilter, r: { userId: string; deptId: string | null }) =>
  f.kind === 'all' || (f.kind === 'user' ? r.userId === f.id : r.deptId === f.id);

const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0) || 0);

/** `{mm}#{stageId}#{deptId|_}#{userId}` → a reach row (stage ids have no `#`; user ids neither). */
export function parseReach(sk: string, n: unknown): ReachRow | null {
  const [month, stageId, dept, userId] = sk.split('#');
  if (!month || !stageId || !dept || !userId) return null;
  return { month, stageId, deptId: dept === '_' ? null : dept, userId, n: num(n) };
}
export function parseWon(sk: string, n: unknown, amount: unknown): WonReportRow | null {
  const [month, currency, dept, userId] = sk.split('#');
  if (!month || !currency || !dept || !userId) return null;
  return { month, currency, deptId: dept === '_' ? null : dept, userId, n: num(n), amount: num(amount) };
}

/**
 * Funnel over the pipeline's stages in board order: reached counts summed over the rows kept, conversion to the
 * next stage (lost stages are listed but skipped as a "next"), and the current totals per stage.
 */
export function funnel(
  stages: readonly StageView[],
  rows: readonly ReachRow[],
  current: ReadonlyMap<string, { n: number; amounts: Record<string, number> }>,
): FunnelStage[] {
  const reached = new Map<string, number>();
  for (const r of rows) reached.set(r.stageId, (reached.get(r.stageId) ?? 0) + r.n);
  const ordered = [...stages].sort((a, b) => a.order - b.order);
  const flow = ordered.filter((s) => s.kind !== 'lost');
  return ordered.map((s) => {
    const here = reached.get(s.stageId) ?? 0;
    let conversionPct: number | null = null;
    if (s.kind !== 'lost') {
      const next = flow[flow.indexOf(s) + 1];
      if (next) conversionPct = here > 0 ? Math.round(((reached.get(next.stageId) ?? 0) / here) * 1000) / 10 : 0;
    }
    return {
      stageId: s.stageId,
      name: s.name,
      kind: s.kind,
      order: s.order,
      reached: here,
      conversionPct,
      current: current.get(s.stageId) ?? { n: 0, amounts: {} },
    };
  });
}

/** Won rows grouped by month (YYYY-MM) or salesperson, per currency; sorted by key then currency. */
export function wonRows(
  year: number,
  by: 'month' | 'salesperson',
  rows: readonly WonReportRow[],
  nameOf: (userId: string) => string,
): { rows: WonRow[]; totals: Record<string, { n: number; amountMinor: number }> } {
  const groups = new Map<string, WonRow>();
  const totals: Record<string, { n: number; amountMinor: number }> = {};
  for (const r of rows) {
    const key = by === 'month' ? `${year}-${r.month}` : r.userId;
    const g = groups.get(`${key}|${r.currency}`) ?? {
      key,
      label: by === 'month' ? key : nameOf(r.userId),
      currency: r.currency,
      n: 0,
      amountMinor: 0,
    };
    g.n += r.n;
    g.amountMinor += r.amount;
    groups.set(`${key}|${r.currency}`, g);
    const t = (totals[r.currency] ??= { n: 0, amountMinor: 0 });
    t.n += r.n;
    t.amountMinor += r.amount;
  }
  const out = [...groups.values()].filter((g) => g.n !== 0 || g.amountMinor !== 0);
  out.sort(
    (a, b) =>
      (by === 'month' ? a.key.localeCompare(b.key) : b.amountMinor - a.amountMinor || a.label.localeCompare(b.label)) ||
      a.currency.localeCompare(b.currency),
  );
  return { rows: out, totals };
}
