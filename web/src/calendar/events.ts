/**
 * The API's occurrences and task deadlines as FullCalendar entries: instants (startUtc/endUtc) so the calendar
 * shows them in the person's zone whatever zone each event was made in; all-day events as their dates. Colours
 * are Mantine's CSS variables, so light and dark follow the theme.
 */
import type { EventInput } from '@fullcalendar/core';
import type { CalendarColor, OccurrenceView, TaskDeadlineEntry } from '../../../shared/calendar/contract';

export type EntryProps = { kind: 'event'; occurrence: OccurrenceView } | { kind: 'task'; taskId: string };

export interface EntryLabels {
  busy: string;
  untitled: string;
  task: (title: string) => string;
}

/** Light fill, dark text of the colour, a solid left edge; pending invitations dashed, declined faded. */
export function colorVars(color: CalendarColor) {
  return {
    backgroundColor: `var(--mantine-color-${color}-light)`,
    borderColor: `var(--mantine-color-${color}-filled)`,
    textColor: `var(--mantine-color-${color}-light-color)`,
  };
}

export const entryId = (o: Pick<OccurrenceView, 'eventId' | 'occurrence'>) => `${o.eventId}|${o.occurrence ?? ''}`;

export function occurrenceEntry(o: OccurrenceView, labels: EntryLabels): EventInput {
  const hidden = o.private && !o.title;
  const classNames = ['cal-event', `cal-availability-${o.availability}`];
  if (o.myState) classNames.push(`cal-state-${o.myState}`);
  if (hidden) classNames.push('cal-busy');
  return {
    id: entryId(o),
    title: hidden ? labels.busy : o.title || labels.untitled,
    // all-day: dates (end exclusive), the same days everywhere; timed: the instants
    start: o.allDay ? o.start.slice(0, 10) : o.startUtc,
    end: o.allDay ? o.end.slice(0, 10) : o.endUtc,
    allDay: o.allDay,
    editable: o.canEdit,
    // an event on a calendar I only read still opens (its details and my answer)
    ...colorVars(o.color),
    classNames,
    extendedProps: { kind: 'event', occurrence: o } satisfies EntryProps,
  };
}

export function taskEntry(task: TaskDeadlineEntry, labels: EntryLabels): EventInput {
  return {
    id: `task|${task.taskId}`,
    title: labels.task(task.title),
    start: task.deadline,
    allDay: false,
    editable: false,
    url: `/tasks/${task.taskId}`,
    classNames: ['cal-task'],
    display: 'block',
    backgroundColor: 'var(--mantine-color-gray-light)',
    borderColor: 'var(--mantine-color-gray-filled)',
    textColor: 'var(--mantine-color-text)',
    extendedProps: { kind: 'task', taskId: task.taskId } satisfies EntryProps,
  };
}

/** The wall-clock `YYYY-MM-DDTHH:mm` (or date) FullCalendar gives for a date in its zone (`startStr` and the like). */
export const wallOf = (isoInZone: string, allDay: boolean) =>
  allDay ? isoInZone.slice(0, 10) : isoInZone.slice(0, 16);
