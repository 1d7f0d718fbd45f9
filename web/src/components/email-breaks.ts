/**
 * Where an e-mail address may wrap: after the "@" and before each ".", so "ana.popescu@example.com" wraps as
 * "ana.popescu@ / example.com" (or "example / .com"), never inside a word as "example.co / m".
 */
export function emailSegments(email: string): string[] {
  return email.split(/(?<=@)|(?=\.)/).filter((s) => s !== '');
}
