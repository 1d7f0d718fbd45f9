/** The tasks SPA's pure helpers: which status action a Kanban drop takes, board ranks, comment text → HTML. */
import { dropAction, rankBetween, textToHtml } from '../../web/src/tasks/status';

const task = (status: Parameters<typeof dropAction>[0]['status']) => ({
  status,
  creatorId: 'creator',
  responsibleId: 'resp',
});

describe('dropAction (through the shared status machine)', () => {
  it.each([
    ['pending', 'in_progress', 'resp', 'start'],
    ['in_progress', 'pending', 'resp', 'pause'],
    ['in_progress', 'completed', 'resp', 'complete'],
    ['pending', 'awaiting_control', 'resp', 'complete'],
    ['awaiting_control', 'completed', 'creator', 'accept'],
    ['in_progress', 'deferred', 'resp', 'defer'],
    ['completed', 'pending', 'creator', 'renew'],
  ] as const)('%s → %s by %s is %s', (from, to, who, action) => {
    expect(dropAction(task(from), to, who, false)).toMatchObject({ ok: true, action });
  });

  it('asks for a comment when the creator returns the work, and a reason when the responsible person declines', () => {
    expect(dropAction(task('awaiting_control'), 'in_progress', 'creator', false)).toEqual({
      ok: true,
      action: 'return',
      needs: 'comment',
    });
    expect(dropAction(task('pending'), 'declined', 'resp', false)).toEqual({
      ok: true,
      action: 'decline',
      needs: 'reason',
    });
  });

  it('asks for the written result before completing a task that requires one (TaskSummary.requireResult)', () => {
    expect(dropAction({ ...task('in_progress'), requireResult: true }, 'completed', 'resp', false)).toEqual({
      ok: true,
      action: 'complete',
      needs: 'result',
    });
    expect(dropAction({ ...task('in_progress'), requireResult: true }, 'awaiting_control', 'resp', false)).toEqual({
      ok: true,
      action: 'complete',
      needs: 'result',
    });
    expect(dropAction({ ...task('in_progress'), requireResult: false }, 'completed', 'resp', false)).toEqual({
      ok: true,
      action: 'complete',
      needs: null,
    });
    // accepting (creator) needs no result of its own
    expect(dropAction({ ...task('awaiting_control'), requireResult: true }, 'completed', 'creator', false)).toEqual({
      ok: true,
      action: 'accept',
      needs: null,
    });
  });

  it('refuses what the machine refuses, saying whether it is the status or the person', () => {
    expect(dropAction(task('pending'), 'in_progress', 'creator', false)).toEqual({ ok: false, reason: 'notYours' });
    expect(dropAction(task('completed'), 'in_progress', 'resp', false)).toEqual({ ok: false, reason: 'notAllowed' });
    expect(dropAction(task('pending'), 'pending', 'resp', false)).toEqual({ ok: false, reason: 'same' });
    // the creator is also responsible: nobody else controls the work, so it cannot wait for control
    expect(
      dropAction({ status: 'pending', creatorId: 'x', responsibleId: 'x' }, 'awaiting_control', 'x', false),
    ).toEqual({ ok: false, reason: 'notAllowed' });
  });

  it('lets an admin take any action the status allows', () => {
    expect(dropAction(task('pending'), 'in_progress', 'someone-else', true)).toMatchObject({
      ok: true,
      action: 'start',
    });
  });
});

describe('rankBetween', () => {
  it.each([
    [undefined, undefined],
    ['i', undefined],
    [undefined, 'i'],
    ['a', 'b'],
    ['az', 'b'],
    ['zz', undefined],
    ['a0', 'a1'],
  ])('between %p and %p sorts strictly between', (lo, hi) => {
    const r = rankBetween(lo, hi)!;
    expect(r).toMatch(/^[0-9a-z]{1,32}$/);
    if (lo) expect(r > lo).toBe(true);
    if (hi) expect(r < hi).toBe(true);
  });

  it('gives up (server default: last) when nothing fits', () => {
    expect(rankBetween('0', '00')).toBeUndefined();
    expect(rankBetween('b', 'a')).toBeUndefined();
  });
});

it('textToHtml escapes what people type and keeps their paragraphs and line breaks', () => {
  expect(textToHtml('Hi <b>you</b> & "me"\nline two\n\nnext')).toBe(
    '<p>Hi &lt;b&gt;you&lt;/b&gt; &amp; &quot;me&quot;<br>line two</p><p>next</p>',
  );
});
