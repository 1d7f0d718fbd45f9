/**
 * Sharing one of my calendars with people or departments, each with "can see" or "can edit" (the people and
 * department pickers the drive's sharing uses). The whole list is saved at once (PUT …/shares, versioned): when
 * the calendar changed meanwhile, the current sharing replaces the list and the dialog says so.
 */
import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  LIMITS,
  SHARE_ACCESS,
  type CalendarView,
  type ShareAccess,
  type ShareView,
} from '../../../../shared/calendar/contract';
import { ApiError } from '../../api/client';
import { SharePicker, type SharePick } from '../../components/share/SharePicker';
import { ShareList, ShareRow } from '../../components/share/ShareRow';
import { targetKey } from '../../components/share/targets';
import { useShareCalendar } from './api';

const ACCESS_WIDTH = 140;

export function ShareCalendarModal({ calendar, onClose }: { calendar: CalendarView | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={calendar !== null}
      onClose={onClose}
      title={calendar ? t('calendar.settings.calendars.shareTitle', { name: calendar.name }) : ''}
      size="lg"
      centered
      data-testid="calendar-share-dialog"
    >
      {calendar ? <ShareBody key={calendar.calendarId} calendar={calendar} onDone={onClose} /> : null}
    </Modal>
  );
}

function ShareBody({ calendar, onDone }: { calendar: CalendarView; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useShareCalendar();
  const [shares, setShares] = useState<ShareView[]>(() => calendar.shares ?? []);
  const [version, setVersion] = useState(calendar.version);
  const [problem, setProblem] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const accessOptions = SHARE_ACCESS.map((a) => ({
    value: a,
    label: t(`calendar.settings.shares.accessOptions.${a}`),
  }));

  // Added to the list; the list is saved with Save.
  const add = ({ type, id, name, access }: SharePick<ShareAccess>) => {
    if (!id) {
      setProblem(t('calendar.settings.shares.pickSomeone'));
      return false;
    }
    setProblem(null);
    setShares((s) => [...s, { type, id, name, access }]);
    return true;
  };

  const submit = () => {
    setStale(false);
    setProblem(null);
    save.mutate(
      {
        calendarId: calendar.calendarId,
        body: { version, shares: shares.map(({ type: ty, id, access: a }) => ({ type: ty, id, access: a })) },
      },
      {
        onSuccess: (r) => {
          if ('stale' in r) {
            setStale(true);
            setShares(r.current?.shares ?? []);
            setVersion(r.current?.version ?? version);
            return;
          }
          notifications.show({ color: 'teal', message: t('calendar.settings.shares.saved') });
          onDone();
        },
        onError: (e) => setProblem(e instanceof ApiError ? e.message : t('calendar.settings.calendars.error')),
      },
    );
  };

  return (
    <Stack>
      {stale ? (
        <Alert
          color="yellow"
          variant="light"
          role="alert"
          icon={<IconAlertTriangle size={18} aria-hidden="true" />}
          data-testid="calendar-share-conflict"
        >
          {t('calendar.settings.calendars.conflict')}
        </Alert>
      ) : null}
      <SharePicker
        words={{
          with: t('calendar.settings.shares.with'),
          people: t('calendar.settings.shares.people'),
          departments: t('calendar.settings.shares.departments'),
          findPerson: t('calendar.settings.shares.findPerson'),
          findDepartment: t('calendar.settings.shares.findDepartment'),
          nobody: t('calendar.settings.shares.nobody'),
          access: t('calendar.settings.shares.access'),
          add: t('calendar.settings.shares.add'),
        }}
        accessOptions={accessOptions}
        initialAccess="read"
        accessWidth={ACCESS_WIDTH}
        hint={(a) => t(`calendar.settings.shares.accessHints.${a}`)}
        exclude={new Set(shares.map((s) => targetKey(s.type, s.id)))}
        onAdd={add}
        addButton={{ variant: 'light', disabled: shares.length >= LIMITS.shares }}
        testIds={{ target: 'calendar-share-target', access: 'calendar-share-access', add: 'calendar-share-add' }}
      />
      {problem ? (
        <Alert color="red" variant="light" role="alert" data-testid="calendar-share-error">
          {problem}
        </Alert>
      ) : null}
      <ShareList
        title={t('calendar.settings.shares.current')}
        none={t('calendar.settings.shares.none')}
        testIds={{ list: 'calendar-share-list' }}
      >
        {shares.map((s) => (
          <ShareRow
            key={targetKey(s.type, s.id)}
            type={s.type}
            name={s.name}
            access={s.access}
            accessOptions={accessOptions}
            accessWidth={ACCESS_WIDTH}
            onAccessChange={(a) => setShares((all) => all.map((x) => (x === s ? { ...x, access: a } : x)))}
            onRemove={() => setShares((all) => all.filter((x) => x !== s))}
            words={{
              access: t('calendar.settings.shares.access'),
              department: t('calendar.settings.shares.department'),
              remove: (name) => t('calendar.settings.shares.remove', { name }),
            }}
            testIds={{ row: 'calendar-share-row', access: 'calendar-share-row-access' }}
            data={{ 'data-id': s.id, 'data-access': s.access }}
          />
        ))}
      </ShareList>
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onDone}>
          {t('calendar.settings.calendars.cancel')}
        </Button>
        <Button onClick={submit} loading={save.isPending} data-testid="calendar-share-save">
          {t('calendar.settings.calendars.save')}
        </Button>
      </Group>
    </Stack>
  );
}
