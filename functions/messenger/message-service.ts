/**
 * Messages: history, send, edit, delete, reactions, pins.
 *
 * | route                                  | DynamoDB (request path)                                                 |
 * |----------------------------------------|-------------------------------------------------------------------------|
 * | GET …/messages?before|after            | GetItem my membership + ONE Query of MSG# (limit+2: exact "more" flag)  |
 * | POST …/messages (send)                 | Query chat+members, TransactWrite (message + send record [+ uploads]),   |
 * |                                        | Query of connections. +1 GetItem for a reply, +1 BatchGet for a forward |
 * |                                        | or attachments. A repeat: the send record's old image → GetItem message  |
 * | PATCH / DELETE …/messages/{id}         | Query chat+members, UpdateItem (conditional), Query of connections      |
 * | PUT/DELETE …/reactions/{r}             | Query chat+members, UpdateItem ADD/DELETE on a string set, connections  |
 * | PUT/DELETE …/pins/{id}                 | Query chat+members, GetItem message (pin), UpdateItem chat, connections |
 *
 * Unread counters, chat-list order, previews and digest keys are NOT written here: the message stream
 * consumer (message-stream.ts) does it off the request path.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { z } from 'zod';
import type { UserContext } from '../../shared/auth/claims';
import { batchGet, db, failedConditions, query, tableName, transaction } from '../../shared/data';
import { isExpired } from '../../shared/data/electro';
import { isConditionFailure } from '../../shared/data/versioning';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldProblem,
} from '../../shared/http/errors';
import {
  LIMITS,
  type AttachmentView,
  type ChatDetail,
  type MessageView,
  type Page,
  type Reaction,
  type editMessageBody,
  type historyQuery,
  type sendMessageBody,
} from '../../shared/messenger/contract';
import { liveConnections } from '../../shared/realtime/notify';
import { reply } from '../../shared/runtime/feature-handler';
import { CHAT_PK, CHAT_SK, MEMBER_ENTITY, MEMBER_SK, type ChatItem, type StoredPin } from './chat-entity';
import { chatUpdatedFrames } from './chat-service';
import { headObject } from './attachment-store';
import { newMessageFrame, push, pushEach, updatedMessageFrame } from './fanout';
import {
  CHAT_FILE_ENTITY,
  ChatFiles,
  MESSAGE_ENTITY,
  MSG_END,
  MSG_PREFIX,
  MSG_SK,
  Messages,
  SEND_SK,
  SendRecords,
  UPLOAD_SK,
  type ChatFileItem,
  type MessageItem,
} from './message-entity';
import {
  chatFileOf,
  chatForMember,
  chatOf,
  getMessage,
  getRow,
  isEntity,
  memberIdsFor,
  memberOr404,
  messageOf,
  type ChatWithMembers,
} from './store';
import { chatDetail, messageView, preview } from './views';
import { newId, plain } from './writes';

const messageNotFound = () => new NotFoundError('Message not found');

// ---------------------------------------------------------------- history

export async function history(
  user: UserContext,
  chatId: string,
  q: z.output<typeof historyQuery>,
): Promise<Page<MessageView>> {
  await memberOr404(chatId, user.sub);
  const limit = q.limit ?? LIMITS.pageSize;
  const forward = !!q.after;
  const edge = q.after ?? q.before;
  const r = await query({
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :lo AND :hi',
    ExpressionAttributeValues: {
      ':pk': CHAT_PK(chatId),
      ':lo': q.after ? MSG_SK(q.after) : MSG_PREFIX,
      ':hi': q.before ? MSG_SK(q.before) : MSG_END,
    },
    ScanIndexForward: forward,
    // +1 for the edge message itself (BETWEEN is inclusive), +1 to know whether there is more.
    Limit: limit + 2,
  });
  const items = r.items.map(messageOf).filter((m) => m.messageId !== edge);
  const page = items.slice(0, limit);
  const more = items.length > limit || (!!r.lastKey && items.length >= limit);
  return { items: page.map(messageView), cursor: more && page.length ? page[page.length - 1]!.messageId : null };
}

// ---------------------------------------------------------------- send

type SendBody = z.output<typeof sendMessageBody>;

/** Files attached to a send: the caller's own finished uploads in this chat. */
async function uploadsFor(
  chatId: string,
  user: UserContext,
  body: SendBody,
): Promise<{ views: AttachmentView[]; files: ChatFileItem[]; repeatOf?: string }> {
  const ids = [...new Set((body.attachments ?? []).map((a) => a.fileId))];
  if (!ids.length) return { views: [], files: [] };
  const rows = await batchGet(ids.map((id) => ({ PK: CHAT_PK(chatId), SK: UPLOAD_SK(id) })));
  const byId = new Map(
    rows
      .filter((i) => isEntity(i, CHAT_FILE_ENTITY))
      .map(chatFileOf)
      .map((f) => [f.fileId, f]),
  );
  const problems: FieldProblem[] = [];
  const files: ChatFileItem[] = [];
  for (const [i, id] of ids.entries()) {
    const f = byId.get(id);
    const path = `attachments.${i}.fileId`;
    if (!f || f.uploaderId !== user.sub || (f.status === 'pending' && isExpired(f.expiresAt)))
      problems.push({ path, reason: 'no such upload of yours in this chat' });
    else if (f.status === 'attached') {
      // The same send again (its answer was lost): the stored message answers it.
      if (f.clientMessageId === body.clientMessageId && f.messageId)
        return { views: [], files: [], repeatOf: f.messageId };
      problems.push({ path, reason: 'already sent in another message' });
    } else files.push(f);
  }
  if (problems.length) throw new ValidationError(problems);
  const heads = await Promise.all(files.map((f) => headObject(f.key)));
  heads.forEach((h, i) => {
    const f = files[i]!;
    const path = `attachments.${ids.indexOf(f.fileId)}.fileId`;
    if (!h) problems.push({ path, reason: 'the upload has not finished' });
    else if (h.size !== f.size) problems.push({ path, reason: `uploaded ${h.size} bytes, announced ${f.size}` });
    else if (h.contentType !== f.contentType.toLowerCase())
      problems.push({ path, reason: `uploaded as ${h.contentType}, announced ${f.contentType}` });
  });
  if (problems.length) throw new ValidationError(problems);
  return {
    views: files.map((f) => ({ fileId: f.fileId, name: f.name, size: f.size, contentType: f.contentType })),
    files,
  };
}

