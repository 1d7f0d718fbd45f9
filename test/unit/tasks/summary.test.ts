/**
 * Home's "My tasks" summary (GET /tasks/summary): the viewer's "today" in their time zone (daylight saving time
 * included), the keys of the three groups, and the handler's answer with DynamoDB mocked — six bounded Queries,
 * no Scan, no GetItem, rows and counts in the right group.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handler } from '../../../functions/tasks/handler';
import { summaryKeys } from '../../../functions/tasks/summary-service';
import { endOfLocalDay, summaryQuery, zoneOffsetMs } from '../../../shared/tasks/summary';
import { employeeClaims, httpEvent, lambdaContext } from '../../support/events';

describe('the viewer’s day', () => {
  it('ends at the next local midnight of their zone, not UTC’s', () => {
    // 22:30 UTC on 6 Dec is 00:30 on 7 Dec in Bucharest (UTC+2): the day ends at 7 Dec 22:00 UTC.
    expect(endOfLocalDay('Europe/Bucharest', new Date('2026-12-06T22:30:00Z'))).toBe('2026-12-07T22:00:00.000Z');
    expect(endOfLocalDay('UTC', new Date('2026-12-06T22:30:00Z'))).toBe('2026-12-07T00:00:00.000Z');
    // West of UTC: 03:00 UTC on 7 Dec is still 6 Dec in New York (UTC-5).
    expect(endOfLocalDay('America/New_York', new Date('2026-12-07T03:00:00Z'))).toBe('2026-12-07T05:00:00.000Z');
  });

  it('takes daylight saving time into account on the day the clocks change', () => {
    // Bucharest moves from UTC+2 to UTC+3 at 03:00 local on 29 Mar 2026: that day ends at 21:00 UTC, not 22:00.
    expect(endOfLocalDay('Europe/Bucharest', new Date('2026-03-29T06:00:00Z'))).toBe('2026-03-29T21:00:00.000Z');
    // ...and back on 25 Oct 2026: that day has 25 hours and ends at 22:00 UTC.
    expect(endOfLocalDay('Europe/Bucharest', new Date('2026-10-25T06:00:00Z'))).toBe('2026-10-25T22:00:00.000Z');
    expect(zoneOffsetMs('Europe/Bucharest', new Date('2026-07-01T12:00:00Z'))).toBe(3 * 3_600_000);
  });

  it('refuses a time zone that is not an IANA name', () => {
    expect(summaryQuery.safeParse({ timeZone: 'Europe/Bucharest' }).success).toBe(true);
    expect(summaryQuery.safeParse({}).success).toBe(true);
    expect(summaryQuery.safeParse({ timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(summaryQuery.safeParse({ timeZone: 'UTC', extra: '1' }).success).toBe(false);
  });
});

describe('the groups’ keys', () => {
  const now = new Date('2026-12-06T10:00:00Z');
  const keys = summaryKeys('u1', 'Europe/Bucharest', now);

  it('overdue: my open tasks whose deadline has passed; today: from now to my midnight (same index)', () => {
    expect(keys.overdue).toMatchObject({
      IndexName: 'GSI3',
      ExpressionAttributeValues: { ':pk': 'USER#u1#OPEN', ':now': '2026-12-06T10:00:00.000Z' },
    });
    expect(keys.overdue.KeyConditionExpression).toContain('GSI3SK < :now');
    expect(keys.today).toMatchObject({
      IndexName: 'GSI3',
      ExpressionAttributeValues: {
        ':pk': 'USER#u1#OPEN',
        ':now': '2026-12-06T10:00:00.000Z',
        ':end': '2026-12-06T22:00:00.000Z',
      },
    });
  });

  it('awaiting control: the tasks I created, in status awaiting_control', () => {
    expect(keys.awaitingControl).toMatchObject({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :rank)',
      ExpressionAttributeValues: { ':pk': 'USER#u1#creator', ':rank': '3#' },
    });
  });
});

describe('GET /tasks/summary', () => {
  const ddb = mockClient(DynamoDBClient);
  beforeEach(() => ddb.reset());

  const row = (taskId: string, status: string, deadline?: string) => ({
    PK: `TASK#${taskId}`,
    SK: 'ROLE#u1#responsible',
    taskId,
    title: `Task ${taskId}`,
    status,
    ...(deadline ? { deadline } : {}),
    creatorId: 'c1',
    responsibleId: 'u1',
    names: { u1: { name: 'Ana Pop', hasPhoto: false }, c1: { name: 'Cora Ion', hasPhoto: true } },
  });

  async function call(query: Record<string, string>) {
    const res = (await handler(
      httpEvent({ routeKey: 'GET /tasks/summary', claims: employeeClaims('u1'), query }),
      lambdaContext(),
    )) as APIGatewayProxyStructuredResultV2;
    return { status: res.statusCode, json: JSON.parse(res.body ?? 'null') as Record<string, any> };
  }

  it('answers the three groups from six bounded Queries (rows ≤ 5, counts ≤ 100) and nothing else', async () => {
    const isCount = (i: QueryCommandInput) => i.Select === 'COUNT';
    ddb.on(QueryCommand).callsFake((input: QueryCommandInput) => {
      const pk = input.ExpressionAttributeValues?.[':pk'];
      const overdue = input.KeyConditionExpression?.includes('< :now');
      if (pk === 'USER#u1#creator')
        return isCount(input) ? { Count: 1 } : { Items: [row('A3', 'awaiting_control', '2026-12-20T10:00:00.000Z')] };
      if (overdue)
        return isCount(input)
          ? { Count: 7 }
          : {
              Items: [
                row('A1', 'pending', '2026-12-01T10:00:00.000Z'),
                row('A2', 'in_progress', '2026-12-02T10:00:00.000Z'),
              ],
            };
      return isCount(input) ? { Count: 0 } : { Items: [] };
    });
    const r = await call({ timeZone: 'Europe/Bucharest' });
    expect(r.status).toBe(200);
    expect(r.json.overdue.count).toBe(7);
    expect(r.json.overdue.items.map((t: { taskId: string }) => t.taskId)).toEqual(['A1', 'A2']);
    expect(r.json.overdue.items[0]).toMatchObject({ overdue: true, title: 'Task A1' });
    expect(r.json.today).toEqual({ items: [], count: 0 });
    expect(r.json.awaitingControl.count).toBe(1);
    expect(r.json.awaitingControl.items[0]).toMatchObject({ taskId: 'A3', status: 'awaiting_control' });
    expect(r.json.people).toEqual({
      u1: { name: 'Ana Pop', hasPhoto: false },
      c1: { name: 'Cora Ion', hasPhoto: true },
    });

    const queries = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(queries).toHaveLength(6);
    expect(ddb.calls()).toHaveLength(6);
    expect(queries.filter(isCount).map((q) => q.Limit)).toEqual([100, 100, 100]);
    expect(queries.filter((q) => !isCount(q)).map((q) => q.Limit)).toEqual([5, 5, 5]);
  });

  it('refuses an unknown time zone before reading anything', async () => {
    const r = await call({ timeZone: 'Not/AZone' });
    expect(r.status).toBe(400);
    expect(ddb.calls()).toHaveLength(0);
  });
});
