/**
 * `notify(userId, input)`: the one way any feature tells a person something through the bell. Writes the
 * notification (idempotent when a `dedupeKey` is given: stream consumers may see a record twice) and
 * pushes a `notification` frame, with the new unread count, to the person's open sockets.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../data/clients';
import { epochSeconds } from '../data/electro';
import { tableName } from '../data/table';
import { sendToUser } from '../realtime/notify';
import {
  LIMITS,
  type NotificationFrame,
  type NotificationKind,
  type NotificationParams,
  type NotificationView,
} from './contract';
import { NOTIFICATION_ENTITY, notifPk, notifSk, notificationId, unreadPk } from './notification-entity';

export interface NotifyInput {
  kind: NotificationKind;
  actorId: string | null;
  params: NotificationParams;
  /** An in-portal path starting with '/'. */
  link: string;
  at?: Date;
  /** Same key → same notification: a repeat writes nothing and pushes nothing. */
  dedupeKey?: string;
}

const clip = (s: string) => (s.length > LIMITS.paramChars ? `${s.slice(0, LIMITS.paramChars - 1)}…` : s);

/** The stored notification (or null when this dedupeKey was already notified). */
export async function notify(userId: string, input: NotifyInput): Promise<NotificationView | null> {
  if (!input.link.startsWith('/') || input.link.startsWith('//'))
    throw new Error(`notification links are in-portal paths, got ${input.link}`);
  const at = input.at ?? new Date();
  const id = notificationId(at, input.dedupeKey);
  const params = Object.fromEntries(Object.entries(input.params).map(([k, v]) => [k, clip(String(v))]));
  const view: NotificationView = {
    notificationId: id,
    kind: input.kind,
    actorId: input.actorId,
    params,
    link: input.link,
    createdAt: at.toISOString(),
    readAt: null,
  };
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          PK: notifPk(userId),
          SK: notifSk(id),
          GSI1PK: unreadPk(userId),
          GSI1SK: id,
          userId,
          notificationId: id,
          kind: input.kind,
          ...(input.actorId ? { actorId: input.actorId } : {}),
          params,
          link: input.link,
          createdAt: view.createdAt,
          expiresAt: epochSeconds(at.getTime()) + LIMITS.keepDays * 86_400,
          __edb_e__: NOTIFICATION_ENTITY,
          __edb_v__: '1',
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (e) {
    if ((e as { name?: string }).name === 'ConditionalCheckFailedException') return null;
    throw e;
  }
  const frame: NotificationFrame = { type: 'notification', notification: view, unread: await unreadCount(userId) };
  await sendToUser(userId, frame);
  return view;
}

/** ONE Query of the sparse unread index (COUNT; pages only past 1 MB of keys). Expired ones do not count. */
export async function unreadCount(userId: string): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        FilterExpression: 'expiresAt > :now',
        ExpressionAttributeValues: { ':pk': unreadPk(userId), ':now': epochSeconds() },
        Select: 'COUNT',
        ExclusiveStartKey: start,
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}
