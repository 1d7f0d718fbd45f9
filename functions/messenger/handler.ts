import type { StreamChange } from '../../shared/runtime/feature-handler';
import { createFeatureHandler } from '../../shared/runtime/feature-handler';
import type { ProfileItem } from './store';
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

/** Profiles → General chat membership (active non-extranet people are in it) and names on member rows. */
async function onProfileChanges(changes: StreamChange[]): Promise<void> {
  for (const c of changes) {
    const now = c.newImage as ProfileItem | undefined;
    const old = c.oldImage as ProfileItem | undefined;
    if (!now) continue;
    const should = belongsInGeneral(now);
    const was = c.eventName === 'INSERT' ? false : belongsInGeneral(old);
    if (should && !was) await joinGeneral(now);
    else if (!should && was) await leaveGeneral(now.userId);
    const renamed =
      old?.firstName !== now.firstName || old?.lastName !== now.lastName || !!old?.photoKey !== !!now.photoKey;
    if (c.eventName === 'MODIFY' && renamed) await refreshPerson(now);
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
