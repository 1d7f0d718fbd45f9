/**
 * The e-mail of one notification, for a person whose group is set to 'email': the same sentence as the bell
 * (notificationText in shared/notifications/texts.ts) in the person's language, a button to the portal page
 * and a note saying where to change it. Every value is escaped by renderMail (names and titles come from users).
 */
import type { NotificationKind, NotificationParams } from '../../shared/notifications/contract';
import { notificationText, type NotificationLang } from '../../shared/notifications/texts';
import { renderMail, type RenderedMail } from '../../shared/mail/layout';

interface Copy {
  quote: (s: string) => string;
  greeting: (name: string) => string;
  action: string;
  note: (group: string) => string;
  signature: string;
}

export const NOTIFICATION_MAIL_COPY: Record<NotificationLang, Copy> = {
  en: {
    quote: (s) => `“${s}”`,
    greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
    action: 'Open in the portal',
    note: (group) =>
      `You get this e-mail because “${group}” notifications are set to e-mail in your profile (Profile → Notifications).`,
    signature: 'The Portal team',
  },
  ro: {
    quote: (s) => `„${s}”`,
    greeting: (name) => (name ? `Bună, ${name},` : 'Bună,'),
    action: 'Deschide în portal',
    note: (group) =>
      `Primești acest e-mail pentru că notificările „${group}” sunt setate pe e-mail în profilul tău (Profil → Notificări).`,
    signature: 'Echipa Portal',
  },
};

/** Subjects stay short: mail clients cut them anyway, and a long task title would push the rest out. */
const SUBJECT_CHARS = 140;
const clip = (s: string) => (s.length > SUBJECT_CHARS ? `${s.slice(0, SUBJECT_CHARS - 1)}…` : s);

export function notificationMail(opts: {
  lang: NotificationLang;
  firstName: string;
  timeZone?: string;
  notification: { kind: NotificationKind; params: NotificationParams; link: string };
  portalUrl: string;
}): RenderedMail {
  const copy = NOTIFICATION_MAIL_COPY[opts.lang];
  const n = opts.notification;
  const words = notificationText(n, opts.lang, opts.timeZone ? { timeZone: opts.timeZone } : {});
  return renderMail({
    lang: opts.lang,
    subject: clip(words.text),
    greeting: copy.greeting(opts.firstName),
    paragraphs: [words.text, ...(words.detail ? [copy.quote(words.detail)] : [])],
    action: { label: copy.action, url: `${opts.portalUrl.replace(/\/+$/, '')}${n.link}` },
    note: copy.note(words.groupLabel),
    signature: copy.signature,
  });
}
