/**
 * Every notification kind's sentence, in English and Romanian: the ONE place of them. The SPA's bell
 * (web/src/notifications/NotificationText.tsx) and the e-mails sent for notifications both render through
 * `notificationText()`, so a kind reads the same everywhere. No React, no i18next: plain strings.
 *
 * A sentence is a template with `{{param}}` holes filled from the notification's params (plain text: render
 * the result as text, never as HTML). Some kinds have variants (a mention in a direct chat, a lead with no
 * actor, the role on a task); `variant` picks one from the params. Special params are formatted here:
 * `status` (a task status) becomes its word, `deadline` and `startsAt` (ISO) a date and time in the reader's time
 * zone, `role`, `right`, `itemType` and `answer` their words.
 *
 * `shows` lists the params every variant of a kind must show (the unit test checks each template, in both
 * languages, against it): a sentence never silently drops who did it or what it is about.
 */
import { NOTIFICATION_KINDS, type NotificationKind, type NotificationParams } from './contract';

export type NotificationLang = 'en' | 'ro';
export const NOTIFICATION_LANGS: readonly NotificationLang[] = ['en', 'ro'];

/** Settings groups: a person chooses bell, e-mail or off per group. */
export const NOTIFICATION_GROUP_IDS = ['chats', 'tasks', 'drive', 'crm', 'people', 'calendar'] as const;
export type NotificationGroup = (typeof NOTIFICATION_GROUP_IDS)[number];

export const NOTIFICATION_GROUP_LABELS: Record<NotificationGroup, Record<NotificationLang, string>> = {
  chats: { en: 'Chats', ro: 'Conversații' },
  tasks: { en: 'Tasks', ro: 'Sarcini' },
  drive: { en: 'Drive', ro: 'Fișiere' },
  crm: { en: 'CRM', ro: 'CRM' },
  people: { en: 'People and workgroups', ro: 'Persoane și grupuri de lucru' },
  calendar: { en: 'Calendar', ro: 'Calendar' },
};

type Templates = Record<string, string>;

export interface KindSpec {
  group: NotificationGroup;
  /** A short label of the kind (settings, e-mail subject prefix). */
  label: Record<NotificationLang, string>;
  /** Params every variant shows, in both languages. */
  shows: readonly string[];
  /** The variant for these params (default: 'default'). */
  variant?: (p: NotificationParams) => string;
  /** A second line shown under the sentence (e.g. the message's beginning), when the param is present. */
  detail?: string;
  en: Templates;
  ro: Templates;
}

const withActor = (p: NotificationParams) => (p.actorName ? 'default' : 'noActor');

