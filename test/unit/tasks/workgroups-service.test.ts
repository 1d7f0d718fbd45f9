/**
 * The workgroups handler with DynamoDB mocked: DynamoDB calls per route (create = 1 BatchGet of the people + 1
 * TransactWrite of group + memberships; get = 1 BatchGet; edits = that BatchGet + 1 TransactWrite conditioned on
 * the version), who may edit / change roles / remove, closed and extranet visibility (404), bad input written
 * nowhere, stale versions 409 with the current group, stages (rename / reorder / delete — a stage holding tasks
 * stays), ownership transfer in one transaction, and the members list (1 Query + 1 BatchGet of names).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handler } from '../../../functions/workgroups/handler';
import { groupRow } from '../../../functions/workgroups/group-store';
import type { GroupRecord } from '../../../shared/workgroups/group-record';
import { membershipRow, type MembershipItem } from '../../../shared/workgroups/membership-entity';
import { adminClaims, employeeClaims, extranetClaims, httpEvent, lambdaContext } from '../../support/events';

const ddb = mockClient(DynamoDBClient);
const G = '01JGGGGG000000000000000000';
const S1 = '01JSTAGE100000000000000000';
const S2 = '01JSTAGE200000000000000000';
const S3 = '01JSTAGE300000000000000000';
const TABLE = 'portal-unit';

const group = (over: Partial<GroupRecord> = {}): GroupRecord => ({
  groupId: G,
  name: 'Launch',
  nameKey: 'launch',
  description: 'The spring launch',
  kind: 'project',
  visibility: 'open',
  ownerId: 'owner1',
  stages: [
    { stageId: S1, title: 'New' },
    { stageId: S2, title: 'Doing' },
    { stageId: S3, title: 'Done' },
  ],
  memberCount: 3,
  version: 4,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});
const member = (userId: string, role: MembershipItem['role'], extranet = false, g = group()): MembershipItem => ({
  groupId: G,
  userId,
  role,
  extranet,
  joinedAt: '2026-01-01T00:00:00.000Z',
  groupName: g.name,
  nameKey: g.nameKey,
  kind: g.kind,
  visibility: g.visibility,
});
const profile = (userId: string, status = 'active', role = 'employee') => ({
  PK: `USER#${userId}`,
  SK: 'PROFILE',
  userId,
  firstName: userId,
  lastName: 'X',
  status,
  role,
  __edb_e__: 'profile',
});

/** The BatchGet of loadGroup answers the group and (when given) my membership. */
function groupLoads(g: GroupRecord, me: MembershipItem | null, extra: Record<string, unknown>[] = []) {
  ddb
    .on(BatchGetCommand)
    .resolves({ Responses: { [TABLE]: [groupRow(g), ...(me ? [membershipRow(me)] : []), ...extra] } });
}

type Who = 'employee' | 'admin' | 'extranet';
async function call(
  routeKey: string,
  sub: string,
  opts: { body?: unknown; params?: Record<string, string>; query?: Record<string, string>; as?: Who } = {},
) {
  const claims =
    opts.as === 'admin' ? adminClaims(sub) : opts.as === 'extranet' ? extranetClaims(sub) : employeeClaims(sub);
  const res = (await handler(
    httpEvent({
      routeKey,
      claims,
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      pathParameters: opts.params,
      query: opts.query,
    }),
    lambdaContext(),
  )) as APIGatewayProxyStructuredResultV2;
  return { status: res.statusCode!, json: res.body ? JSON.parse(res.body as string) : undefined };
}
const calls = () => ddb.calls().map((c) => c.args[0].constructor.name);
const txItems = () =>
  (ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []) as Record<string, any>[];

beforeEach(() => ddb.reset());

