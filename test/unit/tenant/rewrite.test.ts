/**
 * The import's id rewrite (infra/tenant/rewrite.ts): old subs become the new pool's subs everywhere a
 * string holds them, and a direct chat gets the id the messenger computes from its members' new subs.
 */
import { directChatId } from '../../../functions/messenger/chat-entity';
import type { JsonItem } from '../../../infra/tenant/item-json';
import { DirectChatIds, directChatIdOf, rewriteItem, stringRewriter } from '../../../infra/tenant/rewrite';

const OLD_A = '11111111-1111-4111-8111-111111111111';
const OLD_B = '22222222-2222-4222-8222-222222222222';
const NEW_A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const NEW_B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const subs = new Map([
  [OLD_A, NEW_A],
  [OLD_B, NEW_B],
]);

it('computes direct chat ids exactly as the messenger does', () => {
  expect(directChatIdOf(OLD_A, OLD_B)).toBe(directChatId(OLD_A, OLD_B));
  expect(directChatIdOf(OLD_B, OLD_A)).toBe(directChatId(OLD_A, OLD_B));
  expect(directChatIdOf(NEW_A, 'x')).toBe(directChatId('x', NEW_A));
});

it('rewrites every occurrence inside keys, values, nested maps (keys too), lists and string sets; not numbers or names', () => {
  const f = stringRewriter(subs);
  const item: JsonItem = {
    PK: { S: `USER#${OLD_A}` },
    GSI1PK: { S: `USER#${OLD_A}#CHATS` },
    key: { S: `drive/user-${OLD_A}/node/version` },
    participantIds: { SS: [OLD_A, OLD_B] },
    people: { L: [{ M: { userId: { S: OLD_B } } }] },
    readBy: { M: { [OLD_B]: { S: '2026-01-01' } } },
    count: { N: '3' },
    title: { S: 'untouched' },
  };
  expect(rewriteItem(item, f)).toEqual({
    PK: { S: `USER#${NEW_A}` },
    GSI1PK: { S: `USER#${NEW_A}#CHATS` },
    key: { S: `drive/user-${NEW_A}/node/version` },
    participantIds: { SS: [NEW_A, NEW_B] },
    people: { L: [{ M: { userId: { S: NEW_B } } }] },
    readBy: { M: { [NEW_B]: { S: '2026-01-01' } } },
    count: { N: '3' },
    title: { S: 'untouched' },
  });
  expect(stringRewriter(new Map())('same')).toBe('same');
});

it('renames a direct chat whose two members are mapped, and leaves group chats and unknown members alone', () => {
  const chats = new DirectChatIds();
  const dm = directChatId(OLD_A, OLD_B);
  const lonely = directChatId(OLD_A, 'someone-not-exported');
  for (const [pk, sk] of [
    [`CHAT#${dm}`, `MEMBER#${OLD_A}`],
    [`CHAT#${dm}`, `MEMBER#${OLD_B}`],
    [`CHAT#${dm}`, 'CHAT'],
    [`CHAT#${lonely}`, `MEMBER#${OLD_A}`],
    [`CHAT#${lonely}`, 'MEMBER#someone-not-exported'],
    ['CHAT#group-1', `MEMBER#${OLD_A}`],
    ['CHAT#group-1', `MEMBER#${OLD_B}`],
  ])
    chats.see({ PK: { S: pk! }, SK: { S: sk! } });
  expect(chats.rewrites(subs)).toEqual(new Map([[dm, directChatId(NEW_A, NEW_B)]]));
});
