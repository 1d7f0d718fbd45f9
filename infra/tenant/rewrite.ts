/**
 * Identifiers that change on import. Cognito gives every user a new `sub` in the new pool (no API sets
 * it), and the portal keys people by their sub: `USER#<sub>` keys, `user:<sub>` drives, owner and member
 * ids, and the drive's object keys `drive/user-<sub>/...`. So the import keeps a map old sub → new sub and
 * rewrites every occurrence in every string (keys, attributes, nested maps and lists, sets, object keys).
 * Subs are UUIDs: a string that contains one contains exactly that person.
 *
 * One id is derived from subs rather than containing them: a direct chat's id is a hash of its two
 * members (`directChatId` in shared/messenger/direct-chat-id.ts, the messenger's own rule). Its new id is computed from the new
 * subs and rewritten the same way, so opening the conversation again finds the same chat.
 */
import { directChatId as directChatIdOf } from '../../shared/messenger/direct-chat-id';
export { directChatIdOf };
import type { JsonAttributeValue, JsonItem } from './item-json';

const DIRECT_CHAT_PK = /^CHAT#(dm-[0-9a-z]{26})$/;
const MEMBER_SK = /^MEMBER#(.+)$/;

/**
 * Collects, item by item, the members of direct chats (`CHAT#dm-… / MEMBER#<sub>`), then adds to a sub map
 * the old → new id of every direct chat whose members were both mapped.
 */
export class DirectChatIds {
  private readonly members = new Map<string, Set<string>>();

  see(item: JsonItem): void {
    const pk = item.PK && 'S' in item.PK ? DIRECT_CHAT_PK.exec(item.PK.S) : null;
    const sk = item.SK && 'S' in item.SK ? MEMBER_SK.exec(item.SK.S) : null;
    if (!pk || !sk) return;
    const set = this.members.get(pk[1]!) ?? new Set<string>();
    set.add(sk[1]!);
    this.members.set(pk[1]!, set);
  }

  /** The rewrites of direct chat ids under `subs` (old sub → new sub). */
  rewrites(subs: ReadonlyMap<string, string>): Map<string, string> {
    const out = new Map<string, string>();
    for (const [chatId, set] of this.members) {
      const [a, b] = [...set];
      if (set.size !== 2 || !a || !b || directChatIdOf(a, b) !== chatId) continue;
      const na = subs.get(a);
      const nb = subs.get(b);
      if (!na || !nb) continue;
      const next = directChatIdOf(na, nb);
      if (next !== chatId) out.set(chatId, next);
    }
    return out;
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces every occurrence of a map key in a string by its value (identity when the map is empty). */
export function stringRewriter(map: ReadonlyMap<string, string>): (s: string) => string {
  const keys = [...map.keys()].filter((k) => k !== map.get(k));
  if (keys.length === 0) return (s) => s;
  // Longest first, so an id that contains another is replaced whole.
  const pattern = new RegExp(
    keys
      .sort((a, b) => b.length - a.length)
      .map(escape)
      .join('|'),
    'g',
  );
  return (s) => s.replace(pattern, (m) => map.get(m) ?? m);
}

function rewriteValue(v: JsonAttributeValue, f: (s: string) => string): JsonAttributeValue {
  if ('S' in v) return { S: f(v.S) };
  if ('SS' in v) return { SS: v.SS.map(f) };
  // Nested maps may be keyed by person (e.g. userId → read time): their keys are rewritten too.
  if ('M' in v) return { M: Object.fromEntries(Object.entries(v.M).map(([k, x]) => [f(k), rewriteValue(x, f)])) };
  if ('L' in v) return { L: v.L.map((x) => rewriteValue(x, f)) };
  return v;
}

/** The item with every string value (and nested map key) rewritten; top-level attribute names are kept. */
export function rewriteItem(item: JsonItem, f: (s: string) => string): JsonItem {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, rewriteValue(v, f)]));
}
