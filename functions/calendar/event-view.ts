/** What a list shows of one occurrence (OccurrenceView); the full EventView is shared/calendar/writes/event-view.ts. */
import type { AttendeeState, CalendarColor, OccurrenceView, PeopleMap } from '../../shared/calendar/contract';
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

/**
 * One occurrence as a list shows it; `details` false: a private event shown as busy. Built as one literal plus the
 * optional fields that apply (a month view makes thousands: no spread of temporary objects).
 */
export function occurrenceView(
  s: OccurrenceSource,
  i: Instance,
  o: { calendarId: string; color: CalendarColor; details: boolean; canEdit: boolean; myState?: AttendeeState },
): OccurrenceView {
  const view: OccurrenceView = {
    eventId: s.eventId,
    calendarId: o.calendarId,
    title: o.details ? s.title : '',
    start: i.start,
    end: i.end,
    startUtc: i.startUtc,
    endUtc: i.endUtc,
    allDay: s.allDay,
    timeZone: s.timeZone,
    availability: s.availability,
    private: s.private,
    color: s.color ?? o.color,
    recurring: !!s.rrule || !!s.seriesId,
    organizerId: s.organizerId,
    attendeeCount: o.details ? s.attendeeCount : 0,
    canEdit: o.canEdit,
    version: s.version,
  };
  const seriesId = s.rrule ? s.eventId : s.seriesId;
  if (seriesId) view.seriesId = seriesId;
  const occurrence = i.occurrence || s.recurrenceId;
  if (occurrence) view.occurrence = occurrence;
  if (o.details && s.place) view.place = s.place;
  if (o.myState) view.myState = o.myState;
  if (o.details && s.roomId) view.roomId = s.roomId;
  return view;
}

export const organizerPeople = (sources: OccurrenceSource[]): PeopleMap =>
  peopleMapOf(sources.map((s): [string, string] => [s.organizerId, s.organizerName]));
