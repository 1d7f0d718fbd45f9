/**
 * The offline e-mail digest (schedule `digest`, every minute). Access pattern:
 *
 * | step                                   | how                                                                   |
 * |----------------------------------------|-----------------------------------------------------------------------|
 * | member rows whose digest is due         | ONE Query GSI3 GSI3PK='DIGEST', GSI3SK < '{now ISO}#\uffff' (sparse; ≤ MAX_ROWS per run) |
 * | who of them is connected                | BatchGetItem of their PRESENCE items (shared/realtime/presence-entity.ts) |
 * | their profiles (+ the senders' names)   | BatchGetItem of PROFILE items (chunks of 100)                          |
 * | claim a row                             | UpdateItem (member entity patch) REMOVE GSI3PK, GSI3SK if GSI3SK is still the one read |
 * | send                                    | one SES SendEmail per person (not per message, not per chat)           |
 *
 * Decisions:
 *  - A person with a live connection (online or away) when their digest falls due gets no e-mail and the
 *    keys are dropped: the app already shows them the unread badges and a browser notification, and
 *    mailing them the moment they close the tab would be noise. A message that arrives after that while
 *    they are offline sets a new key (the consumer sets it whenever it is absent) and a new digest follows.
 *  - Rows are claimed (keys removed, conditionally) BEFORE the mail goes out: two overlapping runs cannot
 *    both mail the same rows (at most once). If SES fails, the claimed keys are put back for the next run.
 *  - A row that is no longer unread (read between the key and the run), a deactivated person or one with
 *    no profile: the keys are dropped, nothing is sent.
 *  - The delay is the consumer's `MESSENGER_DIGEST_MINUTES` (message-stream.ts); the schedule only reads
 *    `dueAt`, so changing the setting never needs this code.
 */
import { batchGet, queryAll } from '../../shared/data';
import type { Logger } from '@aws-lambda-powertools/logger';
import { isConditionFailure } from '../../shared/data/versioning';
import { LANGUAGES, type Language } from '../../shared/i18n/languages';
import { sendMail } from '../../shared/mail/mailer';
import { presenceState, readPresence } from '../../shared/realtime/presence-entity';
import { DIGEST_GSI3PK, Members, type MemberItem } from './chat-entity';
import { digestMail, type DigestChat } from './digest-mail';
import { memberOf } from './store';

/** Rows one run handles; the rest wait for the next minute. */
export const MAX_ROWS = 1000;

export type DigestRow = MemberItem & { GSI3SK: string };

export interface DigestPlan {
  /** People to mail, with their rows (newest activity first). */
  mail: Map<string, DigestRow[]>;
  /** Rows whose keys are dropped without a mail (connected, nothing unread, ...), with the reason. */
  drop: { row: DigestRow; reason: 'connected' | 'read' | 'no-profile' | 'inactive' }[];
}

interface ProfileLite {
  userId: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  language?: string;
  status?: string;
}

/** Groups due rows by person and decides who gets a mail (pure: unit-tested). */
export function planDigest(rows: DigestRow[], connected: Set<string>, profiles: Map<string, ProfileLite>): DigestPlan {
  const plan: DigestPlan = { mail: new Map(), drop: [] };
  for (const row of rows) {
    const p = profiles.get(row.userId);
    if (connected.has(row.userId)) plan.drop.push({ row, reason: 'connected' });
    else if (!(row.unread > 0)) plan.drop.push({ row, reason: 'read' });
    else if (!p?.email) plan.drop.push({ row, reason: 'no-profile' });
    else if (p.status !== 'active') plan.drop.push({ row, reason: 'inactive' });
    else plan.mail.set(row.userId, [...(plan.mail.get(row.userId) ?? []), row]);
  }
  for (const list of plan.mail.values())
    list.sort((a, b) => (a.lastActivityAt < b.lastActivityAt ? 1 : a.lastActivityAt > b.lastActivityAt ? -1 : 0));
  return plan;
}

const fullName = (p: { firstName?: string; lastName?: string } | undefined) =>
  `${p?.firstName ?? ''} ${p?.lastName ?? ''}`.trim();

export function digestChat(row: DigestRow, senders: Map<string, ProfileLite>): DigestChat {
  const title = row.kind === 'direct' && row.peer ? fullName(row.peer) : row.title;
  const authorId = row.lastMessage?.authorId;
  return {
    chatId: row.chatId,
    title: title || row.chatId,
    kind: row.kind,
    unread: row.unread,
    sender: authorId ? fullName(senders.get(authorId)) : '',
    preview: row.lastMessage && !row.lastMessage.deleted ? row.lastMessage.preview : '',
  };
}

