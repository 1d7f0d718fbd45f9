/** The task status machine, exhaustively: every status × action × actor against the agreed table. */
import { STATUS_ACTIONS, TASK_STATUSES, type StatusAction, type TaskStatus } from '../../../shared/tasks/contract';
import { availableActions, transition, type MachineTask } from '../../../shared/tasks/status-machine';

const FROM: Record<StatusAction, TaskStatus[]> = {
  start: ['pending'],
  pause: ['in_progress'],
  complete: ['pending', 'in_progress'],
  accept: ['awaiting_control'],
  return: ['awaiting_control'],
  defer: ['pending', 'in_progress'],
  decline: ['pending', 'in_progress', 'deferred'],
  renew: ['deferred', 'completed', 'declined'],
};
const TO: Record<StatusAction, TaskStatus> = {
  start: 'in_progress',
  pause: 'pending',
  complete: 'completed',
  accept: 'completed',
  return: 'in_progress',
  defer: 'deferred',
  decline: 'declined',
  renew: 'pending',
};
const WHO: Record<StatusAction, ('responsible' | 'creator')[]> = {
  start: ['responsible'],
  pause: ['responsible'],
  complete: ['responsible'],
  accept: ['creator'],
  return: ['creator'],
  defer: ['responsible'],
  decline: ['responsible'],
  renew: ['responsible', 'creator'],
};
const ACTORS = {
  responsible: { userId: 'R', isAdmin: false },
  creator: { userId: 'C', isAdmin: false },
  participant: { userId: 'P', isAdmin: false },
  admin: { userId: 'A', isAdmin: true },
} as const;
const input = { comment: 'why', reason: 'because', result: 'done it' };
const task = (status: TaskStatus, extra: Partial<MachineTask> = {}): MachineTask => ({
  status,
  creatorId: 'C',
  responsibleId: 'R',
  requireApproval: false,
  requireResult: false,
  ...extra,
});

describe.each(TASK_STATUSES.flatMap((s) => STATUS_ACTIONS.map((a) => [s, a] as const)))('%s + %s', (status, action) => {
  it.each(Object.keys(ACTORS) as (keyof typeof ACTORS)[])('by %s', (who) => {
    const r = transition(task(status), action, ACTORS[who], input);
    const allowedActor = who === 'admin' || (WHO[action] as string[]).includes(who);
    if (!allowedActor) expect(r).toMatchObject({ ok: false, status: 403 });
    else if (!FROM[action].includes(status))
      expect(r).toMatchObject({ ok: false, status: 422, field: 'params.action' });
    else expect(r).toEqual({ ok: true, to: TO[action] });
  });
});

describe('approval, results, reasons', () => {
  it('with requireApproval, the responsible person’s complete goes to awaiting control; the creator accepts or returns', () => {
    const t = task('in_progress', { requireApproval: true });
    expect(transition(t, 'complete', ACTORS.responsible)).toEqual({ ok: true, to: 'awaiting_control' });
    const waiting = task('awaiting_control', { requireApproval: true });
    expect(transition(waiting, 'accept', ACTORS.creator)).toEqual({ ok: true, to: 'completed' });
    expect(transition(waiting, 'return', ACTORS.creator, { comment: 'redo the intro' })).toEqual({
      ok: true,
      to: 'in_progress',
    });
    expect(transition(waiting, 'accept', ACTORS.responsible)).toMatchObject({ ok: false, status: 403 });
  });
  it('a creator who is also responsible completes directly even with requireApproval', () => {
    expect(
      transition(task('in_progress', { requireApproval: true, responsibleId: 'C' }), 'complete', ACTORS.creator),
    ).toEqual({ ok: true, to: 'completed' });
  });
  it('requireResult: complete needs a non-blank result (400 naming result)', () => {
    const t = task('in_progress', { requireResult: true });
    expect(transition(t, 'complete', ACTORS.responsible, {})).toMatchObject({
      ok: false,
      status: 400,
      field: 'result',
    });
    expect(transition(t, 'complete', ACTORS.responsible, { result: '   ' })).toMatchObject({
      ok: false,
      status: 400,
      field: 'result',
    });
    expect(transition(t, 'complete', ACTORS.responsible, { result: 'report.pdf sent' })).toEqual({
      ok: true,
      to: 'completed',
    });
  });
  it('decline needs a reason, return needs a comment', () => {
    expect(transition(task('pending'), 'decline', ACTORS.responsible, {})).toMatchObject({
      ok: false,
      status: 400,
      field: 'reason',
    });
    expect(transition(task('awaiting_control'), 'return', ACTORS.creator, {})).toMatchObject({
      ok: false,
      status: 400,
      field: 'comment',
    });
  });
  it('refusals say what was wrong in words', () => {
    const r = transition(task('completed'), 'start', ACTORS.responsible);
    expect(r).toMatchObject({ ok: false, message: 'A task that is completed cannot be started' });
    expect(transition(task('pending'), 'start', ACTORS.participant)).toMatchObject({
      ok: false,
      message: 'Only the responsible person may start this task',
    });
  });
  it('availableActions lists exactly the allowed ones', () => {
    for (const status of TASK_STATUSES) {
      for (const [who, actor] of Object.entries(ACTORS)) {
        const expected = STATUS_ACTIONS.filter(
          (a) => FROM[a].includes(status) && (who === 'admin' || (WHO[a] as string[]).includes(who)),
        );
        expect({ status, who, actions: availableActions(task(status), actor) }).toEqual({
          status,
          who,
          actions: expected,
        });
      }
    }
  });
});
