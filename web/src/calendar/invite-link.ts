/** Which bell notifications carry answer buttons, and the event they answer (read from the notification). */
import type { NotificationView } from '../../../shared/notifications/contract';

export const CALENDAR_INVITED_KIND = 'calendar.invited';
/** The contract's event id shape, written here so the shell's bell does not load the calendar's schemas. */
const ULID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** True for the notifications that carry answer buttons. */
export const isCalendarInvite = (n: { kind: string }) => n.kind === CALENDAR_INVITED_KIND;

/** The invitation's event id: `?event=` of the link, a `/calendar/events/{id}` link, or params.eventId. */
export function inviteEventId(n: Pick<NotificationView, 'link' | 'params'>): string | null {
  const candidates: (string | null | undefined)[] = [n.params['eventId']];
  try {
    const url = new URL(n.link, 'https://portal.invalid');
    candidates.unshift(url.searchParams.get('event'));
    candidates.push(/^\/calendar\/events\/([^/?#]+)/.exec(url.pathname)?.[1]);
  } catch {
    // a malformed link: params may still name the event
  }
  return candidates.find((c): c is string => !!c && ULID_RE.test(c)) ?? null;
}
