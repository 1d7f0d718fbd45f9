/**
 * Reminders (issue 14): "N minutes before" in-app and by e-mail, each sent once.
 *
 * One item per (event, person) holds that person's NEXT reminder (shared/calendar/reminder-entity.ts): the earliest
 * (occurrence start − minutes) still ahead, over the event's reminder minutes and its occurrences (a series is
 * expanded with shared/calendar/recurrence.ts, so a weekly 09:00 Bucharest meeting reminds at 08:45 local across
 * DST). `syncEventReminders` (called by the meeting-notices consumer) writes them for the organiser and every
 * attendee who has not declined; the every-minute schedule (`sendDueReminders`):
 *   1. ONE Query of the sparse due index (GSI2 CALREM, GSI2SK ≤ now);
 *   2. claims each with a conditional DeleteItem (fireAt and eventVersion as read): of two runs at once exactly one
 *      deletes it, so exactly one sends it;
 *   3. `calendar.reminder` through notify() (dedupeKey per person, event, occurrence and minutes): the bell, and the
 *      e-mail in the person's language when their Calendar notifications are set to e-mail (the notifications
 *      feature's outbox sends it);
 *   4. writes the next one (the following occurrence of a series) only if absent, so a newer one the consumer wrote
 *      meanwhile wins.
 * Never late: a lead whose time has passed when the event is created or moved is skipped (its next lead, or the next
 * occurrence's, is written instead: "starts in 15 minutes" for a meeting made 10 minutes before it is noise), and a
 * reminder whose occurrence has already started when the schedule reaches it (the schedule was down) is dropped.
 * Deactivated people get none: the consumer writes them no rows, and the schedule drops a due row of someone
 * deactivated since (ONE BatchGet of the due people's status per run). If notify fails, the item is put back.
 */
import { batchGet, queryAll } from '../../shared/data';
import { isConditionFailure } from '../../shared/data/versioning';
import type { EventItem } from '../../shared/calendar/event-entity';
import { expand, firstInstance, type Timing } from '../../shared/calendar/recurrence';
import { timingOf } from '../../shared/calendar/timing-of';
import { CalendarReminders, REMINDERS_DUE_PK, type CalendarReminderItem } from '../../shared/calendar/reminder-entity';
import { notify } from '../../shared/notifications/notify';
import type { JobContext } from '../../shared/runtime/feature-handler';

/** At most this many reminders per run (a minute's worth in any real company; the rest go on the next run). */
const MAX_PER_RUN = 500;
/** Look this far past the window's start for the next occurrence (a yearly event's next one). */
const LOOKAHEAD_MS = 400 * 86_400_000;
/** Occurrences examined for the next reminder. */
const MAX_INSTANCES = 20;

export const eventLink = (eventId: string) => `/calendar?event=${eventId}`;

export interface NextReminder {
  fireAt: string;
  occurrenceStart: string;
  minutes: number;
}

/** The earliest (occurrence start − minutes) strictly after `afterUtc`, or null (pure: unit-tested). */
export function nextReminder(t: Timing, reminders: readonly number[], afterUtc: string): NextReminder | null {
  if (!reminders.length) return null;
  const after = Date.parse(afterUtc);
  const maxLead = Math.max(...reminders) * 60_000;
  // Look from the first occurrence when it is far ahead (a meeting planned for next year), else from `after`.
  const from = Math.max(after, Date.parse(firstInstance(t).startUtc) - maxLead);
  const instances = expand(
    t,
    new Date(from).toISOString(),
    new Date(from + maxLead + LOOKAHEAD_MS).toISOString(),
    MAX_INSTANCES,
  );
  let best: NextReminder | null = null;
  for (const i of instances) {
    const start = Date.parse(i.startUtc);
    // later instances only fire later than this one's earliest lead: stop once they cannot beat the best
    if (best && start - maxLead > Date.parse(best.fireAt)) break;
    for (const m of reminders) {
      const fire = start - m * 60_000;
      if (fire <= after || (best && fire >= Date.parse(best.fireAt))) continue;
      best = { fireAt: new Date(fire).toISOString(), occurrenceStart: new Date(start).toISOString(), minutes: m };
    }
  }
  return best;
}

/** A person's reminder item for the event's next reminder after `afterUtc` (null when there is none). */
export function reminderFor(e: EventItem, userId: string, afterUtc: string): CalendarReminderItem | null {
  const next = nextReminder(timingOf(e), e.reminders, afterUtc);
  if (!next) return null;
  return {
    eventId: e.eventId,
    userId,
    ...next,
    eventVersion: e.version,
    title: e.title,
    ...timingOf(e),
    reminders: e.reminders,
  };
}

/**
 * Who is reminded: the organiser and every attendee who has not declined (no answer yet counts), unless deactivated.
 */
export function remindedPeople(
  e: EventItem,
  declined: ReadonlySet<string>,
  deactivated: ReadonlySet<string> = new Set(),
): string[] {
  return [...new Set([e.organizerId, ...e.users.map((u) => u.id)])].filter(
    (u) => !declined.has(u) && !deactivated.has(u),
  );
}