const SPECS: Record<NotificationKind, KindSpec> = {
  'chat.mention': {
    group: 'chats',
    label: { en: 'Mentions in chats', ro: 'Mențiuni în conversații' },
    shows: ['actorName'],
    variant: (p) => (p.chatKind === 'direct' ? 'direct' : 'default'),
    detail: 'preview',
    en: {
      default: '{{actorName}} mentioned you in {{chatTitle}}',
      direct: '{{actorName}} mentioned you in a direct message',
    },
    ro: {
      default: '{{actorName}} v-a menționat în {{chatTitle}}',
      direct: '{{actorName}} v-a menționat într-un mesaj direct',
    },
  },
  'chat.added': {
    group: 'chats',
    label: { en: 'Added to a chat', ro: 'Adăugare într-o conversație' },
    shows: ['actorName'],
    variant: (p) => (p.chatKind === 'direct' ? 'direct' : 'default'),
    en: { default: '{{actorName}} added you to {{chatTitle}}', direct: '{{actorName}} started a chat with you' },
    ro: {
      default: '{{actorName}} v-a adăugat în {{chatTitle}}',
      direct: '{{actorName}} a început o conversație cu dvs.',
    },
  },
  'task.assigned': {
    group: 'tasks',
    label: { en: 'Task assigned', ro: 'Sarcină atribuită' },
    shows: ['actorName', 'taskTitle'],
    variant: (p) => (p.role === 'participant' || p.role === 'observer' ? p.role : 'default'),
    en: {
      default: '{{actorName}} made you responsible for the task “{{taskTitle}}”',
      participant: '{{actorName}} added you as a participant to the task “{{taskTitle}}”',
      observer: '{{actorName}} added you as an observer of the task “{{taskTitle}}”',
    },
    ro: {
      default: '{{actorName}} v-a făcut responsabil de sarcina „{{taskTitle}}”',
      participant: '{{actorName}} v-a adăugat ca participant la sarcina „{{taskTitle}}”',
      observer: '{{actorName}} v-a adăugat ca observator al sarcinii „{{taskTitle}}”',
    },
  },
  'task.status': {
    group: 'tasks',
    label: { en: 'Task status changed', ro: 'Starea unei sarcini s-a schimbat' },
    shows: ['actorName', 'taskTitle', 'status'],
    en: { default: '{{actorName}} changed the status of “{{taskTitle}}” to {{status}}' },
    ro: { default: '{{actorName}} a schimbat starea sarcinii „{{taskTitle}}” în {{status}}' },
  },
  'task.comment': {
    group: 'tasks',
    label: { en: 'Task comment', ro: 'Comentariu la o sarcină' },
    shows: ['actorName', 'taskTitle'],
    detail: 'preview',
    en: { default: '{{actorName}} commented on the task “{{taskTitle}}”' },
    ro: { default: '{{actorName}} a comentat la sarcina „{{taskTitle}}”' },
  },
  'task.mention': {
    group: 'tasks',
    label: { en: 'Mentions in tasks', ro: 'Mențiuni în sarcini' },
    shows: ['actorName', 'taskTitle'],
    detail: 'preview',
    en: { default: '{{actorName}} mentioned you in a comment on “{{taskTitle}}”' },
    ro: { default: '{{actorName}} v-a menționat într-un comentariu la „{{taskTitle}}”' },
  },
  'task.deadline': {
    group: 'tasks',
    label: { en: 'Deadline tomorrow', ro: 'Termen mâine' },
    shows: ['taskTitle', 'deadline'],
    en: { default: 'The task “{{taskTitle}}” is due {{deadline}}' },
    ro: { default: 'Sarcina „{{taskTitle}}” are termen {{deadline}}' },
  },
  'task.overdue': {
    group: 'tasks',
    label: { en: 'Task overdue', ro: 'Sarcină întârziată' },
    shows: ['taskTitle', 'deadline'],
    en: { default: 'The task “{{taskTitle}}” is overdue (due {{deadline}})' },
    ro: { default: 'Sarcina „{{taskTitle}}” a depășit termenul ({{deadline}})' },
  },
  'task.accepted': {
    group: 'tasks',
    label: { en: 'Task accepted', ro: 'Sarcină acceptată' },
    shows: ['actorName', 'taskTitle'],
    en: { default: '{{actorName}} accepted your work on “{{taskTitle}}”' },
    ro: { default: '{{actorName}} a acceptat lucrul dvs. la „{{taskTitle}}”' },
  },
  'task.returned': {
    group: 'tasks',
    label: { en: 'Task returned', ro: 'Sarcină trimisă înapoi' },
    shows: ['actorName', 'taskTitle'],
    en: { default: '{{actorName}} returned the task “{{taskTitle}}” for rework' },
    ro: { default: '{{actorName}} a trimis înapoi sarcina „{{taskTitle}}” pentru refacere' },
  },
  'drive.shared': {
    group: 'drive',
    label: { en: 'Shared with me', ro: 'Partajat cu mine' },
    shows: ['actorName', 'itemName'],
    variant: (p) => (p.departmentName ? 'department' : 'default'),
    en: {
      default: '{{actorName}} shared the {{itemType}} “{{itemName}}” with you ({{right}})',
      department: '{{actorName}} shared the {{itemType}} “{{itemName}}” with {{departmentName}} ({{right}})',
    },
    ro: {
      default: '{{actorName}} a partajat {{itemType}} „{{itemName}}” cu dvs. ({{right}})',
      department: '{{actorName}} a partajat {{itemType}} „{{itemName}}” cu {{departmentName}} ({{right}})',
    },
  },
  'crm.lead.assigned': {
    group: 'crm',
    label: { en: 'Lead assigned', ro: 'Lead atribuit' },
    shows: ['leadName'],
    variant: withActor,
    en: { default: '{{actorName}} gave you the lead {{leadName}}', noActor: 'New lead for you: {{leadName}}' },
    ro: { default: '{{actorName}} v-a dat lead-ul {{leadName}}', noActor: 'Lead nou pentru dvs.: {{leadName}}' },
  },
  'crm.deal.assigned': {
    group: 'crm',
    label: { en: 'Deal assigned', ro: 'Oportunitate atribuită' },
    shows: ['dealTitle'],
    variant: withActor,
    en: { default: '{{actorName}} gave you the deal {{dealTitle}}', noActor: 'New deal for you: {{dealTitle}}' },
    ro: {
      default: '{{actorName}} v-a dat oportunitatea {{dealTitle}}',
      noActor: 'Oportunitate nouă pentru dvs.: {{dealTitle}}',
    },
  },
  'crm.record.assigned': {
    group: 'crm',
    label: { en: 'Contact or company assigned', ro: 'Contact sau companie atribuită' },
    shows: ['recordName'],
    variant: withActor,
    en: {
      default: '{{actorName}} made you responsible for {{recordName}}',
      noActor: 'You are now responsible for {{recordName}}',
    },
    ro: {
      default: '{{actorName}} v-a făcut responsabil de {{recordName}}',
      noActor: 'Acum sunteți responsabil de {{recordName}}',
    },
  },
  'crm.invoice.paid': {
    group: 'crm',
    label: { en: 'Invoice paid', ro: 'Factură plătită' },
    shows: ['number', 'dealTitle'],
    en: { default: 'Invoice {{number}} ({{dealTitle}}) was paid' },
    ro: { default: 'Factura {{number}} ({{dealTitle}}) a fost plătită' },
  },
  'crm.import.done': {
    group: 'crm',
    label: { en: 'Import finished', ro: 'Import terminat' },
    shows: ['created', 'skipped', 'failed'],
    en: { default: 'Import finished: {{created}} created, {{skipped}} skipped, {{failed}} failed' },
    ro: { default: 'Import terminat: {{created}} create, {{skipped}} sărite, {{failed}} eșuate' },
  },
  'crm.export.ready': {
    group: 'crm',
    label: { en: 'Export ready', ro: 'Export gata' },
    shows: [],
    en: { default: 'Your export is ready to download' },
    ro: { default: 'Exportul dvs. este gata de descărcat' },
  },
  'invitation.accepted': {
    group: 'people',
    label: { en: 'Invitation accepted', ro: 'Invitație acceptată' },
    shows: ['actorName'],
    en: { default: '{{actorName}} accepted your invitation and joined the portal' },
    ro: { default: '{{actorName}} a acceptat invitația dvs. și s-a alăturat portalului' },
  },
  'workgroup.request': {
    group: 'people',
    label: { en: 'Requests to join a workgroup', ro: 'Cereri de intrare într-un grup de lucru' },
    shows: ['actorName', 'groupName'],
    en: { default: '{{actorName}} asked to join the workgroup {{groupName}}' },
    ro: { default: '{{actorName}} a cerut să intre în grupul de lucru {{groupName}}' },
  },
  'workgroup.request.approved': {
    group: 'people',
    label: { en: 'Workgroup request approved', ro: 'Cerere aprobată' },
    shows: ['actorName', 'groupName'],
    en: { default: '{{actorName}} approved your request to join the workgroup {{groupName}}' },
    ro: { default: '{{actorName}} v-a aprobat cererea de a intra în grupul de lucru {{groupName}}' },
  },
  'workgroup.request.declined': {
    group: 'people',
    label: { en: 'Workgroup request declined', ro: 'Cerere refuzată' },
    shows: ['actorName', 'groupName'],
    en: { default: '{{actorName}} declined your request to join the workgroup {{groupName}}' },
    ro: { default: '{{actorName}} v-a refuzat cererea de a intra în grupul de lucru {{groupName}}' },
  },
  'calendar.invited': {
    group: 'calendar',
    label: { en: 'Meeting invitation', ro: 'Invitație la o întâlnire' },
    shows: ['actorName', 'eventTitle', 'startsAt'],
    en: { default: '{{actorName}} invited you to “{{eventTitle}}” on {{startsAt}}' },
    ro: { default: '{{actorName}} v-a invitat la „{{eventTitle}}” pe {{startsAt}}' },
  },
  'calendar.changed': {
    group: 'calendar',
    label: { en: 'Meeting changed', ro: 'Întâlnire modificată' },
    shows: ['actorName', 'eventTitle', 'startsAt'],
    en: { default: '{{actorName}} changed “{{eventTitle}}”: it is now on {{startsAt}}' },
    ro: { default: '{{actorName}} a modificat „{{eventTitle}}”: acum este pe {{startsAt}}' },
  },
  'calendar.cancelled': {
    group: 'calendar',
    label: { en: 'Meeting cancelled', ro: 'Întâlnire anulată' },
    shows: ['actorName', 'eventTitle'],
    variant: (p) => (p.reason === 'removed' ? 'removed' : 'default'),
    en: {
      default: '{{actorName}} cancelled “{{eventTitle}}”',
      removed: '{{actorName}} took you off the guest list of “{{eventTitle}}”',
    },
    ro: {
      default: '{{actorName}} a anulat „{{eventTitle}}”',
      removed: '{{actorName}} v-a scos de pe lista invitaților la „{{eventTitle}}”',
    },
  },
  'calendar.answered': {
    group: 'calendar',
    label: { en: 'Answers to my meetings', ro: 'Răspunsuri la întâlnirile mele' },
    shows: ['actorName', 'eventTitle', 'answer'],
    detail: 'comment',
    en: { default: '{{actorName}} {{answer}} “{{eventTitle}}”' },
    ro: { default: '{{actorName}} {{answer}} „{{eventTitle}}”' },
  },
  'calendar.reminder': {
    group: 'calendar',
    label: { en: 'Event reminder', ro: 'Memento eveniment' },
    shows: ['eventTitle', 'startsAt'],
    en: { default: 'Reminder: “{{eventTitle}}” starts on {{startsAt}}' },
    ro: { default: 'Memento: „{{eventTitle}}” începe pe {{startsAt}}' },
  },
};

