/**
 * `notify(userId, input)`: the one way any feature tells a person something through the bell. Writes the
 * notification (idempotent when a `dedupeKey` is given: stream consumers may see a record twice) and
 * pushes a `notification` frame, with the new unread count, to the person's open sockets.
 */
import { epochSeconds } from '../data/electro';
import { countAll } from '../data/query';
import { isConditionFailure } from '../data/versioning';
import { sendToUser } from '../realtime/notify';
import {
  LIMITS,
  type NotificationFrame,
  type NotificationKind,
  type NotificationParams,
  type NotificationView,
} from './contract';
import { Notifications, notificationId, unreadPk } from './notification-entity';

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
    // create = attribute_not_exists: a repeated dedupeKey writes nothing.
    await Notifications.create({
      userId,
      notificationId: id,
      kind: input.kind,
      ...(input.actorId ? { actorId: input.actorId } : {}),
      params,
      link: input.link,
      createdAt: view.createdAt,
      expiresAt: epochSeconds(at.getTime()) + LIMITS.keepDays * 86_400,
    }).go({ response: 'none' });
  } catch (e) {
    if (isConditionFailure(e)) return null;
    throw e;
  }
  const frame: NotificationFrame = { type: 'notification', notification: view, unread: await unreadCount(userId) };
  await sendToUser(userId, frame);
  return view;
}

/** ONE Query of the sparse unread index (COUNT; pages only past 1 MB of keys). Expired ones do not count. */
export async function unreadCount(userId: string): Promise<number> {
  return countAll({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    FilterExpression: 'expiresAt > :now',
    ExpressionAttributeValues: { ':pk': unreadPk(userId), ':now': epochSeconds() },
  });
}
