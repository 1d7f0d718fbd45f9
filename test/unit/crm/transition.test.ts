/** Deal transitions: counter deltas per scope, funnel REACH rows on jumps (once per stage), WON rows added / removed by month. */
import { dealTransition, stagesReached } from '../../../shared/crm/deal-transition';
import { defaultPipeline } from '../../../shared/crm/pipeline-entity';
import {
  counterDeltas,
  counterRows,
  recordWriteItems,
  wonReportDeltas,
  type DealRecord,
  type TxItem,
} from '../../../shared/crm/records';

type Update = NonNullable<TxItem['Update']>;
/** The value an Update ADDs to `attr` (whatever its placeholders are called). */
function added(u: Update, attr: string): unknown {
  const [, adds = ''] = /ADD (.*?)(?: SET | REMOVE |$)/.exec(u.UpdateExpression ?? '') ?? [];
  for (const part of adds.split(', ')) {
    const [name, value] = part.split(' ');
    if (u.ExpressionAttributeNames?.[name!] === attr) return u.ExpressionAttributeValues?.[value!];
  }
  return undefined;
}

const pipeline = defaultPipeline('2026-01-01T00:00:00.000Z');
const deal = (over: Partial<DealRecord> = {}): DealRecord => ({
  id: '01HDEAL0000000000000000000',
  type: 'deal',
  version: 4,
  responsibleId: 's',
  responsibleName: 'Sorina',
  deptId: 'C',
  createdBy: 's',
  createdAt: '2026-10-05T08:00:00.000Z',
  updatedAt: '2026-10-05T08:00:00.000Z',
  lastActorId: 's',
  title: 'Contract',
  pipelineId: 'default',
  stageId: 'new',
  stageKind: 'open',
  movedAt: '2026-10-05T08:00:00.000Z',
  currency: 'RON',
  amountMinor: 31525,
  lines: [],
  maxReachedOrder: 0,
  reachedStageIds: ['new'],
  createdMonth: '2026-10',
  ...over,
});
const actor = { id: 'k', name: 'Costel' };
const updates = (items: TxItem[], prefix: string) =>
  items.filter((i) => i.Update && String(i.Update.Key!.PK).startsWith(prefix)).map((i) => i.Update!);

