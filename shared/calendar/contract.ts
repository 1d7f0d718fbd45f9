/**
 * Calendar (issue 14): request bodies (zod), what the API answers, and the data design. Shared by
 * functions/calendar, functions/calendar-sync and the SPA (web/src/calendar) so they cannot drift.
 * Routes: functions/calendar/routes.ts and functions/calendar-sync/routes.ts.
 *
 * Calendars (a calendar id says its kind):
 *   - `user-{sub}`   the person's own calendar; exists for everyone without being created;
 *   - `group-{groupId}` a workgroup's or project's calendar: its members edit it; in an open group other
 *                    employees may read it (they follow it), in a closed one nobody else sees it;
 *   - a ULID         a calendar someone created: an extra personal one (owner = its creator) or, by an admin, a
 *                    company calendar (e.g. holidays) every employee reads and admins edit.
 *   Any personal calendar (own or extra) can be shared with people or departments, each with read or edit.
 *   Extranet partners see only their own calendar and their groups' calendars.
 *   GET /calendar/calendars lists, as Bitrix24 does, my own and extra calendars, those shared with me, the company's
 *   and the calendars of the groups I BELONG to — not every open group's. An open group's calendar stays readable by
 *   every employee by its id (GET /calendar/events?calendarIds=group-{groupId}, GET /calendar/events/{eventId}),
 *   e.g. opened from the group's page; members edit, others only read (writes → 403).
 *
 * Times: an event's `start`/`end` are wall-clock times in its IANA `timeZone` (`YYYY-MM-DDTHH:mm`), or dates for an
 * all-day event (`YYYY-MM-DD`, end exclusive). Views add the UTC instants. A recurring event is stored ONCE (an
 * RRULE without DTSTART, plus excluded dates); GET /calendar/events expands it inside the requested range. An edit of
 * one occurrence is stored as its own event with `seriesId` and `recurrenceId` (the occurrence's original local
 * start), as RFC 5545 does; "this and following" ends the series before the occurrence (UNTIL) and starts a new one.
 *
 * HTTP (functions/calendar, access `user` unless said):
 *   GET    /calendar/calendars                          the calendars I may see, with my access      → CalendarView[]
 *   POST   /calendar/calendars                          an extra calendar of mine, or (admin) a company one → CalendarView (201)
 *   PATCH  /calendar/calendars/{calendarId}             name / colour (owner; company: admin; versioned) → CalendarView
 *   DELETE /calendar/calendars/{calendarId}             with its events (owner / admin; never `user-…`)  → 204
 *   PUT    /calendar/calendars/{calendarId}/shares      replace the shares (owner)                     → CalendarView
 *   GET    /calendar/events?from=&to=&calendarIds=      occurrences in [from, to) of the calendars asked (default: all
 *                                                       visible), plus my tasks' deadlines — ONE Query per calendar
 *                                                       (plus one for the deadlines), no per-event reads → OccurrencePage
 *   POST   /calendar/events                             create (room conflict → 409 naming the event)   → EventView (201)
 *   GET    /calendar/events/{eventId}                   full event, attendees' answers, my rights      → EventView
 *   PATCH  /calendar/events/{eventId}                   edit; recurring: scope this|following|all + occurrence;
 *                                                       versioned (stale → 409 with the current event)  → EventView
 *   DELETE /calendar/events/{eventId}?scope=&occurrence=&version=                                       → 204
 *   POST   /calendar/events/{eventId}/rsvp              my answer (+ comment)                          → EventView
 *   GET    /calendar/invitations?cursor=                my invitations still unanswered (ONE Query)     → Page<OccurrenceView>
 *   GET    /calendar/free-busy?userIds=&roomIds=&from=&to=  busy blocks per person / room (private and
 *                                                       recurring events count; no titles)             → FreeBusyView
 *   GET    /calendar/rooms                              meeting rooms (employees)                       → RoomView[]
 *   POST   /calendar/rooms                              (admin)                                        → RoomView (201)
 *   PATCH  /calendar/rooms/{roomId}                     (admin; versioned)                              → RoomView
 *   DELETE /calendar/rooms/{roomId}                     (admin)                                        → 204
 *   GET    /calendar/settings                           week start, working hours, default reminder    → CalendarSettings
 *   PUT    /calendar/settings                           (versioned)                                    → CalendarSettings
 *   GET    /calendar/sync                               my ICS feed and CalDAV addresses (null until made) → SyncView
 *   POST   /calendar/sync                               make or regenerate them (the old ones stop working) → SyncView
 *   DELETE /calendar/sync                               revoke                                         → 204
 *   GET    /calendar/guest/{token}          (public)    an outside guest's invitation                  → GuestInvitationView
 *   POST   /calendar/guest/{token}          (public)    the guest's answer                             → GuestInvitationView
 * functions/calendar-sync (public; the secret is in the address):
 *   GET    /calendar/feed/{file}                        `{feedToken}.ics`: my events (RRULEs for the client to expand) and
 *                                                       my open tasks' deadlines, text/calendar
 *   CalDAV (PROPFIND, REPORT, GET, PUT, DELETE) for my own calendar: see functions/calendar-sync.
 *
 * Data (one table; entities in shared/calendar/*-entity.ts so both features read them):
 *   | item                 | PK                     | SK                      | GSI1PK / GSI1SK                                   |
 *   |----------------------|------------------------|-------------------------|---------------------------------------------------|
 *   | calendar (not user-) | CAL#{calendarId}       | CALENDAR                | USER#{owner}#CALS or CALS#COMPANY / {calendarId}   |
 *   | share                | CAL#{calendarId}       | SHARE#{user|dept}#{id}  | CALSHARE#{user|dept}#{id} / {calendarId}           |
 *   | event (master/override)| CALEV#{eventId}      | EVENT                   | CAL#{calendarId} / END#{lastEndUtc}#{eventId}      |
 *   | attendee copy        | CALEV#{eventId}        | ATT#{sub}               | CAL#user-{sub} / END#{lastEndUtc}#{eventId}        |
 *   | outside guest        | CALEV#{eventId}        | GUEST#{email}           |                                                   |
 *   | room                 | ROOM#{roomId}          | ROOM                    | ROOMS / {nameKey}#{roomId}                         |
 *   | room booking         | CALEV#{eventId}        | ROOMBOOKING             | ROOM#{roomId} / END#{lastEndUtc}#{eventId}         |
 *   | settings             | USER#{sub}             | CALSETTINGS             |                                                   |
 *   `lastEndUtc` is when the event's last occurrence ends (`9999…` for an endless series), so "what overlaps
 *   [from, to)" is ONE Query: GSI1SK ≥ END#{from}, filter firstStartUtc < to — it reads only what has not ended before
 *   `from`. An invitation is a copy of the event's display fields on the attendee's row, keyed into the attendee's own
 *   calendar partition, so a person's calendar Query returns their events and the meetings they are invited to. The
 *   copies are written by the calendar's stream consumer from the event (idempotent by the event's version).
 *
 * Frames (server → client): `calendar.changed` { eventId } to the organiser and attendees (views refetch).
 */