/** The message a forward copies: it must be in a chat I am in (same answer as "no such message" otherwise). */
async function forwardSource(user: UserContext, src: { chatId: string; messageId: string }): Promise<MessageItem> {
  const items = await batchGet([
    { PK: CHAT_PK(src.chatId), SK: MEMBER_SK(user.sub) },
    { PK: CHAT_PK(src.chatId), SK: MSG_SK(src.messageId) },
  ]);
  const member = items.find((i) => isEntity(i, MEMBER_ENTITY));
  const msg = items.find((i) => isEntity(i, MESSAGE_ENTITY));
  const m = msg ? messageOf(msg) : undefined;
  if (!member || !m || m.deletedAt || m.system)
    throw new ValidationError([{ path: 'forward.messageId', reason: 'no such message in your chats' }]);
  return m;
}

async function repeat(chatId: string, messageId: string) {
  const m = await getMessage(chatId, messageId);
  if (!m)
    throw new ConflictError('This client message id was used for a message that no longer exists; use a new one.');
  return reply(200, messageView(m));
}

export async function send(user: UserContext, chatId: string, body: SendBody) {
  // The connections Query needs nothing from the chat: started now, it overlaps the membership read and the
  // write instead of following them (a socket opened meanwhile catches up by itself after it connects).
  const connections = liveConnections();
  connections.catch(() => undefined); // awaited below; a refused send must not leave an unhandled rejection
  const memberIds = await memberIdsFor(chatId, user.sub);
  if (body.forward && body.text !== undefined)
    throw new ValidationError([
      { path: 'text', reason: 'a forward copies the message as it is: send a comment as its own message' },
    ]);
  if (body.forward && body.attachments?.length)
    throw new ValidationError([{ path: 'attachments', reason: 'a forward copies the original message’s files' }]);
  const [quoted, source, uploads] = await Promise.all([
    body.replyTo ? getMessage(chatId, body.replyTo) : Promise.resolve(undefined),
    body.forward ? forwardSource(user, body.forward) : Promise.resolve(undefined),
    uploadsFor(chatId, user, body),
  ]);
  if (uploads.repeatOf) return repeat(chatId, uploads.repeatOf);
  if (body.replyTo && !quoted) throw new ValidationError([{ path: 'replyTo', reason: 'no such message in this chat' }]);

  const messageId = newId();
  const now = new Date().toISOString();
  const message: MessageItem = {
    chatId,
    messageId,
    authorId: user.sub,
    clientMessageId: body.clientMessageId,
    text: source ? source.text : (body.text ?? ''),
    // Only members can be mentioned (a mention notifies; outsiders cannot see the chat).
    mentions: [...new Set(source ? [] : (body.mentions ?? []))].filter((id) => memberIds.has(id)),
    ...(quoted
      ? {
          replyTo: {
            messageId: quoted.messageId,
            authorId: quoted.authorId,
            preview: quoted.deletedAt ? '' : preview(quoted.text),
          },
        }
      : {}),
    ...(source && body.forward
      ? {
          forwardedFrom: {
            authorId: source.forwardedFrom?.authorId ?? source.authorId,
            chatId: body.forward.chatId,
            messageId: source.messageId,
          },
        }
      : {}),
    attachments: source ? source.attachments : uploads.views,
    reactions: {},
    createdAt: now,
    version: 1,
  };
  const sendRecord = SendRecords.create({
    chatId,
    authorId: user.sub,
    clientMessageId: body.clientMessageId,
    messageId,
  });
  // Forwarded files: this chat gets its own upload records pointing at the original objects
  // (a file forwarded twice into the same chat: the second record is the same pointer, so an unconditional put).
  const forwardedFiles = (source && body.forward ? source.attachments : []).map((a) =>
    ChatFiles.put({
      chatId,
      fileId: a.fileId,
      uploaderId: user.sub,
      name: a.name,
      size: a.size,
      contentType: a.contentType,
      key: `chats/${body.forward!.chatId}/${a.fileId}`,
      status: 'attached',
      messageId,
      clientMessageId: body.clientMessageId,
      createdAt: now,
    }),
  );
  const attached = uploads.files.map((f) =>
    ChatFiles.patch({ chatId, fileId: f.fileId })
      .set({ status: 'attached', messageId, clientMessageId: body.clientMessageId })
      .remove(['expiresAt'])
      .where((a, op) => `${op.eq(a.status, 'pending')} AND ${op.eq(a.uploaderId, user.sub)}`),
  );
  try {
    // Item 1 is the send record: its old image names the message of a repeated send.
    await transaction()
      .add(Messages.create(message))
      .addReturningOnConflict(sendRecord)
      .add(...attached, ...forwardedFiles)
      .commit();
  } catch (e) {
    const failed = failedConditions(e);
    const repeated = failed.find((f) => f.index === 1);
    if (repeated) {
      const id = plain(repeated.item?.messageId);
      if (typeof id === 'string') return repeat(chatId, id);
      const rec = await getRow({ PK: CHAT_PK(chatId), SK: SEND_SK(user.sub, body.clientMessageId) });
      if (typeof rec?.messageId === 'string') return repeat(chatId, rec.messageId);
    }
    if (failed.length) throw new ConflictError('An attached file was sent meanwhile in another message.');
    throw e;
  }
  const view = messageView(message);
  await push(memberIds, newMessageFrame(view), connections);
  return reply(201, view);
}

