/**
 * Typing frames are relayed at most once per TYPING_INTERVAL_MS per person and chat: a client that sends a
 * burst (a script, a stuck key handler) reaches the other members once, the excess is dropped silently.
 *
 * | access pattern                          | how                                                               |
 * |-----------------------------------------|-------------------------------------------------------------------|
 * | may this typing frame be relayed?       | UpdateItem PK=TYPING#{chatId}#{userId}, SK=TYPING, SET lastAt,    |
 * |                                         | if attribute_not_exists(lastAt) OR lastAt < now − interval        |
 *
 * One conditional write decides (no read before it, so two Lambdas racing on the same frame burst let exactly
 * one through); the item expires a minute after its last write (TTL), so an idle pair leaves nothing behind.
 * Its own partition, not the chat's: the chat's "chat + members" Query never reads it.
 */
import { Entity } from 'electrodb';
import { SERVICE, entityConfig, epochSeconds } from '../../shared/data/electro';
import { isConditionFailure } from '../../shared/data/versioning';

export const TYPING_INTERVAL_MS = 3_000;
const TTL_SECONDS = 60;

export const TypingMarks = new Entity(
  {
    model: { entity: 'typingMark', version: '1', service: SERVICE },
    attributes: {
      chatId: { type: 'string', required: true, readOnly: true },
      userId: { type: 'string', required: true, readOnly: true },
      /** Epoch milliseconds of the last relayed frame. */
      lastAt: { type: 'number', required: true },
      expiresAt: { type: 'number', required: true },
    },
    indexes: {
      byPair: {
        pk: {
          field: 'PK',
          composite: ['chatId', 'userId'],
          template: 'TYPING#${chatId}#${userId}',
          casing: 'none',
        },
        sk: { field: 'SK', composite: [], template: 'TYPING', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

/** True when this person's typing frame in this chat may be relayed now (and records it); false: drop it. */
export async function mayRelayTyping(chatId: string, userId: string, nowMs: number = Date.now()): Promise<boolean> {
  try {
    await TypingMarks.update({ chatId, userId })
      .set({ lastAt: nowMs, expiresAt: epochSeconds(nowMs) + TTL_SECONDS })
      .where((a, op) => `${op.notExists(a.lastAt)} OR ${op.lte(a.lastAt, nowMs - TYPING_INTERVAL_MS)}`)
      .go({ response: 'none' });
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}