import * as z from 'zod';
import { BIDI_CONTROLS, CONTROL_CHARS, richText } from '../security/text-rules';

export const ULID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export const USER_ID_RE = /^[A-Za-z0-9-]{1,64}$/;
/** `user-{sub}`, `group-{ULID}` or a ULID (see the header). */
export const CALENDAR_ID_RE = /^(?:user-[A-Za-z0-9-]{1,64}|group-[0-9A-HJKMNP-TV-Z]{26}|[0-9A-HJKMNP-TV-Z]{26})$/;

export const userCalendarId = (sub: string) => `user-${sub}`;
export const groupCalendarId = (groupId: string) => `group-${groupId}`;
export type CalendarKind = 'user' | 'group' | 'company';

export const LIMITS = {
  titleChars: 250,
  descriptionChars: 20_000,
  placeChars: 250,
  calendarNameChars: 80,
  roomNameChars: 80,
  roomCapacity: 1_000,
  /** People after departments are expanded: the fan-out stays bounded and one e-mail batch. */
  attendees: 200,
  departments: 10,
  guests: 50,
  reminders: 5,
  /** 4 weeks. */
  reminderMinutes: 40_320,
  attachments: 20,
  shares: 50,
  commentChars: 1_000,
  /** A single (non-recurring) occurrence lasts at most this long. */
  eventDays: 62,
  /** A requested range spans at most this many days (the month view with its neighbours is ≤ 42). */
  rangeDays: 100,
  /** Occurrences one series may produce inside one requested range (guards against RRULE bombs). */
  occurrencesPerRange: 500,
  calendarsPerRequest: 30,
  freeBusyPeople: 30,
  freeBusyRooms: 10,
  pageSize: 50,
} as const;

