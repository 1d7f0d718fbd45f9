/**
 * The offline e-mail digest's setting and keys, shared by the message stream consumer (which sets a
 * member's digest key when its unread count goes 0 → 1) and the digest schedule (which reads the due
 * keys, sends one e-mail per person and removes them). See functions/messenger/digest-*.ts.
 *
 * Member item, sparse GSI3 (present only while an unread message waits for the digest):
 *   GSI3PK = 'DIGEST'   GSI3SK = `${dueAt ISO}#${userId}#${chatId}`
 * "Due now" = ONE Query GSI3PK = 'DIGEST' AND GSI3SK < dueBefore(now) (ISO times sort as strings).
 */

export const DIGEST_PK = 'DIGEST';
export const DEFAULT_DIGEST_DELAY_MINUTES = 10;

/**
 * How long an unread message waits before the offline e-mail: `MESSENGER_DIGEST_DELAY_MINUTES`
 * (default 10; fractions allowed so tests can use a few seconds, e.g. 0.05 = 3 s). Set per stack: CDK
 * context `digestDelayMinutes`, the local stack's `env` option (the test stacks use a short one).
 */
export function digestDelayMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.MESSENGER_DIGEST_DELAY_MINUTES;
  const n = raw === undefined || raw === '' ? DEFAULT_DIGEST_DELAY_MINUTES : Number(raw);
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 60_000) : DEFAULT_DIGEST_DELAY_MINUTES * 60_000;
}

/** The GSI3 sort key of a member's digest entry. */
export const digestSortKey = (dueAt: string, userId: string, chatId: string): string => `${dueAt}#${userId}#${chatId}`;

/** The GSI3 keys to SET on a member item when its first unread message arrives at `at`. */
export function digestKeys(userId: string, chatId: string, at: Date = new Date(), env: NodeJS.ProcessEnv = process.env): { GSI3PK: string; GSI3SK: string } {
  const dueAt = new Date(at.getTime() + digestDelayMs(env)).toISOString();
  return { GSI3PK: DIGEST_PK, GSI3SK: digestSortKey(dueAt, userId, chatId) };
}

/** Upper bound (exclusive) for "due at or before `now`" on GSI3SK. */
export const dueBefore = (now: Date = new Date()): string => `${now.toISOString()}#\uffff`;

/** Splits a GSI3SK back into its parts (user ids and chat ids contain no '#'). */
export function parseDigestSortKey(sk: string): { dueAt: string; userId: string; chatId: string } | null {
  const parts = sk.split('#');
  if (parts.length !== 3 || !parts[0] || !parts[1] || !parts[2]) return null;
  return { dueAt: parts[0], userId: parts[1], chatId: parts[2] };
}