describe('create', () => {
  it('checks the people in ONE BatchGet and writes the group + every membership in ONE transaction', async () => {
    ddb
      .on(BatchGetCommand)
      .resolves({ Responses: { [TABLE]: [profile('m1'), profile('x1', 'active', 'extranet'), profile('mod1')] } });
    ddb.on(TransactWriteCommand).resolves({});
    const res = await call('POST /groups', 'owner1', {
      body: {
        name: 'Launch',
        kind: 'project',
        visibility: 'closed',
        memberIds: ['m1', 'x1', 'owner1'],
        moderatorIds: ['mod1'],
      },
    });
    expect(res.status).toBe(201);
    expect(calls()).toEqual(['BatchGetCommand', 'TransactWriteCommand']);
    const items = txItems().map((i) => i.Put);
    // Created, never overwritten: every put is conditioned on the item not existing yet.
    expect(
      items.every((p) => p.ConditionExpression === 'attribute_not_exists(#PK) AND attribute_not_exists(#SK)'),
    ).toBe(true);
    const roles = Object.fromEntries(
      items
        .filter((p) => String(p.Item.SK).startsWith('MEMBER#'))
        .map((p) => [p.Item.userId, [p.Item.role, p.Item.extranet]]),
    );
    // I am the owner once (listed as a member too, not twice); the extranet person is an extranet member.
    expect(roles).toEqual({
      owner1: ['owner', false],
      mod1: ['moderator', false],
      m1: ['member', false],
      x1: ['member', true],
    });
    const g = items.find((p) => p.Item.SK === 'GROUP')!.Item;
    expect(g).toMatchObject({ memberCount: 4, version: 1, visibility: 'closed', ownerId: 'owner1' });
    expect(g.GSI1PK).toBeUndefined(); // closed groups are not in the open directory
    expect(g.stages.map((s: { title: string }) => s.title)).toEqual(['New', 'In progress', 'Done']);
    expect(res.json).toMatchObject({ myRole: 'owner', rights: { edit: true, manageMembers: true, changeRoles: true } });
  });

  it('an unknown or deactivated person → 422 naming the field, nothing written', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [profile('m1'), profile('gone', 'deactivated')] } });
    const res = await call('POST /groups', 'owner1', { body: { name: 'Launch', memberIds: ['m1', 'gone'] } });
    expect(res.status).toBe(422);
    expect(res.json.error.fields[0].path).toBe('memberIds.1');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('bad input never reaches DynamoDB: no name, dates out of order, 41 members; extranet may not create', async () => {
    const bad = async (body: unknown, path: string) => {
      const r = await call('POST /groups', 'owner1', { body });
      expect(r.status).toBe(400);
      expect(r.json.error.fields.map((f: { path: string }) => f.path)).toContain(path);
    };
    await bad({ name: '  ' }, 'name');
    await bad({ name: 'X', projectStart: '2026-05-02', projectEnd: '2026-05-01' }, 'projectEnd');
    await bad({ name: 'X', projectStart: '02/05/2026' }, 'projectStart');
    await bad({ name: 'X', memberIds: Array.from({ length: 41 }, (_, i) => `u${i}`) }, 'memberIds');
    expect((await call('POST /groups', 'x1', { body: { name: 'X' }, as: 'extranet' })).status).toBe(403);
    expect(calls()).toEqual([]);
  });
});

describe('visibility', () => {
  it('a group is ONE BatchGet (group, my membership, my request); extranet outsiders get 404', async () => {
    groupLoads(group(), null);
    const open = await call('GET /groups/{groupId}', 'someone', { params: { groupId: G } });
    expect(open.status).toBe(200);
    expect(calls()).toEqual(['BatchGetCommand']);
    expect(open.json).toMatchObject({ myRole: null, rights: { edit: false, join: true } });
    expect((await call('GET /groups/{groupId}', 'x1', { params: { groupId: G }, as: 'extranet' })).status).toBe(404);
    groupLoads(group(), member('x1', 'member', true));
    expect((await call('GET /groups/{groupId}', 'x1', { params: { groupId: G }, as: 'extranet' })).status).toBe(200);
  });

  it('a missing group → 404', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [] } });
    expect((await call('GET /groups/{groupId}', 'owner1', { params: { groupId: G } })).status).toBe(404);
  });
});

