/**
 * The `crm` stream consumer (crmRecord INSERT/MODIFY/REMOVE):
 *  - every change → a `crm.record.changed` frame to the old and the new responsible person (their boards refetch);
 *  - a new responsible person who is not the actor (and not an import: records with `importJobId` are summarised by
 *    the import job instead) → a bell notification (`crm.lead.assigned` / `crm.deal.assigned` / `crm.record.assigned`,
 *    dedupeKey `crm-assign#{id}#{version}`) AND an e-mail in the recipient's language with a link to the record. The
 *    mail goes only when the notification was new, so a replayed stream record mails nobody twice.
 * Names and addresses: ONE BatchGet of the batch's actors' and recipients' profiles.
 *
 * Order and duplicates: each stream record is judged on its own old/new images (no state carried across records),
 * so reordering changes nothing stored. Frames only tell boards to refetch (a repeat or a late frame costs a
 * refetch). The notification's id is derived from `crm-assign#{id}#{version}` and the change's `updatedAt`, and is
 * written with a conditional Put: a second delivery of the same change finds it and gets null, and the e-mail is
 * sent only when the notification was new, so each assignment mails once. Notifications cannot be deleted by
 * their owner and live 90 days, far beyond any redelivery window.
 */
import type { CrmFrame, RecordType } from '../../shared/crm/contract';
import type { Raw } from '../../shared/data/document';
import { fullName, languageOf } from '../../shared/crm/policy';
import type { Language } from '../../shared/i18n/languages';
import { renderMail, type RenderedMail } from '../../shared/mail/layout';
import { sendMail } from '../../shared/mail/mailer';
import type { NotificationKind } from '../../shared/notifications/contract';
import { notify } from '../../shared/notifications/notify';
import { sendToUsers } from '../../shared/realtime/notify';
import type { JobContext, StreamChange } from '../../shared/runtime/feature-handler';
import { profilesOf } from './common';

const PATHS: Partial<Record<RecordType, string>> = {
  lead: 'leads',
  contact: 'contacts',
  company: 'companies',
  deal: 'deals',
};
export const recordPath = (type: RecordType, id: string) => `/crm/${PATHS[type] ?? `${type}s`}/${id}`;

const SOURCES: Record<Language, Record<string, string>> = {
  en: { web_form: 'web form', email: 'e-mail', call: 'call', manual: 'added by hand', import: 'import' },
  ro: { web_form: 'formular web', email: 'e-mail', call: 'apel', manual: 'adăugat manual', import: 'import' },
};
const TYPE_NAMES: Record<Language, Record<string, string>> = {
  en: { lead: 'lead', deal: 'deal', contact: 'contact', company: 'company' },
  ro: { lead: 'lead-ul', deal: 'afacerea', contact: 'contactul', company: 'compania' },
};

/** The assignment e-mail, in English and Romanian. Every value is escaped by renderMail. */
export function assignmentMail(opts: {
  lang: Language;
  firstName: string;
  actorName: string;
  type: RecordType;
  name: string;
  source?: string;
  url: string;
}): RenderedMail {
  const { lang, type, name } = opts;
  const what = TYPE_NAMES[lang][type] ?? type;
  const source = opts.source ? (SOURCES[lang][opts.source] ?? opts.source) : undefined;
  if (lang === 'ro') {
    return renderMail({
      lang,
      subject: type === 'lead' ? `Un lead nou pentru tine: ${name}` : `Ți-a fost atribuit(ă) ${what} „${name}”`,
      greeting: opts.firstName ? `Bună ziua, ${opts.firstName},` : 'Bună ziua,',
      paragraphs: [
        opts.actorName
          ? `${opts.actorName} ți-a atribuit ${what} „${name}”.`
          : `Ți-a fost atribuit(ă) ${what} „${name}”.`,
        ...(source ? [`Sursa: ${source}.`] : []),
      ],
      action: { label: 'Deschide în portal', url: opts.url },
      signature: 'Echipa Portal',
    });
  }
  return renderMail({
    lang,
    subject: type === 'lead' ? `A new lead for you: ${name}` : `A ${what} was assigned to you: ${name}`,
    greeting: opts.firstName ? `Hello ${opts.firstName},` : 'Hello,',
    paragraphs: [
      opts.actorName
        ? `${opts.actorName} assigned you the ${what} “${name}”.`
        : `The ${what} “${name}” was assigned to you.`,
      ...(source ? [`Source: ${source}.`] : []),
    ],
    action: { label: 'Open it in the portal', url: opts.url },
    signature: 'The Portal team',
  });
}

