/**
 * The event dialog's draft and how it becomes a request: POST /calendar/events for a new event, PATCH for an
 * existing one (with scope and occurrence for a series). Times stay wall-clock `YYYY-MM-DDTHH:mm` (or dates when
 * all-day) in the draft's zone, as the API stores them.
 */
import type {
  Availability,
  AttendeeRef,
  CalendarColor,
  CreateEventBody,
  EditScope,
  EventView,
  OccurrenceView,
  UpdateEventBody,
} from '../../../shared/calendar/contract';
import { fromRrule, noRecurrence, toRrule, type RecurrenceForm } from './recurrence';
import { msToWall, wallToMs } from './zone';

export interface EventDraft {
  title: string;
  calendarId: string;
  allDay: boolean;
  start: string;
  end: string;
  timeZone: string;
  place: string;
  description: string;
  availability: Availability;
  private: boolean;
  color: CalendarColor | null;
  recurrence: RecurrenceForm;
  /** The event's own rule when the dialog cannot show it (kept unless the repeat choices change). */
  customRule: string | null;
  reminders: number[];
  people: string[];
  departments: string[];
  guests: string[];
  roomId: string | null;
  attachments: { nodeId: string; name: string }[];
}

const DAY = 86_400_000;
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00Z`) + n * DAY).toISOString().slice(0, 10);

export function newDraft(p: {
  calendarId: string;
  start: string;
  end: string;
  allDay: boolean;
  timeZone: string;
  reminders: number[];
}): EventDraft {
  return {
    title: '',
    calendarId: p.calendarId,
    allDay: p.allDay,
    start: p.start,
    end: p.end,
    timeZone: p.timeZone,
    place: '',
    description: '',
    availability: 'busy',
    private: false,
    color: null,
    recurrence: noRecurrence(),
    customRule: null,
    reminders: p.reminders,
    people: [],
    departments: [],
    guests: [],
    roomId: null,
    attachments: [],
  };
}

/** The draft of a stored event; an occurrence of a series shows that occurrence's times. */
export function draftOf(ev: EventView, occurrence?: Pick<OccurrenceView, 'start' | 'end'>): EventDraft {
  const rec = fromRrule(ev.rrule);
  return {
    title: ev.title,
    calendarId: ev.calendarId,
    allDay: ev.allDay,
    start: occurrence?.start ?? ev.start,
    end: occurrence?.end ?? ev.end,
    timeZone: ev.timeZone,
    place: ev.place ?? '',
    description: ev.description ?? '',
    availability: ev.availability,
    private: ev.private,
    color: ev.color ?? null,
    recurrence: rec ?? noRecurrence(),
    customRule: rec ? null : (ev.rrule ?? null),
    reminders: ev.reminders,
    // people who came in through a department are that department's, not picked one by one
    people: ev.attendees
      .filter((a) => a.type === 'user' && !a.departmentId && a.id !== ev.organizerId)
      .map((a) => a.id),
    departments: ev.departments.map((d) => d.id),
    guests: ev.attendees.filter((a) => a.type === 'email').map((a) => a.id),
    roomId: ev.roomId ?? null,
    attachments: ev.attachments.map((a) => ({ nodeId: a.nodeId, name: a.name })),
  };
}

/** Turning all-day on or off keeps the days and gives sensible times. */
export function withAllDay(d: EventDraft, allDay: boolean): EventDraft {
  if (allDay === d.allDay) return d;
  if (allDay) {
    const start = d.start.slice(0, 10);
    const lastDay = d.end.slice(0, 10);
    return { ...d, allDay, start, end: addDays(lastDay < start ? start : lastDay, 1) };
  }
  const start = `${d.start.slice(0, 10)}T09:00`;
  return { ...d, allDay, start, end: `${d.start.slice(0, 10)}T10:00` };
}

/** The end moves with the start, keeping the duration (as every calendar app does). */
export function withStart(d: EventDraft, start: string): EventDraft {
  if (!start) return d;
  if (d.allDay) {
    const days = Math.max(1, Math.round((Date.parse(`${d.end}T00:00Z`) - Date.parse(`${d.start}T00:00Z`)) / DAY));
    return { ...d, start, end: addDays(start, days) };
  }
  const duration = wallToMs(d.end, d.timeZone) - wallToMs(d.start, d.timeZone);
  const end = msToWall(wallToMs(start, d.timeZone) + Math.max(duration, 0), d.timeZone);
  return { ...d, start, end };
}

export type DraftProblem = 'title' | 'end';
export function problemsOf(d: EventDraft): DraftProblem[] {
  const out: DraftProblem[] = [];
  if (!d.title.trim()) out.push('title');
  if (!(d.end > d.start)) out.push('end');
  return out;
}

export function attendeesOf(d: EventDraft): AttendeeRef[] {
  return [
    ...d.people.map((id) => ({ type: 'user' as const, id })),
    ...d.departments.map((id) => ({ type: 'department' as const, id })),
    ...d.guests.map((email) => ({ type: 'email' as const, email })),
  ];
}

const ruleOf = (d: EventDraft) => d.customRule ?? toRrule(d.recurrence, d.start);

export function createBody(d: EventDraft): CreateEventBody {
  const rrule = ruleOf(d);
  const description = d.description.trim() && d.description !== '<p></p>' ? d.description : undefined;
  return {
    calendarId: d.calendarId,
    title: d.title.trim(),
    start: d.start,
    end: d.end,
    timeZone: d.timeZone,
    allDay: d.allDay,
    availability: d.availability,
    private: d.private,
    reminders: d.reminders,
    attendees: attendeesOf(d),
    attachmentIds: d.attachments.map((a) => a.nodeId),
    ...(d.place.trim() ? { place: d.place.trim() } : {}),
    ...(description ? { description } : {}),
    ...(d.color ? { color: d.color } : {}),
    ...(rrule ? { rrule } : {}),
    ...(d.roomId ? { roomId: d.roomId } : {}),
  };
}

/**
 * The PATCH for an edited draft. `original` is the draft the dialog opened with. For a series: `this` and
 * `following` carry the occurrence's new times; `all` moves the whole series by how much this occurrence moved.
 */
export function updateBody(
  d: EventDraft,
  original: EventDraft,
  ev: EventView,
  series?: { scope: EditScope; occurrence: string },
): UpdateEventBody {
  const rrule = ruleOf(d);
  const c = createBody(d);
  const body: UpdateEventBody = {
    version: ev.version,
    title: c.title,
    description: c.description ?? null,
    place: c.place ?? null,
    allDay: d.allDay,
    availability: d.availability,
    private: d.private,
    color: d.color,
    reminders: d.reminders,
    attendees: c.attendees,
    roomId: d.roomId,
    attachmentIds: c.attachmentIds,
  };
  if (d.calendarId !== ev.calendarId) body.calendarId = d.calendarId;
  const timesChanged = d.start !== original.start || d.end !== original.end || d.timeZone !== original.timeZone;
  if (!series) {
    Object.assign(body, { start: d.start, end: d.end, timeZone: d.timeZone, rrule: rrule ?? null });
    return body;
  }
  body.scope = series.scope;
  body.occurrence = series.occurrence;
  if (series.scope === 'this') {
    if (timesChanged) Object.assign(body, { start: d.start, end: d.end, timeZone: d.timeZone });
    return body;
  }
  if (series.scope === 'following') {
    Object.assign(body, { start: d.start, end: d.end, timeZone: d.timeZone, rrule: rrule ?? null });
    return body;
  }
  if (timesChanged) Object.assign(body, shiftedSeries(ev, original, d));
  body.rrule = rrule ?? null;
  return body;
}

/** The series' first start and end moved by as much as the occurrence moved (the rule's days follow). */
export function shiftedSeries(ev: EventView, original: EventDraft, d: EventDraft) {
  if (d.allDay || ev.allDay) {
    const shift = Math.round(
      (Date.parse(`${d.start.slice(0, 10)}T00:00Z`) - Date.parse(`${original.start.slice(0, 10)}T00:00Z`)) / DAY,
    );
    const length = Math.round(
      (Date.parse(`${d.end.slice(0, 10)}T00:00Z`) - Date.parse(`${d.start.slice(0, 10)}T00:00Z`)) / DAY,
    );
    const start = addDays(ev.start.slice(0, 10), shift);
    return d.allDay
      ? { start, end: addDays(start, Math.max(1, length)), timeZone: d.timeZone }
      : {
          start: `${start}${d.start.slice(10)}`,
          end: msToWall(
            wallToMs(`${start}${d.start.slice(10)}`, d.timeZone) +
              (wallToMs(d.end, d.timeZone) - wallToMs(d.start, d.timeZone)),
            d.timeZone,
          ),
          timeZone: d.timeZone,
        };
  }
  const delta = wallToMs(d.start, d.timeZone) - wallToMs(original.start, original.timeZone);
  const duration = wallToMs(d.end, d.timeZone) - wallToMs(d.start, d.timeZone);
  const start = msToWall(wallToMs(ev.start, ev.timeZone) + delta, d.timeZone);
  return { start, end: msToWall(wallToMs(start, d.timeZone) + duration, d.timeZone), timeZone: d.timeZone };
}
