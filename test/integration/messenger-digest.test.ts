/**
 * The offline e-mail digest, end to end through the local stack: messages sent through the messenger
 * routes, unread for MESSENGER_DIGEST_MINUTES (3 s on the test stack), the `digest` schedule run, the
 * e-mails read back from the local SES store. One e-mail per person (not per message, not per chat), in
 * the person's language, with links back to the chats; nothing for a connected person, the author, or a
 * chat read in time.
 */
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { api, itStack, signUpUser, wsConnect, type TestUser } from '../support/local-stack-client';
import { mailsTo, type StoredMail } from '../support/mail-store';

jest.setTimeout(60_000);

const DELAY_MS = 0.05 * 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function person(firstName: string, lastName: string, language: 'en' | 'ro'): Promise<TestUser> {
  const u = await signUpUser('employee');
  expect(
    (await api('/people/me/profile', { method: 'PATCH', token: u.token, body: { firstName, lastName, version: 0 } }))
      .status,
  ).toBe(200);
  if (language !== 'en') {
    // The profile's language is the one e-mails use (set by invitations/registration; no route edits it yet).
    const s = itStack();
    const ddb = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: s.urls.dynamodb,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await ddb.send(
      new UpdateItemCommand({
        TableName: s.tableName,
        Key: { PK: { S: `USER#${u.sub}` }, SK: { S: 'PROFILE' } },
        UpdateExpression: 'SET #l = :l',
        ExpressionAttributeNames: { '#l': 'language' },
        ExpressionAttributeValues: { ':l': { S: language } },
      }),
    );
    ddb.destroy();
  }
  return u;
}

async function send(u: TestUser, chatId: string, text: string) {
  const r = await api(`/chats/${chatId}/messages`, { token: u.token, body: { clientMessageId: randomUUID(), text } });
  expect(r.status).toBe(201);
  return r.json as { messageId: string };
}

const digestMails = async (u: TestUser, since: number): Promise<StoredMail[]> => mailsTo(u.email, since);

it('one e-mail per offline person in their language, after the delay, listing each unread chat with a link; none for the connected, the author, or a chat read in time', async () => {
  const since = Math.floor(Date.now() / 1000) - 1;
  const [ana, bogdan, carol, dana] = await Promise.all([
    person('Ana', 'Autor', 'en'),
    person('Bogdan', 'Ionescu', 'ro'),
    person('Carol', 'Smith', 'en'),
    person('Dana', 'Online', 'en'),
  ]);
  const group = await api('/chats', {
    token: ana.token,
    body: { title: 'Proiect Alfa', memberIds: [bogdan.sub, carol.sub, dana.sub] },
  });
  expect(group.status).toBe(201);
  const groupId = group.json.chatId as string;
  const dm = await api('/chats/direct', { token: ana.token, body: { userId: bogdan.sub } });
  expect(dm.status).toBeLessThan(300);
  const dmId = dm.json.chatId as string;

  const danaSocket = await wsConnect(dana.token);
  try {
    const firstSentAt = Date.now();
    await send(ana, groupId, 'Salut! Ședința e la 10.');
    await send(ana, groupId, 'Aduceți laptopurile.');
    await send(ana, groupId, 'Mulțumesc <b>tuturor</b>');
    await send(ana, dmId, 'Poți să te uiți pe document?');
    await itStack().streamsIdle();

    // Not due yet: nothing goes out. (Checked only when the run came within the stack's 3 s delay: on a loaded
    // machine the sends and the stream can take longer, and then the digest is rightly due.)
    await itStack().runSchedule('messenger', 'digest');
    if (Date.now() - firstSentAt < DELAY_MS) expect(await digestMails(bogdan, since)).toEqual([]);

    await sleep(DELAY_MS + 300);
    await itStack().runSchedule('messenger', 'digest');

    const toBogdan = await digestMails(bogdan, since);
    expect(toBogdan).toHaveLength(1);
    const ro = toBogdan[0]!;
    expect(ro.subject).toBe('4 mesaje necitite în 2 conversații');
    expect(ro.body.text).toContain('Bună, Bogdan,');
    expect(ro.body.text).toContain(
      'Proiect Alfa: 3 mesaje necitite, cel mai recent de la Ana Autor: „Mulțumesc <b>tuturor</b>”',
    );
    expect(ro.body.text).toContain(
      'Ana Autor: 1 mesaj necitit, cel mai recent de la Ana Autor: „Poți să te uiți pe document?”',
    );
    expect(ro.body.text).toContain(`/messenger/${groupId}`);
    expect(ro.body.text).toContain(`/messenger/${dmId}`);
    // HTML escapes what people wrote.
    expect(ro.body.html).toContain('&lt;b&gt;tuturor&lt;/b&gt;');
    expect(ro.body.html).not.toContain('<b>tuturor</b>');

    const toCarol = await digestMails(carol, since);
    expect(toCarol).toHaveLength(1);
    expect(toCarol[0]!.subject).toBe('3 unread messages in 1 chat');
    expect(toCarol[0]!.body.text).toContain('Hello Carol,');
    expect(toCarol[0]!.body.text).toContain('Proiect Alfa: 3 unread messages, the latest from Ana Autor');
    expect(toCarol[0]!.body.text).toContain(`/messenger/${groupId}`);

    expect(await digestMails(dana, since)).toEqual([]); // connected when it fell due
    expect(await digestMails(ana, since)).toEqual([]); // the author

    // The keys are gone: another run sends nothing more.
    await itStack().runSchedule('messenger', 'digest');
    expect(await digestMails(bogdan, since)).toHaveLength(1);
    expect(await digestMails(carol, since)).toHaveLength(1);

    // A new message after the digest starts a new wait; Carol reads it in time, Bogdan does not.
    const later = await send(ana, groupId, 'Încă ceva.');
    await itStack().streamsIdle();
    expect(
      (await api(`/chats/${groupId}/read`, { token: carol.token, body: { messageId: later.messageId } })).status,
    ).toBe(200);
    await sleep(DELAY_MS + 300);
    await itStack().runSchedule('messenger', 'digest');
    const again = await digestMails(bogdan, since);
    expect(again).toHaveLength(2);
    expect(again[1]!.subject).toBe('4 mesaje necitite în 1 conversație');
    expect(await digestMails(carol, since)).toHaveLength(1);
    expect(await digestMails(dana, since)).toEqual([]);
  } finally {
    await danaSocket.close();
  }
});
