import type { StreamChange } from '../../shared/runtime/feature-handler';
import { createFeatureHandler } from '../../shared/runtime/feature-handler';
import { profileOf, profilesOf } from './store';
import { listChatsWithGeneral, openChat } from './backfill';
import { chatAvatarUrl, removeChatAvatar, setChatAvatar } from './chat-avatar';
import { createGroup, openDirect, renameChat, typing, unread } from './chat-service';
import { addMembers, belongsInGeneral, joinGeneral, leaveGeneral, refreshPerson, removeMember } from './member-service';
import { deleteMessage, editMessage, history, pin, react, send, unpin } from './message-service';
import { onChatChanges, onMessageChanges } from './message-stream';
import { runDigest } from './digest-service';
import { onSearchChanges } from './search-indexer';
import { onThumbnailChanges } from './thumbnails';
import { onWorkgroupChanges } from './workgroup-chat';
import { searchAll, searchChat } from './search-service';
import { attachmentUrl, markRead, readers, startAttachment } from './read-service';
import { messengerFeature } from './routes';

/**
 * Profiles → General chat membership (active non-extranet people are in it) and names on member rows.
 *
 * Order and duplicates: a record only says THAT something may have changed (General membership, a name or
 * photo); what is written comes from the profile as stored now (one BatchGet per batch). Membership is
 * reconciled (belongs → joinGeneral, else leaveGeneral; both conditional, a second call writes nothing and
 * posts no second system message) and names are set, not added: repeated or swapped records (activated
 * then deactivated, two renames) end in the current profile's state.
 */
async function onProfileChanges(changes: StreamChange[]): Promise<void> {
  const todo = new Map<string, { membership: boolean; names: boolean }>();
  for (const c of changes) {
    if (!c.newImage) continue;
    const now = profileOf(c.newImage);
    const old = c.oldImage ? profileOf(c.oldImage) : undefined;
    const was = c.eventName === 'INSERT' ? false : belongsInGeneral(old);
    const renamed =
      old?.firstName !== now.firstName || old?.lastName !== now.lastName || !!old?.photoKey !== !!now.photoKey;
    const seen = todo.get(now.userId) ?? { membership: false, names: false };
    todo.set(now.userId, {
      membership: seen.membership || belongsInGeneral(now) !== was,
      names: seen.names || (c.eventName === 'MODIFY' && renamed),
    });
  }
  const wanted = [...todo].filter(([, t]) => t.membership || t.names).map(([userId]) => userId);
  if (!wanted.length) return;
  const current = await profilesOf(wanted);
  for (const userId of wanted) {
    const t = todo.get(userId)!;
    const profile = current.get(userId);
    if (t.membership) {
      if (profile && belongsInGeneral(profile)) await joinGeneral(profile);
      else await leaveGeneral(userId);
    }
    if (t.names && profile) await refreshPerson(profile);
  }
}

export const handler = createFeatureHandler(messengerFeature, {
  http: {
    listChats: ({ user, query }) => listChatsWithGeneral(user, query),
    unread: ({ user }) => unread(user),
    createGroup: ({ user, body }) => createGroup(user, body),
    openDirect: ({ user, body }) => openDirect(user, body.userId),
    getChat: ({ user, params }) => openChat(user, params.chatId),
    updateChat: ({ user, params, body }) => renameChat(user, params.chatId, body.title, body.version),
    setAvatar: ({ user, params, body }) => setChatAvatar(user, params.chatId, body.fileId, body.version),
    removeAvatar: ({ user, params, query }) => removeChatAvatar(user, params.chatId, query.version),
    getAvatar: ({ user, params }) => chatAvatarUrl(user, params.chatId),
    addMembers: ({ user, params, body }) => addMembers(user, params.chatId, body.userIds),
    removeMember: ({ user, params }) => removeMember(user, params.chatId, params.userId),
    history: ({ user, params, query }) => history(user, params.chatId, query),
    send: ({ user, params, body }) => send(user, params.chatId, body),
    editMessage: ({ user, params, body }) => editMessage(user, params.chatId, params.messageId, body),
    deleteMessage: ({ user, params }) => deleteMessage(user, params.chatId, params.messageId),
    addReaction: ({ user, params }) => react(user, params.chatId, params.messageId, params.emoji, true),
    removeReaction: ({ user, params }) => react(user, params.chatId, params.messageId, params.emoji, false),
    pin: ({ user, params }) => pin(user, params.chatId, params.messageId),
    unpin: ({ user, params }) => unpin(user, params.chatId, params.messageId),
    markRead: ({ user, params, body }) => markRead(user, params.chatId, body.messageId),
    readers: ({ user, params }) => readers(user, params.chatId, params.messageId),
    startAttachment: ({ user, params, body }) => startAttachment(user, params.chatId, body),
    getAttachment: ({ user, params }) => attachmentUrl(user, params.chatId, params.fileId),
    searchChat: ({ user, params, query }) => searchChat(user, params.chatId, query),
    searchAll: ({ user, query }) => searchAll(user, query),
  },
  ws: {
    typing: ({ user, body }) => typing(user, body.chatId),
  },
  streams: {
    messageEvents: (changes) => onMessageChanges(changes),
    chatEvents: (changes) => onChatChanges(changes),
    searchIndex: (changes) => onSearchChanges(changes),
    profileEvents: (changes) => onProfileChanges(changes),
    workgroupEvents: (changes) => onWorkgroupChanges(changes),
    thumbnails: (changes, { logger }) => onThumbnailChanges(changes, logger),
  },
  schedules: {
    digest: async ({ logger }) => void (await runDigest(logger)),
  },
});
