/** The bell's routes: list (one Query), unread count (one Query), mark read (one transaction). */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../../shared/data/query';
import type { UserContext } from '../../shared/auth/claims';
import { dynamo } from '../../shared/data/clients';
import { openCursor, sealCursor } from '../../shared/data/cursor';
import { epochSeconds } from '../../shared/data/electro';
import { tableName } from '../../shared/data/table';
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
import {
  Notifications,
  notifPk,
  notifSk,
  unreadPk,
  type NotificationItem,
} from '../../shared/notifications/notification-entity';
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

const readUpdate = (userId: string, id: string, now: string) => ({
  Update: {
    TableName: tableName(),
    Key: { PK: notifPk(userId), SK: notifSk(id) },
    UpdateExpression: 'SET readAt = if_not_exists(readAt, :now) REMOVE GSI1PK, GSI1SK',
    ConditionExpression: 'attribute_exists(PK)',
    ExpressionAttributeValues: { ':now': now },
  },
});

const cancelReasons = (e: unknown): (string | undefined)[] | undefined =>
  (e as { name?: string }).name === 'TransactionCanceledException'
    ? ((e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code)
    : undefined;

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
    try {
      await dynamo().send(new TransactWriteCommand({ TransactItems: ids.map((id) => readUpdate(user.sub, id, now)) }));
    } catch (e) {
      const reasons = cancelReasons(e);
      if (!reasons) throw e;
      const missing = ids.filter((_, i) => reasons[i] === 'ConditionalCheckFailed');
      if (!missing.length) throw e;
      throw new NotFoundError(`No such notification: ${missing.join(', ')}`);
    }
  } else {
    const ids = await unreadIds(user.sub);
    for (let i = 0; i < ids.length; i += LIMITS.markReadIds) {
      const chunk = ids.slice(i, i + LIMITS.markReadIds);
      try {
        await dynamo().send(
          new TransactWriteCommand({ TransactItems: chunk.map((id) => readUpdate(user.sub, id, now)) }),
        );
      } catch (e) {
        // One of them vanished meanwhile (TTL): mark the others one transaction at a time.
        if (!cancelReasons(e)) throw e;
        for (const id of chunk) {
          await dynamo()
            .send(new TransactWriteCommand({ TransactItems: [readUpdate(user.sub, id, now)] }))
            .catch((err: unknown) => {
              if (!cancelReasons(err)) throw err;
            });
        }
      }
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