/** Of these people, the deactivated ones (ONE BatchGet of their profiles' status). */
export async function deactivatedAmong(userIds: Iterable<string>): Promise<Set<string>> {
  const ids = [...new Set(userIds)];
  if (!ids.length) return new Set();
  const profiles = await batchGet<{ userId: string; status?: string }>(
    ids.map((id) => ({ PK: `USER#${id}`, SK: 'PROFILE' })),
    { attributes: ['userId', 'status'] },
  );
  return new Set(profiles.filter((p) => p.status === 'deactivated').map((p) => p.userId));
}

const existingReminders = async (eventId: string): Promise<CalendarReminderItem[]> =>
  CalendarReminders.parse({
    Items: await queryAll({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `CALREM#${eventId}` },
      ConsistentRead: true,
    }),
  }).data;

/**
 * Makes the event's reminder items match the event (set-based, so a record seen twice or late writes the same):
 * `event` null (deleted) or cancelled → none; a deactivated person → none (their row goes). A reminder already due
 * and not yet sent, computed from this very version, is left for the schedule (recomputing "after now" would skip it).
 */
export async function syncEventReminders(
  eventId: string,
  event: EventItem | null,
  declined: ReadonlySet<string>,
  deactivated: ReadonlySet<string>,
  now = new Date(),
): Promise<void> {
  const existing = await existingReminders(eventId);
  const people = event && !event.cancelled ? remindedPeople(event, declined, deactivated) : [];
  const nowIso = now.toISOString();
  const wanted = new Map(
    people.flatMap((u) => {
      const r = event ? reminderFor(event, u, nowIso) : null;
      return r ? [[u, r] as const] : [];
    }),
  );
  const writes: Promise<unknown>[] = [];
  for (const old of existing) {
    const want = wanted.get(old.userId);
    if (!want) writes.push(CalendarReminders.delete({ eventId, userId: old.userId }).go({ response: 'none' }));
    else if (old.eventVersion === want.eventVersion && (old.fireAt <= nowIso || old.fireAt === want.fireAt))
      wanted.delete(old.userId); // unchanged, or due and waiting for the schedule
  }
  for (const r of wanted.values()) writes.push(CalendarReminders.put(r).go({ response: 'none' }));
  await Promise.all(writes);
}

/** Takes a due reminder for sending; false when another run took it, or the consumer replaced it meanwhile. */
async function claim(r: CalendarReminderItem): Promise<boolean> {
  try {
    await CalendarReminders.delete({ eventId: r.eventId, userId: r.userId })
      .where(({ fireAt, eventVersion }, { eq }) => `${eq(fireAt, r.fireAt)} AND ${eq(eventVersion, r.eventVersion)}`)
      .go({ response: 'none' });
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

/** Writes a reminder unless one is there (a newer one from the consumer wins). */
async function putIfAbsent(r: CalendarReminderItem): Promise<void> {
  await CalendarReminders.create(r)
    .go({ response: 'none' })
    .catch((e: unknown) => {
      if (!isConditionFailure(e)) throw e;
    });
}

export async function sendDueReminders(ctx: JobContext, now = new Date()): Promise<number> {
  const nowIso = now.toISOString();
  const due = CalendarReminders.parse({
    Items: await queryAll(
      {
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :now',
        ExpressionAttributeValues: { ':pk': REMINDERS_DUE_PK, ':now': `${nowIso}~` },
      },
      { maxItems: MAX_PER_RUN },
    ),
  }).data;
  const deactivated = await deactivatedAmong(due.map((r) => r.userId));
  let sent = 0;
  for (const r of due) {
    if (!(await claim(r))) continue;
    // Deactivated since the row was written: no bell, no e-mail, and no next reminder (the claim dropped the row).
    if (deactivated.has(r.userId)) continue;
    try {
      if (r.occurrenceStart > nowIso) {
        const n = await notify(r.userId, {
          kind: 'calendar.reminder',
          actorId: null,
          params: { eventTitle: r.title, startsAt: r.occurrenceStart },
          link: eventLink(r.eventId),
          at: new Date(r.fireAt),
          dedupeKey: `calendar.reminder:${r.eventId}:${r.userId}:${r.occurrenceStart}:${r.minutes}`,
        });
        if (n) sent++;
      }
    } catch (e) {
      ctx.logger.error('reminder failed; put back for the next run', { eventId: r.eventId, error: e as Error });
      await putIfAbsent(r);
      continue;
    }
    // After the (occurrence, minutes) just handled: the next lead of this occurrence, or the next occurrence's.
    const handled = new Date(Date.parse(r.occurrenceStart) - r.minutes * 60_000).toISOString();
    const next = nextReminder(timingOf(r), r.reminders, handled);
    if (next) await putIfAbsent({ ...r, ...next });
  }
  if (sent) ctx.logger.info('calendar reminders sent', { sent });
  return sent;
}
