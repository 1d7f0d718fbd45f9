/**
 * Calendar settings → Calendars: the calendars I see with their colour, kind and my access; create an extra
 * calendar (name, colour) or, for administrators, a company calendar; share my personal calendars with people or
 * departments; delete the extra ones (never my own).
 */
import {
  Button,
  Card,
  CheckIcon,
  ColorSwatch,
  Group,
  Modal,
  Radio,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBuilding, IconPlus, IconShare, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { COLORS, LIMITS, type CalendarColor, type CalendarView } from '../../../../shared/calendar/contract';
import { RetryAlert } from '../../components/RetryAlert';
import { useSession } from '../../services';
import { useCalendars, useCreateCalendar, useDeleteCalendar } from './api';
import { ShareCalendarModal } from './ShareCalendarModal';

function ColorPicker({ value, onChange }: { value: CalendarColor; onChange: (c: CalendarColor) => void }) {
  const { t } = useTranslation();
  return (
    <Radio.Group
      label={t('calendar.settings.calendars.color')}
      value={value}
      onChange={(v) => onChange(v as CalendarColor)}
    >
      <Group gap={8} mt={6} data-testid="calendar-color">
        {COLORS.map((c) => (
          <Radio.Card
            key={c}
            value={c}
            radius="xl"
            w={32}
            h={32}
            aria-label={t(`calendar.settings.calendars.colorName.${c}`)}
            title={t(`calendar.settings.calendars.colorName.${c}`)}
            style={{ border: 'none', background: 'transparent' }}
            data-color={c}
          >
            <ColorSwatch color={`var(--mantine-color-${c}-6)`} size={32} style={{ color: 'white' }}>
              {value === c ? <CheckIcon size={12} /> : null}
            </ColorSwatch>
          </Radio.Card>
        ))}
      </Group>
    </Radio.Group>
  );
}

function CreateCalendarModal({ company, onClose }: { company: boolean | null; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateCalendar();
  const [name, setName] = useState('');
  const [color, setColor] = useState<CalendarColor>('teal');
  const [touched, setTouched] = useState(false);
  const invalid = name.trim().length === 0;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (invalid || company === null) return;
    create.mutate(
      { name: name.trim(), color, ...(company ? { company: true } : {}) },
      {
        onSuccess: (c) => {
          notifications.show({ color: 'teal', message: t('calendar.settings.calendars.created', { name: c.name }) });
          setName('');
          setTouched(false);
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      opened={company !== null}
      onClose={onClose}
      title={
        company ? t('calendar.settings.calendars.createCompanyTitle') : t('calendar.settings.calendars.createTitle')
      }
      centered
      data-testid="calendar-create-dialog"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {company ? (
            <Text size="sm" c="dimmed">
              {t('calendar.settings.calendars.companyHint')}
            </Text>
          ) : null}
          <TextInput
            label={t('calendar.settings.calendars.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            maxLength={LIMITS.calendarNameChars}
            required
            data-autofocus
            error={touched && invalid ? t('calendar.settings.calendars.nameRequired') : undefined}
            data-testid="calendar-create-name"
          />
          <ColorPicker value={color} onChange={setColor} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('calendar.settings.calendars.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="calendar-create-save">
              {t('calendar.settings.calendars.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DeleteCalendarModal({ calendar, onClose }: { calendar: CalendarView | null; onClose: () => void }) {
  const { t } = useTranslation();
  const remove = useDeleteCalendar();
  return (
    <Modal
      opened={calendar !== null}
      onClose={onClose}
      title={calendar ? t('calendar.settings.calendars.deleteTitle', { name: calendar.name }) : ''}
      centered
    >
      <Stack>
        <Text size="sm">{t('calendar.settings.calendars.deleteBody')}</Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('calendar.settings.calendars.cancel')}
          </Button>
          <Button
            color="red"
            loading={remove.isPending}
            onClick={() =>
              calendar &&
              remove.mutate(calendar.calendarId, {
                onSuccess: () => {
                  notifications.show({ color: 'teal', message: t('calendar.settings.calendars.deleted') });
                  onClose();
                },
              })
            }
            data-testid="calendar-delete-confirm"
          >
            {t('calendar.settings.calendars.delete')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function CalendarRow({
  calendar,
  mine,
  isAdmin,
  onShare,
  onDelete,
}: {
  calendar: CalendarView;
  mine: boolean;
  isAdmin: boolean;
  onShare: () => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  const personal = calendar.kind === 'user' && calendar.access === 'owner';
  const deletable = (calendar.access === 'owner' && !mine) || (calendar.kind === 'company' && isAdmin);
  const shareCount = calendar.shares?.length ?? 0;
  return (
    <Group
      component="li"
      wrap="wrap"
      gap="xs"
      py={6}
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      data-testid="calendar-row"
      data-calendar-id={calendar.calendarId}
    >
      <Group gap="xs" wrap="nowrap" style={{ flex: '1 1 200px', minWidth: 0 }}>
        <ColorSwatch color={`var(--mantine-color-${calendar.color}-6)`} size={14} aria-hidden="true" />
        <div style={{ minWidth: 0 }}>
          <Text size="sm" fw={500} truncate="end">
            {mine ? t('calendar.settings.calendars.mine') : calendar.name}
          </Text>
          <Text size="xs" c="dimmed">
            {t(`calendar.settings.calendars.kind.${calendar.kind}`)} ·{' '}
            {t(`calendar.settings.calendars.access.${calendar.access}`)}
            {personal
              ? ` · ${shareCount ? t('calendar.settings.calendars.sharedWith', { count: shareCount }) : t('calendar.settings.calendars.notShared')}`
              : ''}
          </Text>
        </div>
      </Group>
      <Group gap={4} wrap="nowrap">
        {personal ? (
          <Button
            size="compact-sm"
            variant="subtle"
            leftSection={<IconShare size={14} aria-hidden="true" />}
            onClick={onShare}
            aria-label={`${t('calendar.settings.calendars.share')}: ${mine ? t('calendar.settings.calendars.mine') : calendar.name}`}
            data-testid="calendar-share"
          >
            {t('calendar.settings.calendars.share')}
          </Button>
        ) : null}
        {deletable ? (
          <Button
            size="compact-sm"
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={14} aria-hidden="true" />}
            onClick={onDelete}
            aria-label={`${t('calendar.settings.calendars.delete')}: ${calendar.name}`}
            data-testid="calendar-delete"
          >
            {t('calendar.settings.calendars.delete')}
          </Button>
        ) : null}
      </Group>
    </Group>
  );
}

export function CalendarsCard() {
  const { t } = useTranslation();
  const session = useSession();
  const sub = session.status === 'signedIn' ? session.user.sub : '';
  const isAdmin = session.status === 'signedIn' && session.user.groups.includes('admin');
  const calendars = useCalendars();
  const [creating, setCreating] = useState<boolean | null>(null);
  const [sharing, setSharing] = useState<CalendarView | null>(null);
  const [deleting, setDeleting] = useState<CalendarView | null>(null);
  const list = calendars.data ?? [];
  const own = `user-${sub}`;
  const ordered = [...list].sort(
    (a, b) => Number(b.calendarId === own) - Number(a.calendarId === own) || a.name.localeCompare(b.name),
  );
  // The sharing dialog follows the list (a save or a conflict refreshes it).
  const sharingNow = sharing ? (list.find((c) => c.calendarId === sharing.calendarId) ?? sharing) : null;
  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="calendar-calendars-title">
      <Stack gap="md" data-testid="calendar-calendars">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <div>
            <Title order={2} size="h4" id="calendar-calendars-title" mb={4}>
              {t('calendar.settings.calendars.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('calendar.settings.calendars.intro')}
            </Text>
          </div>
          <Group gap="xs">
            <Button
              leftSection={<IconPlus size={16} aria-hidden="true" />}
              onClick={() => setCreating(false)}
              data-testid="calendar-create"
            >
              {t('calendar.settings.calendars.create')}
            </Button>
            {isAdmin ? (
              <Button
                variant="light"
                leftSection={<IconBuilding size={16} aria-hidden="true" />}
                onClick={() => setCreating(true)}
                data-testid="calendar-create-company"
              >
                {t('calendar.settings.calendars.createCompany')}
              </Button>
            ) : null}
          </Group>
        </Group>
        {calendars.isPending ? (
          <Stack gap="sm" aria-label={t('common.loading')}>
            {[70, 50, 60].map((w) => (
              <Skeleton key={w} h={20} w={`${w}%`} radius="sm" />
            ))}
          </Stack>
        ) : calendars.isError ? (
          <RetryAlert onRetry={() => void calendars.refetch()}>
            <Text size="sm">{t('calendar.settings.calendars.loadError')}</Text>
          </RetryAlert>
        ) : (
          <>
            <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
              {ordered.map((c) => (
                <CalendarRow
                  key={c.calendarId}
                  calendar={c}
                  mine={c.calendarId === own}
                  isAdmin={isAdmin}
                  onShare={() => setSharing(c)}
                  onDelete={() => setDeleting(c)}
                />
              ))}
            </Stack>
            {list.filter((c) => c.access === 'owner' && c.calendarId !== own).length === 0 ? (
              <Text size="sm" c="dimmed" data-testid="calendar-calendars-none">
                {t('calendar.settings.calendars.none')}
              </Text>
            ) : null}
          </>
        )}
      </Stack>
      <CreateCalendarModal company={creating} onClose={() => setCreating(null)} />
      <ShareCalendarModal calendar={sharingNow} onClose={() => setSharing(null)} />
      <DeleteCalendarModal calendar={deleting} onClose={() => setDeleting(null)} />
    </Card>
  );
}