export const AVAILABILITIES = ['busy', 'free', 'tentative', 'away'] as const;
export type Availability = (typeof AVAILABILITIES)[number];
export const ANSWERS = ['accepted', 'tentative', 'declined'] as const;
export type Answer = (typeof ANSWERS)[number];
/** An attendee's state: one of the answers, or not answered yet. */
export type AttendeeState = Answer | 'pending';
export const EDIT_SCOPES = ['this', 'following', 'all'] as const;
export type EditScope = (typeof EDIT_SCOPES)[number];
export const SHARE_ACCESS = ['read', 'edit'] as const;
export type ShareAccess = (typeof SHARE_ACCESS)[number];
/** What I may do with a calendar. */
export type CalendarAccess = 'owner' | 'edit' | 'read';
/** Frequencies accepted in an RRULE: no SECONDLY, MINUTELY or HOURLY (bombs, and no calendar offers them). */
export const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
export const COLORS = ['blue', 'teal', 'green', 'lime', 'yellow', 'orange', 'red', 'pink', 'grape', 'violet'] as const;
export type CalendarColor = (typeof COLORS)[number];

// ---------------------------------------------------------------------------------------------------------------
// Field schemas

export const userId = z.string().regex(USER_ID_RE, { message: 'not a user id' });
export const calendarId = z.string().regex(CALENDAR_ID_RE, { message: 'not a calendar id' });
export const eventId = z.string().regex(ULID_RE, { message: 'not an event id' });
export const roomId = z.string().regex(ULID_RE, { message: 'not a room id' });
export const departmentId = z.string().regex(ULID_RE, { message: 'not a department id' });
export const nodeId = z.string().regex(ULID_RE, { message: 'not a drive file id' });

const plain = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `at most ${max} characters` })
    .refine((s) => !CONTROL_CHARS.test(s), { message: 'contains control characters that are not allowed' });
const required = (max: number) => plain(max).pipe(z.string().min(1, { message: 'required' }));
/** A name people read (calendar, room): also no bidi controls, which would make it read backwards. */
const name = (max: number) =>
  required(max).refine((s) => !BIDI_CONTROLS.test(s), { message: 'must not contain bidi control characters' });

/** True for a zone this runtime knows (Europe/Bucharest, UTC); `+02:00` and made-up names are refused. */
export function isTimeZone(tz: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
export const timeZone = z.string().max(64).refine(isTimeZone, { message: 'not a known IANA time zone' });

const LOCAL_DATE_TIME_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$/;
const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** A wall-clock time without zone (`2026-03-29T09:30`) or, for all-day events, a date (`2026-03-29`). */
export const localTime = z.string().refine((s) => LOCAL_DATE_TIME_RE.test(s) || DATE_RE.test(s), {
  message: 'not a local date-time (YYYY-MM-DDTHH:mm) or date (YYYY-MM-DD)',
});
export const isDateOnly = (s: string) => DATE_RE.test(s);
/** An instant with its offset (2026-03-29T07:30:00Z). */
export const instant = z.iso.datetime({ offset: true, message: 'not an ISO 8601 date-time with a zone' });

/**
 * An RRULE's value without DTSTART (`FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10`). The contract checks its shape and
 * frequency; shared/calendar/recurrence.ts parses it with `rrule` and refuses what it cannot expand safely.
 */
export const rrule = z
  .string()
  .max(500, { message: 'at most 500 characters' })
  .refine((s) => /^FREQ=[A-Z]+(;[A-Z]+=[A-Za-z0-9,+-]+)*$/.test(s), {
    message: 'not an RRULE (e.g. FREQ=WEEKLY;BYDAY=MO,WE)',
  })
  .refine((s) => FREQUENCIES.some((f) => s.startsWith(`FREQ=${f}`) && /^FREQ=[A-Z]+(;|$)/.test(s)), {
    message: `the frequency must be one of ${FREQUENCIES.join(', ')}`,
  })
  .refine((s) => !/(^|;)DTSTART=/.test(s), { message: 'must not hold DTSTART: start is its own field' });

const unique = <T extends z.ZodType>(item: T, max: number, what: string, key: (v: z.infer<T>) => string) =>
  z
    .array(item)
    .max(max, { message: `at most ${max} ${what}` })
    .refine((a) => new Set(a.map(key)).size === a.length, {
      message: `lists the same ${what.replace(/s$/, '')} twice`,
    });

export const attendeeRef = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('user'), id: userId }),
  z.strictObject({ type: z.literal('department'), id: departmentId }),
  z.strictObject({
    type: z.literal('email'),
    email: z.email({ message: 'not an e-mail address' }).max(254).toLowerCase(),
    name: name(120).optional(),
  }),
]);
export type AttendeeRef = z.infer<typeof attendeeRef>;
const attendeeKey = (a: AttendeeRef) => (a.type === 'email' ? `email:${a.email}` : `${a.type}:${a.id}`);

