/**
 * Every notification kind any module emits has its sentence in English and Romanian, showing the actor and
 * the object it promises. The emitted kinds are COLLECTED from the code, not listed here: every source file
 * under functions/ and shared/ that imports notify() is parsed (TypeScript compiler API) and the dotted string
 * literals in it (a `kind: '…'` property, a kind map, a `'a' | 'b'` union or a conditional) are the kinds it
 * may emit; only a frame's `type: '…'` is left out.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../../shared/notifications/contract';
import {
  NOTIFICATION_GROUPS,
  NOTIFICATION_LANGS,
  NOTIFICATION_SPECS,
  notificationText,
  templateOf,
} from '../../../shared/notifications/texts';

const ROOT = join(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

const KIND_LIKE = /^[a-z]+(\.[a-z]+)+$/;

/** Kinds a file may emit: dotted string literals, except frame types and module paths. */
function kindsIn(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) && KIND_LIKE.test(node.text)) {
      const parent = node.parent;
      const isFrameType =
        ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name) && parent.name.text === 'type';
      const isModulePath = ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent);
      if (!isFrameType && !isModulePath) out.push(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const notifyingFiles = [...sourceFiles(join(ROOT, 'functions')), ...sourceFiles(join(ROOT, 'shared'))].filter(
  (f) => /from '[./]*(shared\/)?notifications\/notify'/.test(readFileSync(f, 'utf8')) || f.endsWith('notify.ts'),
);
const emitted = new Map<string, string[]>();
for (const f of notifyingFiles)
  for (const k of kindsIn(f)) emitted.set(k, [...(emitted.get(k) ?? []), relative(ROOT, f)]);

const SAMPLE: Record<string, string> = {
  actorName: 'Ana Pop',
  taskTitle: 'Quarterly report',
  chatTitle: 'Sales team',
  preview: 'see the numbers',
  status: 'in_progress',
  role: 'responsible',
  deadline: '2026-12-07T15:30:00.000Z',
  itemName: 'Budget 2027.xlsx',
  itemType: 'file',
  right: 'edit',
  departmentName: 'Finance',
  leadName: 'Acme lead',
  dealTitle: 'Acme renewal',
  recordName: 'Acme SRL',
  type: 'contact',
  number: 'INV-0007',
  created: '12',
  skipped: '3',
  failed: '1',
  groupName: 'Launch crew',
  chatKind: 'group',
  eventTitle: 'Weekly sync',
  startsAt: '2026-12-08T08:00:00.000Z',
  answer: 'accepted',
  comment: 'I will bring the numbers',
};
/** How a special param appears in the sentence. */
const SHOWN: Record<NotificationLang2, Record<string, string>> = {
  en: {
    status: 'In progress',
    deadline: '7 Dec 2026',
    right: 'can edit',
    itemType: 'file',
    startsAt: '8 Dec 2026, 10:00',
    answer: 'accepted',
  },
  ro: {
    status: 'În lucru',
    deadline: '7 dec. 2026',
    right: 'poate modifica',
    itemType: 'fișierul',
    startsAt: '8 dec. 2026, 10:00',
    answer: 'a acceptat',
  },
};
type NotificationLang2 = 'en' | 'ro';

/** Every variant of a kind, reached through params. */
const VARIANT_PARAMS: Partial<Record<NotificationKind, Record<string, string>[]>> = {
  'chat.mention': [{ chatKind: 'group' }, { chatKind: 'direct' }],
  'chat.added': [{ chatKind: 'group' }, { chatKind: 'direct' }],
  'task.assigned': [{ role: 'responsible' }, { role: 'participant' }, { role: 'observer' }],
  'drive.shared': [{ departmentName: '' }, { departmentName: 'Finance' }],
  'crm.lead.assigned': [{}, { actorName: '' }],
  'crm.deal.assigned': [{}, { actorName: '' }],
  'crm.record.assigned': [{}, { actorName: '' }],
  'calendar.cancelled': [{}, { reason: 'removed' }],
};

describe('notification kinds collected from the code', () => {
  it('finds the notifying modules and their kinds', () => {
    // a sanity floor: the collector must actually see the emitters (a broken scan finds nothing)
    expect(notifyingFiles.length).toBeGreaterThanOrEqual(8);
    for (const k of ['task.accepted', 'task.returned', 'drive.shared', 'workgroup.request', 'invitation.accepted'])
      expect(emitted.has(k)).toBe(true);
  });

  it.each([...emitted.keys()])('%s is a declared kind with a group', (kind) => {
    expect(NOTIFICATION_KINDS).toContain(kind);
    expect(NOTIFICATION_GROUPS[kind as NotificationKind]).toBeDefined();
  });

  it.each([...NOTIFICATION_KINDS])('%s is emitted somewhere (no dead kind)', (kind) => {
    expect(emitted.has(kind)).toBe(true);
  });
});

describe.each([...NOTIFICATION_KINDS])('%s in words', (kind) => {
  const spec = NOTIFICATION_SPECS[kind];
  const variants = VARIANT_PARAMS[kind] ?? [{}];

  it.each([...NOTIFICATION_LANGS])('has a sentence in %s for every variant, showing what it promises', (lang) => {
    const seen = new Set<string>();
    for (const v of variants) {
      const params = { ...SAMPLE, ...v };
      const tpl = templateOf(kind, params, lang);
      seen.add(tpl);
      const r = notificationText({ kind, params }, lang, { timeZone: 'Europe/Bucharest' });
      expect(r.text).not.toMatch(/\{\{|\}\}/);
      expect(r.text).not.toBe(notificationText({ kind: 'nope', params: {} }, lang).text);
      for (const p of spec.shows) {
        expect(tpl).toContain(`{{${p}}}`);
        expect(r.text).toContain(SHOWN[lang][p] ?? params[p]);
      }
      expect(r.label.length).toBeGreaterThan(0);
      expect(r.groupLabel.length).toBeGreaterThan(0);
    }
    // each variant is a different sentence (a variant map that falls back to default for all would not be)
    expect(seen.size).toBe(variants.length);
  });

  it('has the same holes in English and Romanian, variant by variant', () => {
    const holes = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(spec.ro).sort()).toEqual(Object.keys(spec.en).sort());
    for (const v of Object.keys(spec.en)) expect(holes(spec.ro[v]!)).toEqual(holes(spec.en[v]!));
  });
});

