/**
 * Memberships that no stream event created: people whose profile existed before the messenger (or whose
 * profile event was missed) and workgroups created before their chat existed. Both are repaired lazily and
 * idempotently where the person would notice them missing:
 *
 * | route                  | extra DynamoDB, and when                                                                    |
 * |------------------------|---------------------------------------------------------------------------------------------|
 * | GET /chats (1st page)  | ONE GetItem of my General membership, in PARALLEL with the list Query. Only when it is      |
 * |                        | missing: GetItem profile; an active non-extranet person joins General (member-service       |
 * |                        | joinGeneral: the same transaction as the profile stream) and the page is read again.       |
 * | GET /chats/wg-{group}  | only on a 404: GetItem of my group membership; a group member → the group's chat is         |
 * |                        | reconciled (workgroup-chat.ts) and read again.                                              |
 *
 * Everyone who opens the messenger therefore sees General, and a group page's chat link always works.
 */
import type { z } from 'zod';
import type { UserContext } from '../../shared/auth/claims';
import { NotFoundError } from '../../shared/http/errors';
import {
  GENERAL_CHAT_ID,
  groupIdOfChat,
  type ChatDetail,
  type ChatSummary,
  type Page,
  type pageQuery,
} from '../../shared/messenger/contract';
import { CHAT_PK, MEMBER_SK } from './chat-entity';
import { getChat, listChats } from './chat-service';
import { belongsInGeneral, joinGeneral } from './member-service';
import { getRow, profilesOf } from './store';
import { backfillIfGroupMember } from './workgroup-chat';

async function inGeneral(userId: string): Promise<boolean> {
  return !!(await getRow({ PK: CHAT_PK(GENERAL_CHAT_ID), SK: MEMBER_SK(userId) }, 'PK'));
}

/** Joins General (idempotent) when I belong there; true when I do (whether I was added now or meanwhile). */
export async function ensureGeneral(user: UserContext): Promise<boolean> {
  if (user.isExtranet) return false;
  const profile = (await profilesOf([user.sub])).get(user.sub);
  if (!belongsInGeneral(profile)) return false;
  await joinGeneral(profile!);
  return true;
}

export async function listChatsWithGeneral(
  user: UserContext,
  q: z.output<typeof pageQuery>,
): Promise<Page<ChatSummary>> {
  if (q.cursor || user.isExtranet) return listChats(user, q);
  const [page, member] = await Promise.all([listChats(user, q), inGeneral(user.sub)]);
  if (member) return page;
  return (await ensureGeneral(user)) ? listChats(user, q) : page;
}

export async function openChat(user: UserContext, chatId: string): Promise<ChatDetail> {
  try {
    return await getChat(user, chatId);
  } catch (e) {
    const groupId = groupIdOfChat(chatId);
    if (!(e instanceof NotFoundError) || !groupId) throw e;
    if (!(await backfillIfGroupMember(groupId, user.sub))) throw e;
    return getChat(user, chatId);
  }
}