/** The spec of every kind (for the settings page, e-mails and the unit test). */
export const NOTIFICATION_SPECS: Readonly<Record<NotificationKind, KindSpec>> = SPECS;

/** Each kind's settings group. */
export const NOTIFICATION_GROUPS: Readonly<Record<NotificationKind, NotificationGroup>> = Object.fromEntries(
  NOTIFICATION_KINDS.map((k) => [k, SPECS[k].group]),
) as Record<NotificationKind, NotificationGroup>;

/** The words of the special params (task statuses match web/src/i18n/tasks.*.ts). */
const WORDS: Record<string, Record<NotificationLang, Record<string, string>>> = {
  status: {
    en: {
      pending: 'Pending',
      in_progress: 'In progress',
      awaiting_control: 'Awaiting control',
      completed: 'Completed',
      deferred: 'Deferred',
      declined: 'Declined',
    },
    ro: {
      pending: 'În așteptare',
      in_progress: 'În lucru',
      awaiting_control: 'Așteaptă verificarea',
      completed: 'Finalizată',
      deferred: 'Amânată',
      declined: 'Refuzată',
    },
  },
  right: {
    en: { read: 'can view', edit: 'can edit', full: 'full access' },
    ro: { read: 'poate vedea', edit: 'poate modifica', full: 'acces complet' },
  },
  itemType: {
    en: { file: 'file', folder: 'folder', document: 'document' },
    ro: { file: 'fișierul', folder: 'dosarul', document: 'documentul' },
  },
  /** A meeting answer, as a verb ("Ana Pop accepted …"). */
  answer: {
    en: { accepted: 'accepted', tentative: 'tentatively accepted', declined: 'declined' },
    ro: { accepted: 'a acceptat', tentative: 'a acceptat cu rezerve', declined: 'a refuzat' },
  },
};

