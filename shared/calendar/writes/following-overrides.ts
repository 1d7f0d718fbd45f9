/**
 * "This and following" and the occurrences edited on their own before (overrides: seriesId = the old series) from
 * the split on. They move to the new series, as Google Calendar keeps them: each keeps its own edits, times and
 * answers, and its `recurrenceId` follows the new series (moved by as much as the series' start moved), so the new
 * series excludes that slot and the two never show twice. An override whose slot the new rule no longer has (the
 * rule changed) stays where it was edited, attached to the new series (deleting the series takes it too).
 * The rewrites ride in the split's one transaction; more than it holds → 409 (nothing written), never split.
 */
import type { UserContext } from '../../auth/claims';
import { ConflictError } from '../../http/errors';
import type { EventItem } from '../event-entity';
import { isOccurrence } from '../recurrence';
import { timingOf, wallMs, wallText } from './event-store';
import { bumped, tidy, timed } from './event-timing';

export interface Reattached {
  /** The new series, excluding the slots its re-attached overrides hold. */
  series: EventItem;
  /** The overrides as rewritten (next version, same condition as read). */
  overrides: { before: EventItem; after: EventItem }[];
}

/**
 * The overrides of the old series from `occurrence` on, moved onto `next` (the new series); `afterStart` is where
 * the split put the new series before the edit moved it.
 */
export function reattachOverrides(
  overrides: EventItem[],
  occurrence: string,
  afterStart: string,
  next: EventItem,
  user: UserContext,
  now: string,
): Reattached {
  const later = overrides.filter((o) => (o.recurrenceId ?? '') >= occurrence);
  if (!later.length) return { series: next, overrides: [] };
  const rule = { ...timingOf(next), exdates: [] };
  const shift = wallMs(next.start) - wallMs(afterStart);
  const excluded = new Set(next.exdates);
  const moved = later.map((o) => {
    const was = o.recurrenceId!;
    const shifted = next.allDay === o.allDay ? wallText(wallMs(was) + shift, next.allDay) : was;
    const slot = [shifted, was].find((s) => isOccurrence(rule, s));
    if (slot) excluded.add(slot);
    const after = bumped(o, { ...o, seriesId: next.eventId, recurrenceId: slot ?? was }, user, now);
    return { before: o, after };
  });
  const exdates = [...excluded].sort();
  const series =
    exdates.join() === next.exdates.join() ? next : tidy({ ...next, ...timed({ ...timingOf(next), exdates }) });
  return { series, overrides: moved };
}

/** 409 when the split's transaction cannot hold every rewrite (nothing is written). */
export function refuseIfTooMany(writes: number, limit: number, overrides: number): void {
  if (writes <= limit) return;
  throw new ConflictError(
    `This series has ${overrides} occurrences edited on their own after this one: too many to move to the new ` +
      'series at once. Change all events instead, or fewer of them on their own.',
  );
}
