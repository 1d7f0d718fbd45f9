/**
 * DELETE /calendar/events/{id}: the event's reads (event-access.ts) + ONE transaction. Deleting a whole series takes
 * its edited occurrences with it (those past the first 90 in transactions of their own); "this" excludes the
 * occurrence; "following" ends the series before it and drops the edited occurrences from there on.
 */
import type { UserContext } from '../../auth/claims';
import { transaction } from '../../data';
import type { DeleteEventQuery } from '../contract';
import { Events } from '../event-entity';
import { splitSeries, withoutOccurrence } from '../recurrence';
import { editable } from './event-access';
import { commit } from './event-commit';
import { deleteEventWrites, overridesOf, timingOf, trimmedBookingWrite } from './event-store';
import { bumped, scopeOf, timed } from './event-timing';

export async function deleteEvent(user: UserContext, eventId: string, q: DeleteEventQuery): Promise<void> {
  const { bundle, event } = await editable(user, eventId, q.version);
  const scope = scopeOf(event, q.scope, q.occurrence);
  const now = new Date().toISOString();
  const split = scope === 'following' ? splitSeries(timingOf(event), q.occurrence!) : null;
  if (scope === 'all' || (split && !split.before)) {
    const overrides = event.rrule ? await overridesOf(event) : [];
    await commit(
      user,
      eventId,
      async () => [
        ...deleteEventWrites(event, { version: event.version }),
        ...overrides.slice(0, 90).flatMap((o) => deleteEventWrites(o)),
      ],
      [0],
    );
    for (const o of overrides.slice(90))
      await transaction()
        .add(...deleteEventWrites(o))
        .commit();
    return;
  }
  const timing = split ? split.before! : withoutOccurrence(timingOf(event), q.occurrence!);
  const series = bumped(event, { ...event, ...timed(timing) }, user, now);
  const dropped = split ? (await overridesOf(event)).filter((o) => (o.recurrenceId ?? '') >= q.occurrence!) : [];
  await commit(
    user,
    eventId,
    async () => [
      Events.put(series).where((a, o) => o.eq(a.version, event.version)),
      ...(bundle.booking ? [trimmedBookingWrite(bundle.booking, series)] : []),
      ...dropped.slice(0, 90).flatMap((o) => deleteEventWrites(o)),
    ],
    [0],
  );
}
