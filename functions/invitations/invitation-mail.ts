/** The invitation e-mail, in English and Romanian. Every value is escaped by renderMail. */
import type { Language } from '../../shared/i18n/languages';
import { renderMail, type RenderedMail } from '../../shared/mail/layout';

interface Copy {
  subject: (portal: string) => string;
  greeting: string;
  intro: (inviter: string, portal: string) => string;
  body: (role: 'employee' | 'extranet') => string;
  action: string;
  note: string;
  signature: string;
}

export const INVITATION_MAIL_COPY: Record<Language, Copy> = {
  en: {
    subject: (p) => `You are invited to join ${p}`,
    greeting: 'Hello,',
    intro: (who, p) => `${who} invited you to join ${p}, your company's portal.`,
    body: (role) =>
      role === 'extranet'
        ? 'You are invited as an external partner: you will see what is shared with you.'
        : 'You are invited as an employee: you will find your colleagues, the company news and your work in one place.',
    action: 'Accept the invitation',
    note: 'The link works for 7 days and only once. If you did not expect this invitation, ignore this e-mail.',
    signature: 'The Portal team',
  },
  ro: {
    subject: (p) => `Ești invitat(ă) în ${p}`,
    greeting: 'Bună ziua,',
    intro: (who, p) => `${who} te-a invitat în ${p}, portalul companiei tale.`,
    body: (role) =>
      role === 'extranet'
        ? 'Ești invitat(ă) ca partener extern: vei vedea ce este partajat cu tine.'
        : 'Ești invitat(ă) ca angajat: îți vei găsi colegii, noutățile companiei și munca ta într-un singur loc.',
    action: 'Acceptă invitația',
    note: 'Linkul funcționează 7 zile și o singură dată. Dacă nu te așteptai la această invitație, ignoră acest e-mail.',
    signature: 'Echipa Portal',
  },
};

export function invitationMail(opts: {
  lang: Language;
  inviter: string;
  portalName?: string;
  role: 'employee' | 'extranet';
  url: string;
}): RenderedMail {
  const c = INVITATION_MAIL_COPY[opts.lang];
  const portal = opts.portalName ?? 'Portal';
  return renderMail({
    lang: opts.lang,
    subject: c.subject(portal),
    greeting: c.greeting,
    paragraphs: [c.intro(opts.inviter, portal), c.body(opts.role)],
    action: { label: c.action, url: opts.url },
    note: c.note,
    signature: c.signature,
  });
}
