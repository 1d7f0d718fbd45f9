/** Message search through the gateway: in a chat and across my chats; word prefixes, no diacritics, membership, edits and deletes. */
import { randomUUID } from 'node:crypto';
import { api, itStack, signUpUser, type TestUser } from '../support/local-stack-client';

jest.setTimeout(40_000);

const named = async (u: TestUser, firstName: string) =>
  expect(
    (
      await api('/people/me/profile', {
        method: 'PATCH',
        token: u.token,
        body: { firstName, lastName: 'Search', version: 0 },
      })
    ).status,
  ).toBe(200);
async function send(u: TestUser, chatId: string, text: string) {
  const r = await api(`/chats/${chatId}/messages`, { token: u.token, body: { clientMessageId: randomUUID(), text } });
  expect(r.status).toBe(201);
  return r.json as { messageId: string; version: number };
}
const texts = (page: any) => (page.items as any[]).map((h) => (h.message ?? h).text).sort();

it('finds words by prefix without diacritics, only in chats I am in, and follows edits and deletes', async () => {
  const [a, b, c] = await Promise.all([signUpUser('employee'), signUpUser('employee'), signUpUser('employee')]);
  await Promise.all([named(a, 'Ana'), named(b, 'Bogdan'), named(c, 'Carol')]);
  const unique = `zq${randomUUID().slice(0, 6).replace(/-/g, '')}`; // a word no other test writes
  const group = (await api('/chats', { token: a.token, body: { title: 'Echipa', memberIds: [b.sub] } })).json
    .chatId as string;
  const dm = (await api('/chats/direct', { token: a.token, body: { userId: c.sub } })).json.chatId as string;
  const m1 = await send(a, group, `Ședința ${unique}ului e mâine`);
  await send(b, group, `Proiectul ${unique} Alfa e gata`);
  await send(a, group, 'nimic de văzut aici');
  await send(a, dm, `${unique} secret pentru Carol`);
  await itStack().streamsIdle();

  // In the chat: diacritics and case do not matter; a prefix finds longer words.
  const inChat = await api(`/chats/${group}/search?q=${encodeURIComponent(unique.toUpperCase())}`, { token: b.token });
  expect(inChat.status).toBe(200);
  expect(texts(inChat.json)).toEqual([`Proiectul ${unique} Alfa e gata`, `Ședința ${unique}ului e mâine`]);
  expect(
    (await api(`/chats/${group}/search?q=sedinta%20${unique}`, { token: b.token })).json.items.map(
      (m: any) => m.messageId,
    ),
  ).toEqual([m1.messageId]);
  // Every word must match.
  expect(texts((await api(`/chats/${group}/search?q=${unique}+alfa`, { token: b.token })).json)).toEqual([
    `Proiectul ${unique} Alfa e gata`,
  ]);
  expect((await api(`/chats/${group}/search?q=${unique}+beta`, { token: b.token })).json.items).toEqual([]);

  // Across my chats: B sees the group only, C the direct chat only (with its title as C sees it), A both.
  const forB = (await api(`/messages/search?q=${unique}`, { token: b.token })).json;
  expect(forB.items.every((h: any) => h.chatId === group && h.chatTitle === 'Echipa')).toBe(true);
  expect(forB.items).toHaveLength(2);
  const forC = (await api(`/messages/search?q=${unique}`, { token: c.token })).json;
  expect(forC.items).toMatchObject([
    { chatId: dm, chatTitle: 'Ana Search', message: { text: `${unique} secret pentru Carol` } },
  ]);
  expect((await api(`/messages/search?q=${unique}`, { token: a.token })).json.items).toHaveLength(3);

  // Not a member: the chat does not exist for you.
  expect((await api(`/chats/${group}/search?q=${unique}`, { token: c.token })).status).toBe(404);

  // Edited away, then deleted: gone from the results.
  const edit = await api(`/chats/${group}/messages/${m1.messageId}`, {
    method: 'PATCH',
    token: a.token,
    body: { text: 'Ședința s-a mutat', version: m1.version },
  });
  expect(edit.status).toBe(200);
  await itStack().streamsIdle();
  expect(texts((await api(`/chats/${group}/search?q=${unique}`, { token: b.token })).json)).toEqual([
    `Proiectul ${unique} Alfa e gata`,
  ]);
  expect(texts((await api(`/chats/${group}/search?q=mutat`, { token: b.token })).json)).toEqual(['Ședința s-a mutat']);
  const other = forB.items.find((h: any) => h.message.text.startsWith('Proiectul')).message.messageId as string;
  expect((await api(`/chats/${group}/messages/${other}`, { method: 'DELETE', token: b.token })).status).toBe(200);
  await itStack().streamsIdle();
  expect((await api(`/messages/search?q=${unique}`, { token: b.token })).json.items).toEqual([]);
});

it('pages with a signed cursor and refuses bad queries', async () => {
  const [a, b] = await Promise.all([signUpUser('employee'), signUpUser('employee')]);
  await Promise.all([named(a, 'Ana'), named(b, 'Bogdan')]);
  const word = `pg${randomUUID().slice(0, 6).replace(/-/g, '')}`;
  const group = (await api('/chats', { token: a.token, body: { title: 'Pages', memberIds: [b.sub] } })).json
    .chatId as string;
  for (let i = 0; i < 35; i++) await send(a, group, `${word} number ${i}`);
  await itStack().streamsIdle();
  const p1 = (await api(`/chats/${group}/search?q=${word}`, { token: b.token })).json;
  expect(p1.items).toHaveLength(30);
  expect(p1.items[0].text).toBe(`${word} number 34`); // newest first
  const p2 = (await api(`/chats/${group}/search?q=${word}&cursor=${encodeURIComponent(p1.cursor)}`, { token: b.token }))
    .json;
  expect(p2.items).toHaveLength(5);
  expect(new Set([...p1.items, ...p2.items].map((m: any) => m.messageId)).size).toBe(35);
  // A cursor of one search does not work for another.
  const wrong = await api(`/messages/search?q=${word}&cursor=${encodeURIComponent(p1.cursor)}`, { token: b.token });
  expect(wrong.status).toBe(400);
  expect(wrong.json.error.fields[0].path).toBe('query.cursor');

  const short = await api('/messages/search?q=a', { token: b.token });
  expect(short.status).toBe(400);
  expect(short.json.error.fields[0]).toEqual({ path: 'query.q', reason: 'at least 2 characters' });
  expect((await api(`/messages/search?q=${'x'.repeat(101)}`, { token: b.token })).status).toBe(400);
  expect((await api('/messages/search?q=%21%21%21', { token: b.token })).json).toEqual({ items: [], cursor: null });
  expect((await api(`/chats/not-a-chat/search?q=${word}`, { token: b.token })).status).toBe(400);
});