async function dueRows(now: Date): Promise<DigestRow[]> {
  const rows = await queryAll(
    {
      IndexName: 'GSI3',
      KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK < :due',
      ExpressionAttributeValues: { ':pk': DIGEST_GSI3PK, ':due': `${now.toISOString()}#\uffff` },
    },
    { maxItems: MAX_ROWS, pageSize: MAX_ROWS },
  );
  // The row's digest key, for the claim's condition (present: the rows come from its index).
  return rows.map(memberOf).flatMap((m) => (m.GSI3SK ? [{ ...m, GSI3SK: m.GSI3SK }] : []));
}

/** Names, addresses and languages of these people: one BatchGet (shared/data), projected. */
async function profilesOf(userIds: string[]): Promise<Map<string, ProfileLite>> {
  const rows = await batchGet<Partial<ProfileLite>>(
    userIds.map((u) => ({ PK: `USER#${u}`, SK: 'PROFILE' })),
    { attributes: ['userId', 'email', 'firstName', 'lastName', 'language', 'status'] },
  );
  return new Map(
    rows.flatMap((p) => (typeof p.userId === 'string' ? [[p.userId, { ...p, userId: p.userId }] as const] : [])),
  );
}

async function connectedAmong(userIds: string[], nowMs: number): Promise<Set<string>> {
  const out = new Set<string>();
  const ids = [...new Set(userIds)];
  for (let i = 0; i < ids.length; i += 100) {
    const items = await readPresence(ids.slice(i, i + 100));
    for (const [u, item] of items) if (presenceState(item, nowMs) !== 'offline') out.add(u);
  }
  return out;
}

/** Removes a row's digest keys if they are still the ones read; false when someone changed them meanwhile. */
async function claim(row: DigestRow): Promise<boolean> {
  try {
    await Members.patch({ chatId: row.chatId, userId: row.userId })
      .remove(['GSI3PK', 'GSI3SK'])
      .where(({ GSI3SK }, { eq }) => eq(GSI3SK, row.GSI3SK))
      .go({ response: 'none' });
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

/** Puts claimed keys back after a failed send (unless new ones were set meanwhile). */
async function unclaim(row: DigestRow): Promise<void> {
  await Members.patch({ chatId: row.chatId, userId: row.userId })
    .set({ GSI3PK: DIGEST_GSI3PK, GSI3SK: row.GSI3SK })
    .where(({ GSI3PK }, { notExists }) => notExists(GSI3PK))
    .go({ response: 'none' })
    .catch((e: unknown) => {
      if (!isConditionFailure(e)) throw e;
    });
}

const languageOf = (p: ProfileLite): Language =>
  (LANGUAGES as readonly string[]).includes(p.language ?? '') ? (p.language as Language) : 'en';

export interface DigestRunResult {
  due: number;
  mailed: number;
  dropped: number;
}

export async function runDigest(logger?: Pick<Logger, 'info' | 'error'>, now = new Date()): Promise<DigestRunResult> {
  const rows = await dueRows(now);
  if (!rows.length) return { due: 0, mailed: 0, dropped: 0 };
  const recipients = [...new Set(rows.map((r) => r.userId))];
  const senders = rows.map((r) => r.lastMessage?.authorId).filter((x): x is string => !!x);
  const [connected, profiles] = await Promise.all([
    connectedAmong(recipients, now.getTime()),
    profilesOf([...recipients, ...senders]),
  ]);
  const plan = planDigest(rows, connected, profiles);

  await Promise.all(plan.drop.map(({ row }) => claim(row)));
  const portalUrl = process.env.PORTAL_URL ?? '';
  let mailed = 0;
  for (const [userId, list] of plan.mail) {
    const mine = (await Promise.all(list.map(async (row) => ((await claim(row)) ? row : null)))).filter(
      (r): r is DigestRow => r !== null,
    );
    if (!mine.length) continue; // another run took them
    const p = profiles.get(userId)!;
    const mail = digestMail({
      lang: languageOf(p),
      firstName: p.firstName ?? '',
      chats: mine.map((r) => digestChat(r, profiles)),
      portalUrl,
    });
    try {
      await sendMail(p.email!, mail);
      mailed++;
    } catch (e) {
      logger?.error('digest mail failed; keys restored for the next run', { userId, error: e as Error });
      await Promise.all(mine.map(unclaim));
    }
  }
  const result = { due: rows.length, mailed, dropped: plan.drop.length };
  logger?.info('digest', { ...result });
  return result;
}
