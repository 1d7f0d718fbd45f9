/**
 * Messenger (issue 4): chats, members, messages, receipts, reactions, pins, attachments, typing, and the
 * stream consumers that keep unread counters / chat lists / digest keys and the General chat in step.
 * Schemas and answers: shared/messenger/contract.ts. Membership is checked on every route: a chat you
 * are not in answers 404, exactly like a chat that does not exist.
 * (Search, presence, notifications and the digest are added by their own files: search-*.ts, digest-*.ts.)
 */
import { answer } from '../../shared/api/answer';
import type {
  AttachmentUpload,
  AttachmentUrls,
  ChatDetail,
  ChatSummary,
  MessageHit,
  MessageView,
  Page,
  ReaderView,
  UnreadView,
} from '../../shared/messenger/contract';
import { defineFeature } from '../../shared/manifest/types';
import {
  addMembersBody,
  attachmentBody,
  attachmentParams,
  chatAvatarBody,
  chatAvatarQuery,
  chatIdParams,
  createGroupBody,
  directChatBody,
  editMessageBody,
  historyQuery,
  memberParams,
  messageParams,
  pageQuery,
  reactionParams,
  readBody,
  searchQuery,
  sendMessageBody,
  typingAction,
  updateChatBody,
} from '../../shared/messenger/contract';

const SMALL = 8 * 1024;

