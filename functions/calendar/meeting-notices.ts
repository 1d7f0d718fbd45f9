/**
 * Meeting notices, read from the table's stream (never from the request that made the change):
 *  - an event (calendarEvent) with attendees created → each colleague `calendar.invited` (the bell) and, when their
 *    Calendar notifications are set to e-mail (the default), an invitation e-mail with the .ics (METHOD:REQUEST);
 *    each outside guest the same e-mail with the links of their invitation page, and their guest row (pending);
 *  - a change that matters (SEQUENCE grew: time, place, rule, title) → `calendar.changed` + the updated REQUEST;
 *    people added meanwhile are invited; people taken off get `calendar.cancelled` (removed) + METHOD:CANCEL;
 *  - cancelled or deleted → `calendar.cancelled` + METHOD:CANCEL to everyone;
 *  - an answer (an attendee row's or a guest row's state changed) → `calendar.answered` to the organiser, with the
 *    comment;
 *  - and, for every event touched, its reminders recomputed (./reminders.ts syncEventReminders).
 * Nobody is told about their own change (the event's lastActorId, the answerer).
 *
 * Per batch: ONE BatchGet of the profiles involved (names, addresses, languages, zones), ONE BatchGet of the events
 * the answers belong to; per touched event ONE Query of its attendee rows and ONE of its reminders, and ONE
 * BatchGet of the status of the people those reminders are for (deactivated people get none).
 *
 * Order and duplicates: each event record is judged on its own old and new images (what changed between them), so
 * the order of records does not matter for notices; a late record of an older version sends that version's notice
 * with its lower SEQUENCE, which calendar clients ignore once they hold a higher one. Every bell has a dedupeKey made
 * of the event, its version and the person (notify() writes it only if absent), and every e-mail first claims a
 * marker per (event, version, METHOD, recipient) (shared/calendar/notice-entity.ts, created if absent; released
 * when SES fails, and the batch then fails so the retry sends it) — so a record delivered twice, or twice at once,
 * rings once and mails once (a deletion's bell, stamped when it is handled, has a marker of its own instead).
 * Answers dedupe on (event, person, answeredAt). Reminders are set-based: recomputed
 * from the event and attendee rows as they are NOW (consistent reads), whatever record triggered it.
 */
import { batchGet, queryAll, type Raw } from '../../shared/data';
import { epochSeconds } from '../../shared/data/electro';
import { isConditionFailure } from '../../shared/data/versioning';
import { attendeeFromRow, ATTENDEE_ENTITY } from '../../shared/calendar/attendee-entity';
import { EVENT_ENTITY, eventFromRow, eventKey, type EventItem } from '../../shared/calendar/event-entity';
import { CALENDAR_GUEST_ENTITY, CalendarGuests } from '../../shared/calendar/guest-entity';
import { CalendarNotices, NOTICE_KEEP_DAYS } from '../../shared/calendar/notice-entity';
import { isLanguage, type Language } from '../../shared/i18n/languages';
import { sendRawMail } from '../../shared/mail/raw';
import type { NotificationKind } from '../../shared/notifications/contract';
import { deliveryFor, notify } from '../../shared/notifications/notify';
import type { JobContext, StreamChange } from '../../shared/runtime/feature-handler';
import { guestPagePath, guestToken } from './guest-token';
import { uidHost, type IcsAttendee } from '../../shared/calendar/ics';
import { meetingIcs } from './invitation-ics';
import { meetingMail, type NoticeKind } from './invitation-mail';
import { deactivatedAmong, eventLink, syncEventReminders } from './reminders';

export type Recipient = { type: 'user'; id: string } | { type: 'guest'; email: string; name?: string };

/** One notice to send: what happened, to whom, and the event as the notice shows it. */
export interface Notice {
  kind: NoticeKind;
  method: 'REQUEST' | 'CANCEL';
  event: EventItem;
  /** The event version the notice comes from (dedupe and the e-mail marker). */
  version: number;
  /** SEQUENCE in the .ics. */
  sequence: number;
  actorId: string;
  /** When it happened (the bell's time); null for a deletion, whose image carries no time of its own. */
  at: string | null;
  to: Recipient;
}

const userIds = (e: EventItem) => new Set(e.users.map((u) => u.id));
const guestMap = (e: EventItem) => new Map(e.guests.map((g) => [g.email.toLowerCase(), g]));

