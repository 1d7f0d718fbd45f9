/** The `searchIndex` stream consumer: keeps one index item per (word, message) in step with the message text. */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { StreamChange } from '../../shared/runtime/feature-handler';
import { bucketOf, termItem, termSk } from './search-entity';
import { tokens } from './search-tokens';
import { db, tableName } from '../../shared/data';

interface MessageImage {
  chatId?: string;
  messageId?: string;
  text?: string;
  deletedAt?: string;
  system?: unknown;
}

/** Words a message image makes searchable (none for deleted or system messages). */
export const wordsOf = (m: MessageImage | undefined): string[] => (!m || m.deletedAt || m.system ? [] : tokens(m.text));

type WriteRequest =
  { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: { PK: string; SK: string } } };

/** Index writes for a batch of message changes (pure: unit-tested). */
export function indexWrites(changes: StreamChange[]): WriteRequest[] {
  const writes = new Map<string, WriteRequest>();
  for (const c of changes) {
    const now = c.newImage as MessageImage | undefined;
    const old = c.oldImage as MessageImage | undefined;
    const chatId = now?.chatId ?? old?.chatId;
    const messageId = now?.messageId ?? old?.messageId;
    if (!chatId || !messageId) continue;
    const after = new Set(c.eventName === 'REMOVE' ? [] : wordsOf(now));
    const before = new Set(c.eventName === 'INSERT' ? [] : wordsOf(old));
    for (const w of before)
      if (!after.has(w))
        writes.set(`${w}#${messageId}`, { DeleteRequest: { Key: { PK: bucketOf(w), SK: termSk(w, messageId) } } });
    for (const w of after)
      if (!before.has(w)) writes.set(`${w}#${messageId}`, { PutRequest: { Item: termItem(chatId, messageId, w) } });
  }
  return [...writes.values()];
}

export async function onSearchChanges(changes: StreamChange[]): Promise<void> {
  const writes = indexWrites(changes);
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
