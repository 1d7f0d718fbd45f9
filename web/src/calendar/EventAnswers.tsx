/** An existing meeting's answers (accepted / maybe / declined / not answered, with comments) and my RSVP. */
import { Badge, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttendeeState, EventView } from '../../../shared/calendar/contract';
import { PersonName } from '../tasks/people';
import { useRsvp } from './api';

export const STATE_COLOR: Record<AttendeeState, string> = {
  accepted: 'green',
  tentative: 'yellow',
  declined: 'red',
  pending: 'gray',
};

export function EventAnswers({ ev }: { ev: EventView }) {
  const { t } = useTranslation();
  if (!ev.attendees.length) return null;
  return (
    <Stack gap={6} data-testid="event-answers">
      <Text size="sm" fw={500}>
        {t('calendar.dialog.answers')}
      </Text>
      <Group gap="xs" data-testid="event-organizer">
        <Text size="sm">
          <PersonName userId={ev.organizerId} />
        </Text>
        <Badge size="sm" variant="light" color="blue">
          {t('calendar.dialog.organizer')}
        </Badge>
      </Group>
      {ev.attendees.map((a) => (
        <Group
          key={`${a.type}:${a.id}`}
          gap="xs"
          wrap="wrap"
          data-testid="event-answer"
          data-attendee-id={a.id}
          data-state={a.state}
        >
          <Text size="sm">{a.name}</Text>
          <Badge size="sm" variant="light" color={STATE_COLOR[a.state]}>
            {t(`calendar.dialog.states.${a.state}`)}
          </Badge>
          {a.comment ? (
            <Text size="xs" c="dimmed" fs="italic">
              “{a.comment}”
            </Text>
          ) : null}
        </Group>
      ))}
    </Stack>
  );
}

export function MyAnswer({ ev, me }: { ev: EventView; me: string }) {
  const { t } = useTranslation();
  const rsvp = useRsvp();
  const mine = ev.attendees.find((a) => a.type === 'user' && a.id === me);
  const [comment, setComment] = useState(mine?.comment ?? '');
  const answer = (a: 'accepted' | 'tentative' | 'declined') =>
    rsvp.mutate({ eventId: ev.eventId, answer: a, comment: comment.trim() || undefined });
  return (
    <Paper withBorder p="sm" data-testid="my-answer" data-state={mine?.state ?? 'pending'}>
      <Stack gap="xs">
        <Group gap="xs">
          <Text size="sm" fw={500}>
            {t('calendar.dialog.myAnswer')}
          </Text>
          {mine ? (
            <Badge size="sm" variant="light" color={STATE_COLOR[mine.state]}>
              {t(`calendar.dialog.states.${mine.state}`)}
            </Badge>
          ) : null}
        </Group>
        <TextInput
          aria-label={t('calendar.dialog.comment')}
          placeholder={t('calendar.dialog.comment')}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          maxLength={1000}
          data-testid="rsvp-comment"
        />
        <Group gap="xs">
          <Button
            size="xs"
            color="green"
            variant={mine?.state === 'accepted' ? 'filled' : 'light'}
            onClick={() => answer('accepted')}
            loading={rsvp.isPending && rsvp.variables?.answer === 'accepted'}
            data-testid="rsvp-accepted"
          >
            {t('calendar.dialog.accept')}
          </Button>
          <Button
            size="xs"
            color="yellow"
            variant={mine?.state === 'tentative' ? 'filled' : 'light'}
            onClick={() => answer('tentative')}
            loading={rsvp.isPending && rsvp.variables?.answer === 'tentative'}
            data-testid="rsvp-tentative"
          >
            {t('calendar.dialog.tentative')}
          </Button>
          <Button
            size="xs"
            color="red"
            variant={mine?.state === 'declined' ? 'filled' : 'light'}
            onClick={() => answer('declined')}
            loading={rsvp.isPending && rsvp.variables?.answer === 'declined'}
            data-testid="rsvp-declined"
          >
            {t('calendar.dialog.decline')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
