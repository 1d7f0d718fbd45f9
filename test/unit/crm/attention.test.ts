/**
 * The choice behind Home's "My deals and leads needing action" (shared/crm/attention.ts): which of my records need
 * me (overdue todo, new lead, nothing planned), which do not (planned later, closed), and in what order.
 */
import type { RecordSummary } from '../../../shared/crm/contract';
import { plannedKeys, selectAttention, stageRef, type StageInfo } from '../../../shared/crm/attention';

const NOW = '2026-12-06T12:00:00.000Z';

function summary(over: Partial<RecordSummary> & Pick<RecordSummary, 'id' | 'type'>): RecordSummary {
  return {
    name: `Record ${over.id}`,
    status: null,
    pipelineId: null,
    stageId: null,
    amountMinor: null,
    currency: null,
    responsibleId: 'me',
    responsibleName: 'Me',
    companyName: null,
    contactName: null,
    email: null,
    phone: null,
    number: null,
    closeDate: null,
    movedAt: null,
    updatedAt: '2026-12-01T00:00:00.000Z',
    version: 1,
    ...over,
  };
}
const deal = (id: string, stageId: string, updatedAt = '2026-12-01T00:00:00.000Z') =>
  summary({ id, type: 'deal', pipelineId: 'default', stageId, updatedAt, amountMinor: 1000, currency: 'RON' });
const lead = (id: string, status: string, updatedAt = '2026-12-01T00:00:00.000Z') =>
  summary({ id, type: 'lead', status, updatedAt });

const stages = new Map<string, StageInfo>([
  [stageRef('default', 'new'), { kind: 'open', name: 'New' }],
  [stageRef('default', 'negotiation'), { kind: 'open', name: 'Negotiation' }],
  [stageRef('default', 'won'), { kind: 'won', name: 'Won' }],
  [stageRef('default', 'lost'), { kind: 'lost', name: 'Lost' }],
]);

const select = (input: Partial<Parameters<typeof selectAttention>[0]>) =>
  selectAttention({ leads: [], deals: [], todos: [], stages, now: NOW, limit: 10, ...input });

describe('selectAttention', () => {
  it('an open deal with nothing planned is idle; with a todo due later it is planned and left out', () => {
    const v = select({
      deals: [deal('D1', 'new'), deal('D2', 'negotiation')],
      todos: [{ recordId: 'D2', dueAt: '2026-12-08T09:00:00.000Z' }],
    });
    expect(v.items.map((i) => [i.id, i.reason, i.stageName])).toEqual([['D1', 'idle', 'New']]);
    expect(v.total).toBe(1);
  });

  it('a todo without a due time counts as planned', () => {
    const v = select({ deals: [deal('D1', 'new')], todos: [{ recordId: 'D1', dueAt: null }] });
    expect(v.items).toEqual([]);
  });

  it('a passed todo makes a record overdue, showing the earliest passed due time', () => {
    const v = select({
      deals: [deal('D1', 'negotiation')],
      todos: [
        { recordId: 'D1', dueAt: '2026-12-05T10:00:00.000Z' },
        { recordId: 'D1', dueAt: null },
        { recordId: 'D1', dueAt: '2026-12-03T10:00:00.000Z' },
      ],
    });
    expect(v.items).toEqual([
      expect.objectContaining({ id: 'D1', type: 'deal', reason: 'overdue', dueAt: '2026-12-03T10:00:00.000Z' }),
    ]);
  });

  it('won and lost deals, deals in an unknown stage and closed leads never need action', () => {
    const v = select({
      deals: [deal('W', 'won'), deal('L', 'lost'), deal('X', 'gone')],
      leads: [lead('P', 'processed'), lead('C', 'converted'), lead('J', 'junk')],
    });
    expect(v).toEqual({ items: [], total: 0 });
  });

  it('a new lead waits for me unless something is planned; a lead in progress with nothing planned is idle', () => {
    const v = select({
      leads: [lead('N1', 'new'), lead('N2', 'new'), lead('I1', 'in_progress'), lead('I2', 'in_progress')],
      todos: [
        { recordId: 'N2', dueAt: '2026-12-09T00:00:00.000Z' },
        { recordId: 'I2', dueAt: '2026-12-09T00:00:00.000Z' },
      ],
    });
    expect(v.items.map((i) => [i.id, i.reason, i.stageName])).toEqual([
      ['N1', 'new', null],
      ['I1', 'idle', null],
    ]);
  });

  it('orders overdue (oldest due) before new leads (oldest first) before idle (oldest change), and keeps the limit', () => {
    const v = select({
      deals: [
        deal('Didle-new', 'new', '2026-12-04T00:00:00.000Z'),
        deal('Didle-old', 'new', '2026-11-01T00:00:00.000Z'),
      ],
      leads: [
        lead('Lnew-late', 'new', '2026-12-05T00:00:00.000Z'),
        lead('Lnew-early', 'new', '2026-12-02T00:00:00.000Z'),
      ],
      todos: [
        { recordId: 'Lover', dueAt: '2026-12-01T00:00:00.000Z' },
        { recordId: 'Dover-late', dueAt: '2026-12-06T11:00:00.000Z' },
        { recordId: 'Dover-early', dueAt: '2026-12-02T00:00:00.000Z' },
      ],
    });
    // Todos on records not in my lists (e.g. a deal someone else now owns) are ignored.
    expect(v.items.map((i) => i.id)).toEqual(['Lnew-early', 'Lnew-late', 'Didle-old', 'Didle-new']);

    const withOverdue = select({
      deals: [deal('Dover-late', 'new'), deal('Dover-early', 'new'), deal('Didle', 'new')],
      leads: [lead('Lnew', 'new')],
      todos: [
        { recordId: 'Dover-late', dueAt: '2026-12-06T11:00:00.000Z' },
        { recordId: 'Dover-early', dueAt: '2026-12-02T00:00:00.000Z' },
      ],
      limit: 3,
    });
    expect(withOverdue.items.map((i) => [i.id, i.reason])).toEqual([
      ['Dover-early', 'overdue'],
      ['Dover-late', 'overdue'],
      ['Lnew', 'new'],
    ]);
    expect(withOverdue.total).toBe(4);
  });

  it('a record read twice (e.g. from two lists) is answered once', () => {
    const v = select({ leads: [lead('N1', 'new'), lead('N1', 'new')] });
    expect(v.items).toHaveLength(1);
  });
});

describe('plannedKeys', () => {
  it('puts a todo in its author’s partition, sorted by due time, undated last', () => {
    expect(plannedKeys('u1', '2026-12-06T10:00:00.000Z', 'A1')).toEqual({
      plannedKey: 'CRMTODO#u1',
      plannedSort: '2026-12-06T10:00:00.000Z#A1',
    });
    expect(
      plannedKeys('u1', null, 'A2').plannedSort > plannedKeys('u1', '9999-12-31T00:00:00.000Z', 'A1').plannedSort,
    ).toBe(true);
  });
});
