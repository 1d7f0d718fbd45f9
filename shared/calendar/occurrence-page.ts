/** The compact occurrence list of GET /calendar/events (contract.ts OccurrencePage) as one OccurrenceView each. */
import type { OccurrencePage, OccurrenceView } from './contract';

export function occurrenceViews(page: Pick<OccurrencePage, 'events' | 'occurrences'>): OccurrenceView[] {
  return page.occurrences.map(([n, startUtc, endUtc, start, end]) => {
    const e = page.events[n];
    if (!e) throw new Error(`occurrence of event #${n}, which the page does not hold`);
    // A series' own instance is known by its original local start, which is its start.
    const occurrence = e.seriesId === e.eventId ? start : e.occurrence;
    const view: OccurrenceView = { ...e, start, end, startUtc, endUtc };
    if (occurrence) view.occurrence = occurrence;
    return view;
  });
}
