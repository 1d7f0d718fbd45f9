/**
 * /calendar/guest/:token — an outside guest's invitation (public, no sign-in; the signed link in the e-mail is the
 * key): what, when (in the event's zone, said so), where, who invites, and Accept / Maybe / Decline with an optional
 * note. The answer is said in words; it can be changed while the meeting stands. In the browser's language (en/ro).
 */
import { Alert, Button, Center, Group, Loader, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconCalendarEvent, IconCheck, IconHelp, IconMapPin, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { LIMITS, type Answer, type GuestInvitationView } from '../../../shared/calendar/contract';
import { ApiError } from '../api/client';
import { PublicPageShell } from '../components/PublicPageShell';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useApi } from '../services';
import { whenText } from './guest-when';

const TOKEN_RE = /^[A-Za-z0-9_.-]{20,400}$/;
const guestKey = (token: string) => ['calendar', 'guest', token];

const ANSWER_BUTTONS: { answer: Answer; key: 'accept' | 'maybe' | 'decline'; color: string; icon: typeof IconCheck }[] =
  [
    { answer: 'accepted', key: 'accept', color: 'teal', icon: IconCheck },
    { answer: 'tentative', key: 'maybe', color: 'gray', icon: IconHelp },
    { answer: 'declined', key: 'decline', color: 'red', icon: IconX },
  ];

const isAnswer = (v: string | null): v is Answer => v === 'accepted' || v === 'tentative' || v === 'declined';

function Invitation({ token, inv }: { token: string; inv: GuestInvitationView }) {
  const { t, i18n } = useTranslation();
  // The e-mail's buttons link here with ?answer=: that button is focused, one press (never a GET) sends it.
  const [search] = useSearchParams();
  const fromMail = search.get('answer');
  const suggested = isAnswer(fromMail) && inv.state === 'pending' ? fromMail : null;
  const api = useApi();
  const qc = useQueryClient();
  const [comment, setComment] = useState('');
  const [answered, setAnswered] = useState<Answer | null>(null);
  const send = useMutation({
    mutationFn: (answer: Answer) =>
      api.calendar.guestAnswer({
        params: { token },
        body: { answer, ...(comment.trim() ? { comment: comment.trim() } : {}) },
      }),
    onSuccess: (view, answer) => {
      qc.setQueryData(guestKey(token), view);
      setAnswered(answer);
    },
  });
  return (
    <Stack gap="md">
      <div>
        <Text size="sm" c="dimmed">
          {t('calendar.guest.invitedBy', { name: inv.organizerName })}
        </Text>
        <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }} data-testid="guest-title">
          {inv.title}
        </Title>
      </div>
      <Stack gap={6}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <IconCalendarEvent size={18} aria-hidden="true" style={{ flexShrink: 0, marginTop: 2 }} />
          <div>
            <Text size="sm" fw={500} data-testid="guest-when">
              <Text span inherit c="dimmed" fw={400}>
                {t('calendar.guest.when')}:{' '}
              </Text>
              {whenText(inv, i18n.language, t('calendar.guest.allDay'))}
            </Text>
            {inv.allDay ? null : (
              <Text size="xs" c="dimmed">
                {t('calendar.guest.zone', { zone: inv.timeZone })}
              </Text>
            )}
          </div>
        </Group>
        {inv.place ? (
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <IconMapPin size={18} aria-hidden="true" style={{ flexShrink: 0, marginTop: 2 }} />
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              <Text span inherit c="dimmed">
                {t('calendar.guest.where')}:{' '}
              </Text>
              {inv.place}
            </Text>
          </Group>
        ) : null}
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {t('calendar.guest.for', { email: inv.guestEmail })}
        </Text>
      </Stack>
      {inv.cancelled ? (
        <Alert color="gray" variant="light" role="status" data-testid="guest-cancelled">
          {t('calendar.guest.cancelled')}
        </Alert>
      ) : (
        <Stack gap="sm">
          <div aria-live="polite" data-testid="guest-state" data-state={inv.state}>
            {answered ? (
              <Alert color={answered === 'declined' ? 'red' : 'teal'} variant="light" role="status">
                {t(`calendar.guest.answered.${answered}`)}
              </Alert>
            ) : (
              <Text size="sm" fw={500}>
                {t(`calendar.guest.current.${inv.state}`)}
                {inv.state === 'pending' ? '' : ` ${t('calendar.guest.change')}`}
              </Text>
            )}
          </div>
          {inv.state === 'pending' && !answered ? (
            <Title order={2} size="h4">
              {t('calendar.guest.answerTitle')}
            </Title>
          ) : null}
          <Textarea
            label={t('calendar.guest.comment')}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            maxLength={LIMITS.commentChars}
            autosize
            minRows={2}
            maxRows={5}
            data-testid="guest-comment"
          />
          <Group gap="sm" grow preventGrowOverflow={false} wrap="wrap">
            {ANSWER_BUTTONS.map(({ answer, key, color, icon: Icon }) => (
              <Button
                key={answer}
                color={color}
                variant={inv.state === answer || suggested === answer ? 'filled' : 'light'}
                autoFocus={suggested === answer}
                leftSection={<Icon size={16} aria-hidden="true" />}
                onClick={() => send.mutate(answer)}
                loading={send.isPending && send.variables === answer}
                disabled={send.isPending}
                aria-pressed={inv.state === answer}
                data-testid={`guest-${key}`}
              >
                {t(`calendar.guest.${key}`)}
              </Button>
            ))}
          </Group>
          {send.isError ? (
            <Alert color="red" variant="light" role="alert" data-testid="guest-error">
              {send.error instanceof ApiError && send.error.status === 404
                ? t('calendar.guest.notFound')
                : t('calendar.guest.error')}
            </Alert>
          ) : null}
        </Stack>
      )}
    </Stack>
  );
}

export function GuestPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { token = '' } = useParams();
  const valid = TOKEN_RE.test(token);
  const inv = useQuery({
    queryKey: guestKey(token),
    queryFn: ({ signal }) => api.calendar.guestInvitation({ params: { token }, signal }),
    enabled: valid,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
    refetchOnWindowFocus: false,
  });
  useDocumentTitle(inv.data?.title ?? t('calendar.guest.title'));
  const notFound = !valid || (inv.error instanceof ApiError && inv.error.status >= 400 && inv.error.status < 500);

  return (
    <PublicPageShell
      width="sm"
      cardPadding="md"
      testId="guest-page"
      state={notFound ? 'gone' : inv.isSuccess ? 'open' : inv.isError ? 'error' : 'loading'}
    >
      {notFound ? (
        <Alert color="yellow" variant="light" role="alert" data-testid="guest-gone">
          {t('calendar.guest.notFound')}
        </Alert>
      ) : inv.isSuccess ? (
        <Invitation token={token} inv={inv.data} />
      ) : inv.isError ? (
        <Alert color="red" variant="light" role="alert">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{t('calendar.guest.loadError')}</Text>
            <Button size="xs" variant="light" color="red" onClick={() => void inv.refetch()}>
              {t('calendar.guest.retry')}
            </Button>
          </Stack>
        </Alert>
      ) : (
        <Center py="xl" role="status" aria-live="polite">
          <Loader type="dots" aria-label={t('calendar.guest.loading')} />
        </Center>
      )}
    </PublicPageShell>
  );
}