const SOMEONE: Record<NotificationLang, string> = { en: 'Someone', ro: 'Cineva' };
const FALLBACK: Record<NotificationLang, string> = {
  en: 'Something happened in the portal',
  ro: 'S-a întâmplat ceva în portal',
};

export interface TextOptions {
  /** The reader's IANA time zone, for dates (default: UTC). */
  timeZone?: string;
}

export interface RenderedNotification {
  /** The sentence. */
  text: string;
  /** A second line (a message's or comment's beginning), or null. */
  detail: string | null;
  group: NotificationGroup | null;
  /** The group's label in this language. */
  groupLabel: string;
  /** The kind's short label in this language. */
  label: string;
}

/** A date and time in the reader's language and zone, e.g. "7 Dec 2026, 17:30". */
export function formatNotificationDate(iso: string, lang: NotificationLang, timeZone = 'UTC'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(lang === 'ro' ? 'ro-RO' : 'en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone,
    }).format(d);
  } catch {
    // an unknown zone name: UTC rather than nothing
    return new Intl.DateTimeFormat(lang === 'ro' ? 'ro-RO' : 'en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'UTC',
    }).format(d);
  }
}

const isKind = (k: string): k is NotificationKind => (NOTIFICATION_KINDS as readonly string[]).includes(k);

