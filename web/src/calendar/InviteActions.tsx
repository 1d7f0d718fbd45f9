/**
 * Accept / Maybe / Decline right in the bell for a `calendar.invited` notification (POST
 * /calendar/events/{eventId}/rsvp), then the answer in words in place of the buttons. The event id comes from the
 * notification's link (`/calendar?event={eventId}`) or its params.
 */
import { Button, Group, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer } from '../../../shared/calendar/contract';
import type { NotificationView } from '../../../shared/notifications/contract';
import { ApiError } from '../api/client';
import { useApi } from '../services';
import { inviteEventId } from './invite-link';

export { isCalendarInvite } from './invite-link';

const CHOICES: { answer: Answer; key: 'accept' | 'maybe' | 'decline'; color: string }[] = [
  { answer: 'accepted', key: 'accept', color: 'teal' },
  { answer: 'tentative', key: 'maybe', color: 'gray' },
  { answer: 'declined', key: 'decline', color: 'red' },
];

export function InviteActions({ n, onAnswered }: { n: NotificationView; onAnswered?: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const eventId = inviteEventId(n);
  const [done, setDone] = useState<Answer | null>(null);
  const rsvp = useMutation({
    mutationFn: ({ id, answer }: { id: string; answer: Answer }) =>
      api.calendar.rsvp({ params: { eventId: id }, body: { answer } }),
    onSuccess: (_view, { answer }) => {
      setDone(answer);
      onAnswered?.();
      void qc.invalidateQueries({ queryKey: ['calendar'] });
    },
  });
  if (!eventId) return null;
  if (done)
    return (
      <Text
        size="xs"
        c={done === 'declined' ? 'red' : 'teal'}
        role="status"
        px="sm"
        pb={8}
        pl={30}
        data-testid="bell-invite-done"
        data-answer={done}
      >
        {t(`calendar.invite.done.${done}`)}
      </Text>
    );
  const gone = rsvp.error instanceof ApiError && rsvp.error.status === 404;
  return (
    <div style={{ padding: '0 var(--mantine-spacing-sm) 8px 30px' }}>
      <Group gap={6} role="group" aria-label={t('calendar.invite.actions')} data-testid="bell-invite-actions">
        {CHOICES.map(({ answer, key, color }) => (
          <Button
            key={answer}
            size="compact-xs"
            variant="light"
            color={color}
            onClick={() => rsvp.mutate({ id: eventId, answer })}
            loading={rsvp.isPending && rsvp.variables.answer === answer}
            disabled={rsvp.isPending || gone}
            data-testid={`bell-invite-${key}`}
          >
            {t(`calendar.invite.${key}`)}
          </Button>
        ))}
      </Group>
      {rsvp.isError ? (
        <Text size="xs" c="red" role="alert" mt={4}>
          {gone ? t('calendar.invite.gone') : t('calendar.invite.error')}
        </Text>
      ) : null}
    </div>
  );
}