describe('dealTransition', () => {
  it('moves the deal: version + 1, condition on version and pipeline, counters −1/+1 in each of the 3 scopes, a stage activity', () => {
    const { update, items } = dealTransition(deal(), pipeline, 'offer', actor, '2026-11-27T10:00:00.000Z');
    expect(update).toMatchObject({
      stageId: 'offer',
      stageKind: 'open',
      version: 5,
      movedAt: '2026-11-27T10:00:00.000Z',
      lastActorId: 'k',
      maxReachedOrder: 2,
      probability: 40,
    });
    const put = items.find((i) => i.Put && i.Put.Item!.SK === 'REC')!.Put!;
    // The condition with its placeholders resolved: the stored version and pipeline must be the ones read.
    const resolved = put
      .ConditionExpression!.replace(/#\w+/g, (n) => put.ExpressionAttributeNames![n]!)
      .replace(/:\w+/g, (v) => JSON.stringify(put.ExpressionAttributeValues![v]));
    expect(resolved).toBe('version = 4 AND pipelineId = "default"');
    const check = items[0]!.ConditionCheck!;
    expect(check.Key).toEqual({ PK: 'CRMPIPE#default', SK: 'PIPE' });
    // the pipeline is still the version the move was checked against
    const checked = check
      .ConditionExpression!.replace(/#\w+/g, (n) => check.ExpressionAttributeNames![n]!)
      .replace(/:\w+/g, (v) => JSON.stringify(check.ExpressionAttributeValues![v]));
    expect(checked).toBe('attribute_exists(PK) AND attribute_exists(SK) AND version = 1');
    const counters = updates(items, 'CRMTOT#').map((u) => [u.Key!.PK, u.Key!.SK, added(u, 'n'), added(u, 'A_RON')]);
    expect(counters.sort()).toEqual(
      [
        ['CRMTOT#A#deal#default', 'new', -1, -31525],
        ['CRMTOT#A#deal#default', 'offer', 1, 31525],
        ['CRMTOT#D#C#deal#default', 'new', -1, -31525],
        ['CRMTOT#D#C#deal#default', 'offer', 1, 31525],
        ['CRMTOT#U#s#deal#default', 'new', -1, -31525],
        ['CRMTOT#U#s#deal#default', 'offer', 1, 31525],
      ].sort(),
    );
    const index = items
      .filter((i) => i.Put && String(i.Put.Item!.SK).startsWith('IX#'))
      .map((i) => i.Put!.Item!.GSI1PK);
    expect(index.sort()).toEqual([
      'CRMS#A#deal#default#offer',
      'CRMS#D#C#deal#default#offer',
      'CRMS#U#s#deal#default#offer',
    ]);
    const act = items.find((i) => i.Put && String(i.Put.Item!.SK).startsWith('ACT#'))!.Put!.Item;
    expect(act).toMatchObject({ kind: 'stage', by: 'k', meta: { fromStage: 'new', toStage: 'offer' } });
    expect(items.length).toBeLessThan(40);
  });

  it('a jump counts every skipped open stage once in the funnel (cohort = creation month); a lost stage only itself', () => {
    const { items, update } = dealTransition(deal(), pipeline, 'in_progress', actor, '2026-11-27T10:00:00.000Z');
    const reach = updates(items, 'CRMREP#REACH#').map((u) => [u.Key!.PK, u.Key!.SK]);
    expect(reach).toEqual([
      ['CRMREP#REACH#default#2026', '10#preparing#C#s'],
      ['CRMREP#REACH#default#2026', '10#offer#C#s'],
      ['CRMREP#REACH#default#2026', '10#in_progress#C#s'],
    ]);
    const back = dealTransition(update, pipeline, 'preparing', actor, '2026-11-28T10:00:00.000Z');
    expect(updates(back.items, 'CRMREP#REACH#')).toEqual([]);
    const lost = dealTransition(back.update, pipeline, 'lost', actor, '2026-11-29T10:00:00.000Z', {
      lostReason: 'price',
    });
    expect(updates(lost.items, 'CRMREP#REACH#').map((u) => u.Key!.SK)).toEqual(['10#lost#C#s']);
    expect(lost.update).toMatchObject({ stageKind: 'lost', lostReason: 'price', maxReachedOrder: 3 });
    expect(stagesReached(pipeline, pipeline.stages[5]!, lost.update.reachedStageIds).map((s) => s.stageId)).toEqual([
      'final_invoice',
      'won',
    ]);
  });

  it('won adds n and the amount at the month it was won; leaving won removes it from that month', () => {
    const won = dealTransition(
      deal({
        stageId: 'final_invoice',
        reachedStageIds: ['new', 'preparing', 'offer', 'in_progress', 'final_invoice'],
        maxReachedOrder: 4,
      }),
      pipeline,
      'won',
      actor,
      '2026-11-27T10:00:00.000Z',
    );
    expect(won.update).toMatchObject({ wonAt: '2026-11-27T10:00:00.000Z', wonAmountMinor: 31525, stageKind: 'won' });
    expect(updates(won.items, 'CRMREP#WON#').map((u) => [u.Key, added(u, 'n'), added(u, 'amount')])).toEqual([
      [{ PK: 'CRMREP#WON#2026', SK: '11#RON#C#s' }, 1, 31525],
    ]);
    const reopened = dealTransition(won.update, pipeline, 'in_progress', actor, '2027-01-03T10:00:00.000Z');
    expect(updates(reopened.items, 'CRMREP#WON#').map((u) => [u.Key, added(u, 'n'), added(u, 'amount')])).toEqual([
      [{ PK: 'CRMREP#WON#2026', SK: '11#RON#C#s' }, -1, -31525],
    ]);
    expect(reopened.update.wonAt).toBeUndefined();
    // a won deal whose amount changes moves only the difference
    expect(wonReportDeltas(won.update, { ...won.update, amountMinor: 40000, wonAmountMinor: 40000 })).toEqual([
      { year: '2026', month: '11', currency: 'RON', deptId: 'C', userId: 's', n: 0, amount: 8475 },
    ]);
  });

  it('refuses a stage of another pipeline and a deal of another pipeline (422 stageId); the same stage writes nothing', () => {
    const status = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return [(e as { status: number }).status, (e as { fields: { path: string }[] }).fields[0]!.path];
      }
      return null;
    };
    expect(
      status(() => dealTransition(deal(), pipeline, '01HZZZZZZZZZZZZZZZZZZZZZZ4', actor, '2026-11-27T10:00:00.000Z')),
    ).toEqual([422, 'stageId']);
    expect(
      status(() =>
        dealTransition(
          deal({ pipelineId: '01HOTHER000000000000000000' }),
          pipeline,
          'won',
          actor,
          '2026-11-27T10:00:00.000Z',
        ),
      ),
    ).toEqual([422, 'stageId']);
    expect(dealTransition(deal(), pipeline, 'new', actor, '2026-11-27T10:00:00.000Z').items).toEqual([]);
  });

  it('reassigning a record moves its counters between the person and department scopes (ALL untouched)', () => {
    const d = deal();
    const moved = { ...d, responsibleId: 'k', deptId: 'Z', version: 5 };
    const deltas = counterDeltas(d, moved).map((x) => [x.scope, x.n]);
    expect(deltas.sort()).toEqual(
      [
        ['D#C', -1],
        ['D#Z', 1],
        ['U#k', 1],
        ['U#s', -1],
      ].sort(),
    );
    const items = recordWriteItems(d, moved);
    expect(items.filter((i) => i.Delete).map((i) => i.Delete!.Key)).toEqual([
      { PK: 'CRM#01HDEAL0000000000000000000', SK: 'IX#U#s' },
      { PK: 'CRM#01HDEAL0000000000000000000', SK: 'IX#D#C' },
    ]);
  });

  it('counterRows (seeding) sums many new records into one row per scope and column', () => {
    const rows = counterRows([
      ...counterDeltas(null, deal()),
      ...counterDeltas(null, deal({ id: '01HDEAL0000000000000000001', amountMinor: 475, responsibleId: 'k' })),
    ]);
    const all = rows.find((r) => r.PK === 'CRMTOT#A#deal#default' && r.SK === 'new');
    expect(all).toMatchObject({ n: 2, A_RON: 32000, __edb_e__: 'crmCounter' });
    expect(rows.find((r) => r.PK === 'CRMTOT#U#k#deal#default')).toMatchObject({ n: 1, A_RON: 475 });
    expect(rows).toHaveLength(4);
  });
});
