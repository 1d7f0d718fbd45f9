/**
 * Who comes and where: people (the directory search the other modules use), whole departments, outside e-mail
 * addresses, each picked person with a live free/busy dot for the event's time (GET /calendar/free-busy, the
 * event itself left out), and the room picker with capacities and which rooms are taken then.
 */
import { Badge, Group, MultiSelect, Select, Stack, TagsInput, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LIMITS, type FreeBusyView, type RoomView } from '../../../shared/calendar/contract';
import { ApiError } from '../api/client';
import { useApi } from '../services';
import { PeoplePicker, usePeopleNames } from '../tasks/people';
import type { EventDraft } from './draft';

const overlaps = (blocks: { startUtc: string; endUtc: string }[] | undefined, from: number, to: number) =>
  (blocks ?? []).some((b) => Date.parse(b.startUtc) < to && Date.parse(b.endUtc) > from);

function useDepartments() {
  const api = useApi();
  return useQuery({
    queryKey: ['calendar', 'departments'],
    queryFn: ({ signal }) => api.departments.list({ signal }),
    staleTime: 5 * 60_000,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 1,
  });
}

/** A dot and a word: free / busy / still asking. */
function BusyDot({ state }: { state: 'free' | 'busy' | 'unknown' }) {
  const { t } = useTranslation();
  const color = state === 'busy' ? 'red' : state === 'free' ? 'green' : 'gray';
  const word =
    state === 'busy'
      ? t('calendar.dialog.busyNow')
      : state === 'free'
        ? t('calendar.dialog.free')
        : t('calendar.dialog.checking');
  return (
    <Badge variant="dot" color={color} size="sm" data-state={state}>
      {word}
    </Badge>
  );
}

export function MeetingFields({
  draft,
  set,
  freeBusy,
  span,
  rooms,
}: {
  draft: EventDraft;
  set: (patch: Partial<EventDraft>) => void;
  freeBusy: FreeBusyView | undefined;
  /** The event's [start, end) in ms. */
  span: [number, number];
  rooms: RoomView[];
}) {
  const { t } = useTranslation();
  const departments = useDepartments();
  const names = usePeopleNames(draft.people);
  const stateOf = (blocks: FreeBusyView['users'][string] | undefined, known: boolean) =>
    !known ? 'unknown' : overlaps(blocks, span[0], span[1]) ? 'busy' : 'free';
  return (
    <Stack gap="sm">
      <PeoplePicker
        label={t('calendar.dialog.attendees')}
        value={draft.people}
        onChange={(people) => set({ people })}
        testId="event-attendees"
        max={LIMITS.freeBusyPeople}
      />
      {draft.people.length ? (
        <Stack gap={4} data-testid="attendee-availability" aria-label={t('calendar.dialog.availabilityTitle')}>
          <Text size="xs" c="dimmed">
            {t('calendar.dialog.availabilityTitle')}
          </Text>
          {draft.people.map((id) => (
            <Group key={id} gap="xs" data-testid="attendee-free-busy" data-user-id={id}>
              <Text size="sm">{names[id]}</Text>
              <BusyDot state={stateOf(freeBusy?.users[id], !!freeBusy && id in freeBusy.users)} />
            </Group>
          ))}
        </Stack>
      ) : null}
      {departments.data ? (
        <MultiSelect
          label={t('calendar.dialog.departments')}
          data={departments.data.items.map((d) => ({ value: d.departmentId, label: d.name }))}
          value={draft.departments}
          onChange={(v) => set({ departments: v })}
          searchable
          clearable
          maxValues={LIMITS.departments}
          data-testid="event-departments"
        />
      ) : null}
      <TagsInput
        label={t('calendar.dialog.guests')}
        description={t('calendar.dialog.guestsHint')}
        value={draft.guests}
        onChange={(v) =>
          set({ guests: v.map((s) => s.trim().toLowerCase()).filter((s) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s)) })
        }
        maxTags={LIMITS.guests}
        data-testid="event-guests"
      />
      <Select
        label={t('calendar.dialog.room')}
        placeholder={t('calendar.dialog.noRoom')}
        data={rooms.map((r) => {
          const busy = overlaps(freeBusy?.rooms[r.roomId], span[0], span[1]);
          return {
            value: r.roomId,
            label: t(busy ? 'calendar.dialog.roomBusy' : 'calendar.dialog.roomOption', {
              name: r.name,
              capacity: r.capacity,
            }),
          };
        })}
        value={draft.roomId}
        onChange={(v) => set({ roomId: v })}
        clearable
        searchable
        data-testid="event-room"
      />
    </Stack>
  );
}
