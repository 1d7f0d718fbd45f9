/**
 * "My deals and leads needing action" (Home's CRM widget, issue 13): the contract of
 * `GET /crm/my-attention?limit` and the selection it answers, kept pure so it is unit-tested on its own.
 *
 * What needs my action — the counters a Bitrix24 user knows from "My deals" / "My leads":
 *   overdue   an open deal or lead I am responsible for with a todo I planned on it whose due time has passed
 *             (the earliest one is shown);
 *   new       a lead assigned to me still in status `new` (not yet worked) with nothing planned;
 *   idle      an open deal (its stage is of kind `open`) or a lead `in_progress` with no open todo planned by me.
 * A record with an open todo due later (or a todo without a due time) is planned: it does not need me now.
 * Won/lost deals and processed/converted/junk leads never need action.
 *
 * Planned todos: an open todo carries sparse GSI1 keys `CRMTODO#{authorId}` / `{dueAt|~}#{activityId}` (set when
 * it is added or re-opened, removed when ticked done; see activity-entity.ts), so "my open todos, soonest first"
 * is ONE Query. Todos written before these keys existed are not seen (such records read as idle).
 *
 * Reads (functions/crm/attention-service.ts), all in parallel, each ONE Query with a limit:
 *   GSI1 CRMS#U#{me}#lead#_#new, GSI1 CRMS#U#{me}#lead#_#in_progress (newest move first, READ_LIMITS.leads each),
 *   GSI2 CRMS#U#{me}#deal (recently changed first, READ_LIMITS.deals), GSI1 CRMTODO#{me} (soonest first,
 *   READ_LIMITS.todos), and the pipelines (ONE Query) for the stages' kinds and names.
 * Past those windows (a person with hundreds of open deals) the oldest records are not considered: the widget is a
 * nudge, the lists and the board are the full picture.
 */
import * as z from 'zod';
import type { RecordSummary } from './contract';

export const ATTENTION_REASONS = ['overdue', 'new', 'idle'] as const;
export type AttentionReason = (typeof ATTENTION_REASONS)[number];

export interface AttentionItem {
  type: 'deal' | 'lead';
  id: string;
  /** The deal's title or the lead's name. */
  name: string;
  reason: AttentionReason;
  /** overdue: the earliest passed due time of my open todos on it; otherwise null. */
  dueAt: string | null;
  /** Deals: the stage (its id lets the SPA name the default pipeline's stages in the reader's language); leads: null. */
  stageId: string | null;
  stageName: string | null;
  amountMinor: number | null;
  currency: string | null;
  companyName: string | null;
  /** When the record last changed. */
  updatedAt: string;
}

export interface AttentionView {
  /** The most urgent first: overdue (oldest due first), then new leads (oldest first), then idle (oldest change first). */
  items: AttentionItem[];
  /** How many records need action within the windows read (items holds at most `limit` of them). */
  total: number;
}

export const ATTENTION_DEFAULT_LIMIT = 6;
export const attentionQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(20).optional(),
});

/** How many rows each Query reads (see the header). */
export const READ_LIMITS = { leads: 50, deals: 100, todos: 200 } as const;

/** GSI1 partition of a person's open todos. */
export const plannedPk = (userId: string) => `CRMTODO#${userId}`;
/** The sparse GSI1 keys an open todo carries: `{plannedKey, plannedSort}` (no due time sorts last). */
export const plannedKeys = (authorId: string, dueAt: string | null | undefined, activityId: string) => ({
  plannedKey: plannedPk(authorId),
  plannedSort: `${dueAt ?? '~'}#${activityId}`,
});

/** An open todo as its GSI1 row says it. */
export interface PlannedTodo {
  recordId: string;
  dueAt: string | null;
}

export interface StageInfo {
  kind: 'open' | 'won' | 'lost';
  name: string;
}

export interface AttentionInput {
  /** My leads in status new and in_progress (index rows' summaries). */
  leads: readonly RecordSummary[];
  /** My deals, any stage. */
  deals: readonly RecordSummary[];
  /** My open todos. */
  todos: readonly PlannedTodo[];
  /** `{pipelineId}/{stageId}` → the stage. */
  stages: ReadonlyMap<string, StageInfo>;
  now: string;
  limit: number;
}

export const stageRef = (pipelineId: string | null, stageId: string | null) => `${pipelineId ?? ''}/${stageId ?? ''}`;

const RANK: Record<AttentionReason, number> = { overdue: 0, new: 1, idle: 2 };

/** The records needing my action, most urgent first (see the header for the rules). */
export function selectAttention(input: AttentionInput): AttentionView {
  // Per record: whether anything is planned, and the earliest due time of the todos planned on it.
  const planned = new Map<string, { earliest: string | null }>();
  for (const t of input.todos) {
    const had = planned.get(t.recordId);
    const earliest =
      had?.earliest == null
        ? t.dueAt
        : t.dueAt == null
          ? had.earliest
          : t.dueAt < had.earliest
            ? t.dueAt
            : had.earliest;
    planned.set(t.recordId, { earliest });
  }
  const nowMs = Date.parse(input.now);
  const out: AttentionItem[] = [];
  const seen = new Set<string>();
  const consider = (r: RecordSummary, type: 'deal' | 'lead', stageName: string | null, isNewLead: boolean) => {
    if (seen.has(r.id)) return;
    seen.add(r.id);
    const plan = planned.get(r.id);
    let reason: AttentionReason | null;
    let dueAt: string | null = null;
    if (plan) {
      const overdue = plan.earliest != null && Date.parse(plan.earliest) < nowMs;
      reason = overdue ? 'overdue' : null;
      dueAt = overdue ? plan.earliest : null;
    } else reason = isNewLead ? 'new' : 'idle';
    if (!reason) return;
    out.push({
      type,
      id: r.id,
      name: r.name,
      reason,
      dueAt,
      stageId: type === 'deal' ? r.stageId : null,
      stageName,
      amountMinor: r.amountMinor,
      currency: r.currency,
      companyName: r.companyName,
      updatedAt: r.updatedAt,
    });
  };
  for (const d of input.deals) {
    const stage = input.stages.get(stageRef(d.pipelineId, d.stageId));
    // A deal in a stage no pipeline knows any more is skipped rather than guessed at.
    if (stage?.kind !== 'open') continue;
    consider(d, 'deal', stage.name, false);
  }
  for (const l of input.leads) {
    if (l.status !== 'new' && l.status !== 'in_progress') continue;
    consider(l, 'lead', null, l.status === 'new');
  }
  out.sort(
    (a, b) =>
      RANK[a.reason] - RANK[b.reason] ||
      (a.dueAt ?? '').localeCompare(b.dueAt ?? '') ||
      a.updatedAt.localeCompare(b.updatedAt) ||
      a.id.localeCompare(b.id),
  );
  return { items: out.slice(0, input.limit), total: out.length };
}
