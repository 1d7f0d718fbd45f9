/** What a list shows of one occurrence (OccurrenceView); the full EventView is shared/calendar/writes/event-view.ts. */
import type {
  AttendeeState,
  CalendarColor,
  OccurrenceEvent,
  OccurrenceView,
  PeopleMap,
} from '../../shared/calendar/contract';
import type { EventItem } from '../../shared/calendar/event-entity';
import type { Instance } from '../../shared/calendar/recurrence';
import { peopleMapOf } from '../../shared/calendar/writes/people-store';

/** The fields an occurrence is drawn from: an event or an attendee's copy of one. */
export interface OccurrenceSource {
  eventId: string;
  calendarId: string;
  seriesId?: string | undefined;
  recurrenceId?: string | undefined;
  title: string;
  place?: string | undefined;
  start: string;
  end: string;
  timeZone: string;
  allDay: boolean;
  rrule?: string | undefined;
  exdates: string[];
  availability: EventItem['availability'];
  private: boolean;
  color?: CalendarColor | undefined;
  organizerId: string;
  organizerName: string;
  roomId?: string | undefined;
  attendeeCount: number;
  version: number;
}

/** How the reader sees an event's occurrences; `details` false: a private event shown as busy. */
export interface OccurrenceOptions {
  calendarId: string;
  color: CalendarColor;
  details: boolean;
  canEdit: boolean;
  myState?: AttendeeState;
}

/** What all of an event's (or series') occurrences show alike (contract.ts OccurrenceEvent). */
export function occurrenceEvent(s: OccurrenceSource, o: OccurrenceOptions): OccurrenceEvent {
  return {
    eventId: s.eventId,
    ...(s.rrule ? { seriesId: s.eventId } : s.seriesId ? { seriesId: s.seriesId } : {}),
    ...(!s.rrule && s.recurrenceId ? { occurrence: s.recurrenceId } : {}),
    calendarId: o.calendarId,
    title: o.details ? s.title : '',
    ...(o.details && s.place ? { place: s.place } : {}),
    allDay: s.allDay,
    timeZone: s.timeZone,
    availability: s.availability,
    private: s.private,
    color: s.color ?? o.color,
    recurring: !!s.rrule || !!s.seriesId,
    organizerId: s.organizerId,
    ...(o.myState ? { myState: o.myState } : {}),
    ...(o.details && s.roomId ? { roomId: s.roomId } : {}),
    attendeeCount: o.details ? s.attendeeCount : 0,
    canEdit: o.canEdit,
    version: s.version,
  };
}

/** One occurrence as a list shows it (the invitations list). */
export function occurrenceView(s: OccurrenceSource, i: Instance, o: OccurrenceOptions): OccurrenceView {
  const e = occurrenceEvent(s, o);
  const occurrence = i.occurrence ?? e.occurrence;
  return {
    ...e,
    start: i.start,
    end: i.end,
    startUtc: i.startUtc,
    endUtc: i.endUtc,
    ...(occurrence ? { occurrence } : {}),
  };
}

export const organizerPeople = (sources: OccurrenceSource[]): PeopleMap =>
  peopleMapOf(sources.map((s): [string, string] => [s.organizerId, s.organizerName]));
