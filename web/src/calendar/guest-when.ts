/** When an outside guest's meeting is, in words: the event's own wall clock (its zone is named beside it). */
import type { GuestInvitationView } from '../../../shared/calendar/contract';

/** A wall-clock time (`YYYY-MM-DDTHH:mm`) or date as the invitation states it, in the reader's language. */
function wallClock(local: string, lang: string, withTime: boolean): string {
  const [y = 0, m = 1, d = 1] = local.slice(0, 10).split('-').map(Number);
  const [hh = 0, mm = 0] = withTime ? local.slice(11, 16).split(':').map(Number) : [];
  const at = Date.UTC(y, m - 1, d, hh, mm);
  return new Intl.DateTimeFormat(lang, {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
  }).format(at);
}

/** "Tuesday, 8 December 2026, 10:00 – 11:00", or dates for an all-day event (its end date is exclusive). */
export function whenText(
  inv: Pick<GuestInvitationView, 'start' | 'end' | 'allDay'>,
  lang: string,
  allDayWord: string,
): string {
  if (inv.allDay) {
    const lastDay = new Date(Date.parse(`${inv.end.slice(0, 10)}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const first = wallClock(inv.start, lang, false);
    return lastDay > inv.start.slice(0, 10)
      ? `${first} – ${wallClock(lastDay, lang, false)}`
      : `${first}, ${allDayWord}`;
  }
  const sameDay = inv.start.slice(0, 10) === inv.end.slice(0, 10);
  const [eh = 0, em = 0] = inv.end.slice(11, 16).split(':').map(Number);
  const endTime = new Intl.DateTimeFormat(lang, { timeZone: 'UTC', hour: '2-digit', minute: '2-digit' }).format(
    Date.UTC(2000, 0, 1, eh, em),
  );
  return sameDay
    ? `${wallClock(inv.start, lang, true)} – ${endTime}`
    : `${wallClock(inv.start, lang, true)} – ${wallClock(inv.end, lang, true)}`;
}
