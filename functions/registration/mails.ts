/** The registration e-mails, in English and Romanian. Every value is escaped by renderMail. */
import type { Language } from '../../shared/i18n/languages';
import { renderMail, type RenderedMail } from '../../shared/mail/layout';

export type RegistrationMailKind = 'confirm' | 'alreadyRegistered' | 'invitationOnly';

interface Copy {
  subject: string;
  paragraphs: (email: string) => string[];
  action?: string;
  note?: string;
}

const COPY: Record<Language, Record<RegistrationMailKind, Copy> & { greeting: string; signature: string }> = {
  en: {
    greeting: 'Hello,',
    signature: 'The Portal team',
    confirm: {
      subject: 'Confirm your e-mail address to create your portal',
      paragraphs: (email) => [
        `Someone — we hope you — started creating a company portal with the address ${email}.`,
        'Confirm the address with the button below, then sign in with the password you chose to fill in your company details.',
      ],
      action: 'Confirm my e-mail address',
      note: 'The link works for 24 hours and only once. If you did not ask for this, ignore this e-mail: nothing happens without the confirmation.',
    },
    alreadyRegistered: {
      subject: 'Someone tried to register with your e-mail address',
      paragraphs: (email) => [
        `Someone tried to register on the portal with your address ${email}, which already has an account.`,
        'If it was you, simply sign in. If you forgot your password, use "Forgot password?" on the sign-in page. If it was not you, you can ignore this e-mail: your account has not changed.',
      ],
      action: 'Sign in',
    },
    invitationOnly: {
      subject: 'Joining the portal is by invitation',
      paragraphs: (email) => [
        `Someone tried to register on the portal with the address ${email}.`,
        'This portal accepts new people by invitation only. Ask your administrator or a colleague to invite you; the invitation arrives by e-mail. If it was not you, ignore this e-mail.',
      ],
    },
  },
  ro: {
    greeting: 'Bună ziua,',
    signature: 'Echipa Portal',
    confirm: {
      subject: 'Confirmă adresa de e-mail pentru a-ți crea portalul',
      paragraphs: (email) => [
        `Cineva — sperăm că tu — a început crearea unui portal de companie cu adresa ${email}.`,
        'Confirmă adresa cu butonul de mai jos, apoi autentifică-te cu parola aleasă pentru a completa datele companiei.',
      ],
      action: 'Confirm adresa de e-mail',
      note: 'Linkul funcționează 24 de ore și o singură dată. Dacă nu ai cerut tu acest lucru, ignoră acest e-mail: fără confirmare nu se întâmplă nimic.',
    },
    alreadyRegistered: {
      subject: 'Cineva a încercat să se înregistreze cu adresa ta de e-mail',
      paragraphs: (email) => [
        `Cineva a încercat să se înregistreze în portal cu adresa ta ${email}, care are deja un cont.`,
        'Dacă ai fost tu, autentifică-te. Dacă ți-ai uitat parola, folosește „Ai uitat parola?” pe pagina de autentificare. Dacă nu ai fost tu, poți ignora acest e-mail: contul tău nu s-a schimbat.',
      ],
      action: 'Autentificare',
    },
    invitationOnly: {
      subject: 'Accesul în portal se face pe bază de invitație',
      paragraphs: (email) => [
        `Cineva a încercat să se înregistreze în portal cu adresa ${email}.`,
        'Acest portal primește persoane noi doar pe bază de invitație. Roagă administratorul sau un coleg să te invite; invitația vine pe e-mail. Dacă nu ai fost tu, ignoră acest e-mail.',
      ],
    },
  },
};

export function registrationMail(
  kind: RegistrationMailKind,
  opts: { lang: Language; email: string; url?: string },
): RenderedMail {
  const all = COPY[opts.lang];
  const c = all[kind];
  return renderMail({
    lang: opts.lang,
    subject: c.subject,
    greeting: all.greeting,
    paragraphs: c.paragraphs(opts.email),
    ...(c.action && opts.url ? { action: { label: c.action, url: opts.url } } : {}),
    ...(c.note ? { note: c.note } : {}),
    signature: all.signature,
  });
}
