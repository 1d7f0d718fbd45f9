/**
 * Server state of the calendar's settings screens: my settings (versioned PUT), my sync addresses (GET / POST
 * regenerate / DELETE), the calendars I may see (create, share, delete) and the meeting rooms (admins edit).
 * Everything under the ['calendar'] key, so the calendar page's views refetch after a change here.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CalendarSettings,
  CalendarView,
  CreateCalendarBody,
  RoomBody,
  RoomView,
  SettingsBody,
  SharesBody,
  SyncView,
} from '../../../../shared/calendar/contract';
import { ApiError } from '../../api/client';
import { useApi } from '../../services';

export const calendarKeys = {
  all: ['calendar'] as const,
  settings: ['calendar', 'settings'] as const,
  sync: ['calendar', 'sync'] as const,
  calendars: ['calendar', 'calendars'] as const,
  rooms: ['calendar', 'rooms'] as const,
};

/**
 * A save's result: saved, or stale (someone saved meanwhile; `current` is what is saved now, read again). A 409 is a
 * result the screen says in words, not an error toast.
 */
export type Saved<T> = { saved: T } | { stale: true; current: T | undefined };
const isConflict = (e: unknown): e is ApiError => e instanceof ApiError && e.status === 409;

export function useCalendarSettings() {
  const api = useApi();
  return useQuery({
    queryKey: calendarKeys.settings,
    queryFn: ({ signal }) => api.calendar.getSettings({ signal }),
    meta: { errorKey: 'calendar.settings.loadError' },
  });
}

/** Saves; a stale version reads the saved settings again (they replace the form). */
export function useSaveCalendarSettings() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: SettingsBody): Promise<Saved<CalendarSettings>> => {
      try {
        return { saved: await api.calendar.saveSettings({ body }) };
      } catch (e) {
        if (!isConflict(e)) throw e;
        const current = await api.calendar.getSettings();
        return { stale: true, current };
      }
    },
    onSuccess: (r) => qc.setQueryData(calendarKeys.settings, 'saved' in r ? r.saved : r.current),
    meta: { errorKey: 'calendar.settings.saveError' },
  });
}

export function useSync() {
  const api = useApi();
  return useQuery({
    queryKey: calendarKeys.sync,
    queryFn: ({ signal }) => api.calendar.getSync({ signal }),
    // Only this screen changes it; a refetch on focus would hide the password shown once after regenerating.
    staleTime: Infinity,
    meta: { errorKey: 'calendar.sync.loadError' },
  });
}

/** Makes or regenerates the addresses: the answer carries the CalDAV password this once. */
export function useRegenerateSync() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.calendar.regenerateSync(),
    onSuccess: (view: SyncView) => qc.setQueryData(calendarKeys.sync, view),
  });
}

export function useRevokeSync() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.calendar.revokeSync(),
    onSuccess: () => qc.setQueryData<SyncView>(calendarKeys.sync, { icsUrl: null, caldav: null, createdAt: null }),
  });
}

export function useCalendars() {
  const api = useApi();
  return useQuery({
    queryKey: calendarKeys.calendars,
    queryFn: ({ signal }) => api.calendar.listCalendars({ signal }),
    meta: { errorKey: 'calendar.settings.calendars.loadError' },
  });
}

export function useCreateCalendar() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCalendarBody) => api.calendar.createCalendar({ body }),
    // The answer is the whole calendar: appended, not refetched (a refetch landing after a quick share would undo it).
    onSuccess: async (created) => {
      await qc.cancelQueries({ queryKey: calendarKeys.calendars });
      qc.setQueryData<CalendarView[]>(calendarKeys.calendars, (old) => (old ? [...old, created] : old));
    },
  });
}

function replaceCalendar(list: CalendarView[] | undefined, next: CalendarView) {
  return list?.map((c) => (c.calendarId === next.calendarId ? next : c));
}

/** Replaces the shares; a stale version reads the calendars again (the current sharing replaces the form). */
export function useShareCalendar() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({
      calendarId,
      body,
    }: {
      calendarId: string;
      body: SharesBody;
    }): Promise<Saved<CalendarView>> => {
      try {
        return { saved: await api.calendar.shareCalendar({ params: { calendarId }, body }) };
      } catch (e) {
        if (!isConflict(e)) throw e;
        const list = await api.calendar.listCalendars();
        qc.setQueryData(calendarKeys.calendars, list);
        return { stale: true, current: list.find((c) => c.calendarId === calendarId) };
      }
    },
    onSuccess: async (r) => {
      if (!('saved' in r)) return;
      await qc.cancelQueries({ queryKey: calendarKeys.calendars }); // an older list still in flight must not win
      qc.setQueryData<CalendarView[]>(calendarKeys.calendars, (old) => replaceCalendar(old, r.saved));
    },
  });
}

export function useDeleteCalendar() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (calendarId: string) => api.calendar.deleteCalendar({ params: { calendarId } }),
    onSuccess: (_r, calendarId) => {
      qc.setQueryData<CalendarView[]>(calendarKeys.calendars, (old) => old?.filter((c) => c.calendarId !== calendarId));
      void qc.invalidateQueries({ queryKey: calendarKeys.all });
    },
  });
}

export function useRooms() {
  const api = useApi();
  return useQuery({
    queryKey: calendarKeys.rooms,
    queryFn: ({ signal }) => api.calendar.listRooms({ signal }),
    meta: { errorKey: 'calendar.rooms.loadError' },
  });
}

const byName = (a: RoomView, b: RoomView) => a.name.localeCompare(b.name);

export function useCreateRoom() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RoomBody) => api.calendar.createRoom({ body }),
    onSuccess: (room) => qc.setQueryData<RoomView[]>(calendarKeys.rooms, (old) => [...(old ?? []), room].sort(byName)),
  });
}

/** A stale version reads the rooms again (the current room replaces the form). */
export function useUpdateRoom() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({
      roomId,
      body,
    }: {
      roomId: string;
      body: RoomBody & { version: number };
    }): Promise<Saved<RoomView>> => {
      try {
        return { saved: await api.calendar.updateRoom({ params: { roomId }, body }) };
      } catch (e) {
        if (!isConflict(e)) throw e;
        const rooms = await api.calendar.listRooms();
        qc.setQueryData(calendarKeys.rooms, rooms);
        return { stale: true, current: rooms.find((r) => r.roomId === roomId) };
      }
    },
    onSuccess: (r) => {
      if ('saved' in r)
        qc.setQueryData<RoomView[]>(calendarKeys.rooms, (old) =>
          (old ?? []).map((x) => (x.roomId === r.saved.roomId ? r.saved : x)).sort(byName),
        );
    },
  });
}

export function useDeleteRoom() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (roomId: string) => api.calendar.deleteRoom({ params: { roomId } }),
    onSuccess: (_r, roomId) =>
      qc.setQueryData<RoomView[]>(calendarKeys.rooms, (old) => old?.filter((r) => r.roomId !== roomId)),
  });
}