describe('edit (versioned)', () => {
  it('the owner edits: ONE BatchGet + ONE TransactWrite conditioned on the version read', async () => {
    groupLoads(group(), member('owner1', 'owner'));
    ddb.on(TransactWriteCommand).resolves({});
    const res = await call('PATCH /groups/{groupId}', 'owner1', {
      params: { groupId: G },
      body: { version: 4, name: 'Launch 2', visibility: 'closed', projectEnd: '2026-06-30' },
    });
    expect(res.status).toBe(200);
    expect(calls()).toEqual(['BatchGetCommand', 'TransactWriteCommand']);
    const put = txItems()[0]!.Put;
    expect(put).toMatchObject({
      ConditionExpression: '#version = :version0',
      ExpressionAttributeValues: { ':version0': 4 },
      Item: { name: 'Launch 2', nameKey: 'launch 2', visibility: 'closed', projectEnd: '2026-06-30', version: 5 },
    });
    expect(put.Item.GSI1PK).toBeUndefined(); // closed now: out of the open directory
    expect(put.Item.description).toBe('The spring launch'); // fields not sent stay
    expect(res.json).toMatchObject({ name: 'Launch 2', version: 5 });
  });

  it('a stale version → 409 with the current group, nothing written', async () => {
    groupLoads(group({ version: 6, name: 'Renamed elsewhere' }), member('owner1', 'owner'));
    const res = await call('PATCH /groups/{groupId}', 'owner1', {
      params: { groupId: G },
      body: { version: 4, name: 'Mine' },
    });
    expect(res.status).toBe(409);
    expect(res.json.error.current).toMatchObject({ groupId: G, version: 6, name: 'Renamed elsewhere' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('a plain member may not edit (403); an admin who is not a member may', async () => {
    groupLoads(group(), member('m1', 'member'));
    expect(
      (await call('PATCH /groups/{groupId}', 'm1', { params: { groupId: G }, body: { version: 4, name: 'X' } })).status,
    ).toBe(403);
    ddb.reset();
    groupLoads(group(), null);
    ddb.on(TransactWriteCommand).resolves({});
    expect(
      (
        await call('PATCH /groups/{groupId}', 'admin1', {
          params: { groupId: G },
          body: { version: 4, name: 'X' },
          as: 'admin',
        })
      ).status,
    ).toBe(200);
  });

  it('dates that end before they start (against the stored start) → 422, nothing written', async () => {
    groupLoads(group({ projectStart: '2026-05-01' }), member('owner1', 'owner'));
    const res = await call('PATCH /groups/{groupId}', 'owner1', {
      params: { groupId: G },
      body: { version: 4, projectEnd: '2026-04-01' },
    });
    expect(res.status).toBe(422);
    expect(res.json.error.fields[0].path).toBe('projectEnd');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('stages', () => {
  it('rename and reorder write the new stage list with the version condition', async () => {
    groupLoads(group(), member('mod1', 'moderator'));
    ddb.on(TransactWriteCommand).resolves({});
    const renamed = await call('PATCH /groups/{groupId}/stages/{stageId}', 'mod1', {
      params: { groupId: G, stageId: S2 },
      body: { title: 'Review', version: 4 },
    });
    expect(renamed.status).toBe(200);
    expect(txItems()[0]!.Put.Item.stages.map((s: { title: string }) => s.title)).toEqual(['New', 'Review', 'Done']);
    ddb.resetHistory();
    const reordered = await call('PUT /groups/{groupId}/stages', 'mod1', {
      params: { groupId: G },
      body: { stageIds: [S3, S1, S2], version: 4 },
    });
    expect(reordered.status).toBe(200);
    expect(reordered.json.stages.map((s: { stageId: string }) => s.stageId)).toEqual([S3, S1, S2]);
    expect(txItems()[0]!.Put).toMatchObject({
      ConditionExpression: '#version = :version0',
      ExpressionAttributeValues: { ':version0': 4 },
    });
  });

  it('a reorder that does not list every stage exactly once → 422; an unknown stage → 422; nothing written', async () => {
    groupLoads(group(), member('owner1', 'owner'));
    const missing = await call('PUT /groups/{groupId}/stages', 'owner1', {
      params: { groupId: G },
      body: { stageIds: [S1, S2], version: 4 },
    });
    expect(missing.status).toBe(422);
    expect(missing.json.error.fields[0].path).toBe('stageIds');
    const twice = await call('PUT /groups/{groupId}/stages', 'owner1', {
      params: { groupId: G },
      body: { stageIds: [S1, S1, S2], version: 4 },
    });
    expect(twice.status).toBe(422);
    const unknown = await call('PATCH /groups/{groupId}/stages/{stageId}', 'owner1', {
      params: { groupId: G, stageId: '01JSTAGE900000000000000000' },
      body: { title: 'X', version: 4 },
    });
    expect(unknown.status).toBe(422);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('deleting a stage checks the board with ONE Query (Limit 1): a stage holding tasks stays (409)', async () => {
    groupLoads(group(), member('owner1', 'owner'));
    ddb.on(QueryCommand).resolves({ Items: [{ taskId: 'T1' }] });
    const busy = await call('DELETE /groups/{groupId}/stages/{stageId}', 'owner1', {
      params: { groupId: G, stageId: S1 },
      query: { version: '4' },
    });
    expect(busy.status).toBe(409);
    expect(busy.json.error.message).toMatch(/Move the tasks out/);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      IndexName: 'GSI2',
      Limit: 1,
      ExpressionAttributeValues: { ':pk': `GROUP#${G}#TASKS`, ':p': `${S1}#` },
    });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(TransactWriteCommand).resolves({});
    const gone = await call('DELETE /groups/{groupId}/stages/{stageId}', 'owner1', {
      params: { groupId: G, stageId: S1 },
      query: { version: '4' },
    });
    expect(gone.status).toBe(200);
    expect(gone.json.stages.map((s: { stageId: string }) => s.stageId)).toEqual([S2, S3]);
  });

  it('the last stage cannot go (409); a member may not touch stages (403)', async () => {
    groupLoads(group({ stages: [{ stageId: S1, title: 'Only' }] }), member('owner1', 'owner'));
    expect(
      (
        await call('DELETE /groups/{groupId}/stages/{stageId}', 'owner1', {
          params: { groupId: G, stageId: S1 },
          query: { version: '4' },
        })
      ).status,
    ).toBe(409);
    groupLoads(group(), member('m1', 'member'));
    expect(
      (
        await call('PATCH /groups/{groupId}/stages/{stageId}', 'm1', {
          params: { groupId: G, stageId: S1 },
          body: { title: 'X', version: 4 },
        })
      ).status,
    ).toBe(403);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('members and roles', () => {
  it('only the owner (or an admin) changes roles; making someone moderator is one conditioned Put', async () => {
    groupLoads(group(), member('mod1', 'moderator'));
    expect(
      (
        await call('PATCH /groups/{groupId}/members/{userId}', 'mod1', {
          params: { groupId: G, userId: 'm1' },
          body: { role: 'moderator' },
        })
      ).status,
    ).toBe(403);
    ddb.reset();
    // loadGroup's BatchGet, then the target's membership + profile
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { [TABLE]: [groupRow(group()), membershipRow(member('owner1', 'owner'))] } })
      .resolves({ Responses: { [TABLE]: [membershipRow(member('m1', 'member')), profile('m1')] } });
    ddb.on(TransactWriteCommand).resolves({});
    const res = await call('PATCH /groups/{groupId}/members/{userId}', 'owner1', {
      params: { groupId: G, userId: 'm1' },
      body: { role: 'moderator' },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ userId: 'm1', role: 'moderator' });
    expect(txItems()).toHaveLength(1);
    // Only the role changes, on a membership that must still exist.
    expect(txItems()[0]!.Update).toMatchObject({
      Key: { SK: 'MEMBER#m1' },
      ConditionExpression: 'attribute_exists(#PK) AND attribute_exists(#SK)',
      ExpressionAttributeValues: expect.objectContaining({ ':role_u0': 'moderator' }) as Record<string, unknown>,
    });
  });

  it('transferring ownership: new owner, previous owner → moderator, group ownerId — ONE transaction', async () => {
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { [TABLE]: [groupRow(group()), membershipRow(member('owner1', 'owner'))] } })
      .resolves({ Responses: { [TABLE]: [membershipRow(member('m1', 'member')), profile('m1')] } });
    ddb.on(TransactWriteCommand).resolves({});
    const res = await call('PATCH /groups/{groupId}/members/{userId}', 'owner1', {
      params: { groupId: G, userId: 'm1' },
      body: { role: 'owner' },
    });
    expect(res.status).toBe(200);
    const items = txItems();
    expect(items).toHaveLength(3);
    expect(items[0]!.Update).toMatchObject({
      Key: { SK: 'MEMBER#m1' },
      ExpressionAttributeValues: expect.objectContaining({ ':role_u0': 'owner' }) as Record<string, unknown>,
    });
    expect(items[1]!.Update).toMatchObject({
      Key: { SK: 'MEMBER#owner1' },
      ExpressionAttributeValues: expect.objectContaining({ ':role_u0': 'moderator' }) as Record<string, unknown>,
    });
    // The group names its new owner only if the owner read is still the owner.
    expect(items[2]!.Update).toMatchObject({
      Key: { SK: 'GROUP' },
      ConditionExpression: 'attribute_exists(#PK) AND attribute_exists(#SK) AND #ownerId = :ownerId0',
      ExpressionAttributeValues: expect.objectContaining({
        ':ownerId_u0': 'm1',
        ':ownerId0': 'owner1',
        ':version_u0': 1,
      }) as Record<string, unknown>,
    });
  });

  it('an extranet member can only be a member (422); the owner cannot leave (409)', async () => {
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { [TABLE]: [groupRow(group()), membershipRow(member('owner1', 'owner'))] } })
      .resolves({
        Responses: { [TABLE]: [membershipRow(member('x1', 'member', true)), profile('x1', 'active', 'extranet')] },
      });
    const ext = await call('PATCH /groups/{groupId}/members/{userId}', 'owner1', {
      params: { groupId: G, userId: 'x1' },
      body: { role: 'moderator' },
    });
    expect(ext.status).toBe(422);
    expect(ext.json.error.fields[0].path).toBe('role');
    ddb.reset();
    groupLoads(group(), member('owner1', 'owner'));
    expect(
      (await call('DELETE /groups/{groupId}/members/{userId}', 'owner1', { params: { groupId: G, userId: 'owner1' } }))
        .status,
    ).toBe(409);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('a moderator removing someone: the delete is conditioned on them being a plain member, and the count drops in the same transaction', async () => {
    groupLoads(group(), member('mod1', 'moderator'));
    ddb.on(TransactWriteCommand).resolves({});
    const res = await call('DELETE /groups/{groupId}/members/{userId}', 'mod1', {
      params: { groupId: G, userId: 'm1' },
    });
    expect(res.status).toBe(204);
    const items = txItems();
    expect(items[0]!.Delete).toMatchObject({
      Key: { SK: 'MEMBER#m1' },
      ConditionExpression: 'attribute_exists(#PK) AND attribute_exists(#SK) AND #role = :role0',
      ExpressionAttributeValues: { ':role0': 'member' },
    });
    expect(items).toHaveLength(2);
  });
});