describe('notificationText', () => {
  it('says a 1:1 mention happened in a direct message, not in a chat named after the writer', () => {
    const n = {
      kind: 'chat.mention',
      params: { actorName: 'Demo Admin', chatTitle: 'Demo Admin', chatKind: 'direct' },
    };
    expect(notificationText(n, 'en').text).toBe('Demo Admin mentioned you in a direct message');
    expect(notificationText(n, 'ro').text).toBe('Demo Admin v-a menționat într-un mesaj direct');
    const g = { kind: 'chat.mention', params: { actorName: 'Demo Admin', chatTitle: 'General', chatKind: 'general' } };
    expect(notificationText(g, 'en').text).toBe('Demo Admin mentioned you in General');
  });

  it('translates the task status and shows the deadline in the reader’s zone', () => {
    const s = notificationText(
      { kind: 'task.status', params: { actorName: 'Ana Pop', taskTitle: 'T', status: 'awaiting_control' } },
      'ro',
    );
    expect(s.text).toBe('Ana Pop a schimbat starea sarcinii „T” în Așteaptă verificarea');
    const due = { kind: 'task.deadline', params: { taskTitle: 'T', deadline: '2026-12-07T22:30:00.000Z' } };
    // 22:30 UTC is already the 8th, 00:30, in Bucharest
    expect(notificationText(due, 'en', { timeZone: 'Europe/Bucharest' }).text).toBe(
      'The task “T” is due 8 Dec 2026, 00:30',
    );
    expect(notificationText(due, 'en', { timeZone: 'UTC' }).text).toBe('The task “T” is due 7 Dec 2026, 22:30');
  });

  it('names someone when the actor is unknown, and keeps params as typed (no template injection)', () => {
    const r = notificationText({ kind: 'task.comment', params: { actorName: '', taskTitle: '{{actorName}}' } }, 'en');
    expect(r.text).toBe('Someone commented on the task “{{actorName}}”');
  });

  it('says a meeting answer as a verb with the comment under it, and the start in the reader’s zone', () => {
    const n = {
      kind: 'calendar.answered',
      params: { actorName: 'Ana Pop', eventTitle: 'Weekly sync', answer: 'tentative', comment: 'late by 5 min' },
    };
    expect(notificationText(n, 'en')).toMatchObject({
      text: 'Ana Pop tentatively accepted “Weekly sync”',
      detail: 'late by 5 min',
    });
    expect(notificationText(n, 'ro').text).toBe('Ana Pop a acceptat cu rezerve „Weekly sync”');
    const r = { kind: 'calendar.reminder', params: { eventTitle: 'Weekly sync', startsAt: '2026-03-29T07:30:00Z' } };
    // the Sunday DST switch: 07:30 UTC is 10:30 in Bucharest (UTC+3 from 03:00 that day)
    expect(notificationText(r, 'en', { timeZone: 'Europe/Bucharest' }).text).toBe(
      'Reminder: “Weekly sync” starts on 29 Mar 2026, 10:30',
    );
  });

  it('answers an unknown kind with a neutral sentence rather than failing', () => {
    expect(notificationText({ kind: 'future.kind', params: {} }, 'ro').text).toBe('S-a întâmplat ceva în portal');
  });

  it('puts every kind in one settings group', () => {
    expect(new Set(Object.values(NOTIFICATION_GROUPS))).toEqual(
      new Set(['chats', 'tasks', 'drive', 'crm', 'people', 'calendar']),
    );
    expect(NOTIFICATION_GROUPS['calendar.answered']).toBe('calendar');
    expect(NOTIFICATION_GROUPS['drive.shared']).toBe('drive');
    expect(NOTIFICATION_GROUPS['workgroup.request']).toBe('people');
  });
});
