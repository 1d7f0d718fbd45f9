/**
 * Departments: the pure move rule, and invitations into departments with DynamoDB mocked
 * (ONE BatchGet of the departments before anything is written; unknown → 422 naming the index;
 * extranet + departments → 400 with no call; accept puts the departments on the profile and counts them).
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { SendEmailCommand } from '@aws-sdk/client-ses';
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { checkMove, subtreeHeight } from '../../../shared/departments/contract';
import { departmentRow } from '../../../shared/departments/department-entity';
import { handler } from '../../../functions/invitations/handler';
import { adminClaims } from '../../support/events';
import { oneTimeTokenItem } from '../../support/token-items';
import { invoke, mailEnv, mockMailingFeatureClients, writesBesidesRateCounters } from '../../support/unit-mocks';

mailEnv();

describe('checkMove (the tree rule)', () => {
  // A ─ B ─ C ─ D      E
  const parents = new Map<string, string | null>([
    ['A', null],
    ['B', 'A'],
    ['C', 'B'],
    ['D', 'C'],
    ['E', null],
  ]);

  it('refuses a department under itself or any of its descendants', () => {
    expect(checkMove(parents, 'B', 'B')).toEqual({ ok: false, reason: 'self' });
    expect(checkMove(parents, 'B', 'C')).toEqual({ ok: false, reason: 'descendant' });
    expect(checkMove(parents, 'A', 'D')).toEqual({ ok: false, reason: 'descendant' });
  });

  it('allows the top level and unrelated branches, returning the new ancestors nearest first', () => {
    expect(checkMove(parents, 'C', null)).toEqual({ ok: true, chain: [] });
    expect(checkMove(parents, 'E', 'D')).toEqual({ ok: true, chain: ['D', 'C', 'B', 'A'] });
    expect(checkMove(parents, 'D', 'A')).toEqual({ ok: true, chain: ['A'] });
  });

  it('refuses an unknown parent and a tree deeper than the limit (counting the subtree below)', () => {
    expect(checkMove(parents, 'E', 'Z')).toEqual({ ok: false, reason: 'unknown-parent' });
    expect(subtreeHeight(parents, 'A')).toBe(3);
    expect(checkMove(parents, 'A', 'E', 3)).toEqual({ ok: false, reason: 'too-deep' });
    expect(checkMove(parents, 'B', 'E', 3)).toEqual({ ok: true, chain: ['E'] });
  });

  it('never loops on a stored cycle', () => {
    const broken = new Map<string, string | null>([
      ['X', 'Y'],
      ['Y', 'X'],
      ['N', null],
    ]);
    expect(checkMove(broken, 'N', 'X')).toEqual({ ok: false, reason: 'descendant' });
  });
});

const { ddb, cognito, ses } = mockMailingFeatureClients();
const SALES = '01HZZZZZZZZZZZZZZZZZZZZZA1';
const UNKNOWN = '01HZZZZZZZZZZZZZZZZZZZZZA2';
const TOKEN = 'A'.repeat(43);
const now = () => Math.floor(Date.now() / 1000);
const sales = departmentRow({
  departmentId: SALES,
  name: 'Sales',
  nameKey: 'sales',
  memberCount: 0,
  childCount: 0,
  version: 1,
  createdAt: 'x',
  updatedAt: 'x',
});

const call = (routeKey: string, body: unknown, claims?: Record<string, string>) =>
  invoke(handler, routeKey, { body, claims });
const writes = () => writesBesidesRateCounters(ddb);

beforeEach(() => {
  cognito.on(AdminGetUserCommand).rejects(new UserNotFoundException({ message: 'no', $metadata: {} }));
  ddb.on(UpdateCommand).resolves({ Attributes: { hits: 1 } });
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(PutCommand).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: { PK: string }[] }> }) => {
    const [table, { Keys }] = Object.entries(input.RequestItems)[0]!;
    return { Responses: { [table]: Keys.some((k) => k.PK === `DEPT#${SALES}`) ? [sales] : [] } };
  });
});

describe('POST /invitations with departments', () => {
  it('an unknown department → 422 naming its index, after ONE BatchGet and before anything is written or sent', async () => {
    const res = await call(
      'POST /invitations',
      { emails: ['new@example.com'], role: 'employee', departmentIds: [SALES, UNKNOWN] },
      adminClaims(),
    );
    expect(res.status).toBe(422);
    expect(res.json.error.fields).toEqual([{ path: 'departmentIds.1', reason: 'no such department' }]);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(1);
    expect(writes()).toHaveLength(0);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('extranet invitations cannot carry departments (400, no call); more than 10 or a repeat → 400', async () => {
    const res = await call(
      'POST /invitations',
      { emails: ['new@example.com'], role: 'extranet', departmentIds: [SALES] },
      adminClaims(),
    );
    expect(res.status).toBe(400);
    expect(res.json.error.fields[0].path).toBe('departmentIds');
    const many = await call(
      'POST /invitations',
      {
        emails: ['new@example.com'],
        role: 'employee',
        departmentIds: Array.from({ length: 11 }, (_, i) => `01HZZZZZZZZZZZZZZZZZZZZZ${String(i).padStart(2, '0')}`),
      },
      adminClaims(),
    );
    expect(many.status).toBe(400);
    const twice = await call(
      'POST /invitations',
      { emails: ['new@example.com'], role: 'employee', departmentIds: [SALES, SALES] },
      adminClaims(),
    );
    expect(twice.status).toBe(400);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('known departments are kept on the invitation and the token', async () => {
    const res = await call(
      'POST /invitations',
      { emails: ['new@example.com'], role: 'employee', departmentIds: [SALES] },
      adminClaims(),
    );
    expect(res.status).toBe(201);
    const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item as Record<string, unknown>);
    expect(puts.find((i) => String(i.PK).startsWith('INVITE#'))).toMatchObject({ departmentIds: [SALES] });
    expect(puts.find((i) => String(i.PK).startsWith('OTT#'))).toMatchObject({
      data: { role: 'employee', departmentIds: [SALES] },
    });
  });
});

describe('POST /invitations/accept with departments', () => {
  it('the profile gets the departments that still exist; each is counted in the same transaction', async () => {
    const invitation = {
      PK: 'INVITE#new@example.com',
      SK: 'INVITE',
      email: 'new@example.com',
      status: 'pending',
      role: 'employee',
      language: 'en',
      invitedBy: 'admin-1',
      createdAt: 'x',
      updatedAt: 'x',
      linkExpiresAt: now() + 600,
      version: 1,
      departmentIds: [SALES, UNKNOWN],
      GSI1PK: 'INVITES',
      GSI1SK: 'x#new@example.com',
      __edb_e__: 'invitation',
      __edb_v__: '1',
    };
    const token = oneTimeTokenItem(TOKEN, 'invitation', 'new@example.com', {
      role: 'employee',
      departmentIds: [SALES, UNKNOWN],
    });
    ddb.on(GetCommand).callsFake((input: { Key: { PK: string } }) => ({
      Item: input.Key.PK.startsWith('INVITE#') ? invitation : input.Key.PK === token.PK ? token : undefined,
    }));
    cognito
      .on(AdminCreateUserCommand)
      .resolves({ User: { Username: 'new@example.com', Attributes: [{ Name: 'sub', Value: 'sub-new' }] } });
    cognito.on(AdminSetUserPasswordCommand).resolves({});
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    const res = await call('POST /invitations/accept', {
      token: TOKEN,
      firstName: 'Ana',
      lastName: 'Pop',
      password: 'Correct-Horse-9-Battery',
    });
    expect(res.status).toBe(201);
    const tx = ddb.commandCalls(TransactWriteCommand);
    expect(tx).toHaveLength(1);
    const items = tx[0]!.args[0].input.TransactItems!;
    expect(items.find((i) => i.Put?.Item?.SK === 'PROFILE')!.Put!.Item).toMatchObject({
      userId: 'sub-new',
      departmentIds: [SALES],
    });
    const counts = items.filter((i) => i.Update?.Key?.SK === 'DEPT').map((i) => i.Update!);
    expect(counts).toEqual([
      expect.objectContaining({
        Key: { PK: `DEPT#${SALES}`, SK: 'DEPT' },
        // The department entity's write: ADD 1 to memberCount, only while the department exists.
        UpdateExpression: expect.stringContaining('ADD #memberCount :memberCount_u0') as string,
        ExpressionAttributeValues: expect.objectContaining({ ':memberCount_u0': 1 }) as Record<string, unknown>,
        ConditionExpression: 'attribute_exists(#PK) AND attribute_exists(#SK)',
      }),
    ]);
  });
});
