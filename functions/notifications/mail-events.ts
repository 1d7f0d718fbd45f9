/**
 * Sends the e-mail of a notification whose person chose 'email' for its group: notify() queued a
 * `notificationMail` item (shared/notifications/mail-entity.ts) in the same transaction as the notification.
 * Per stream batch: ONE BatchGetItem of the recipients' profiles (address, first name, language, time zone,
 * status), then per item a claim (conditional UpdateItem) and one SES SendEmail.
 *
 * Order and duplicates: relies on no order (each record is one queued e-mail, handled on its own). The item is
 * claimed before sending (SET sentAt if absent), so a record delivered twice, or two invocations at once, send
 * one e-mail. If SES fails, the claim is released and the batch fails, so the router's retry sends it; a
 * deactivated person, or one without a profile, gets nothing (the claim stays: no retry sends it later).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { batchGet } from '../../shared/data';
import { isConditionFailure } from '../../shared/data/versioning';
import { sendMail } from '../../shared/mail/mailer';
import { NOTIFICATION_MAIL_ENTITY, NotificationMails } from '../../shared/notifications/mail-entity';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../shared/notifications/contract';
import { notificationLang } from '../../shared/notifications/texts';
import type { StreamChange } from '../../shared/runtime/feature-handler';
import { notificationMail } from './notification-mail';

export interface QueuedMail {
  userId: string;
  notificationId: string;
  kind: NotificationKind;
  params: Record<string, string>;
  link: string;
}

interface Recipient {
  userId: string;
  email?: string;
  firstName?: string;
  language?: string;
  timeZone?: string;
  status?: string;
}

const isKind = (k: unknown): k is NotificationKind => (NOTIFICATION_KINDS as readonly unknown[]).includes(k);

/** The queued e-mails of a batch: new outbox items, not yet sent (pure: unit-tested). */
export function queuedMails(changes: StreamChange[]): QueuedMail[] {
  return changes.flatMap((c) => {
    const i = c.newImage;
    if (c.eventName !== 'INSERT' || c.entity !== NOTIFICATION_MAIL_ENTITY || !i || i.sentAt) return [];
    if (typeof i.userId !== 'string' || typeof i.notificationId !== 'string' || typeof i.link !== 'string') return [];
    if (!isKind(i.kind)) return [];
    const params = Object.fromEntries(
      Object.entries((i.params ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    );
    return [{ userId: i.userId, notificationId: i.notificationId, kind: i.kind, params, link: i.link }];
  });
}

/** Takes the e-mail for sending; false when another delivery of the record already took it. */
async function claim(m: QueuedMail, at: string): Promise<boolean> {
  try {
    await NotificationMails.patch({ userId: m.userId, notificationId: m.notificationId })
      .set({ sentAt: at })
      .where(({ sentAt }, { notExists }) => notExists(sentAt))
      .go({ response: 'none' });
    return true;
  } catch (e) {
    // Claimed already, or gone (TTL).
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

async function release(m: QueuedMail, at: string): Promise<void> {
  await NotificationMails.patch({ userId: m.userId, notificationId: m.notificationId })
    .remove(['sentAt'])
    .where(({ sentAt }, { eq }) => eq(sentAt, at))
    .go({ response: 'none' })
    .catch((e: unknown) => {
      if (!isConditionFailure(e)) throw e;
    });
}

export async function mailEvents(changes: StreamChange[], logger?: Pick<Logger, 'warn' | 'error'>): Promise<void> {
  const mails = queuedMails(changes);
  if (!mails.length) return;
  const portalUrl = process.env.PORTAL_URL ?? '';
  if (!portalUrl) {
    logger?.warn('PORTAL_URL is not set: no notification e-mails');
    return;
  }
  const rows = await batchGet<Recipient>(
    [...new Set(mails.map((m) => m.userId))].map((u) => ({ PK: `USER#${u}`, SK: 'PROFILE' })),
    { attributes: ['userId', 'email', 'firstName', 'language', 'timeZone', 'status'] },
  );
  const people = new Map(rows.map((r) => [r.userId, r]));
  const failed: QueuedMail[] = [];
  for (const m of mails) {
    const p = people.get(m.userId);
    const at = new Date().toISOString();
    if (!(await claim(m, at))) continue;
    if (!p?.email || p.status === 'deactivated') continue;
    try {
      await sendMail(
        p.email,
        notificationMail({
          lang: notificationLang(p.language),
          firstName: p.firstName ?? '',
          ...(p.timeZone ? { timeZone: p.timeZone } : {}),
          notification: m,
          portalUrl,
        }),
      );
    } catch (e) {
      logger?.error('notification e-mail failed; released for the retry', {
        notificationId: m.notificationId,
        error: e as Error,
      });
      await release(m, at);
      failed.push(m);
    }
  }
  if (failed.length) throw new Error(`${failed.length} notification e-mail(s) failed; the retry sends them`);
}
