/**
 * The offline-messages digest e-mail, in English and Romanian: one e-mail per person listing each chat
 * with unread messages (count, who wrote last, a preview) and a link to `/messenger/{chatId}`.
 * Every value is escaped by renderMail (names, titles and previews come from users).
 */
import type { Language } from '../../shared/i18n/languages';
import { renderMail, type RenderedMail } from '../../shared/mail/layout';

export interface DigestChat {
  chatId: string;
  /** The chat as the recipient sees it (a direct chat: the other person's name). */
  title: string;
  kind: string;
  unread: number;
  /** Who wrote the newest unread message ("" when unknown). */
  sender: string;
  preview: string;
}

/** Romanian counted nouns: 1 mesaj, 2–19 mesaje, 20+ "de mesaje" (also 101–119 like 1–19). */
export function roCount(n: number, one: string, few: string): string {
  if (n === 1) return `1 ${one}`;
  const rest = n % 100;
  return rest >= 1 && rest <= 19 ? `${n} ${few}` : `${n} de ${few}`;
}

interface Copy {
  subject: (messages: number, chats: number) => string;
  greeting: (name: string) => string;
  intro: string;
  line: (c: DigestChat) => string;
  open: (url: string) => string;
  action: (chats: number) => string;
  note: string;
  signature: string;
}

const enCount = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const DIGEST_MAIL_COPY: Record<Language, Copy> = {
  en: {
    subject: (m, c) => `${enCount(m, 'unread message', 'unread messages')} in ${enCount(c, 'chat', 'chats')}`,
    greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
    intro: 'While you were away, colleagues wrote to you:',
    line: (c) =>
      `${c.title}: ${enCount(c.unread, 'unread message', 'unread messages')}${c.sender ? `, the latest from ${c.sender}` : ''}${c.preview ? `: “${c.preview}”` : ''}`,
    open: (url) => `Open: ${url}`,
    action: (chats) => (chats === 1 ? 'Open the chat' : 'Open the first chat'),
    note: 'You get this e-mail because these messages stayed unread while you were not connected to the portal.',
    signature: 'The Portal team',
  },
  ro: {
    subject: (m, c) =>
      `${roCount(m, 'mesaj necitit', 'mesaje necitite')} în ${roCount(c, 'conversație', 'conversații')}`,
    greeting: (name) => (name ? `Bună, ${name},` : 'Bună,'),
    intro: 'Cât ai lipsit, colegii ți-au scris:',
    line: (c) =>
      `${c.title}: ${roCount(c.unread, 'mesaj necitit', 'mesaje necitite')}${c.sender ? `, cel mai recent de la ${c.sender}` : ''}${c.preview ? `: „${c.preview}”` : ''}`,
    open: (url) => `Deschide: ${url}`,
    action: (chats) => (chats === 1 ? 'Deschide conversația' : 'Deschide prima conversație'),
    note: 'Primești acest e-mail pentru că aceste mesaje au rămas necitite cât timp nu ai fost conectat(ă) la portal.',
    signature: 'Echipa Portal',
  },
};

export const chatUrl = (portalUrl: string, chatId: string) =>
  `${portalUrl.replace(/\/+$/, '')}/messenger/${encodeURIComponent(chatId)}`;

/** The digest for one person; chats newest first. */
export function digestMail(opts: {
  lang: Language;
  firstName: string;
  chats: DigestChat[];
  portalUrl: string;
}): RenderedMail {
  const c = DIGEST_MAIL_COPY[opts.lang];
  const total = opts.chats.reduce((n, x) => n + x.unread, 0);
  const first = opts.chats[0];
  return renderMail({
    lang: opts.lang,
    subject: c.subject(total, opts.chats.length),
    greeting: c.greeting(opts.firstName),
    paragraphs: [c.intro, ...opts.chats.map((x) => `${c.line(x)}\n${c.open(chatUrl(opts.portalUrl, x.chatId))}`)],
    ...(first ? { action: { label: c.action(opts.chats.length), url: chatUrl(opts.portalUrl, first.chatId) } } : {}),
    note: c.note,
    signature: c.signature,
  });
}
