/**
 * Messenger events that ring the bell, read from the table's stream (never from the sender's request):
 *  - a new message whose `mentions` name people → `chat.mention` for each mentioned person who is a member
 *    of the chat, except the author;
 *  - a system message `added` / `created` naming people → `chat.added` for each of them except the actor.
 * Per stream batch: ONE BatchGetItem (chunks of 100 keys) for the chats (title, kind), the recipients'
 * memberships (a mention of a non-member notifies nobody: it must not reveal the chat) and the actors'
 * profiles (the name shown). Notification ids derive from (message, recipient): a replayed record is a no-op.
 *
 * Item shapes are messenger's entities `message` (chatId, messageId, authorId, text, mentions, system,
 * createdAt, deletedAt) and `chatMember` / `chat` (functions/messenger/*-entity.ts), read as plain images
 * here: this feature does not import messenger's insides.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../shared/data/clients';
import { tableName } from '../../shared/data/table';
import type { StreamChange } from '../../shared/runtime/feature-handler';
import { notify, type NotifyInput } from '../../shared/notifications/notify';

interface MessageImage {
  chatId: string;
  messageId: string;
  authorId: string;
  text?: string;
  mentions?: string[];
  system?: { event: string; actorId: string; userIds?: string[] };
  createdAt: string;
  deletedAt?: string;
}

export interface PlannedNotification {
  userId: string;
  chatId: string;
  actorId: string;
  kind: 'chat.mention' | 'chat.added';
  messageId: string;
  preview: string;
  at: string;
  /** Mentions need the recipient to be a member; an addition made them one. */
  needsMembership: boolean;
}

const PREVIEW_CHARS = 140;
const preview = (text: string | undefined) => {
  const t = (text ?? '').replace(/\s+/g, ' ').trim();
  return t.length > PREVIEW_CHARS ? `${t.slice(0, PREVIEW_CHARS - 1)}…` : t;
};

/** What the batch asks for, before any read (pure: unit-tested). */
export function planNotifications(changes: StreamChange[]): PlannedNotification[] {
  const out: PlannedNotification[] = [];
  for (const c of changes) {
    if (c.eventName !== 'INSERT' || !c.newImage) continue;
    const m = c.newImage as unknown as MessageImage;
    if (typeof m.chatId !== 'string' || typeof m.messageId !== 'string' || m.deletedAt) continue;
    if (m.system) {
      if (m.system.event !== 'added' && m.system.event !== 'created') continue;
      for (const u of new Set(m.system.userIds ?? [])) {
        if (u === m.system.actorId) continue;
        out.push({
          userId: u,
          chatId: m.chatId,
          actorId: m.system.actorId,
          kind: 'chat.added',
          messageId: m.messageId,
          preview: '',
          at: m.createdAt,
          needsMembership: false,
        });
      }
      continue;
    }
    for (const u of new Set(m.mentions ?? [])) {
      if (u === m.authorId) continue;
      out.push({
        userId: u,
        chatId: m.chatId,
        actorId: m.authorId,
        kind: 'chat.mention',
        messageId: m.messageId,
        preview: preview(m.text),
        at: m.createdAt,
        needsMembership: true,
      });
    }
  }
  return out;
}

type Key = { PK: string; SK: string };
const keyId = (k: Key) => `${k.PK}|${k.SK}`;

/** BatchGetItem of any number of keys: chunks of 100, unprocessed keys retried. */
async function batchGet(keys: Key[]): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  const unique = [...new Map(keys.map((k) => [keyId(k), k])).values()];
  for (let i = 0; i < unique.length; i += 100) {
    let pending: Record<string, unknown>[] | undefined = unique.slice(i, i + 100);
    for (let attempt = 0; pending?.length; attempt++) {
      if (attempt > 5) throw new Error('BatchGetItem left keys unprocessed');
      if (attempt) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
      const res = await dynamo().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: pending } } }));
      for (const item of res.Responses?.[tableName()] ?? []) found.set(keyId(item as Key), item);
      pending = res.UnprocessedKeys?.[tableName()]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return found;
}

const chatKey = (chatId: string): Key => ({ PK: `CHAT#${chatId}`, SK: 'CHAT' });
const memberKey = (chatId: string, userId: string): Key => ({ PK: `CHAT#${chatId}`, SK: `MEMBER#${userId}` });
const profileKey = (userId: string): Key => ({ PK: `USER#${userId}`, SK: 'PROFILE' });

export async function messengerEvents(changes: StreamChange[]): Promise<void> {
  const plan = planNotifications(changes);
  if (!plan.length) return;
  const items = await batchGet([
    ...plan.map((p) => chatKey(p.chatId)),
    ...plan.filter((p) => p.needsMembership).map((p) => memberKey(p.chatId, p.userId)),
    ...plan.map((p) => profileKey(p.actorId)),
  ]);
  const inputs: [string, NotifyInput][] = [];
  for (const p of plan) {
    const chat = items.get(keyId(chatKey(p.chatId)));
    if (!chat) continue;
    if (p.needsMembership && !items.get(keyId(memberKey(p.chatId, p.userId)))) continue;
    const actor = items.get(keyId(profileKey(p.actorId)));
    const actorName = actor ? `${String(actor.firstName ?? '')} ${String(actor.lastName ?? '')}`.trim() : '';
    const kind = String(chat.kind ?? 'group');
    // A direct chat is named, for its other member, after the person who wrote.
    const chatTitle = kind === 'direct' ? actorName : String(chat.title ?? '');
    const link = p.kind === 'chat.mention' ? `/messenger/${p.chatId}?message=${p.messageId}` : `/messenger/${p.chatId}`;
    inputs.push([
      p.userId,
      {
        kind: p.kind,
        actorId: p.actorId,
        params: { actorName, chatTitle, chatKind: kind, ...(p.kind === 'chat.mention' ? { preview: p.preview } : {}) },
        link,
        at: new Date(p.at),
        dedupeKey: `${p.kind}:${p.chatId}:${p.messageId}:${p.userId}`,
      },
    ]);
  }
  await Promise.all(inputs.map(([userId, input]) => notify(userId, input)));
}