/** Minutes before the start (0 = at the start). Delivered in-app and by e-mail per my notification settings. */
export const reminders = unique(
  z.number().int().min(0).max(LIMITS.reminderMinutes),
  LIMITS.reminders,
  'reminders',
  String,
);

const eventFields = {
  title: required(LIMITS.titleChars),
  /** Rich text (HTML), sanitised by the server. */
  description: richText(LIMITS.descriptionChars).optional(),
  place: plain(LIMITS.placeChars).optional(),
  start: localTime,
  end: localTime,
  timeZone,
  allDay: z.boolean().optional(),
  availability: z.enum(AVAILABILITIES).optional(),
  /** Others see only "busy" at that time. */
  private: z.boolean().optional(),
  color: z.enum(COLORS).optional(),
  reminders: reminders.optional(),
  rrule: rrule.optional(),
  attendees: unique(attendeeRef, LIMITS.attendees, 'attendees', attendeeKey).optional(),
  roomId: roomId.optional(),
  /** Drive files I may read (checked as tasks do). */
  attachmentIds: unique(nodeId, LIMITS.attachments, 'attachments', String).optional(),
};

export const createEventBody = z.strictObject({ calendarId, ...eventFields });
/** Nullable fields clear the value. `occurrence` (the occurrence's original local start) is required with scope this|following. */
export const updateEventBody = z.strictObject({
  version: z.number().int().min(1),
  scope: z.enum(EDIT_SCOPES).optional(),
  occurrence: localTime.optional(),
  calendarId: calendarId.optional(),
  title: eventFields.title.optional(),
  description: eventFields.description.nullable(),
  place: eventFields.place.nullable(),
  start: localTime.optional(),
  end: localTime.optional(),
  timeZone: timeZone.optional(),
  allDay: z.boolean().optional(),
  availability: eventFields.availability,
  private: eventFields.private,
  color: z.enum(COLORS).nullable().optional(),
  reminders: eventFields.reminders,
  rrule: rrule.nullable().optional(),
  attendees: eventFields.attendees,
  roomId: roomId.nullable().optional(),
  attachmentIds: eventFields.attachmentIds,
});
export const deleteEventQuery = z.strictObject({
  version: z.coerce.number().int().min(1),
  scope: z.enum(EDIT_SCOPES).optional(),
  occurrence: localTime.optional(),
});
export const rsvpBody = z.strictObject({
  answer: z.enum(ANSWERS),
  comment: plain(LIMITS.commentChars).optional(),
});
export const eventParams = z.strictObject({ eventId });
export const calendarParams = z.strictObject({ calendarId });
export const roomParams = z.strictObject({ roomId });
export const guestParams = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_.-]{20,400}$/, { message: 'not a link' }),
});
export const guestAnswerBody = z.strictObject({
  answer: z.enum(ANSWERS),
  comment: plain(LIMITS.commentChars).optional(),
});

const idList = (item: z.ZodType<string, string>, max: number, what: string) =>
  z
    .string()
    .max(4096)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(unique(item, max, what, String));

