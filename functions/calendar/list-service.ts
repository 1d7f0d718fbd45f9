/**
 * GET /calendar/events: the occurrences of the asked calendars in [from, to), plus my tasks' deadlines.
 *   - access: ONE BatchGet for all asked calendars (policy.calendarsAccess; + one of department shares when needed);
 *     with no calendarIds, the calendars GET /calendar/calendars lists (its Queries) are read instead;
 *   - ONE Query per calendar, in parallel: GSI1 CAL#{id}, GSI1SK ≥ END#{from}, filter firstStartUtc < to (more pages
 *     only past 1 MB of events that have not ended before `from`), projected to what a list shows (list-rows.ts:
 *     read without the entities' full parse);
 *   - ONE Query of my open tasks' deadlines (shared/tasks/deadlines-read.ts) when my own calendar is asked;
 *   - series expanded in the range (recurrence.ts expand, bounded per series); an edited occurrence is its own event
 *     and its series' exclusion hides the original; private events of others are busy; names from the stored ones.
 * My `user-…` partition also holds my invitations (attendee copies): shown with myState.
 * The answer is compact (contract.ts OccurrencePage): each event once, its occurrences as times pointing at it.
 * `queries` is the number of DynamoDB calls made (the SDK middleware's count, shared/data/call-counter.ts).
 *
 * GET /calendar/invitations: ONE Query of GSI2 CALINV#{me} (pending answers only), signed cursor.
 */
import type { UserContext } from '../../shared/auth/claims';
import { attendeeFromRow, invitationsPk, type AttendeeItem } from '../../shared/calendar/attendee-entity';
import {
  LIMITS,
  userCalendarId,
  type CalendarColor,
  type EventsQuery,
  type OccurrenceEvent,
  type OccurrencePage,
  type OccurrenceTimes,
  type OccurrenceView,
  type Page,
} from '../../shared/calendar/contract';
import { calendarPartition, endKeyFrom } from '../../shared/calendar/event-entity';
import { calendarsAccess, eventAccess, isAttendee, type CalendarAccessInfo } from '../../shared/calendar/policy';
import { expand, firstInstance } from '../../shared/calendar/recurrence';
import { openKey, query, queryAll, sealKey, type Raw } from '../../shared/data';
import { attachCallCounter, countCalls } from '../../shared/data/call-counter';
import { dynamo } from '../../shared/data/clients';
import { myTaskDeadlines } from '../../shared/tasks/deadlines-read';
import { GROUP_COLOR, OWN_COLOR, listCalendars } from './calendar-service';
import { timingOf } from '../../shared/calendar/writes/event-store';
import {
  occurrenceEvent,
  occurrenceView,
  organizerPeople,
  type OccurrenceOptions,
  type OccurrenceSource,
} from './event-view';
import { LIST_PROJECTION, listedRow, type ListedCopy } from './list-rows';

export interface Asked {
  info: CalendarAccessInfo;
  color: CalendarColor;
}

/** The calendars asked for that I may read, with their colours. */
async function askedCalendars(user: UserContext, ids: string[] | undefined): Promise<Asked[]> {
  if (!ids) {
    const listed = await listCalendars(user);
    return listed.map((c) => ({
      info: {
        calendarId: c.calendarId,
        kind: c.kind,
        access: c.access,
        item: null,
        ...(c.ownerId ? { ownerId: c.ownerId } : {}),
      },
      color: c.color,
    }));
  }
  const infos = await calendarsAccess(user, ids, { withItem: true });
  return infos
    .filter((info) => info.access !== 'none')
    .map((info) => ({ info, color: info.item?.color ?? (info.kind === 'group' ? GROUP_COLOR : OWN_COLOR) }));
}

/** Events of one calendar (and, in a `user-…` partition, attendee copies) overlapping [from, to). */
const partitionRows = (calendarId: string, fromUtc: string, toUtc: string): Promise<Raw[]> =>
  queryAll({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK >= :from',
    FilterExpression: '#firstStart < :to',
    ...LIST_PROJECTION,
    ExpressionAttributeNames: { ...LIST_PROJECTION.ExpressionAttributeNames, '#firstStart': 'firstStartUtc' },
    ExpressionAttributeValues: { ':pk': calendarPartition(calendarId), ':from': endKeyFrom(fromUtc), ':to': toUtc },
  });

const copySource = (a: AttendeeItem): OccurrenceSource => ({ ...a, version: a.eventVersion });

export async function listEvents(user: UserContext, q: EventsQuery): Promise<OccurrencePage> {
  attachCallCounter(dynamo());
  const { result, total } = await countCalls(() => collect(user, q));
  return { ...result, queries: total };
}

/** The promise, marked as handled: one that is never awaited (a calendar I may not read) can fail quietly. */
function handled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

