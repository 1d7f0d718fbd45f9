/**
 * Messenger events that ring the bell, read from the table's stream (never from the sender's request):
 *  - a new message whose `mentions` name people → `chat.mention` for each mentioned person who is a member
 *    of the chat, except the author;
 *  - a system message `added` / `created` naming people → `chat.added` for each of them except the actor.
 * Per stream batch: ONE BatchGetItem (chunks of 100 keys) for the chats (title, kind), the recipients'
 * memberships (a mention of a non-member notifies nobody: it must not reveal the chat) and the actors'
 * profiles (the name shown). Notification ids derive from (message, recipient): a replayed record is a no-op.
 *
 * Order and duplicates: relies on no order (each record is one message INSERT, handled on its own). A
 * notification's id comes from the message's time and `{kind}:{chat}:{message}:{recipient}` and is written
 * only if absent (shared/notifications/notify.ts), so a record delivered twice, or records swapped, leave
 * exactly one notification per (message, recipient) and ring the bell once.
 *
 * Item shapes are messenger's entities `message` (chatId, messageId, authorId, text, mentions, system,
 * createdAt, deletedAt) and `chatMember` / `chat` (functions/messenger/*-entity.ts), read as plain images
 * here: this feature does not import messenger's insides.
 */
import { batchGet, findByKey } from '../../shared/data';
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

const chatKey = (chatId: string): Key => ({ PK: `CHAT#${chatId}`, SK: 'CHAT' });
const memberKey = (chatId: string, userId: string): Key => ({ PK: `CHAT#${chatId}`, SK: `MEMBER#${userId}` });
const profileKey = (userId: string): Key => ({ PK: `USER#${userId}`, SK: 'PROFILE' });

export async function messengerEvents(changes: StreamChange[]): Promise<void> {
  const plan = planNotifications(changes);
  if (!plan.length) return;
  const rows = await batchGet([
    ...plan.map((p) => chatKey(p.chatId)),
    ...plan.filter((p) => p.needsMembership).map((p) => memberKey(p.chatId, p.userId)),
    ...plan.map((p) => profileKey(p.actorId)),
  ]);
  const get = (k: Key) => findByKey(rows, k);
  const inputs: [string, NotifyInput][] = [];
  for (const p of plan) {
    const chat = get(chatKey(p.chatId));
    if (!chat) continue;
    if (p.needsMembership && !get(memberKey(p.chatId, p.userId))) continue;
    const actor = get(profileKey(p.actorId));
    const actorName = actor ? `${String(actor.firstName ?? '')} ${String(actor.lastName ?? '')}`.trim() : '';
    const kind = String(chat.kind ?? 'group');
    // `chatKind` says whether the chat is direct: the words (shared/notifications/texts.ts) then read "mentioned
    // you in a direct message" rather than naming the chat. A direct chat's title, for its other member, is the writer.
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
