/**
 * The message search index: one item per (distinct word, message), written by the `searchIndex` stream
 * consumer (search-indexer.ts) on message INSERT/MODIFY — never by the send request.
 *
 * | access pattern                              | how                                                                  |
 * |---------------------------------------------|----------------------------------------------------------------------|
 * | search across my chats (word prefix)        | ONE Query PK=SRCH#{first 2 letters}, begins_with(SK, {word}) desc, then ONE BatchGetItem of the hit messages + MY member rows of their chats (membership filter) |
 * | search in one chat (word prefix)            | GetItem my member row (404 if not a member), ONE Query GSI1 GSI1PK=SRCHCHAT#{chatId}, begins_with(GSI1SK, {word}) desc, ONE BatchGetItem of the messages |
 * | index a new / edited / deleted message      | BatchWriteItem puts of new words, deletes of words gone (25 per call) |
 *
 * Keys: PK=`SRCH#{word[0..2]}` SK=`{word}#{messageId}`; GSI1PK=`SRCHCHAT#{chatId}` GSI1SK=`{word}#{messageId}`.
 *
 * Trade-offs (why not the alternatives):
 *  - A filter on the chat's messages (`contains(searchText, :q)`) reads the whole history of the chat for a
 *    rare word — pages of nothing — and cannot span chats. The index reads only matching words.
 *  - Across chats, filtering by "my chats" in the Query (IN over chat ids) breaks past 100 chats and needs
 *    my chat list first; instead the hits' chats are checked against MY member rows in the same BatchGetItem
 *    that loads the messages. A page can therefore hold fewer hits than it read (words in chats I am not
 *    in) — even none, with a cursor to continue; the SPA keeps loading while a cursor comes back.
 *  - Prefix search ("proie" finds "proiectul") is a begins_with on the sort key; the partition is the first
 *    two letters, which spreads a company's words over ~1,000 partitions. Within a page hits are ordered
 *    by word, then newest first (an exact word: newest first).
 *  - Several query words: the longest is looked up, the others must prefix-match a word of the message
 *    (checked on the loaded message, so an edited/deleted message never shows stale hits even before the
 *    indexer caught up). A message with two words matching a prefix can appear on two pages; clients
 *    dedupe by messageId.
 *  - Cost: one small item per distinct word (≤ 200 per message), written off the request path; about
 *    2 WCU per word with the GSI.
 */
import { Entity, type EntityItem } from 'electrodb';
import type { Raw } from '../../shared/data/document';
import { SERVICE, entityConfig } from '../../shared/data/electro';

export const SEARCH_ENTITY = 'chatSearchTerm';
export const bucketOf = (word: string) => `SRCH#${word.slice(0, 2)}`;
export const chatIndexPk = (chatId: string) => `SRCHCHAT#${chatId}`;
export const termSk = (word: string, messageId: string) => `${word}#${messageId}`;

/** A key attribute given whole (not stored apart): "attributes as indexes", template `${X}`, no casing. */
const ownKey = { type: 'string', required: true, readOnly: true, hidden: true } as const;

/** The word is not stored: its key strings (bucketOf, termSk) are given whole, so they stay exactly these. */
export const SearchTerms = new Entity(
  {
    model: { entity: SEARCH_ENTITY, version: '1', service: SERVICE },
    attributes: {
      PK: ownKey,
      SK: ownKey,
      GSI1SK: ownKey,
      chatId: { type: 'string', required: true, readOnly: true },
      messageId: { type: 'string', required: true, readOnly: true },
    },
    indexes: {
      byWord: {
        pk: { field: 'PK', composite: ['PK'], template: '${PK}', casing: 'none' },
        sk: { field: 'SK', composite: ['SK'], template: '${SK}', casing: 'none' },
      },
      byChat: {
        index: 'GSI1',
        pk: { field: 'GSI1PK', composite: ['chatId'], template: 'SRCHCHAT#${chatId}', casing: 'none' },
        sk: { field: 'GSI1SK', composite: ['GSI1SK'], template: '${GSI1SK}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type SearchTermItem = EntityItem<typeof SearchTerms>;

/** The stored index item of one word of a message (built by the entity). */
export function termItem(chatId: string, messageId: string, word: string): Raw {
  const key = termSk(word, messageId);
  return SearchTerms.put({ PK: bucketOf(word), SK: key, GSI1SK: key, chatId, messageId }).params<{ Item: Raw }>().Item;
}

/** The key of that item (to delete it). */
export const termKey = (word: string, messageId: string): { PK: string; SK: string } =>
  SearchTerms.delete({ PK: bucketOf(word), SK: termSk(word, messageId) }).params<{ Key: { PK: string; SK: string } }>()
    .Key;