/** [from, to): instants; at most LIMITS.rangeDays apart. */
const range = {
  from: instant,
  to: instant,
};
const rangeChecked = <T extends { from: string; to: string }>(v: T, ctx: z.RefinementCtx) => {
  const span = Date.parse(v.to) - Date.parse(v.from);
  if (span <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  else if (span > LIMITS.rangeDays * 86_400_000)
    ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${LIMITS.rangeDays} days after from` });
};
export const eventsQuery = z
  .strictObject({ ...range, calendarIds: idList(calendarId, LIMITS.calendarsPerRequest, 'calendars').optional() })
  .superRefine(rangeChecked);
export const freeBusyQuery = z
  .strictObject({
    ...range,
    userIds: idList(userId, LIMITS.freeBusyPeople, 'people').optional(),
    roomIds: idList(roomId, LIMITS.freeBusyRooms, 'rooms').optional(),
    /** Leave this event out (the one being edited). */
    exceptEventId: eventId.optional(),
  })
  .superRefine(rangeChecked);
export const pageQuery = z.strictObject({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const shareTarget = z.strictObject({
  type: z.enum(['user', 'department']),
  id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, { message: 'not a person or department id' }),
  access: z.enum(SHARE_ACCESS),
});
export const createCalendarBody = z.strictObject({
  name: name(LIMITS.calendarNameChars),
  color: z.enum(COLORS),
  /** Admins only: a company calendar every employee reads. */
  company: z.boolean().optional(),
});
export const updateCalendarBody = z.strictObject({
  version: z.number().int().min(0),
  name: name(LIMITS.calendarNameChars).optional(),
  color: z.enum(COLORS).optional(),
});
export const sharesBody = z.strictObject({
  version: z.number().int().min(0),
  shares: unique(shareTarget, LIMITS.shares, 'shares', (s) => `${s.type}:${s.id}`),
});
export const roomBody = z.strictObject({
  name: name(LIMITS.roomNameChars),
  capacity: z.number().int().min(1).max(LIMITS.roomCapacity),
  place: plain(LIMITS.placeChars).optional(),
});
export const updateRoomBody = roomBody.partial().extend({ version: z.number().int().min(1) });

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
export const settingsBody = z
  .strictObject({
    version: z.number().int().min(0),
    /** 0 = Sunday, 1 = Monday, 6 = Saturday; null = the language's default. */
    weekStart: z.union([z.literal(0), z.literal(1), z.literal(6)]).nullable(),
    workDays: unique(z.number().int().min(0).max(6), 7, 'days', String),
    workStart: z.string().regex(HHMM, { message: 'not a time (HH:mm)' }),
    workEnd: z.string().regex(HHMM, { message: 'not a time (HH:mm)' }),
    defaultReminders: reminders,
  })
  .refine((s) => s.workStart < s.workEnd, { path: ['workEnd'], message: 'must be after workStart' });

// ---------------------------------------------------------------------------------------------------------------
// Answers

export interface PersonRef {
  name: string;
  hasPhoto?: boolean;
}
export type PeopleMap = Record<string, PersonRef>;

export interface ShareView {
  type: 'user' | 'department';
  id: string;
  /** The person's or department's name. */
  name: string;
  access: ShareAccess;
}

export interface CalendarView {
  calendarId: string;
  kind: CalendarKind;
  name: string;
  color: CalendarColor;
  /** The owner (user calendars) or the group (group calendars). */
  ownerId?: string;
  groupId?: string;
  access: CalendarAccess;
  /** Only for the owner. */
  shares?: ShareView[];
  /** Items' version (0 = never saved, e.g. a `user-…` calendar nobody renamed). */
  version: number;
}

/** One occurrence in a range: a single event, one instance of a series, or an edited instance. */
export interface OccurrenceView {
  eventId: string;
  /** Set on instances of a series and on edited instances (their series). */
  seriesId?: string;
  /** The instance's original local start (pass it back with scope this|following). */
  occurrence?: string;
  calendarId: string;
  /** "Busy" (in the reader's language, by the SPA) when private and not mine: title/place/description are empty. */
  title: string;
  place?: string;
  start: string;
  end: string;
  startUtc: string;
  endUtc: string;
  allDay: boolean;
  timeZone: string;
  availability: Availability;
  private: boolean;
  /** The event's colour, else the calendar's. */
  color: CalendarColor;
  recurring: boolean;
  organizerId: string;
  /** Mine when I am an attendee. */
  myState?: AttendeeState;
  roomId?: string;
  attendeeCount: number;
  canEdit: boolean;
  version: number;
}

/** A task's deadline shown in my calendar: read-only, opens the task. */
export interface TaskDeadlineEntry {
  taskId: string;
  title: string;
  deadline: string;
}

/**
 * What every occurrence of one event (or series) in a range shares: an OccurrenceView without its times. `occurrence`
 * is set here only for an edited instance (its original start); a series' own instances take their local start.
 */
export type OccurrenceEvent = Omit<OccurrenceView, 'start' | 'end' | 'startUtc' | 'endUtc'>;

/** One occurrence: [index into `events`, startUtc, endUtc, start, end] (instants, then local wall-clock times). */
export type OccurrenceTimes = [event: number, startUtc: string, endUtc: string, start: string, end: string];

/**
 * The occurrences in a range, compact: each event or series once, and the occurrences as times pointing at it (a
 * month of a busy calendar is thousands of occurrences of a few hundred events; this is a third of the bytes of one
 * OccurrenceView per occurrence). shared/calendar/occurrence-page.ts occurrenceViews() gives the OccurrenceView list.
 */
export interface OccurrencePage {
  events: OccurrenceEvent[];
  /** Sorted by startUtc, then eventId. */
  occurrences: OccurrenceTimes[];
  tasks: TaskDeadlineEntry[];
  people: PeopleMap;
  /** How many DynamoDB calls answered this (for the bench and the "one Query per calendar" promise). */
  queries: number;
}

export interface AttendeeView {
  type: 'user' | 'email';
  /** sub, or the e-mail address of an outside guest. */
  id: string;
  name: string;
  state: AttendeeState;
  comment?: string;
  /** Came in through this department. */
  departmentId?: string;
}

export interface EventRights {
  edit: boolean;
  delete: boolean;
  rsvp: boolean;
}

export interface EventView {
  eventId: string;
  calendarId: string;
  seriesId?: string;
  recurrenceId?: string;
  title: string;
  description?: string;
  place?: string;
  start: string;
  end: string;
  startUtc: string;
  endUtc: string;
  allDay: boolean;
  timeZone: string;
  availability: Availability;
  private: boolean;
  color?: CalendarColor;
  reminders: number[];
  rrule?: string;
  exdates: string[];
  organizerId: string;
  attendees: AttendeeView[];
  departments: { id: string; name: string }[];
  roomId?: string;
  room?: { roomId: string; name: string };
  attachments: { nodeId: string; name: string; size: number }[];
  rights: EventRights;
  people: PeopleMap;
  /** RFC 5545 SEQUENCE: grows on every change attendees must hear about. */
  sequence: number;
  version: number;
  updatedAt: string;
}

export interface BusyBlock {
  startUtc: string;
  endUtc: string;
  availability: Exclude<Availability, 'free'>;
}
export interface FreeBusyView {
  from: string;
  to: string;
  users: Record<string, BusyBlock[]>;
  rooms: Record<string, BusyBlock[]>;
}

export interface RoomView {
  roomId: string;
  name: string;
  capacity: number;
  place?: string;
  version: number;
}

export interface CalendarSettings {
  weekStart: 0 | 1 | 6 | null;
  workDays: number[];
  workStart: string;
  workEnd: string;
  defaultReminders: number[];
  /** The profile's zone (changed in My profile); times are shown in it. */
  timeZone: string;
  version: number;
}
export const DEFAULT_SETTINGS: Omit<CalendarSettings, 'timeZone'> = {
  weekStart: null,
  workDays: [1, 2, 3, 4, 5],
  workStart: '09:00',
  workEnd: '18:00',
  defaultReminders: [15],
  version: 0,
};

export interface SyncView {
  /** https://…/calendar/feed/{token}.ics — subscribe from a phone or Outlook. */
  icsUrl: string | null;
  /** CalDAV: the server address, the user name and a password shown once, at regeneration. */
  caldav: { url: string; username: string; password?: string } | null;
  createdAt: string | null;
}

export interface GuestInvitationView {
  title: string;
  start: string;
  end: string;
  timeZone: string;
  allDay: boolean;
  place?: string;
  organizerName: string;
  guestEmail: string;
  state: AttendeeState;
  cancelled: boolean;
}

export interface Page<T> {
  items: T[];
  cursor?: string;
  people: PeopleMap;
}

export type CalendarFrame = { type: 'calendar.changed'; eventId: string };

export type CreateEventBody = z.infer<typeof createEventBody>;
export type UpdateEventBody = z.infer<typeof updateEventBody>;
export type DeleteEventQuery = z.infer<typeof deleteEventQuery>;
export type RsvpBody = z.infer<typeof rsvpBody>;
export type EventsQuery = z.infer<typeof eventsQuery>;
export type FreeBusyQuery = z.infer<typeof freeBusyQuery>;
export type CreateCalendarBody = z.infer<typeof createCalendarBody>;
export type UpdateCalendarBody = z.infer<typeof updateCalendarBody>;
export type SharesBody = z.infer<typeof sharesBody>;
export type RoomBody = z.infer<typeof roomBody>;
export type UpdateRoomBody = z.infer<typeof updateRoomBody>;
export type SettingsBody = z.infer<typeof settingsBody>;
export type GuestAnswerBody = z.infer<typeof guestAnswerBody>;
