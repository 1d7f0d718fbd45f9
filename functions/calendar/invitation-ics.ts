/** Placeholder until shared/calendar/ics.ts lands. */
import type { EventItem } from '../../shared/calendar/event-entity';

export function meetingIcs(
  _event: EventItem,
  _opts: { method: 'REQUEST' | 'CANCEL'; sequence: number; host: string },
): string {
  throw new Error('not built yet');
}
