/**
 * Messages, send idempotency and attachment uploads — all in the chat's partition (see chat-entity.ts).
 *
 * | access pattern                                  | how                                                              |
 * |-------------------------------------------------|------------------------------------------------------------------|
 * | history, newest first (before=)                 | Query PK=CHAT#{id}, SK BETWEEN 'MSG#' AND 'MSG#{before}' (exclusive) desc |
 * | catch-up, oldest first (after=)                 | Query PK=CHAT#{id}, SK > 'MSG#{after}' AND < 'MSG#\uffff' asc    |
 * | one message (edit, delete, react, reply, pin)   | GetItem / UpdateItem PK=CHAT#{id}, SK=MSG#{messageId}            |
 * | send idempotently                               | TransactWrite: Put MSG# + Put SEND#{author}#{clientMessageId}, both if absent |
 * | a repeated send                                 | the SEND# Put fails; its old image (ReturnValuesOnConditionCheckFailure) names the message |
 * | an attachment upload                            | GetItem PK=CHAT#{id}, SK=UPLOAD#{fileId}; pending ones expire (TTL) |
 * | attachments of a send                           | BatchGetItem of the UPLOAD# items (one call), HeadObject per file   |
 *
 * `reactions` is a map reaction → string set, created as {} so `ADD reactions.#r :me` works in one
 * UpdateItem (DynamoDB drops an emptied set by itself). S3 keys are `chats/{chatId}/{fileId}`: never a
 * client's file name.
 */
import { CustomAttributeType, Entity, type EntityItem } from 'electrodb';
import { SERVICE, entityConfig } from '../../shared/data/electro';

/** Entity names (`__edb_e__`). */
export const MESSAGE_ENTITY = 'message';
export const SEND_RECORD_ENTITY = 'chatSendRecord';
export const CHAT_FILE_ENTITY = 'chatFile';

export const MSG_SK = (messageId: string) => `MSG#${messageId}`;
export const MSG_PREFIX = 'MSG#';
export const MSG_END = 'MSG#\uffff';
export const SEND_SK = (authorId: string, clientMessageId: string) => `SEND#${authorId}#${clientMessageId}`;
export const UPLOAD_SK = (fileId: string) => `UPLOAD#${fileId}`;
export const fileKey = (chatId: string, fileId: string) => `chats/${chatId}/${fileId}`;

const attachment = {
  type: 'map',
  properties: {
    fileId: { type: 'string', required: true },
    name: { type: 'string', required: true },
    size: { type: 'number', required: true },
    contentType: { type: 'string', required: true },
    width: { type: 'number' },
    height: { type: 'number' },
    /** Images: a thumbnail exists (set by thumbnails.ts after the send). */
    thumb: { type: 'boolean' },
  },
} as const;

/** reaction → who reacted: a DynamoDB string set (read back as a Set). */
export type Reactions = Record<string, Set<string> | string[]>;

export const SYSTEM_EVENTS = ['created', 'joined', 'left', 'added', 'removed', 'renamed'] as const;

export const Messages = new Entity(
  {
    model: { entity: MESSAGE_ENTITY, version: '1', service: SERVICE },
    attributes: {
      chatId: { type: 'string', required: true, readOnly: true },
      messageId: { type: 'string', required: true, readOnly: true },
      authorId: { type: 'string', required: true, readOnly: true },
      clientMessageId: { type: 'string', required: true, readOnly: true },
      text: { type: 'string', required: true },
      mentions: { type: 'list', items: { type: 'string' }, required: true },
      replyTo: {
        type: 'map',
        properties: { messageId: { type: 'string' }, authorId: { type: 'string' }, preview: { type: 'string' } },
      },
      forwardedFrom: {
        type: 'map',
        properties: { authorId: { type: 'string' }, chatId: { type: 'string' }, messageId: { type: 'string' } },
      },
      attachments: { type: 'list', items: attachment, required: true },
      /** reaction → the people (a string set as DynamoDB returns it; a list in older test fixtures). */
      reactions: { type: CustomAttributeType<Reactions>('any'), required: true },
      system: {
        type: 'map',
        properties: {
          event: { type: SYSTEM_EVENTS, required: true },
          actorId: { type: 'string', required: true },
          userIds: { type: 'list', items: { type: 'string' } },
          title: { type: 'string' },
        },
      },
      createdAt: { type: 'string', required: true, readOnly: true },
      editedAt: { type: 'string' },
      deletedAt: { type: 'string' },
      version: { type: 'number', required: true },
    },
    indexes: {
      byChat: {
        pk: { field: 'PK', composite: ['chatId'], template: 'CHAT#${chatId}', casing: 'none' },
        sk: { field: 'SK', composite: ['messageId'], template: 'MSG#${messageId}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

/** A sent message's client id → its message id: makes a resend return the stored message. */
export const SendRecords = new Entity(
  {
    model: { entity: SEND_RECORD_ENTITY, version: '1', service: SERVICE },
    attributes: {
      chatId: { type: 'string', required: true, readOnly: true },
      authorId: { type: 'string', required: true, readOnly: true },
      clientMessageId: { type: 'string', required: true, readOnly: true },
      messageId: { type: 'string', required: true, readOnly: true },
    },
    indexes: {
      byClientId: {
        pk: { field: 'PK', composite: ['chatId'], template: 'CHAT#${chatId}', casing: 'none' },
        sk: {
          field: 'SK',
          composite: ['authorId', 'clientMessageId'],
          template: 'SEND#${authorId}#${clientMessageId}',
          casing: 'none',
        },
      },
    },
  },
  entityConfig(),
);

export const ChatFiles = new Entity(
  {
    model: { entity: CHAT_FILE_ENTITY, version: '1', service: SERVICE },
    attributes: {
      chatId: { type: 'string', required: true, readOnly: true },
      fileId: { type: 'string', required: true, readOnly: true },
      uploaderId: { type: 'string', required: true, readOnly: true },
      name: { type: 'string', required: true },
      size: { type: 'number', required: true },
      contentType: { type: 'string', required: true },
      /** S3 key; a forwarded file points at the source chat's object. */
      key: { type: 'string', required: true },
      status: { type: ['pending', 'attached'] as const, required: true },
      messageId: { type: 'string' },
      /** The send that attached it: a resend of the same client message id finds its message through it. */
      clientMessageId: { type: 'string' },
      createdAt: { type: 'string', required: true },
      /** TTL while pending (epoch seconds); removed when attached. */
      expiresAt: { type: 'number' },
      /** Images: the webp thumbnail's S3 key and the image's size, once thumbnails.ts made it. */
      thumbKey: { type: 'string' },
      width: { type: 'number' },
      height: { type: 'number' },
    },
    indexes: {
      byId: {
        pk: { field: 'PK', composite: ['chatId'], template: 'CHAT#${chatId}', casing: 'none' },
        sk: { field: 'SK', composite: ['fileId'], template: 'UPLOAD#${fileId}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type MessageItem = EntityItem<typeof Messages>;
export type SendRecordItem = EntityItem<typeof SendRecords>;
export type ChatFileItem = EntityItem<typeof ChatFiles>;