async function collect(user: UserContext, q: EventsQuery): Promise<Omit<OccurrencePage, 'queries'>> {
  const fromUtc = new Date(q.from).toISOString();
  const toUtc = new Date(q.to).toISOString();
  const own = userCalendarId(user.sub);
  // Calendars asked by id: their Queries run beside the rights check (one round trip less); the rows of a calendar
  // I may not read are dropped unread. Without ids the calendar list comes first.
  const asked = q.calendarIds?.slice(0, LIMITS.calendarsPerRequest);
  const early = asked && new Map(asked.map((id) => [id, handled(partitionRows(id, fromUtc, toUtc))]));
  const deadlines = asked?.includes(own) ? handled(myTaskDeadlines(user.sub, fromUtc, toUtc)) : undefined;
  const calendars = (await askedCalendars(user, asked)).slice(0, LIMITS.calendarsPerRequest);
  const wantsOwn = calendars.some((c) => c.info.calendarId === own);
  const [partitions, tasks] = await Promise.all([
    Promise.all(
      calendars.map((c) => early?.get(c.info.calendarId) ?? partitionRows(c.info.calendarId, fromUtc, toUtc)),
    ),
    wantsOwn ? (deadlines ?? myTaskDeadlines(user.sub, fromUtc, toUtc)) : Promise.resolve([]),
  ]);
  const { events, occurrences, sources } = occurrencesOf(user, calendars, partitions, fromUtc, toUtc);
  return { events, occurrences, tasks, people: organizerPeople(sources) };
}

/**
 * The occurrences in [fromUtc, toUtc) of the calendars' partition rows (`partitions[n]` are `calendars[n]`'s): each
 * event once and its occurrences' times, sorted; and the events and copies they came from. No I/O (the bench
 * profiles it on its own).
 */
export function occurrencesOf(
  user: UserContext,
  calendars: Asked[],
  partitions: Raw[][],
  fromUtc: string,
  toUtc: string,
): Pick<OccurrencePage, 'events' | 'occurrences'> & { sources: OccurrenceSource[] } {
  const own = userCalendarId(user.sub);
  const events: OccurrenceEvent[] = [];
  const occurrences: OccurrenceTimes[] = [];
  const sources: OccurrenceSource[] = [];
  const seen = new Set<string>();
  const add = (s: OccurrenceSource, o: OccurrenceOptions) => {
    if (seen.has(s.eventId)) return;
    seen.add(s.eventId);
    sources.push(s);
    const instances = expand(timingOf(s), fromUtc, toUtc);
    if (!instances.length) return;
    const n = events.push(occurrenceEvent(s, o)) - 1;
    for (const i of instances) occurrences.push([n, i.startUtc, i.endUtc, i.start, i.end]);
  };
  const listed = partitions.map((rows) => rows.map(listedRow));
  // My invitations first: an event also read from its own calendar then carries my answer.
  const invitations = new Map<string, ListedCopy>();
  calendars.forEach((c, n) => {
    if (c.info.calendarId !== own) return;
    for (const r of listed[n]!) if (r?.kind === 'copy' && r.userId === user.sub) invitations.set(r.source.eventId, r);
  });
  calendars.forEach((c, n) => {
    for (const r of listed[n]!) {
      if (r?.kind !== 'event') continue;
      const rights = eventAccess(user, r, c.info.access);
      if (!rights.see) continue;
      const mine = invitations.get(r.source.eventId);
      add(r.source, {
        calendarId: r.source.calendarId,
        color: c.color,
        details: rights.details,
        canEdit: rights.edit,
        ...(mine ? { myState: mine.state } : isAttendee(r, user.sub) ? { myState: 'pending' as const } : {}),
      });
    }
  });
  const ownColor = calendars.find((c) => c.info.calendarId === own)?.color ?? OWN_COLOR;
  for (const a of invitations.values())
    add(a.source, { calendarId: own, color: ownColor, details: true, canEdit: false, myState: a.state });

  // Code-unit order (ISO instants, ULIDs): what localeCompare gave, without collation per comparison.
  occurrences.sort((a, b) => compareText(a[1], b[1]) || compareText(events[a[0]]!.eventId, events[b[0]]!.eventId));
  return { events, occurrences, sources };
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function listInvitations(
  user: UserContext,
  q: { cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<OccurrenceView>> {
  const scope = `calendar:invitations:${user.sub}`;
  const page = await query({
    IndexName: 'GSI2',
    KeyConditionExpression: 'GSI2PK = :pk',
    ExpressionAttributeValues: { ':pk': invitationsPk(user.sub) },
    Limit: q.limit ?? LIMITS.pageSize,
    ExclusiveStartKey: await openKey(q.cursor, scope),
  });
  const copies = page.items.map(attendeeFromRow).filter((a): a is AttendeeItem => !!a && a.state === 'pending');
  const items = copies.map((a) =>
    occurrenceView(copySource(a), firstInstance(timingOf(a)), {
      calendarId: userCalendarId(user.sub),
      color: a.color ?? OWN_COLOR,
      details: true,
      canEdit: false,
      myState: a.state,
    }),
  );
  const cursor = await sealKey(page.lastKey, scope);
  return { items, ...(cursor ? { cursor } : {}), people: organizerPeople(copies.map(copySource)) };
}
