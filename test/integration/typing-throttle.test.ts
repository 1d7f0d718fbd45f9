/**
 * Typing frames through the local WebSocket gateway are relayed at most once per 3 s per person and chat
 * (functions/messenger/typing-throttle.ts): a burst reaches the other members once, the excess is dropped
 * silently, another person's typing is not held back, and after the interval the next frame passes.
 */
import type { ChatDetail, MessengerFrame } from '../../shared/messenger/contract';
import { api, signUpUser, wsConnect, type TestUser, type WsClient } from '../support/local-stack-client';

jest.setTimeout(60_000);

const named = async (u: TestUser, firstName: string) =>
  expect(
    (
      await api('/people/me/profile', {
        method: 'PATCH',
        token: u.token,
        body: { firstName, lastName: 'Typing', version: 0 },
      })
    ).status,
  ).toBe(200);

const typingFrom = (chatId: string, userId: string) => (frame: unknown) => {
  const f = frame as MessengerFrame | undefined;
  return f?.type === 'typing' && f.chatId === chatId && f.userId === userId;
};

it('a burst of 20 typing frames reaches each member once; another person is not held back; 3 s later the next one passes', async () => {
  const [a, b, c] = await Promise.all([signUpUser('employee'), signUpUser('employee'), signUpUser('employee')]);
  await Promise.all([named(a, 'Ana'), named(b, 'Bogdan'), named(c, 'Cora')]);
  const created = await api<ChatDetail>('/chats', {
    token: a.token,
    body: { title: 'Typing', memberIds: [b.sub, c.sub] },
  });
  expect(created.status).toBe(201);
  const chatId = created.json.chatId;
  const sockets: WsClient[] = await Promise.all([wsConnect(a.token), wsConnect(b.token), wsConnect(c.token)]);
  const [wa, wb, wc] = sockets as [WsClient, WsClient, WsClient];
  try {
    const burstAt = Date.now();
    for (let i = 0; i < 20; i++) wa.send({ action: 'typing', chatId });
    await wb.next(typingFrom(chatId, a.sub), 10_000);
    await wc.next(typingFrom(chatId, a.sub), 10_000);
    // Someone else typing meanwhile is relayed: the limit is per person and chat.
    wb.send({ action: 'typing', chatId });
    await wa.next(typingFrom(chatId, b.sub), 10_000);

    // The one wait: past the interval (the burst's frames have long been handled by then).
    await new Promise((r) => setTimeout(r, Math.max(0, burstAt + 3_300 - Date.now())));
    // At most one more of the burst, and only if it was handled after the 3-s boundary.
    expect(wb.frames.filter(typingFrom(chatId, a.sub)).length).toBeLessThanOrEqual(1);
    expect(wc.frames.filter(typingFrom(chatId, a.sub)).length).toBeLessThanOrEqual(1);
    wb.frames.splice(0);
    wa.send({ action: 'typing', chatId });
    await wb.next(typingFrom(chatId, a.sub), 10_000);
    // Nothing came back to the sender, and no error frames for the dropped ones.
    expect(
      wa.frames.filter((f) => (f as MessengerFrame).type === 'typing' || (f as { type?: string }).type === 'error'),
    ).toEqual([]);
  } finally {
    await Promise.all(sockets.map((s) => s.close()));
  }
});
