/**
 * Notification settings per person: the PUT body (unknown groups and values refused by name), notify()
 * honouring them (off writes nothing, e-mail queues one outbox item with the notification in one transaction,
 * a repeat queues none), the e-mail consumer (claimed once, Romanian for a Romanian person, released when SES
 * fails) and the two routes (defaults, save, 409 on a stale version).
 */
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../functions/notifications/handler';
import { mailEvents, queuedMails } from '../../../functions/notifications/mail-events';
import { notify } from '../../../shared/notifications/notify';
import { DEFAULT_DELIVERY, settingsBody, withDefaults } from '../../../shared/notifications/settings';
import type { StreamChange } from '../../../shared/runtime/feature-handler';
import { employeeClaims } from '../../support/events';
import { invoke, mailEnv } from '../../support/unit-mocks';

const ddb = mockClient(DynamoDBClient);
const ses = mockClient(SESClient);

const settingsItem = (groups: Record<string, string>, version = 2) => ({
  PK: 'USER#u1',
  SK: 'NOTIF-SETTINGS',
  userId: 'u1',
  groups,
  version,
  updatedAt: '2026-12-01T10:00:00.000Z',
  __edb_e__: 'notificationSettings',
  __edb_v__: '1',
});
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const cancelled = () =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
  });

beforeEach(() => {
  ddb.reset();
  ses.reset();
  mailEnv();
  ddb.on(QueryCommand).resolves({ Items: [], Count: 0 });
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
});

const taskComment = {
  kind: 'task.comment' as const,
  actorId: 'u2',
  params: { actorName: 'Ana Pop', taskTitle: 'Raport lunar', preview: 'Am terminat' },
  link: '/tasks/T1?comment=C1',
  dedupeKey: 'task.comment:T1:C1:u1',
};

describe('the settings body', () => {
  it('takes some groups and a version; an unknown group or value is refused naming the field', () => {
    expect(settingsBody.safeParse({ groups: { tasks: 'email' }, version: 0 }).success).toBe(true);
    const unknownGroup = settingsBody.safeParse({ groups: { games: 'off' }, version: 1 });
    expect(unknownGroup.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['groups', expect.stringContaining('games')],
    ]);
    const badValue = settingsBody.safeParse({ groups: { tasks: 'sms' }, version: 1 });
    expect(badValue.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['groups.tasks', 'one of bell, email, off'],
    ]);
  });

  it('stored settings read over the defaults: an unknown value or group falls back to the default', () => {
    expect(withDefaults({ tasks: 'off', chats: 'loud', games: 'email' })).toEqual({
      ...DEFAULT_DELIVERY,
      tasks: 'off',
    });
  });
});