// ---------------------------------------------------------------- edit / delete

async function explainFailure(chatId: string, messageId: string, user: UserContext, version?: number): Promise<never> {
  const m = await getMessage(chatId, messageId);
  if (!m) throw messageNotFound();
  if (m.system) throw new ForbiddenError('System messages cannot be changed');
  if (m.authorId !== user.sub) throw new ForbiddenError('You can only change your own messages');
  if (m.deletedAt) throw new ConflictError('This message was deleted.', { current: messageView(m) });
  if (version !== undefined && m.version !== version)
    throw new ConflictError('This message was changed meanwhile. Reload, then edit again.', {
      current: messageView(m),
    });
  throw new ConflictError('This message was changed meanwhile.', { current: messageView(m) });
}

export async function editMessage(
  user: UserContext,
  chatId: string,
  messageId: string,
  body: z.output<typeof editMessageBody>,
): Promise<MessageView> {
  const c = await chatForMember(chatId, user.sub);
  const now = new Date().toISOString();
  let updated: MessageItem;
  try {
    const r = await Messages.patch({ chatId, messageId })
      .set({
        text: body.text,
        mentions: [...new Set(body.mentions ?? [])].filter((id) => c.byId.has(id)),
        editedAt: now,
        version: body.version + 1,
      })
      .where(
        ({ authorId, version, deletedAt, system }, { eq, notExists }) =>
          `${eq(authorId, user.sub)} AND ${eq(version, body.version)} AND ${notExists(deletedAt)} AND ${notExists(system)}`,
      )
      .go({ response: 'all_new' });
    updated = r.data;
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    return explainFailure(chatId, messageId, user, body.version);
  }
  const view = messageView(updated);
  await push(
    c.members.map((m) => m.userId),
    updatedMessageFrame(view),
  );
  return view;
}

