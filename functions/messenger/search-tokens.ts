/**
 * Words for message search: lower case, no diacritics ("Ședință" → "sedinta"), split on anything that
 * is not a letter or a digit, at least 2 characters, at most 40 (longer ones cut), each once, at most
 * MAX_TOKENS per message. The same function tokenises messages (index) and queries (lookup).
 */
export const MIN_TOKEN = 2;
export const MAX_TOKEN = 40;
export const MAX_TOKENS = 200;

export const normalise = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

export function tokens(text: string | undefined | null, max = MAX_TOKENS): string[] {
  const out = new Set<string>();
  for (const w of normalise(text ?? '').split(/[^\p{L}\p{N}]+/u)) {
    if (w.length < MIN_TOKEN) continue;
    out.add(w.slice(0, MAX_TOKEN));
    if (out.size >= max) break;
  }
  return [...out];
}

/** The query word looked up in the index: the longest (most selective); the others filter. */
export function keyToken(queryTokens: string[]): string | undefined {
  return [...queryTokens].sort((a, b) => b.length - a.length || (a < b ? -1 : 1))[0];
}

/** Every query word is a prefix of some word of the text (AND of prefixes). */
export function matches(text: string, queryTokens: string[]): boolean {
  const words = tokens(text, Number.MAX_SAFE_INTEGER);
  return queryTokens.every((q) => words.some((w) => w.startsWith(q)));
}