describe('notify() and the settings', () => {
  it("'off' writes nothing and pushes nothing: one read of the settings only", async () => {
    ddb.on(GetCommand).resolves({ Item: settingsItem({ tasks: 'off' }) });
    expect(await notify('u1', taskComment)).toBeNull();
    expect(ddb.calls().map((c) => c.args[0].constructor.name)).toEqual(['GetCommand']);
  });

  it("'bell' (the default when nothing is saved) writes the notification alone, no e-mail queued", async () => {
    ddb.on(GetCommand).resolves({});
    const made = await notify('u1', taskComment);
    expect(made).toMatchObject({ kind: 'task.comment', delivery: 'bell' });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it("'email' writes the notification and its e-mail in ONE transaction; a repeat (same dedupeKey) queues nothing", async () => {
    ddb.on(GetCommand).resolves({ Item: settingsItem({ tasks: 'email' }) });
    const made = await notify('u1', taskComment);
    expect(made?.delivery).toBe('email');
    const tx = ddb.commandCalls(TransactWriteCommand);
    expect(tx).toHaveLength(1);
    const puts = tx[0]!.args[0].input.TransactItems!.map((i) => i.Put);
    expect(puts.map((p) => [p?.Item?.__edb_e__, p?.Item?.SK, p?.ConditionExpression])).toEqual([
      ['notification', `NOTIF#${made!.notificationId}`, expect.stringContaining('attribute_not_exists')],
      ['notificationMail', `NOTIF-MAIL#${made!.notificationId}`, expect.stringContaining('attribute_not_exists')],
    ]);
    expect(puts[1]?.Item).toMatchObject({ kind: 'task.comment', link: taskComment.link, params: taskComment.params });

    ddb.on(TransactWriteCommand).rejects(cancelled());
    expect(await notify('u1', taskComment)).toBeNull();
  });

  it('a caller that sends its own e-mail (ownMail) gets the delivery and no generic e-mail is queued', async () => {
    ddb.on(GetCommand).resolves({});
    const made = await notify('u1', { ...taskComment, kind: 'crm.deal.assigned', ownMail: true });
    expect(made?.delivery).toBe(DEFAULT_DELIVERY.crm);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
  });
});

describe('the notification e-mail consumer', () => {
  const queued = (over: Record<string, unknown> = {}): StreamChange => ({
    eventName: 'INSERT',
    entity: 'notificationMail',
    oldImage: undefined,
    newImage: {
      userId: 'u1',
      notificationId: '01JEXAMPLE0000000000000000',
      kind: 'task.comment',
      params: taskComment.params,
      link: taskComment.link,
      ...over,
    },
  });
  const profile = (language: string, status = 'active') => ({
    Responses: {
      'portal-unit': [{ userId: 'u1', email: 'ion@example.com', firstName: 'Ion', language, status }],
    },
  });

  it('only new, unsent outbox items are mail', () => {
    expect(queuedMails([queued()])).toHaveLength(1);
    expect(queuedMails([{ ...queued(), eventName: 'MODIFY' }])).toEqual([]);
    expect(queuedMails([queued({ sentAt: '2026-12-01T00:00:00.000Z' })])).toEqual([]);
    expect(queuedMails([queued({ kind: 'no.such.kind' })])).toEqual([]);
  });

  it('claims, then sends ONE e-mail in the person’s language with the sentence and a link to the page', async () => {
    ddb.on(BatchGetCommand).resolves(profile('ro'));
    ddb.on(UpdateCommand).resolves({});
    await mailEvents([queued()]);
    const sent = ses.commandCalls(SendEmailCommand);
    expect(sent).toHaveLength(1);
    const msg = sent[0]!.args[0].input;
    expect(msg.Destination?.ToAddresses).toEqual(['ion@example.com']);
    expect(msg.Message?.Subject?.Data).toBe('Ana Pop a comentat la sarcina „Raport lunar”');
    const text = msg.Message?.Body?.Text?.Data ?? '';
    expect(text).toContain('Bună, Ion,');
    expect(text).toContain('„Am terminat”');
    expect(text).toContain('https://portal.example.com/tasks/T1?comment=C1');
    const claim = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(claim.ConditionExpression).toContain('attribute_not_exists');
  });

  it('a repeated record sends nothing: the claim fails', async () => {
    ddb.on(BatchGetCommand).resolves(profile('en'));
    ddb.on(UpdateCommand).rejects(conditionFailed());
    await mailEvents([queued()]);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('a deactivated person gets nothing', async () => {
    ddb.on(BatchGetCommand).resolves(profile('en', 'deactivated'));
    ddb.on(UpdateCommand).resolves({});
    await mailEvents([queued()]);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('an SES failure releases the claim and fails the batch, so the retry sends it', async () => {
    ddb.on(BatchGetCommand).resolves(profile('en'));
    ddb.on(UpdateCommand).resolves({});
    ses.on(SendEmailCommand).rejects(new Error('Throttling'));
    await expect(mailEvents([queued()])).rejects.toThrow('retry');
    const updates = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input.UpdateExpression ?? '');
    expect(updates).toHaveLength(2);
    expect(updates[1]).toMatch(/REMOVE/);
  });
});

describe('GET/PUT /notifications/settings', () => {
  const claims = employeeClaims('u1');

  it('answers the defaults (version 0) when nothing is saved', async () => {
    ddb.on(GetCommand).resolves({});
    expect(await invoke(handler, 'GET /notifications/settings', { claims })).toEqual({
      status: 200,
      json: { groups: DEFAULT_DELIVERY, version: 0, updatedAt: null },
    });
  });

  it('a first save creates version 1 with the groups given; the others keep their defaults', async () => {
    ddb.on(PutCommand).resolves({});
    const r = await invoke(handler, 'PUT /notifications/settings', {
      claims,
      body: { groups: { tasks: 'email', chats: 'off' }, version: 0 },
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ groups: { ...DEFAULT_DELIVERY, tasks: 'email', chats: 'off' }, version: 1 });
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input.Item).toMatchObject({
      PK: 'USER#u1',
      SK: 'NOTIF-SETTINGS',
      groups: { tasks: 'email', chats: 'off' },
    });
  });

  it('a stale version → 409 with the current settings', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: settingsItem({ drive: 'off' }, 4) });
    const r = await invoke(handler, 'PUT /notifications/settings', {
      claims,
      body: { groups: { tasks: 'email' }, version: 3 },
    });
    expect(r.status).toBe(409);
    expect(JSON.stringify(r.json)).toContain('"version":4');
  });

  it('an unknown group → 400 naming it, nothing written', async () => {
    const r = await invoke(handler, 'PUT /notifications/settings', {
      claims,
      body: { groups: { games: 'off' }, version: 0 },
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json)).toContain('games');
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });
});