export async function deleteMessage(user: UserContext, chatId: string, messageId: string): Promise<MessageView> {
  const c = await chatForMember(chatId, user.sub);
  const privileged = user.isAdmin || (c.chat.kind === 'group' && c.chat.ownerId === user.sub);
  const now = new Date().toISOString();
  let updated: MessageItem;
  try {
    const r = await Messages.patch({ chatId, messageId })
      .set({ deletedAt: now, text: '', mentions: [], attachments: [], reactions: {} })
      .add({ version: 1 })
      .where(({ deletedAt, system, authorId }, { eq, notExists }) =>
        [notExists(deletedAt), notExists(system), ...(privileged ? [] : [eq(authorId, user.sub)])].join(' AND '),
      )
      .go({ response: 'all_new' });
    updated = r.data;
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    const m = await getMessage(chatId, messageId);
    if (m?.deletedAt) return messageView(m); // deleting twice is harmless
    if (m && !m.system && !privileged && m.authorId !== user.sub)
      throw new ForbiddenError('You can only delete your own messages');
    return explainFailure(chatId, messageId, user);
  }
  const view = messageView(updated);
  const everyone = c.members.map((m) => m.userId);
  await push(everyone, updatedMessageFrame(view));
  if (c.chat.pins[messageId]) await unpinQuietly(c, messageId);
  return view;
}

// ---------------------------------------------------------------- reactions

export async function react(
  user: UserContext,
  chatId: string,
  messageId: string,
  reaction: Reaction,
  add: boolean,
): Promise<MessageView> {
  const c = await chatForMember(chatId, user.sub);
  let updated: MessageItem;
  try {
    // Raw: the reaction is a dynamic key inside `reactions` (an `any` map of string sets), which ElectroDB's
    // typed update paths cannot name; ADD/DELETE of a set element keeps one person's reaction a no-op twice.
    const r = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { PK: CHAT_PK(chatId), SK: MSG_SK(messageId) },
        UpdateExpression: `${add ? 'ADD' : 'DELETE'} reactions.#r :me`,
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(deletedAt)',
        ExpressionAttributeNames: { '#r': reaction },
        ExpressionAttributeValues: { ':me': new Set([user.sub]) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    updated = messageOf(r.Attributes ?? {});
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    const m = await getMessage(chatId, messageId);
    if (!m) throw messageNotFound();
    throw new ConflictError('This message was deleted.', { current: messageView(m) });
  }
  const view = messageView(updated);
  await push(
    c.members.map((m) => m.userId),
    updatedMessageFrame(view),
  );
  return view;
}

// ---------------------------------------------------------------- pins

/**
 * Raw: a pin is a dynamic key (the message id) inside the chat's `pins` map (`any`), which ElectroDB's typed update
 * paths cannot name, and `pins` is required, so ElectroDB refuses a REMOVE under it.
 */
async function pinsUpdate(
  c: ChatWithMembers,
  expr: string,
  values: Record<string, unknown>,
  names: Record<string, string>,
  condition = 'attribute_exists(PK)',
) {
  const r = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: { PK: CHAT_PK(c.chat.chatId), SK: CHAT_SK },
      UpdateExpression: expr,
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
      ReturnValues: 'ALL_NEW',
    }),
  );
  const chat: ChatItem = chatOf(r.Attributes ?? {});
  await pushEach(chatUpdatedFrames(chat, c.members));
  return chat;
}

async function unpinQuietly(c: ChatWithMembers, messageId: string) {
  await pinsUpdate(c, 'REMOVE pins.#m', {}, { '#m': messageId }).catch((e: unknown) => {
    if (!isConditionFailure(e)) throw e;
  });
}

export async function pin(user: UserContext, chatId: string, messageId: string): Promise<ChatDetail> {
  const c = await chatForMember(chatId, user.sub);
  const pins = c.chat.pins ?? {};
  if (pins[messageId]) return chatDetail(c.chat, c.members, user);
  if (Object.keys(pins).length >= LIMITS.pinsPerChat)
    throw new ConflictError(`A chat has at most ${LIMITS.pinsPerChat} pinned messages: unpin one first.`);
  const m = await getMessage(chatId, messageId);
  if (!m) throw messageNotFound();
  if (m.deletedAt) throw new ConflictError('A deleted message cannot be pinned.');
  const p: StoredPin = {
    messageId,
    preview: m.system ? '' : preview(m.text),
    authorId: m.authorId,
    pinnedBy: user.sub,
    pinnedAt: new Date().toISOString(),
  };
  try {
    const chat = await pinsUpdate(
      c,
      'SET pins.#m = :p',
      { ':p': p },
      { '#m': messageId },
      'attribute_exists(PK) AND attribute_not_exists(pins.#m)',
    );
    return chatDetail(chat, c.members, user);
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    const again = await chatForMember(chatId, user.sub);
    return chatDetail(again.chat, again.members, user);
  }
}

export async function unpin(user: UserContext, chatId: string, messageId: string): Promise<ChatDetail> {
  const c = await chatForMember(chatId, user.sub);
  if (!c.chat.pins?.[messageId]) {
    if (!(await getMessage(chatId, messageId))) throw messageNotFound();
    return chatDetail(c.chat, c.members, user);
  }
  const chat = await pinsUpdate(c, 'REMOVE pins.#m', {}, { '#m': messageId });
  return chatDetail(chat, c.members, user);
}
