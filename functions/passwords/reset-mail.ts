/** The password reset e-mail, in English and Romanian. Every value is escaped by renderMail. */
import type { Language } from '../../shared/i18n/languages';
import { renderMail, type RenderedMail } from '../../shared/mail/layout';

interface Copy {
  subject: string;
  greeting: (firstName?: string) => string;
  intro: (email: string) => string;
  body: string;
  action: string;
  note: string;
  signature: string;
}

export const RESET_MAIL_COPY: Record<Language, Copy> = {
  en: {
    subject: 'Reset your Portal password',
    greeting: (n) => (n ? `Hello ${n},` : 'Hello,'),
    intro: (email) => `We received a request to reset the password of the Portal account ${email}.`,
    body: 'Choose a new password with the button below. If you did not ask for this, ignore this e-mail: your password stays the same.',
    action: 'Choose a new password',
    note: 'The link works for 1 hour and only once. Using it signs you out on every device.',
    signature: 'The Portal team',
  },
  ro: {
    subject: 'Resetează parola contului tău Portal',
    greeting: (n) => (n ? `Bună ziua, ${n},` : 'Bună ziua,'),
    intro: (email) => `Am primit o cerere de resetare a parolei pentru contul Portal ${email}.`,
    body: 'Alege o parolă nouă folosind butonul de mai jos. Dacă nu ai cerut tu acest lucru, ignoră acest e-mail: parola ta rămâne aceeași.',
    action: 'Alege o parolă nouă',
    note: 'Linkul funcționează o oră și o singură dată. Folosirea lui te deconectează de pe toate dispozitivele.',
    signature: 'Echipa Portal',
  },
};

export function resetMail(opts: { lang: Language; email: string; url: string; firstName?: string }): RenderedMail {
  const c = RESET_MAIL_COPY[opts.lang];
  return renderMail({
    lang: opts.lang,
    subject: c.subject,
    greeting: c.greeting(opts.firstName),
    paragraphs: [c.intro(opts.email), c.body],
    action: { label: c.action, url: opts.url },
    note: c.note,
    signature: c.signature,
  });
}
