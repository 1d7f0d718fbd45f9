/**
 * The timing fields of anything that carries them, in one place. Its own file: the attendee entity uses it, and must
 * not pull the expansion (rrule) into every bundle that reads attendee rows.
 */
import type { Timing } from './recurrence';

/** The timing of anything that carries one (an event, an attendee's copy, a room booking, a reminder row). */
export const timingOf = (e: {
  start: string;
  end: string;
  timeZone: string;
  allDay?: boolean | undefined;
  rrule?: string | undefined;
  exdates?: string[] | undefined;
}): Timing & { exdates: string[] } => ({
  start: e.start,
  end: e.end,
  timeZone: e.timeZone,
  allDay: e.allDay ?? false,
  ...(e.rrule ? { rrule: e.rrule } : {}),
  exdates: e.exdates ?? [],
});
