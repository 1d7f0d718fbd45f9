/**
 * The meeting e-mails: an invitation, an update or a cancellation, in the recipient's language, with the meeting's
 * .ics attached (METHOD:REQUEST or CANCEL, built by ./invitation-ics.ts), so Outlook, Google and Apple show their
 * own accept / decline buttons and put the meeting in the calendar. An outside guest also gets the links of their
 * invitation page (accept / maybe / decline) — signed, single-purpose (./guest-token.ts). Every value is escaped by
 * renderMail (titles and names come from users).
 */
import type { EventItem } from '../../shared/calendar/event-entity';
import type { Language } from '../../shared/i18n/languages';
import { renderMail } from '../../shared/mail/layout';
import type { RawMail } from '../../shared/mail/raw';

export type NoticeKind = 'invited' | 'changed' | 'cancelled' | 'removed';

interface Copy {
  subject: Record<NoticeKind, (title: string) => string>;
  greeting: (name: string) => string;
  lead: Record<NoticeKind, (organizer: string, title: string) => string>;
  when: (s: string) => string;
  where: (s: string) => string;
  recurring: string;
  open: string;
  answerPage: string;
  answers: { accepted: string; tentative: string; declined: string };
  guestNote: string;
  calendarNote: string;
  signature: string;
}

const COPY: Record<Language, Copy> = {
  en: {
    subject: {
      invited: (t) => `Invitation: ${t}`,
      changed: (t) => `Updated invitation: ${t}`,
      cancelled: (t) => `Cancelled: ${t}`,
      removed: (t) => `Cancelled: ${t}`,
    },
    greeting: (n) => (n ? `Hello ${n},` : 'Hello,'),
    lead: {
      invited: (o, t) => `${o} invited you to “${t}”.`,
      changed: (o, t) => `${o} changed “${t}”. The attached invitation replaces the earlier one.`,
      cancelled: (o, t) => `${o} cancelled “${t}”.`,
      removed: (o, t) => `${o} took you off the guest list of “${t}”.`,
    },
    when: (s) => `When: ${s}`,
    where: (s) => `Where: ${s}`,
    recurring: 'This is a recurring meeting.',
    open: 'Open in the portal',
    answerPage: 'Answer the invitation',
    answers: { accepted: 'Yes, I will attend', tentative: 'Maybe', declined: 'No, I will not attend' },
    guestNote: 'These links are for you only: they answer for your address.',
    calendarNote: 'The attached .ics file adds the meeting to Outlook, Google or Apple Calendar.',
    signature: 'The Portal team',
  },
  ro: {
    subject: {
      invited: (t) => `Invitație: ${t}`,
      changed: (t) => `Invitație actualizată: ${t}`,
      cancelled: (t) => `Anulat: ${t}`,
      removed: (t) => `Anulat: ${t}`,
    },
    greeting: (n) => (n ? `Bună, ${n},` : 'Bună,'),
    lead: {
      invited: (o, t) => `${o} v-a invitat la „${t}”.`,
      changed: (o, t) => `${o} a modificat „${t}”. Invitația atașată o înlocuiește pe cea de dinainte.`,
      cancelled: (o, t) => `${o} a anulat „${t}”.`,
      removed: (o, t) => `${o} v-a scos de pe lista invitaților la „${t}”.`,
    },
    when: (s) => `Când: ${s}`,
    where: (s) => `Unde: ${s}`,
    recurring: 'Este o întâlnire periodică.',
    open: 'Deschide în portal',
    answerPage: 'Răspunde la invitație',
    answers: { accepted: 'Da, particip', tentative: 'Poate', declined: 'Nu particip' },
    guestNote: 'Aceste linkuri sunt doar pentru dvs.: răspund în numele adresei dvs.',
    calendarNote: 'Fișierul .ics atașat adaugă întâlnirea în Outlook, Google sau Apple Calendar.',
    signature: 'Echipa Portal',
  },
};

const SUBJECT_CHARS = 140;
const clip = (s: string) => (s.length > SUBJECT_CHARS ? `${s.slice(0, SUBJECT_CHARS - 1)}…` : s);

/** "Tue, 8 Dec 2026, 10:00 – 11:00 (Europe/Bucharest)" in the reader's language and zone; all-day: the dates. */
export function formatWhen(
  e: Pick<EventItem, 'firstStartUtc' | 'firstEndUtc' | 'allDay' | 'start' | 'end'>,
  lang: Language,
  timeZone: string,
): string {
  const locale = lang === 'ro' ? 'ro-RO' : 'en-GB';
  if (e.allDay) {
    const day = (d: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`));
    const lastDay = new Date(Date.parse(`${e.end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    return lastDay > e.start ? `${day(e.start)} – ${day(lastDay)}` : day(e.start);
  }
  const start = new Date(e.firstStartUtc);
  const end = new Date(e.firstEndUtc);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(start);
  const sameDay =
    new Intl.DateTimeFormat('en-CA', { timeZone }).format(start) ===
    new Intl.DateTimeFormat('en-CA', { timeZone }).format(end);
  const until = sameDay
    ? new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone }).format(end)
    : new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(end);
  return `${date} – ${until} (${timeZone})`;
}

export interface MeetingMailInput {
  kind: NoticeKind;
  event: EventItem;
  lang: Language;
  /** The reader's zone (a colleague's profile zone; a guest: the event's). */
  timeZone: string;
  to: string;
  firstName: string;
  /** Who made the change (the organiser's name by default). */
  actorName: string;
  portalUrl: string;
  /** The .ics (text/calendar) to attach. */
  ics: string;
  method: 'REQUEST' | 'CANCEL';
  /** An outside guest's page (with `?answer=`), instead of the portal's event link. */
  guestPage?: string;
}

export function meetingMail(m: MeetingMailInput): RawMail {
  const copy = COPY[m.lang];
  const base = m.portalUrl.replace(/\/+$/, '');
  const e = m.event;
  const live = m.method === 'REQUEST';
  // Buttons in the HTML part, `label: link` lines in the text part (renderMail escapes both).
  const guestLinks =
    live && m.guestPage
      ? (['accepted', 'tentative', 'declined'] as const).map((a) => ({
          label: copy.answers[a],
          url: `${base}${m.guestPage}?answer=${a}`,
        }))
      : [];
  const rendered = renderMail({
    lang: m.lang,
    subject: clip(copy.subject[m.kind](e.title)),
    greeting: copy.greeting(m.firstName),
    paragraphs: [
      copy.lead[m.kind](m.actorName, e.title),
      copy.when(formatWhen(e, m.lang, m.timeZone)),
      ...(e.place ? [copy.where(e.place)] : []),
      ...(e.rrule ? [copy.recurring] : []),
      ...(live ? [copy.calendarNote] : []),
    ],
    ...(guestLinks.length ? { links: guestLinks } : {}),
    ...(live
      ? {
          action: m.guestPage
            ? { label: copy.answerPage, url: `${base}${m.guestPage}` }
            : { label: copy.open, url: `${base}/calendar?event=${e.eventId}` },
        }
      : {}),
    ...(guestLinks.length ? { note: copy.guestNote } : {}),
    signature: copy.signature,
  });
  return {
    to: [m.to],
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    attachments: [
      {
        filename: m.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
        content: Buffer.from(m.ics, 'utf8'),
        contentType: `text/calendar; charset=utf-8; method=${m.method}`,
      },
    ],
  };
}
