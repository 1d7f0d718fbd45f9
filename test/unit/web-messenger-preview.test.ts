/**
 * The chat list's preview line (web/src/messenger/chat-preview.ts) must not contradict the row's unread
 * badge: the unread count can reach the list a moment before the summary of the message it counts.
 */
import i18next, { type TFunction } from 'i18next';
import type { ChatSummary } from '../../shared/messenger/contract';
import messengerEn from '../../web/src/i18n/messenger.en';
import messengerRo from '../../web/src/i18n/messenger.ro';
import { previewOf } from '../../web/src/messenger/chat-preview';

let en: TFunction;
let ro: TFunction;

beforeAll(async () => {
  const i18n = i18next.createInstance();
  await i18n.init({
    resources: { en: { translation: messengerEn }, ro: { translation: messengerRo } },
    lng: 'en',
    interpolation: { escapeValue: false },
  });
  en = i18n.getFixedT('en');
  ro = i18n.getFixedT('ro');
});

function chat(over: Partial<ChatSummary> = {}): ChatSummary {
  return {
    chatId: '01HZZZZZZZZZZZZZZZZZZZZZZZ',
    kind: 'direct',
    title: 'Ana Pop',
    lastMessage: null,
    unread: 0,
    lastReadMessageId: '',
    lastActivityAt: '2026-12-06T10:00:00.000Z',
    memberCount: 2,
    ...over,
  };
}

const names = new Map<string, string>();

test('a chat with nothing in it and nothing unread says so', () => {
  expect(previewOf(chat(), 'me', en, names)).toBe('No messages yet');
  expect(previewOf(chat(), 'me', ro, names)).toBe('Niciun mesaj încă');
});

test('unread counted before the message summary arrived: a neutral line, never "No messages yet"', () => {
  const row = chat({ unread: 1 });
  expect(previewOf(row, 'me', en, names)).toBe('New activity');
  expect(previewOf(row, 'me', ro, names)).toBe('Activitate nouă');
});

test('once the summary is there, the message itself', () => {
  const row = chat({
    unread: 1,
    lastMessage: {
      messageId: '01J00000000000000000000001',
      authorId: 'ana',
      preview: 'Hello there',
      at: '2026-12-06T10:00:00.000Z',
      deleted: false,
      kind: 'text',
    },
  });
  expect(previewOf(row, 'me', en, names)).toBe('Hello there');
});