export const messengerFeature = defineFeature({
  feature: 'messenger',
  grants: ['table:read', 'table:write', 'bucket:read', 'bucket:write', 'ws:manage', 'ses:send', 'cursor-secret:read'],
  http: {
    listChats: {
      method: 'GET',
      path: '/chats',
      access: 'user',
      summary:
        'My chats, most recent activity first (one GSI1 Query, signed cursor); the first page also checks (in parallel) that an active employee is in General and joins them if not (backfill.ts)',
      query: pageQuery,
      answer: answer<Page<ChatSummary>>(),
    },
    unread: {
      method: 'GET',
      path: '/chats/unread',
      access: 'user',
      summary: 'Total unread and the chats that have some (one sparse-GSI2 Query)',
      answer: answer<UnreadView>(),
    },
    createGroup: {
      method: 'POST',
      path: '/chats',
      access: 'employee',
      summary: 'Create a group chat with a title and members (one transaction: chat, members, "created" message)',
      body: createGroupBody,
      maxBodyBytes: SMALL,
      answer: answer<ChatDetail>(),
    },
    openDirect: {
      method: 'POST',
      path: '/chats/direct',
      access: 'employee',
      summary: 'Open (idempotently) the 1:1 chat with a colleague',
      body: directChatBody,
      maxBodyBytes: 1024,
      answer: answer<ChatDetail>(),
    },
    getChat: {
      method: 'GET',
      path: '/chats/{chatId}',
      access: 'user',
      summary:
        "A chat, its members and their read positions, pins (a workgroup's chat not created yet is created for a member of the group)",
      params: chatIdParams,
      answer: answer<ChatDetail>(),
    },
    updateChat: {
      method: 'PATCH',
      path: '/chats/{chatId}',
      access: 'user',
      summary: 'Rename a group (owner or admin; versioned: stale → 409)',
      params: chatIdParams,
      body: updateChatBody,
      maxBodyBytes: 1024,
      answer: answer<ChatDetail>(),
    },
    setAvatar: {
      method: 'PUT',
      path: '/chats/{chatId}/avatar',
      access: 'user',
      summary:
        "Set a group's picture from an image uploaded with POST …/attachments (owner or admin; versioned; made a 256 px webp square)",
      params: chatIdParams,
      body: chatAvatarBody,
      maxBodyBytes: 1024,
      answer: answer<ChatDetail>(),
    },
    removeAvatar: {
      method: 'DELETE',
      path: '/chats/{chatId}/avatar',
      access: 'user',
      summary: "Remove a group's picture (owner or admin; versioned)",
      params: chatIdParams,
      query: chatAvatarQuery,
      answer: answer<ChatDetail>(),
    },
    getAvatar: {
      method: 'GET',
      path: '/chats/{chatId}/avatar',
      access: 'user',
      summary: "A presigned GET (5 min) of the chat's picture (members only)",
      params: chatIdParams,
      answer: answer<{ url: string }>(),
    },
    addMembers: {
      method: 'POST',
      path: '/chats/{chatId}/members',
      access: 'employee',
      summary: 'Add people to a group (owner or admin)',
      params: chatIdParams,
      body: addMembersBody,
      maxBodyBytes: SMALL,
      answer: answer<ChatDetail>(),
    },
    removeMember: {
      method: 'DELETE',
      path: '/chats/{chatId}/members/{userId}',
      access: 'user',
      summary: 'Remove someone from a group (owner or admin), or leave it (yourself); General cannot be left',
      params: memberParams,
    },
    history: {
      method: 'GET',
      path: '/chats/{chatId}/messages',
      access: 'user',
      summary: 'History: newest first (before=) or oldest first (after=, catch-up after a reconnect)',
      params: chatIdParams,
      query: historyQuery,
      answer: answer<Page<MessageView>>(),
    },
    send: {
      method: 'POST',
      path: '/chats/{chatId}/messages',
      access: 'user',
      summary:
        'Send (idempotent on clientMessageId): 1 Query + 1 TransactWrite + 1 Query of connections, then the fan-out',
      params: chatIdParams,
      body: sendMessageBody,
      answer: answer<MessageView>(),
    },
    editMessage: {
      method: 'PATCH',
      path: '/chats/{chatId}/messages/{messageId}',
      access: 'user',
      summary: 'Edit my message text (versioned: stale → 409)',
      params: messageParams,
      body: editMessageBody,
      answer: answer<MessageView>(),
    },
    deleteMessage: {
      method: 'DELETE',
      path: '/chats/{chatId}/messages/{messageId}',
      access: 'user',
      summary: 'Delete my message (admins and the group owner: any); leaves a tombstone',
      params: messageParams,
      answer: answer<MessageView>(),
    },
    addReaction: {
      method: 'PUT',
      path: '/chats/{chatId}/messages/{messageId}/reactions/{emoji}',
      access: 'user',
      summary: 'Add my reaction (one UpdateItem: ADD to a string set)',
      params: reactionParams,
      answer: answer<MessageView>(),
    },
    removeReaction: {
      method: 'DELETE',
      path: '/chats/{chatId}/messages/{messageId}/reactions/{emoji}',
      access: 'user',
      summary: 'Remove my reaction',
      params: reactionParams,
      answer: answer<MessageView>(),
    },
    pin: {
      method: 'PUT',
      path: '/chats/{chatId}/pins/{messageId}',
      access: 'user',
      summary: 'Pin a message',
      params: messageParams,
      answer: answer<ChatDetail>(),
    },
    unpin: {
      method: 'DELETE',
      path: '/chats/{chatId}/pins/{messageId}',
      access: 'user',
      summary: 'Unpin a message',
      params: messageParams,
      answer: answer<ChatDetail>(),
    },
    markRead: {
      method: 'POST',
      path: '/chats/{chatId}/read',
      access: 'user',
      summary: 'I have read up to this message: my unread counter and digest key are cleared, members get a receipt',
      params: chatIdParams,
      body: readBody,
      maxBodyBytes: 1024,
    },
    readers: {
      method: 'GET',
      path: '/chats/{chatId}/messages/{messageId}/readers',
      access: 'user',
      summary: 'Who has read this message (per-recipient receipts)',
      params: messageParams,
      answer: answer<{ readers: ReaderView[] }>(),
    },
    startAttachment: {
      method: 'POST',
      path: '/chats/{chatId}/attachments',
      access: 'user',
      summary: 'A presigned PUT (5 min) for one file; name, type and size are bound; attach it when sending',
      params: chatIdParams,
      body: attachmentBody,
      maxBodyBytes: 2048,
      answer: answer<AttachmentUpload>(),
    },
    getAttachment: {
      method: 'GET',
      path: '/chats/{chatId}/attachments/{fileId}',
      access: 'user',
      summary: 'Presigned GETs (5 min) of a file sent in this chat and, for images, of its thumbnail (thumbUrl)',
      params: attachmentParams,
      answer: answer<AttachmentUrls>(),
    },
    searchChat: {
      method: 'GET',
      path: '/chats/{chatId}/search',
      access: 'user',
      summary:
        "Search this chat's messages by word prefix (members only): one Query of the chat's word index + one BatchGet (search-entity.ts)",
      params: chatIdParams,
      query: searchQuery,
      answer: answer<Page<MessageView>>(),
    },
    searchAll: {
      method: 'GET',
      path: '/messages/search',
      access: 'user',
      summary:
        'Search the messages of all my chats by word prefix: one Query of the word index + one BatchGet of the hits and my memberships',
      query: searchQuery,
      answer: answer<Page<MessageHit>>(),
    },
  },
  ws: {
    typing: {
      route: 'typing',
      access: 'user',
      summary: 'I am typing in this chat: pushes `typing` to the other members',
      body: typingAction,
    },
  },
  streams: {
    messageEvents: {
      summary: 'New/edited messages → members’ unread counters, chat-list order and previews, digest keys',
      entities: ['message'],
      events: ['INSERT', 'MODIFY'],
      batchSize: 50,
    },
    chatEvents: {
      summary: 'Chat renamed / member count changed → the summary copied on every member row',
      entities: ['chat'],
      events: ['MODIFY'],
    },
    searchIndex: {
      summary: 'New/edited/deleted messages → the word index used by search (search-indexer.ts)',
      entities: ['message'],
      events: ['INSERT', 'MODIFY'],
      batchSize: 50,
    },
    profileEvents: {
      summary:
        'Profiles: General chat membership follows activation/deactivation and role; names on member rows follow renames',
      entities: ['profile'],
      events: ['INSERT', 'MODIFY'],
    },
    thumbnails: {
      summary:
        'New messages with images → a webp thumbnail (sharp, ≤ 480 px) beside the original, the image size on the attachment, `message.updated` to the members (thumbnails.ts)',
      entities: ['message'],
      events: ['INSERT'],
      batchSize: 10,
    },
    workgroupEvents: {
      summary:
        "Workgroups: each group's chat (wg-{groupId}) follows the group — created with it, members join/leave with the group's membership rows (extranet members too), renamed with it, emptied when the group is deleted (workgroup-chat.ts)",
      entities: ['groupMember', 'group'],
      events: ['INSERT', 'MODIFY', 'REMOVE'],
      batchSize: 50,
    },
  },
  // thumbnails: sharp's libvips binary must be the Lambda's (linux arm64), installed beside the bundle
  nativeModules: ['sharp'],
  schedules: {
    digest: {
      summary:
        'Offline e-mail digest: chats unread for MESSENGER_DIGEST_MINUTES by people with no live connection → one e-mail per person in their language (digest-service.ts)',
      everyMinutes: 1,
    },
  },
});
