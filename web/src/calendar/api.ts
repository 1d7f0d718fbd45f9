/**
 * Server state of the calendar page (TanStack Query over the typed client). The events of the visible range
 * are keyed by range + calendars, so moving back to a week shown before answers from the cache while it
 * refetches; a `calendar.changed` frame refetches every range (useCalendarLive).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useContext, useEffect } from 'react';
import type { AttendeeState, EventView, PeopleMap, UpdateEventBody } from '../../../shared/calendar/contract';
import { occurrenceViews } from '../../../shared/calendar/occurrence-page';
import { ApiError } from '../api/client';
import { LiveContext, useApi } from '../services';
import { seedPeople as seedTaskPeople } from '../tasks/people';

/** The names an answer carries go into the shared name cache (PersonName reads them without a request). */
const seedPeople = (qc: ReturnType<typeof useQueryClient>, people: PeopleMap | undefined) =>
  seedTaskPeople(
    qc,
    Object.fromEntries(Object.entries(people ?? {}).map(([id, p]) => [id, { name: p.name, hasPhoto: !!p.hasPhoto }])),
  );

export const ckeys = {
  all: ['calendar'] as const,
  calendars: ['calendar', 'calendars'] as const,
  settings: ['calendar', 'settings'] as const,
  rooms: ['calendar', 'rooms'] as const,
  events: ['calendar', 'events'] as const,
  range: (from: string, to: string, calendarIds: readonly string[]) =>
    ['calendar', 'events', from, to, calendarIds.join(',')] as const,
  event: (eventId: string) => ['calendar', 'event', eventId] as const,
  invitations: ['calendar', 'invitations'] as const,
  freeBusy: (userIds: readonly string[], roomIds: readonly string[], from: string, to: string, except: string) =>
    ['calendar', 'free-busy', userIds.join(','), roomIds.join(','), from, to, except] as const,
};

export function useCalendars() {
  const api = useApi();
  return useQuery({
    queryKey: ckeys.calendars,
    queryFn: ({ signal }) => api.calendar.listCalendars({ signal }),
    staleTime: 60_000,
    meta: { errorKey: 'calendar.views.loadError' },
  });
}

export function useCalendarSettings() {
  const api = useApi();
  return useQuery({
    queryKey: ckeys.settings,
    queryFn: ({ signal }) => api.calendar.getSettings({ signal }),
    staleTime: 5 * 60_000,
    meta: { errorKey: 'calendar.views.loadError' },
  });
}

export function useRooms(enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: ckeys.rooms,
    queryFn: ({ signal }) => api.calendar.listRooms({ signal }),
    staleTime: 5 * 60_000,
    enabled,
    // extranet partners may not list rooms: the picker then stays empty
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 1,
  });
}

/** Occurrences and task deadlines in [from, to) (instants) of the calendars shown. */
export function useEvents(range: { from: string; to: string } | null, calendarIds: readonly string[] | null) {
  const api = useApi();
  const qc = useQueryClient();
  return useQuery({
    queryKey: ckeys.range(range?.from ?? '', range?.to ?? '', calendarIds ?? []),
    queryFn: async ({ signal }) => {
      const r = await api.calendar.listEvents({
        query: { from: range!.from, to: range!.to, calendarIds: calendarIds!.join(',') },
        signal,
      });
      seedPeople(qc, r.people);
      // The answer holds each event once; the page works with one OccurrenceView per occurrence.
      return { occurrences: occurrenceViews(r), tasks: r.tasks };
    },
    enabled: !!range && !!calendarIds && calendarIds.length > 0,
    placeholderData: (prev) => prev,
    meta: { errorKey: 'calendar.views.loadError' },
  });
}

