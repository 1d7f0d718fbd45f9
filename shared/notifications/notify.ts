/**
 * `notify(userId, input)`: the one way any feature tells a person something through the bell. Writes the
 * notification (idempotent when a `dedupeKey` is given: stream consumers may see a record twice) and
 * pushes a `notification` frame, with the new unread count, to the person's open sockets.
 *
 * The person's settings (./settings.ts) decide first, from ONE GetItem of their settings item (read per call,
 * never cached: a change applies to the next notification):
 *  - 'off': nothing is written or pushed (null, as for a repeat);
 *  - 'email': the notification and its e-mail outbox item (./mail-entity.ts) are written in ONE transaction,
 *    each only if absent, so the e-mail is queued exactly when the notification is new; the notifications
 *    feature's stream consumer sends it. A caller that sends its own richer e-mail passes `ownMail` and
 *    reads `delivery` from the answer instead.
 */
import { epochSeconds } from '../data/electro';
import { countAll } from '../data/query';
import { transaction } from '../data/transaction';
import { isConditionFailure } from '../data/versioning';
import { sendToUser } from '../realtime/notify';
import {
  LIMITS,
  type NotificationFrame,
  type NotificationKind,
  type NotificationParams,
  type NotificationView,
} from './contract';
import { MAIL_KEEP_DAYS, NotificationMails } from './mail-entity';
import { Notifications, notificationId, unreadPk } from './notification-entity';
import { NotificationSettings } from './settings-entity';
import { deliveryOf, withDefaults, type Delivery } from './settings';

export interface NotifyInput {
  kind: NotificationKind;
  actorId: string | null;
  params: NotificationParams;
  /** An in-portal path starting with '/'. */
  link: string;
  at?: Date;
  /** Same key → same notification: a repeat writes nothing and pushes nothing. */
  dedupeKey?: string;
  /** The caller e-mails this notification itself when `delivery` is 'email' (no generic e-mail is queued). */
  ownMail?: boolean;
}

export type NotifyResult = NotificationView & {
  /** How it reached the person: 'email' = the bell and an e-mail. */
  delivery: Exclude<Delivery, 'off'>;
};

/** The person's delivery for this kind: ONE GetItem of their settings (absent = the defaults). */
export async function deliveryFor(userId: string, kind: NotificationKind): Promise<Delivery> {
  const { data } = await NotificationSettings.get({ userId }).go({ attributes: ['groups'] });
  return deliveryOf(kind, withDefaults(data?.groups));
}

const clip = (s: string) => (s.length > LIMITS.paramChars ? `${s.slice(0, LIMITS.paramChars - 1)}…` : s);

/** The stored notification (or null when this dedupeKey was already notified, or the person turned the kind off). */
export async function notify(userId: string, input: NotifyInput): Promise<NotifyResult | null> {
  if (!input.link.startsWith('/') || input.link.startsWith('//'))
    throw new Error(`notification links are in-portal paths, got ${input.link}`);
  const delivery = await deliveryFor(userId, input.kind);
  if (delivery === 'off') return null;
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
  const created = Notifications.create({
    userId,
    notificationId: id,
    kind: input.kind,
    ...(input.actorId ? { actorId: input.actorId } : {}),
    params,
    link: input.link,
    createdAt: view.createdAt,
    expiresAt: epochSeconds(at.getTime()) + LIMITS.keepDays * 86_400,
  });
  try {
    // create = attribute_not_exists: a repeated dedupeKey writes nothing (and queues no second e-mail).
    if (delivery === 'email' && !input.ownMail)
      await transaction()
        .add(
          created,
          NotificationMails.create({
            userId,
            notificationId: id,
            kind: input.kind,
            params,
            link: input.link,
            createdAt: view.createdAt,
            expiresAt: epochSeconds(at.getTime()) + MAIL_KEEP_DAYS * 86_400,
          }),
        )
        .commit();
    else await created.go({ response: 'none' });
  } catch (e) {
    if (isConditionFailure(e)) return null;
    throw e;
  }
  const frame: NotificationFrame = { type: 'notification', notification: view, unread: await unreadCount(userId) };
  await sendToUser(userId, frame);
  return { ...view, delivery };
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
