/** The contacts read (shared/realtime/contacts.ts) addresses the messenger's member rows by the keys the entity writes. */
import { Members } from '../../../functions/messenger/chat-entity';
import { CHAT_MEMBER_PREFIX, chatPk, myChatsPk } from '../../../shared/realtime/contacts';

it('my chats (GSI1) and a chat’s member rows use the chat-member entity’s key strings', () => {
  const item = Members.put({
    chatId: 'G1',
    userId: 'u1',
    role: 'member',
    joinedAt: '2026-01-01T00:00:00.000Z',
    lastReadMessageId: '',
    unread: 0,
    firstName: 'A',
    lastName: 'B',
    hasPhoto: false,
    kind: 'group',
    title: 'T',
    memberCount: 2,
    lastMessageId: '',
    lastActivityAt: '2026-01-01T00:00:00.000Z',
  }).params<{ Item: Record<string, string> }>().Item;
  expect(item.GSI1PK).toBe(myChatsPk('u1'));
  expect(item.PK).toBe(chatPk('G1'));
  expect(item.SK!.startsWith(CHAT_MEMBER_PREFIX)).toBe(true);
});
