/**
 * Pure helpers of the tasks pages: status colours, which status action a Kanban drop means (through the
 * shared status machine, so the board refuses exactly what the server would), board ranks, durations,
 * deadlines and plain text → safe HTML for comments.
 */
import type { StatusAction, TaskStatus, TaskSummary } from '../../../shared/tasks/contract';
import { actionsFrom, transition } from '../../../shared/tasks/status-machine';
import { inZone } from '../components/time';

export const STATUS_COLOR: Record<TaskStatus, string> = {
  pending: 'gray',
  in_progress: 'blue',
  awaiting_control: 'grape',
  completed: 'teal',
  deferred: 'yellow',
  declined: 'red',
};

/** Kanban columns by status (declined tasks are not on the board: they are closed). */
export const BOARD_STATUSES: readonly TaskStatus[] = [
  'pending',
  'in_progress',
  'awaiting_control',
  'deferred',
  'completed',
];

export type DropResult =
  | { ok: true; action: StatusAction; needs: 'comment' | 'reason' | 'result' | null }
  | { ok: false; reason: 'same' | 'notAllowed' | 'notYours' };

/**
 * The action that moves `task` to the `to` column for this person, or why not. A drop on "awaiting control"
 * is a Complete of a task that requires approval; "completed" from awaiting control is Accept.
 */
export function dropAction(
  task: Pick<TaskSummary, 'status' | 'creatorId' | 'responsibleId'> & { requireResult?: boolean },
  to: TaskStatus,
  me: string,
  isAdmin: boolean,
): DropResult {
  if (task.status === to) return { ok: false, reason: 'same' };
  let forbidden = false;
  for (const action of actionsFrom(task.status)) {
    const r = transition(
      {
        status: task.status,
        creatorId: task.creatorId,
        responsibleId: task.responsibleId,
        requireApproval: to === 'awaiting_control',
        requireResult: false,
      },
      action,
      { userId: me, isAdmin },
      { comment: 'x', reason: 'x', result: 'x' },
    );
    if (!r.ok) {
      if (r.status === 403) forbidden = forbidden || ruleTarget(action, task.status) === to;
      continue;
    }
    if (r.to !== to) continue;
    // A task that requires a written result asks for it before the Complete is sent (TaskSummary.requireResult).
    return {
      ok: true,
      action,
      needs:
        action === 'return'
          ? 'comment'
          : action === 'decline'
            ? 'reason'
            : action === 'complete' && task.requireResult
              ? 'result'
              : null,
    };
  }
  return { ok: false, reason: forbidden ? 'notYours' : 'notAllowed' };
}

function ruleTarget(action: StatusAction, from: TaskStatus): TaskStatus | null {
  const to: Record<StatusAction, TaskStatus> = {
    start: 'in_progress',
    pause: 'pending',
    complete: 'completed',
    accept: 'completed',
    return: 'in_progress',
    defer: 'deferred',
    decline: 'declined',
    renew: 'pending',
  };
  return actionsFrom(from).includes(action) ? to[action] : null;
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A rank (0-9a-z, ≤ 32 chars) sorting strictly between a and b (either may be absent); undefined when none fits. */
export function rankBetween(a: string | undefined, b: string | undefined): string | undefined {
  const lo = a ?? '';
  let hi = b ?? '';
  let out = '';
  for (let i = 0; i < 31; i++) {
    const l = i < lo.length ? DIGITS.indexOf(lo[i]!) : 0;
    if (hi && i >= hi.length) return undefined; // lo is not below hi
    const h = hi ? DIGITS.indexOf(hi[i]!) : 36;
    if (l < 0 || h < 0) return undefined;
    if (h - l > 1) return out + DIGITS[(l + h) >> 1]!;
    out += DIGITS[l]!;
    if (h - l === 1) hi = ''; // diverged: from here only the lower bound matters
  }
  return undefined;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
}

export function formatDeadline(iso: string, lng: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(
    lng,
    inZone({ day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }),
  ).format(d);
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Plain text typed by a person → HTML paragraphs (escaped): what a comment sends. */
export function textToHtml(text: string): string {
  return text
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/[&<>"']/g, (c) => ESC[c]!).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** Rich text is empty when it has no visible text. */
export const isBlankHtml = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .trim() === '';

/** An open task whose deadline has passed. */
export const isOverdue = (deadline: string | null, status: TaskStatus, now = Date.now()) =>
  !!deadline && new Date(deadline).getTime() < now && status !== 'completed' && status !== 'declined';
