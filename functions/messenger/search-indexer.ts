/**
 * The `searchIndex` stream consumer: keeps one index item per (word, message) in step with the message text.
 *
 * Order and duplicates: relies on no order between records. A record only says WHICH words a change
 * touched (those of its old and new images); whether each of them belongs in the index is decided by the
 * message as stored now (one BatchGet per batch): touched words of the current text are put, the others
 * deleted. So a repeated record, or an insert delivered after the edit that changed its text, ends on the
 * index of the current text. (Until this change the images decided: an insert replayed after an edit put
 * back the words the edit had removed — found by test/integration/stream-replay.test.ts.) Two edits of one
 * message processed concurrently can still race (a read before the other's write); search checks hits
 * against the loaded message, so a stale item is never shown.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { StreamChange } from '../../shared/runtime/feature-handler';
import { CHAT_PK } from './chat-entity';
import { MSG_SK } from './message-entity';
import { termItem, termKey } from './search-entity';
import { tokens } from './search-tokens';
import { batchGet, db, tableName } from '../../shared/data';

interface MessageImage {
  chatId?: string;
  messageId?: string;
  text?: string;
  deletedAt?: string;
  system?: unknown;
}

/** Words a message image makes searchable (none for deleted or system messages). */
export const wordsOf = (m: MessageImage | undefined): string[] => (!m || m.deletedAt || m.system ? [] : tokens(m.text));

/** The message as stored now, by chat and message id (undefined: gone). */
export type CurrentMessage = (chatId: string, messageId: string) => MessageImage | undefined;

const sameWords = (a: string[], b: string[]) => {
  const set = new Set(a);
  return new Set(b).size === set.size && b.every((w) => set.has(w));
};

/** Changes whose images differ in their words (a reaction or a pin changes nothing searchable). */
const touchesWords = (c: StreamChange) =>
  c.eventName !== 'MODIFY' ||
  !sameWords(wordsOf(c.oldImage as MessageImage | undefined), wordsOf(c.newImage as MessageImage | undefined));

type WriteRequest =
  { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: { PK: string; SK: string } } };

/**
 * Index writes for a batch of message changes (pure: unit-tested): of the words a change touched, those of
 * the current message are put (only the ones the change added: the others were there before it) and the
 * rest deleted. Without `current`, each change's new image is taken as the current message.
 */
export function indexWrites(changes: StreamChange[], current?: CurrentMessage): WriteRequest[] {
  const writes = new Map<string, WriteRequest>();
  for (const c of changes.filter(touchesWords)) {
    const now = c.newImage as MessageImage | undefined;
    const old = c.oldImage as MessageImage | undefined;
    const chatId = now?.chatId ?? old?.chatId;
    const messageId = now?.messageId ?? old?.messageId;
    if (!chatId || !messageId) continue;
    const target = new Set(wordsOf(current ? current(chatId, messageId) : c.eventName === 'REMOVE' ? undefined : now));
    const before = new Set(c.eventName === 'INSERT' ? [] : wordsOf(old));
    const after = new Set(c.eventName === 'REMOVE' ? [] : wordsOf(now));
    for (const w of new Set([...before, ...after])) {
      if (!target.has(w)) writes.set(`${w}#${messageId}`, { DeleteRequest: { Key: termKey(w, messageId) } });
      else if (after.has(w) && !before.has(w))
        writes.set(`${w}#${messageId}`, { PutRequest: { Item: termItem(chatId, messageId, w) } });
    }
  }
  return [...writes.values()];
}

/** The messages of these changes as stored now (one BatchGet). */
async function currentMessages(changes: StreamChange[]): Promise<CurrentMessage> {
  const keys = new Map<string, { PK: string; SK: string }>();
  for (const c of changes.filter(touchesWords)) {
    const img = (c.newImage ?? c.oldImage) as MessageImage | undefined;
    if (img?.chatId && img.messageId)
      keys.set(`${img.chatId}#${img.messageId}`, { PK: CHAT_PK(img.chatId), SK: MSG_SK(img.messageId) });
  }
  const rows = keys.size ? await batchGet([...keys.values()]) : [];
  const stored = new Map(rows.map((r) => [`${String(r.chatId)}#${String(r.messageId)}`, r as MessageImage]));
  return (chatId, messageId) => stored.get(`${chatId}#${messageId}`);
}

/*
 * Items and keys are the entity's (termItem, termKey). The write stays BatchWriteItem (25 per call, unprocessed
 * items retried with backoff): shared/data has no batch write, and ElectroDB's batch put/delete hands unprocessed
 * items back instead of retrying them, and cannot mix puts and deletes in one call.
 */
export async function onSearchChanges(changes: StreamChange[]): Promise<void> {
  const writes = indexWrites(changes, await currentMessages(changes));
  const chunks: WriteRequest[][] = [];
  for (let i = 0; i < writes.length; i += 25) chunks.push(writes.slice(i, i + 25));
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending: WriteRequest[] | undefined = chunk;
      for (let attempt = 0; pending?.length; attempt++) {
        if (attempt > 6) throw new Error('BatchWriteItem left writes unprocessed');
        if (attempt) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
        const r = await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
        pending = r.UnprocessedItems?.[tableName()] as WriteRequest[] | undefined;
      }
    }),
  );
}