/** The notices of one event record (pure: unit-tested). */
export function noticesOf(oldE: EventItem | null, newE: EventItem | null): Notice[] {
  const out: Notice[] = [];
  const push = (
    kind: NoticeKind,
    e: EventItem,
    version: number,
    sequence: number,
    actorId: string,
    at: string | null,
  ) => {
    const method = kind === 'cancelled' || kind === 'removed' ? 'CANCEL' : 'REQUEST';
    return (to: Recipient) => {
      if (to.type === 'user' && to.id === actorId) return; // never told about one's own change
      out.push({ kind, method, event: e, version, sequence, actorId, at, to });
    };
  };
  const everyone = (e: EventItem): Recipient[] => [
    ...e.users.map((u): Recipient => ({ type: 'user', id: u.id })),
    ...e.guests.map((g): Recipient => ({
      type: 'guest',
      email: g.email.toLowerCase(),
      ...(g.name ? { name: g.name } : {}),
    })),
  ];
  if (!newE) {
    // Deleted outright: a cancellation for whoever was still invited (unless it was cancelled before).
    if (oldE && !oldE.cancelled)
      everyone(oldE).forEach(push('cancelled', oldE, oldE.version + 1, oldE.sequence + 1, oldE.lastActorId, null));
    return out;
  }
  const { version, sequence, lastActorId: actor, updatedAt: at } = newE;
  if (newE.cancelled) {
    if (oldE && !oldE.cancelled) everyone(newE).forEach(push('cancelled', newE, version, sequence, actor, at));
    return out;
  }
  if (!oldE) {
    // A new event; an edited occurrence of a series (its override) is news about a meeting people already have.
    everyone(newE).forEach(push(newE.seriesId ? 'changed' : 'invited', newE, version, sequence, actor, at));
    return out;
  }
  if (oldE.cancelled) {
    everyone(newE).forEach(push('invited', newE, version, sequence, actor, at));
    return out;
  }
  const oldUsers = userIds(oldE);
  const newUsers = userIds(newE);
  const oldGuests = guestMap(oldE);
  const newGuests = guestMap(newE);
  const changed = newE.sequence > oldE.sequence;
  // Taken off: a cancellation with a SEQUENCE above the one they hold.
  const removed = push('removed', oldE, version, Math.max(sequence, oldE.sequence + 1), actor, at);
  oldE.users.filter((u) => !newUsers.has(u.id)).forEach((u) => removed({ type: 'user', id: u.id }));
  for (const [email, g] of oldGuests)
    if (!newGuests.has(email)) removed({ type: 'guest', email, ...(g.name ? { name: g.name } : {}) });
  const invited = push('invited', newE, version, sequence, actor, at);
  const updated = push('changed', newE, version, sequence, actor, at);
  for (const r of everyone(newE)) {
    const isNew = r.type === 'user' ? !oldUsers.has(r.id) : !oldGuests.has(r.email);
    if (isNew) invited(r);
    else if (changed) updated(r);
  }
  return out;
}

interface Profile {
  userId: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  language?: string;
  timeZone?: string;
  status?: string;
}
const profileKey = (userId: string) => ({ PK: `USER#${userId}`, SK: 'PROFILE' });
const fullName = (p: Profile | undefined) => (p ? `${p.firstName ?? ''} ${p.lastName ?? ''}`.trim() : '');
const langOf = (p: Profile | undefined): Language => (isLanguage(p?.language) ? p.language : 'en');

const NOTIFY_KIND: Record<NoticeKind, NotificationKind> = {
  invited: 'calendar.invited',
  changed: 'calendar.changed',
  cancelled: 'calendar.cancelled',
  removed: 'calendar.cancelled',
};