export function useEvent(eventId: string | null) {
  const api = useApi();
  const qc = useQueryClient();
  return useQuery({
    queryKey: ckeys.event(eventId ?? ''),
    queryFn: async ({ signal }) => {
      const r = await api.calendar.getEvent({ params: { eventId: eventId! }, signal });
      seedPeople(qc, r.people);
      return r;
    },
    enabled: !!eventId,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
}

export function useInvitations() {
  const api = useApi();
  const qc = useQueryClient();
  return useQuery({
    queryKey: ckeys.invitations,
    queryFn: async ({ signal }) => {
      const r = await api.calendar.invitations({ query: { limit: 20 }, signal });
      seedPeople(qc, r.people);
      return r;
    },
    staleTime: 30_000,
  });
}

/** Busy blocks of people and rooms over [from, to); nothing is asked while nobody is listed. */
export function useFreeBusy(
  userIds: readonly string[],
  roomIds: readonly string[],
  from: string | null,
  to: string | null,
  exceptEventId?: string,
) {
  const api = useApi();
  return useQuery({
    queryKey: ckeys.freeBusy(userIds, roomIds, from ?? '', to ?? '', exceptEventId ?? ''),
    queryFn: ({ signal }) =>
      api.calendar.freeBusy({
        query: {
          from: from!,
          to: to!,
          userIds: userIds.length ? userIds.join(',') : undefined,
          roomIds: roomIds.length ? roomIds.join(',') : undefined,
          exceptEventId,
        },
        signal,
      }),
    enabled: !!from && !!to && Date.parse(to) > Date.parse(from) && userIds.length + roomIds.length > 0,
    staleTime: 30_000,
    placeholderData: (prev) => prev,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 1,
  });
}

/** After any write: every range, the event, my invitations. */
export function useInvalidateCalendar() {
  const qc = useQueryClient();
  return (eventId?: string) => {
    void qc.invalidateQueries({ queryKey: ckeys.events });
    void qc.invalidateQueries({ queryKey: ckeys.invitations });
    void qc.invalidateQueries({ queryKey: ['calendar', 'free-busy'] });
    if (eventId) void qc.invalidateQueries({ queryKey: ckeys.event(eventId) });
  };
}

export function useRsvp() {
  const api = useApi();
  const qc = useQueryClient();
  const invalidate = useInvalidateCalendar();
  return useMutation({
    mutationFn: (v: { eventId: string; answer: Exclude<AttendeeState, 'pending'>; comment?: string }) =>
      api.calendar.rsvp({
        params: { eventId: v.eventId },
        body: { answer: v.answer, ...(v.comment ? { comment: v.comment } : {}) },
      }),
    onSuccess: (ev) => {
      qc.setQueryData(ckeys.event(ev.eventId), ev);
      invalidate(ev.eventId);
    },
    meta: { errorKey: 'calendar.event.rsvpError' },
  });
}

/** A PATCH; a stale version's 409 is left to the caller (it reloads and says so), not the global toast. */
export function usePatchEvent() {
  const api = useApi();
  const qc = useQueryClient();
  const invalidate = useInvalidateCalendar();
  return useMutation({
    mutationFn: (v: { eventId: string; body: UpdateEventBody }) =>
      api.calendar.updateEvent({ params: { eventId: v.eventId }, body: v.body }),
    onSuccess: (ev: EventView, v) => {
      qc.setQueryData(ckeys.event(ev.eventId), ev);
      invalidate(v.eventId);
    },
  });
}

/** The server's current event inside a 409, if that is what the error is. */
export const isConflict = (e: unknown) => e instanceof ApiError && e.status === 409;

/** `calendar.changed` frames (to the organiser and attendees) refetch the views and that event. */
export function useCalendarLive() {
  const live = useContext(LiveContext);
  const invalidate = useInvalidateCalendar();
  useEffect(() => {
    if (!live) return;
    return live.onFrame((f) => {
      if (f.type !== 'calendar.changed') return;
      invalidate(typeof f.eventId === 'string' ? f.eventId : undefined);
    });
    // invalidate is a fresh closure each render over the same client
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live]);
}