/** The value put in a `{{name}}` hole. */
function paramValue(name: string, p: NotificationParams, lang: NotificationLang, opts: TextOptions): string {
  const raw = p[name] ?? '';
  if (name === 'deadline' || name === 'startsAt') return raw ? formatNotificationDate(raw, lang, opts.timeZone) : '';
  if (name === 'actorName') return raw || SOMEONE[lang];
  const words = WORDS[name]?.[lang];
  return words ? (words[raw] ?? raw) : raw;
}

/** Fills a template's holes (single pass: a param's value containing "{{x}}" stays as typed). */
export const fillTemplate = (tpl: string, value: (name: string) => string) =>
  tpl.replace(/\{\{(\w+)\}\}/g, (_, name: string) => value(name));

/** The variant template of a kind for these params (exported for the test). */
export function templateOf(kind: NotificationKind, p: NotificationParams, lang: NotificationLang): string {
  const spec = SPECS[kind];
  const variant = spec.variant?.(p) ?? 'default';
  return spec[lang][variant] ?? spec[lang].default!;
}

/** A notification in words, in `lang`. Unknown kinds (an older SPA, a newer server) get a neutral sentence. */
export function notificationText(
  n: { kind: string; params: NotificationParams },
  lang: NotificationLang,
  opts: TextOptions = {},
): RenderedNotification {
  if (!isKind(n.kind)) return { text: FALLBACK[lang], detail: null, group: null, groupLabel: '', label: '' };
  const spec = SPECS[n.kind];
  const params = n.params ?? {};
  const text = fillTemplate(templateOf(n.kind, params, lang), (name) => paramValue(name, params, lang, opts));
  const detail = spec.detail && params[spec.detail] ? params[spec.detail]! : null;
  return {
    text,
    detail,
    group: spec.group,
    groupLabel: NOTIFICATION_GROUP_LABELS[spec.group][lang],
    label: spec.label[lang],
  };
}

/** 'ro' for Romanian, 'en' for anything else (i18next languages like 'ro-RO' included). */
export const notificationLang = (language: string | undefined): NotificationLang =>
  language?.toLowerCase().startsWith('ro') ? 'ro' : 'en';