type Img = Record<string, unknown>;
const nameOfImage = (r: Img): string =>
  r.type === 'contact'
    ? [r.firstName, r.lastName].filter(Boolean).join(' ')
    : r.type === 'deal'
      ? ((r.title as string) ?? '')
      : ((r.name as string) ?? (r.number as string) ?? '');

const KIND: Partial<Record<RecordType, NotificationKind>> = {
  lead: 'crm.lead.assigned',
  deal: 'crm.deal.assigned',
  contact: 'crm.record.assigned',
  company: 'crm.record.assigned',
};

export async function crmEvents(changes: StreamChange[], ctx: JobContext): Promise<void> {
  const assignments = changes.filter((c) => {
    const n = c.newImage;
    const o = c.oldImage;
    return (
      !!n &&
      !n.mergedInto &&
      !n.importJobId &&
      KIND[n.type as RecordType] &&
      n.responsibleId !== o?.responsibleId &&
      n.responsibleId !== n.lastActorId
    );
  });
  const profiles = assignments.length
    ? await profilesOf(
        assignments
          .flatMap((c) => [c.newImage!.responsibleId as string, c.newImage!.lastActorId as string])
          .filter(Boolean),
      )
    : new Map<string, Raw>();
  for (const c of changes) {
    const n = c.newImage;
    const o = c.oldImage;
    const r = (n ?? o)!;
    const frame: CrmFrame = {
      type: 'crm.record.changed',
      recordType: r.type as RecordType,
      id: r.id as string,
      version: r.version as number,
      ...(r.stageId ? { stageId: r.stageId as string } : {}),
      ...(r.pipelineId ? { pipelineId: r.pipelineId as string } : {}),
      responsibleId: r.responsibleId as string,
      ...(!n || n.mergedInto ? { deleted: true } : {}),
    };
    try {
      await sendToUsers([...new Set([n?.responsibleId as string, o?.responsibleId as string].filter(Boolean))], frame);
    } catch (e) {
      ctx.logger.warn('crm frame failed', { error: e as Error });
    }
  }
  for (const c of assignments) {
    const n = c.newImage!;
    const type = n.type as RecordType;
    const to = n.responsibleId as string;
    const actorId = (n.lastActorId as string) || null;
    const actor = actorId ? profiles.get(actorId) : undefined;
    const actorName = fullName(actor);
    const name = nameOfImage(n);
    const link = recordPath(type, n.id as string);
    const params: Record<string, string> =
      type === 'lead'
        ? { actorName, leadName: name, source: (n.source as string) ?? 'manual' }
        : type === 'deal'
          ? { actorName, dealTitle: name }
          : { actorName, recordName: name, type };
    const made = await notify(to, {
      kind: KIND[type]!,
      actorId: actor ? actorId : null,
      params,
      link,
      at: new Date(n.updatedAt as string),
      dedupeKey: `crm-assign#${n.id as string}#${n.version as number}`,
      ownMail: true,
    });
    // The person's settings: 'email' (the CRM default) gets this richer assignment e-mail, 'bell' none, 'off' nothing.
    if (made?.delivery !== 'email') continue;
    const p = profiles.get(to);
    const email = p?.email as string | undefined;
    if (!email || p?.status === 'deactivated') continue;
    const base = (process.env.PORTAL_URL ?? '').replace(/\/+$/, '');
    if (!base) {
      ctx.logger.warn('PORTAL_URL is not set: no CRM assignment e-mail');
      continue;
    }
    try {
      await sendMail(
        email,
        assignmentMail({
          lang: languageOf(p),
          firstName: (p?.firstName as string) ?? '',
          actorName,
          type,
          name,
          ...(type === 'lead' ? { source: n.source as string } : {}),
          url: `${base}${link}`,
        }),
      );
    } catch (e) {
      // The bell notification is in; a mail failure is logged, not retried (a retry would skip it: the notification exists).
      ctx.logger.error('crm assignment mail failed', { error: e as Error });
    }
  }
}