/** Claims the e-mail's marker; false when it was sent already (a repeated record). */
async function claimMarker(n: Notice, recipient: string): Promise<boolean> {
  try {
    await CalendarNotices.create({
      eventId: n.event.eventId,
      version: n.version,
      method: n.method,
      recipient,
      sentAt: new Date().toISOString(),
      expiresAt: epochSeconds() + NOTICE_KEEP_DAYS * 86_400,
    }).go({ response: 'none' });
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

const releaseMarker = (n: Notice, recipient: string) =>
  CalendarNotices.delete({ eventId: n.event.eventId, version: n.version, method: n.method, recipient }).go({
    response: 'none',
  });

interface Context {
  profiles: Map<string, Profile>;
  portalUrl: string;
  host: string;
  ctx: JobContext;
}

/** Sends one e-mail once (marker); SES failing releases the marker and rethrows. */
async function mailOnce(n: Notice, recipient: string, send: () => Promise<unknown>): Promise<void> {
  if (!(await claimMarker(n, recipient))) return;
  try {
    await send();
  } catch (e) {
    await releaseMarker(n, recipient);
    throw e;
  }
}

/**
 * The notice's .ics: the organiser, and as ATTENDEEs everyone invited (a cancellation for someone taken off: only
 * them), each "needs action" (their answers are the portal's to show).
 */
function icsOf(n: Notice, c: Context): Promise<string> {
  const e = n.event;
  const person = (id: string, name: string): IcsAttendee | null => {
    const email = c.profiles.get(id)?.email;
    return email ? { name, email, state: 'pending' } : null;
  };
  const guest = (g: { email: string; name?: string | undefined }): IcsAttendee => ({
    name: g.name || g.email,
    email: g.email,
    state: 'pending',
  });
  const to = n.to;
  const attendees =
    n.kind !== 'removed'
      ? [...e.users.map((u) => person(u.id, u.name)), ...e.guests.map(guest)]
      : to.type === 'user'
        ? [person(to.id, e.users.find((u) => u.id === to.id)?.name ?? '')]
        : [guest(to)];
  const organizerEmail = c.profiles.get(e.organizerId)?.email;
  return meetingIcs(e, {
    method: n.method,
    sequence: n.sequence,
    host: c.host,
    organizer: organizerEmail ? { name: e.organizerName, email: organizerEmail } : null,
    attendees: attendees.filter((a): a is IcsAttendee => a !== null),
    url: `${c.portalUrl.replace(/\/+$/, '')}${eventLink(e.eventId)}`,
  });
}

async function deliver(n: Notice, c: Context): Promise<void> {
  const actorName = fullName(c.profiles.get(n.actorId)) || n.event.organizerName;
  if (n.to.type === 'guest') {
    const { email, name } = n.to;
    if (!c.portalUrl) return;
    const token = await guestToken(n.event.eventId, email);
    await mailOnce(n, `guest:${email}`, async () =>
      sendRawMail(
        meetingMail({
          kind: n.kind,
          event: n.event,
          // An outside address has no preferences: the organiser's language is the likelier one.
          lang: langOf(c.profiles.get(n.event.organizerId)),
          timeZone: n.event.timeZone,
          to: email,
          firstName: name ?? '',
          actorName,
          portalUrl: c.portalUrl,
          ics: await icsOf(n, c),
          method: n.method,
          guestPage: guestPagePath(token),
        }),
      ),
    );
    return;
  }
  const userId = n.to.id;
  const kind = NOTIFY_KIND[n.kind];
  // A deletion's bell is stamped now, so it is made once by a marker of its own rather than by its time.
  const bellMarker = `bell:${userId}`;
  const ringBell = n.at !== null || (await claimMarker(n, bellMarker));
  const bell = ringBell
    ? await notify(userId, {
        kind,
        actorId: n.actorId,
        params: {
          actorName,
          eventTitle: n.event.title,
          ...(n.method === 'REQUEST' ? { startsAt: n.event.firstStartUtc } : {}),
          ...(n.kind === 'removed' ? { reason: 'removed' } : {}),
        },
        link: eventLink(n.event.eventId),
        at: n.at === null ? new Date() : new Date(n.at),
        dedupeKey: `${kind}:${n.event.eventId}:${n.version}:${userId}`,
        ownMail: true,
      }).catch(async (e: unknown) => {
        if (n.at === null) await releaseMarker(n, bellMarker);
        throw e;
      })
    : null;
  // A repeated record finds the bell written (null): the e-mail marker decides whether its mail still has to go.
  const delivery = bell?.delivery ?? (await deliveryFor(userId, kind));
  const p = c.profiles.get(userId);
  if (delivery !== 'email' || !p?.email || p.status === 'deactivated' || !c.portalUrl) return;
  await mailOnce(n, userId, async () =>
    sendRawMail(
      meetingMail({
        kind: n.kind,
        event: n.event,
        lang: langOf(p),
        timeZone: p.timeZone ?? n.event.timeZone,
        to: p.email!,
        firstName: p.firstName ?? '',
        actorName,
        portalUrl: c.portalUrl,
        ics: await icsOf(n, c),
        method: n.method,
      }),
    ),
  );
}

/** Guest rows follow the event's guest list: invited → a pending row if none; taken off or deleted → the row goes. */
async function syncGuestRows(oldE: EventItem | null, newE: EventItem | null): Promise<void> {
  const now = new Date().toISOString();
  const before = oldE ? guestMap(oldE) : new Map<string, EventItem['guests'][number]>();
  const after = newE && !newE.cancelled ? guestMap(newE) : new Map<string, EventItem['guests'][number]>();
  const eventId = (newE ?? oldE)!.eventId;
  await Promise.all([
    ...[...after.entries()]
      .filter(([email]) => !before.has(email))
      .map(([email, g]) =>
        CalendarGuests.create({
          eventId,
          email,
          ...(g.name ? { name: g.name } : {}),
          state: 'pending',
          createdAt: now,
          updatedAt: now,
        })
          .go({ response: 'none' })
          .catch((e: unknown) => {
            if (!isConditionFailure(e)) throw e;
          }),
      ),
    // Taken off a live event, or the event deleted (a cancelled one keeps its answers).
    ...[...before.keys()]
      .filter((email) => !after.has(email) && !newE?.cancelled)
      .map((email) => CalendarGuests.delete({ eventId, email }).go({ response: 'none' })),
  ]);
}

interface Answer {
  eventId: string;
  /** A user id, or null for an outside guest. */
  userId: string | null;
  name: string;
  state: 'accepted' | 'tentative' | 'declined';
  comment?: string;
  answeredAt: string;
}

/** The answers of a batch: attendee and guest rows whose state changed to an answer (pure: unit-tested). */
export function answersOf(changes: StreamChange[]): Answer[] {
  return changes.flatMap((c): Answer[] => {
    if (!c.newImage) return [];
    if (c.entity === ATTENDEE_ENTITY) {
      const a = attendeeFromRow(c.newImage as Raw);
      const before = c.oldImage ? attendeeFromRow(c.oldImage as Raw) : null;
      if (!a || a.state === 'pending' || (before && before.state === a.state && before.answeredAt === a.answeredAt))
        return [];
      return [answerOf({ ...a, state: a.state }, a.userId, a.name)];
    }
    if (c.entity === CALENDAR_GUEST_ENTITY) {
      const g = CalendarGuests.parse({ Item: c.newImage }).data;
      const before = c.oldImage ? CalendarGuests.parse({ Item: c.oldImage }).data : null;
      if (!g || g.state === 'pending' || (before && before.state === g.state && before.answeredAt === g.answeredAt))
        return [];
      return [answerOf({ ...g, state: g.state }, null, g.name || g.email)];
    }
    return [];
  });
}

function answerOf(
  row: { eventId: string; state: Answer['state']; comment?: string | undefined; answeredAt?: string | undefined },
  userId: string | null,
  name: string,
): Answer {
  return {
    eventId: row.eventId,
    userId,
    name,
    state: row.state,
    ...(row.comment ? { comment: row.comment } : {}),
    answeredAt: row.answeredAt ?? new Date(0).toISOString(),
  };
}

async function tellOrganiser(a: Answer, e: EventItem): Promise<void> {
  if (a.userId === e.organizerId) return;
  await notify(e.organizerId, {
    kind: 'calendar.answered',
    actorId: a.userId,
    params: { actorName: a.name, eventTitle: e.title, answer: a.state, ...(a.comment ? { comment: a.comment } : {}) },
    link: eventLink(e.eventId),
    at: new Date(a.answeredAt),
    dedupeKey: `calendar.answered:${e.eventId}:${a.userId ?? 'guest'}:${a.name}:${a.answeredAt}`,
  });
}

/** The event and its declined attendees as they are now (ONE Query: the attendee rows and the event sort together). */
async function currentState(eventId: string): Promise<{ event: EventItem | null; declined: Set<string> }> {
  const rows = await queryAll({
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': `CALEV#${eventId}`, ':from': 'ATT#', ':to': 'EVENT' },
    ConsistentRead: true,
  });
  let event: EventItem | null = null;
  const declined = new Set<string>();
  for (const row of rows) {
    if (row.__edb_e__ === EVENT_ENTITY) event = eventFromRow(row);
    else if (row.__edb_e__ === ATTENDEE_ENTITY) {
      const a = attendeeFromRow(row);
      if (a?.state === 'declined') declined.add(a.userId);
    }
  }
  return { event, declined };
}

export async function meetingNotices(changes: StreamChange[], ctx: JobContext): Promise<void> {
  const eventChanges = changes
    .filter((c) => c.entity === EVENT_ENTITY)
    .map((c) => ({
      oldE: c.oldImage ? eventFromRow(c.oldImage as Raw) : null,
      newE: c.newImage ? eventFromRow(c.newImage as Raw) : null,
    }))
    .filter((c) => c.oldE || c.newE);
  const notices = eventChanges.flatMap((c) => noticesOf(c.oldE, c.newE));
  const answers = answersOf(changes);
  const touched = new Set<string>([
    ...eventChanges.map((c) => (c.newE ?? c.oldE)!.eventId),
    ...changes
      .filter((c) => c.entity === ATTENDEE_ENTITY)
      .map((c) => String((c.newImage ?? c.oldImage)?.eventId ?? ''))
      .filter(Boolean),
  ]);

  const answerEvents = await batchGet([...new Set(answers.map((a) => a.eventId))].map(eventKey));
  const events = new Map(
    answerEvents.flatMap((r) => {
      const e = eventFromRow(r);
      return e ? [[e.eventId, e] as const] : [];
    }),
  );
  // Everyone a notice names: actors, recipients, and the organisers and attendees its .ics lists.
  const people = new Set<string>(
    [...new Set(notices.map((n) => n.event))].flatMap((e) => [
      e.organizerId,
      e.lastActorId,
      ...e.users.map((u) => u.id),
    ]),
  );
  for (const n of notices) people.add(n.actorId);
  const profiles = new Map(
    (
      await batchGet<Profile>([...people].map(profileKey), {
        attributes: ['userId', 'email', 'firstName', 'lastName', 'language', 'timeZone', 'status'],
      })
    ).map((p) => [p.userId, p]),
  );
  const portalUrl = process.env.PORTAL_URL ?? '';
  if (!portalUrl && notices.length) ctx.logger.warn('PORTAL_URL is not set: no meeting e-mails');
  const c: Context = { profiles, portalUrl, host: uidHost(portalUrl), ctx };

  const failures: unknown[] = [];
  const attempt = async (what: string, f: () => Promise<unknown>) => {
    try {
      await f();
    } catch (e) {
      ctx.logger.error(`meeting notice failed: ${what}`, { error: e as Error });
      failures.push(e);
    }
  };
  await Promise.all(eventChanges.map((ec) => attempt('guest rows', () => syncGuestRows(ec.oldE, ec.newE))));
  for (const n of notices) await attempt(`${n.kind} ${n.event.eventId}`, () => deliver(n, c));
  for (const a of answers) {
    const e = events.get(a.eventId);
    // An answer older than its event was carried over from the series (an occurrence edited on its own, or the
    // series split: shared/calendar/writes/carried-answers.ts): the organiser heard it when it was given.
    if (e && !e.cancelled && a.answeredAt >= e.createdAt)
      await attempt(`answer ${a.eventId}`, () => tellOrganiser(a, e));
  }
  // Reminders: each touched event as it is now, then ONE BatchGet of the status of everyone they would remind.
  const states = new Map<string, Awaited<ReturnType<typeof currentState>>>();
  for (const eventId of touched)
    await attempt(`reminders ${eventId}`, async () => {
      states.set(eventId, await currentState(eventId));
    });
  const reminded = [...states.values()].flatMap(({ event }) =>
    event ? [event.organizerId, ...event.users.map((u) => u.id)] : [],
  );
  const deactivated = await deactivatedAmong(reminded).catch((e: unknown) => {
    ctx.logger.error('meeting notice failed: reminders (who is deactivated)', { error: e as Error });
    failures.push(e);
    return null;
  });
  if (deactivated)
    for (const [eventId, now] of states)
      await attempt(`reminders ${eventId}`, () => syncEventReminders(eventId, now.event, now.declined, deactivated));
  if (failures.length) throw new Error(`${failures.length} meeting notice(s) failed; the retry sends them`);
}
