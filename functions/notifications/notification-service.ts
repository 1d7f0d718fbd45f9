/** The bell's routes: list (one Query), unread count (one Query), mark read (one transaction). */
import { queryAll } from '../../shared/data/query';
import { failedConditions, transaction } from '../../shared/data/transaction';
import type { UserContext } from '../../shared/auth/claims';
import { openCursor, sealCursor } from '../../shared/data/cursor';
import { epochSeconds } from '../../shared/data/electro';
import { NotFoundError } from '../../shared/http/errors';
import { sendToUser } from '../../shared/realtime/notify';
import {
  LIMITS,
  type NotificationFrame,
  type NotificationKind,
  type NotificationView,
  type NotificationsPage,
  type UnreadCountView,
} from '../../shared/notifications/contract';
import { Notifications, unreadPk, type NotificationItem } from '../../shared/notifications/notification-entity';
import { unreadCount } from '../../shared/notifications/notify';

export const toView = (i: NotificationItem): NotificationView => ({
  notificationId: i.notificationId,
  kind: i.kind as NotificationKind,
  actorId: i.actorId ?? null,
  params: (i.params ?? {}) as Record<string, string>,
  link: i.link,
  createdAt: i.createdAt,
  readAt: i.readAt ?? null,
});

export async function listNotifications(
  user: UserContext,
  q: { cursor?: string; limit?: number },
): Promise<NotificationsPage> {
  const scope = `notifications:${user.sub}`;
  const position = await openCursor(q.cursor, scope);
  const now = epochSeconds();
  const page = await Notifications.query
    .byUser({ userId: user.sub })
    .where(({ expiresAt }, { gt }) => gt(expiresAt, now))
    .go({ order: 'desc', cursor: position, limit: q.limit ?? LIMITS.pageSize, pages: 1 });
  return { items: page.data.map(toView), cursor: await sealCursor(page.cursor, scope) };
}

export async function getUnreadCount(user: UserContext): Promise<UnreadCountView> {
  return { unread: await unreadCount(user.sub) };
}

const isCancelled = (e: unknown) => (e as { name?: string }).name === 'TransactionCanceledException';

/** readAt set once (a second mark keeps the first time); the index condition removes the unread keys. */
const readPatch = (userId: string, notificationId: string, now: string) =>
  Notifications.patch({ userId, notificationId }).data(({ readAt }, { ifNotExists }) => {
    ifNotExists(readAt, now);
  });

/** Marks these read in ONE transaction; the ids whose notification is gone (the patch's exists condition). */
async function markReadTogether(userId: string, ids: string[], now: string): Promise<string[]> {
  try {
    await transaction()
      .add(...ids.map((id) => readPatch(userId, id, now)))
      .commit();
    return [];
  } catch (e) {
    const failed = failedConditions(e);
    if (!failed.length) throw e;
    return failed.map((f) => ids[f.index]!);
  }
}

/** Unread ids of a person: the sparse index, all pages (keys only). */
async function unreadIds(userId: string): Promise<string[]> {
  const rows = await queryAll<{ GSI1SK: string }>({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': unreadPk(userId) },
    ProjectionExpression: 'GSI1SK',
  });
  return rows.map((r) => String(r.GSI1SK));
}

export async function markRead(user: UserContext, body: { ids?: string[]; all?: true }): Promise<UnreadCountView> {
  const now = new Date().toISOString();
  if (body.ids) {
    const ids = [...new Set(body.ids)];
    const missing = await markReadTogether(user.sub, ids, now);
    if (missing.length) throw new NotFoundError(`No such notification: ${missing.join(', ')}`);
  } else {
    const ids = await unreadIds(user.sub);
    for (let i = 0; i < ids.length; i += LIMITS.markReadIds) {
      const chunk = ids.slice(i, i + LIMITS.markReadIds);
      // One of them vanished meanwhile (TTL), or the transaction was cancelled: mark them one at a time.
      const together = await markReadTogether(user.sub, chunk, now).catch((e: unknown) => {
        if (!isCancelled(e)) throw e;
        return chunk;
      });
      if (together.length)
        for (const id of chunk)
          await markReadTogether(user.sub, [id], now).catch((e: unknown) => {
            if (!isCancelled(e)) throw e;
          });
    }
  }
  const unread = await unreadCount(user.sub);
  const frame: NotificationFrame = {
    type: 'notifications.read',
    ids: body.ids ? [...new Set(body.ids)] : 'all',
    unread,
  };
  await sendToUser(user.sub, frame);
  return { unread };
}
