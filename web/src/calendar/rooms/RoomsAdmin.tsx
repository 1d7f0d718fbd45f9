/**
 * Meeting rooms (administrators): the list with seats and place; add, edit (versioned: when another administrator
 * saved meanwhile, the current room replaces the form and the dialog says so) and delete. Employees are told only
 * administrators manage rooms.
 */
import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDoor, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, type RoomBody, type RoomView } from '../../../../shared/calendar/contract';
import { ApiError } from '../../api/client';
import { RetryAlert } from '../../components/RetryAlert';
import { useCreateRoom, useDeleteRoom, useRooms, useUpdateRoom } from '../settings/api';

type Editing = { mode: 'new' } | { mode: 'edit'; room: RoomView } | null;

const toForm = (r?: RoomView) => ({ name: r?.name ?? '', capacity: r?.capacity ?? 6, place: r?.place ?? '' });

function RoomForm({ editing, onDone }: { editing: Exclude<Editing, null>; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateRoom();
  const update = useUpdateRoom();
  const room = editing.mode === 'edit' ? editing.room : undefined;
  const [form, setForm] = useState(() => toForm(room));
  const [version, setVersion] = useState(room?.version ?? 0);
  const [touched, setTouched] = useState(false);
  const [stale, setStale] = useState(false);
  const nameInvalid = form.name.trim().length === 0;
  const capacityInvalid = !Number.isInteger(form.capacity) || form.capacity < 1 || form.capacity > LIMITS.roomCapacity;
  const pending = create.isPending || update.isPending;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (nameInvalid || capacityInvalid || pending) return;
    const body: RoomBody = {
      name: form.name.trim(),
      capacity: form.capacity,
      ...(form.place.trim() ? { place: form.place.trim() } : {}),
    };
    if (!room) {
      create.mutate(body, {
        onSuccess: (r) => {
          notifications.show({ color: 'teal', message: t('calendar.rooms.created', { name: r.name }) });
          onDone();
        },
      });
      return;
    }
    setStale(false);
    update.mutate(
      { roomId: room.roomId, body: { ...body, ...(form.place.trim() ? {} : { place: '' }), version } },
      {
        onSuccess: (r) => {
          if ('stale' in r) {
            setStale(true);
            if (r.current) {
              setForm(toForm(r.current));
              setVersion(r.current.version);
            }
            return;
          }
          notifications.show({ color: 'teal', message: t('calendar.rooms.saved') });
          onDone();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="room-form">
      <Stack>
        {stale ? (
          <Alert
            color="yellow"
            variant="light"
            role="alert"
            icon={<IconAlertTriangle size={18} aria-hidden="true" />}
            data-testid="room-conflict"
          >
            {t('calendar.rooms.conflict')}
          </Alert>
        ) : null}
        <TextInput
          label={t('calendar.rooms.name')}
          value={form.name}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setForm((f) => ({ ...f, name: v }));
          }}
          maxLength={LIMITS.roomNameChars}
          required
          data-autofocus
          error={touched && nameInvalid ? t('calendar.rooms.nameRequired') : undefined}
          data-testid="room-name"
        />
        <NumberInput
          label={t('calendar.rooms.capacity')}
          value={form.capacity}
          onChange={(v) => setForm((f) => ({ ...f, capacity: typeof v === 'number' ? v : Number.NaN }))}
          min={1}
          max={LIMITS.roomCapacity}
          allowDecimal={false}
          required
          w={160}
          error={
            touched && capacityInvalid ? t('calendar.rooms.capacityInvalid', { max: LIMITS.roomCapacity }) : undefined
          }
          data-testid="room-capacity"
        />
        <TextInput
          label={t('calendar.rooms.place')}
          placeholder={t('calendar.rooms.placeHint')}
          value={form.place}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setForm((f) => ({ ...f, place: v }));
          }}
          maxLength={LIMITS.placeChars}
          data-testid="room-place"
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            {t('calendar.rooms.cancel')}
          </Button>
          <Button type="submit" loading={pending} data-testid="room-save">
            {t('calendar.rooms.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The meetings a 409 says still book the room (titles of the ones that are not private). */
function bookingTitles(e: unknown): string[] | null {
  if (!(e instanceof ApiError) || e.status !== 409) return null;
  const body = e.body as { bookings?: unknown; details?: { bookings?: unknown } } | undefined;
  const list: unknown = body?.bookings ?? body?.details?.bookings;
  if (!Array.isArray(list)) return [];
  return list
    .map((b: { title?: unknown }) => (typeof b.title === 'string' ? b.title : ''))
    .filter((title) => title !== '');
}

function DeleteRoomModal({ room, onClose }: { room: RoomView | null; onClose: () => void }) {
  const { t } = useTranslation();
  const remove = useDeleteRoom();
  const booked = bookingTitles(remove.error);
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <Modal
      opened={room !== null}
      onClose={close}
      title={room ? t('calendar.rooms.deleteTitle', { name: room.name }) : ''}
      centered
    >
      <Stack>
        <Text size="sm">{t('calendar.rooms.deleteBody')}</Text>
        {booked ? (
          <Alert color="yellow" variant="light" role="alert" data-testid="room-booked">
            <Text size="sm">{t('calendar.rooms.bookedAhead')}</Text>
            {booked.length ? (
              <Text size="sm" mt={4}>
                {t('calendar.rooms.bookedBy', { titles: booked.join(', ') })}
              </Text>
            ) : null}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close}>
            {t('calendar.rooms.cancel')}
          </Button>
          <Button
            color="red"
            loading={remove.isPending}
            disabled={!!booked}
            onClick={() =>
              room &&
              remove.mutate(room.roomId, {
                onSuccess: () => {
                  notifications.show({ color: 'teal', message: t('calendar.rooms.deleted') });
                  close();
                },
              })
            }
            data-testid="room-delete-confirm"
          >
            {t('calendar.rooms.delete', { name: room?.name ?? '' })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function RoomsAdmin({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  const rooms = useRooms();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<RoomView | null>(null);
  const list = rooms.data ?? [];
  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="calendar-rooms-title">
      <Stack gap="md" data-testid="calendar-rooms">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <div>
            <Title order={2} size="h4" id="calendar-rooms-title" mb={4}>
              {t('calendar.rooms.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {isAdmin ? t('calendar.rooms.intro') : t('calendar.rooms.adminsOnly')}
            </Text>
          </div>
          {isAdmin ? (
            <Button
              leftSection={<IconPlus size={16} aria-hidden="true" />}
              onClick={() => setEditing({ mode: 'new' })}
              data-testid="room-add"
            >
              {t('calendar.rooms.add')}
            </Button>
          ) : null}
        </Group>
        {rooms.isPending ? (
          <Stack gap="sm" aria-label={t('common.loading')}>
            {[70, 50].map((w) => (
              <Skeleton key={w} h={20} w={`${w}%`} radius="sm" />
            ))}
          </Stack>
        ) : rooms.isError ? (
          <RetryAlert onRetry={() => void rooms.refetch()}>
            <Text size="sm">{t('calendar.rooms.loadError')}</Text>
          </RetryAlert>
        ) : list.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="calendar-rooms-none">
            {t('calendar.rooms.none')}
          </Text>
        ) : (
          <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
            {list.map((r) => (
              <Group
                key={r.roomId}
                component="li"
                wrap="nowrap"
                gap="xs"
                py={6}
                style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
                data-testid="room-row"
                data-room-id={r.roomId}
              >
                <IconDoor size={18} aria-hidden="true" style={{ flexShrink: 0 }} />
                <div style={{ flex: 1, minWidth: 0 }}>
                  <Text size="sm" fw={500} truncate="end">
                    {r.name}
                  </Text>
                  <Text size="xs" c="dimmed" truncate="end">
                    {t('calendar.rooms.seats', { count: r.capacity })}
                    {r.place ? ` · ${r.place}` : ''}
                  </Text>
                </div>
                {isAdmin ? (
                  <Group gap={2} wrap="nowrap">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={t('calendar.rooms.edit', { name: r.name })}
                      onClick={() => setEditing({ mode: 'edit', room: r })}
                      data-testid="room-edit"
                    >
                      <IconPencil size={16} aria-hidden="true" />
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('calendar.rooms.delete', { name: r.name })}
                      onClick={() => setDeleting(r)}
                      data-testid="room-delete"
                    >
                      <IconTrash size={16} aria-hidden="true" />
                    </ActionIcon>
                  </Group>
                ) : null}
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={
          editing?.mode === 'edit'
            ? t('calendar.rooms.editTitle', { name: editing.room.name })
            : t('calendar.rooms.addTitle')
        }
        centered
        data-testid="room-dialog"
      >
        {editing ? (
          <RoomForm
            key={editing.mode === 'edit' ? editing.room.roomId : 'new'}
            editing={editing}
            onDone={() => setEditing(null)}
          />
        ) : null}
      </Modal>
      <DeleteRoomModal room={deleting} onClose={() => setDeleting(null)} />
    </Card>
  );
}
