/**
 * "Invite people": a textarea of addresses, the role (extranet only for admins), the result, and for
 * admins the invitations table with resend / revoke.
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconMailForward, IconSend, IconX } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { EmailText } from '../components/EmailText';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useApi } from '../services';
import { DepartmentPicker } from '../departments/widgets';
import { retryMinutes } from '../pages/auth/form-rules';
import { parseEmails, type InvitableRole, type InvitationRow, type InvitationState } from './api';

const STATE_COLOR: Record<InvitationState, string> = {
  pending: 'blue',
  accepted: 'teal',
  revoked: 'gray',
  expired: 'yellow',
};

export function InvitePage({ isAdmin }: { isAdmin: boolean }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  useDocumentTitle(t('invitations.page.title'));
  const [text, setText] = useState('');
  const [role, setRole] = useState<InvitableRole>('employee');
  const [departmentIds, setDepartmentIds] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ invited: string[]; alreadyMember: string[] } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const { valid, invalid } = parseEmails(text);
    setResult(null);
    if (invalid.length) return setError(t('invitations.page.errors.invalid', { list: invalid.join(', ') }));
    if (!valid.length) return setError(t('invitations.page.errors.empty'));
    if (valid.length > 50) return setError(t('invitations.page.errors.tooMany'));
    setError(null);
    setBusy(true);
    try {
      const r = await api.invitations.invite({
        body: {
          emails: valid,
          role,
          language: i18n.language === 'ro' ? 'ro' : 'en',
          ...(role === 'employee' && departmentIds.length ? { departmentIds } : {}),
        },
      });
      setResult(r);
      setText('');
      void qc.invalidateQueries({ queryKey: ['invitations'] });
    } catch (err) {
      if (
        err instanceof ApiError &&
        err.status === 422 &&
        err.fields?.some((f) => f.path.startsWith('departmentIds'))
      ) {
        setError(t('departments.errors.inviteUnknown'));
        void qc.invalidateQueries({ queryKey: ['departments'] });
      } else if (err instanceof ApiError && err.status === 403) setError(t('invitations.page.errors.forbidden'));
      else if (err instanceof ApiError && err.status === 429)
        setError(t('invitations.page.errors.rateLimited', { minutes: retryMinutes(err) }));
      else setError(t('invitations.page.errors.unknown'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="lg" maw={960} data-testid="invite-page">
      <div>
        <Title order={1} fz={26}>
          {t('invitations.page.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('invitations.page.subtitle')}
        </Text>
      </div>
      <Card withBorder radius="md" p="lg">
        <form onSubmit={(e) => void submit(e)} noValidate data-testid="invite-form">
          <Stack gap="md">
            {error ? (
              <Alert
                color="red"
                variant="light"
                icon={<IconAlertCircle size={18} />}
                role="alert"
                data-testid="invite-error"
              >
                {error}
              </Alert>
            ) : null}
            <Textarea
              label={t('invitations.page.emails')}
              description={t('invitations.page.emailsHint')}
              placeholder={t('invitations.page.emailsPlaceholder')}
              autosize
              minRows={3}
              maxRows={10}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              data-testid="invite-emails"
            />
            <Select
              label={t('invitations.page.role')}
              value={role}
              onChange={(v) => setRole((v as InvitableRole | null) ?? 'employee')}
              allowDeselect={false}
              data={[
                { value: 'employee', label: t('invitations.page.roles.employee') },
                ...(isAdmin ? [{ value: 'extranet', label: t('invitations.page.roles.extranet') }] : []),
              ]}
              maw={360}
              data-testid="invite-role"
            />
            <DepartmentPicker
              value={role === 'employee' ? departmentIds : []}
              onChange={setDepartmentIds}
              disabled={role !== 'employee'}
            />
            <Group>
              <Button
                type="submit"
                leftSection={<IconSend size={16} aria-hidden="true" />}
                loading={busy}
                data-testid="invite-submit"
              >
                {busy ? t('invitations.page.submitting') : t('invitations.page.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
      {result ? (
        <Card withBorder radius="md" p="lg" data-testid="invite-result" aria-live="polite">
          <Stack gap="sm">
            {result.invited.length ? (
              <div>
                <Text fw={600}>{t('invitations.page.invited', { count: result.invited.length })}</Text>
                <List size="sm">
                  {result.invited.map((e) => (
                    <List.Item key={e}>{e}</List.Item>
                  ))}
                </List>
              </div>
            ) : null}
            {result.alreadyMember.length ? (
              <div>
                <Text fw={600}>{t('invitations.page.alreadyMember', { count: result.alreadyMember.length })}</Text>
                <List size="sm">
                  {result.alreadyMember.map((e) => (
                    <List.Item key={e}>{e}</List.Item>
                  ))}
                </List>
              </div>
            ) : null}
          </Stack>
        </Card>
      ) : null}
      {isAdmin ? <InvitationsTable /> : null}
    </Stack>
  );
}

function InvitationsTable() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const list = useInfiniteQuery({
    queryKey: ['invitations'],
    queryFn: ({ pageParam }) => api.invitations.listInvitations({ query: { limit: 25, cursor: pageParam } }),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.cursor ?? undefined,
  });
  const act = useMutation({
    mutationFn: ({ email, action }: { email: string; action: 'resend' | 'revoke' }) =>
      action === 'resend'
        ? api.invitations.resendInvitation({ params: { email } })
        : api.invitations.revokeInvitation({ params: { email } }),
    onSuccess: (_r, v) => {
      notifications.show({
        color: 'teal',
        message: t(v.action === 'resend' ? 'invitations.list.resent' : 'invitations.list.revoked', { email: v.email }),
      });
      void qc.invalidateQueries({ queryKey: ['invitations'] });
    },
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const date = (iso: string) => new Date(iso).toLocaleDateString(i18n.language);
  // Below md the content beside the navbar is too narrow for five columns.
  const narrow = useMediaQuery('(max-width: 61.99em)', false, { getInitialValueInEffect: false });

  return (
    <Card withBorder radius="md" p="lg" data-testid="invitations-list">
      <Title order={2} fz={20} mb="sm">
        {t('invitations.list.title')}
      </Title>
      {rows.length === 0 && !list.isLoading ? (
        <Text c="dimmed">{t('invitations.list.empty')}</Text>
      ) : narrow ? (
        // Phones and narrow content: one card per invitation (a five-column table would scroll sideways).
        <Stack gap="sm" data-testid="invitations-cards">
          {rows.map((r) => (
            <Paper key={r.email} withBorder radius="md" p="sm" data-testid="invitation-row" data-email={r.email}>
              <Stack gap={6}>
                <Text fw={600} size="sm">
                  <EmailText email={r.email} />
                </Text>
                <Group gap="xs" wrap="wrap">
                  <StateBadge state={r.state} />
                  <Text size="sm" c="dimmed">
                    {t(`roles.${r.role}`)} · {t('invitations.list.sent')} {date(r.createdAt)}
                  </Text>
                </Group>
                <RowActions row={r} onAct={act.mutate} />
              </Stack>
            </Paper>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('invitations.list.email')}</Table.Th>
                <Table.Th>{t('invitations.list.role')}</Table.Th>
                <Table.Th>{t('invitations.list.state')}</Table.Th>
                <Table.Th>{t('invitations.list.sent')}</Table.Th>
                <Table.Th>{t('invitations.list.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.email} data-testid="invitation-row" data-email={r.email}>
                  <Table.Td>
                    <EmailText email={r.email} />
                  </Table.Td>
                  <Table.Td>{t(`roles.${r.role}`)}</Table.Td>
                  <Table.Td>
                    <StateBadge state={r.state} />
                  </Table.Td>
                  <Table.Td>{date(r.createdAt)}</Table.Td>
                  <Table.Td>
                    <RowActions row={r} onAct={act.mutate} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.hasNextPage ? (
        <Button variant="subtle" mt="sm" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('invitations.list.more')}
        </Button>
      ) : null}
    </Card>
  );
}

function StateBadge({ state }: { state: InvitationState }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATE_COLOR[state]} variant="light">
      {t(`invitations.list.states.${state}`)}
    </Badge>
  );
}

/** Resend / revoke for a pending invitation (nothing for the others). */
function RowActions({
  row,
  onAct,
}: {
  row: InvitationRow;
  onAct: (v: { email: string; action: 'resend' | 'revoke' }) => void;
}) {
  const { t } = useTranslation();
  if (row.status !== 'pending') return null;
  const actions = [
    { action: 'resend', variant: 'light', color: undefined, Icon: IconMailForward },
    { action: 'revoke', variant: 'subtle', color: 'red', Icon: IconX },
  ] as const;
  return (
    <Group gap="xs" wrap="wrap">
      {actions.map(({ action, variant, color, Icon }) => (
        <Button
          key={action}
          size="compact-sm"
          variant={variant}
          color={color}
          leftSection={<Icon size={14} aria-hidden="true" />}
          onClick={() => onAct({ email: row.email, action })}
          aria-label={`${t(`invitations.list.${action}`)} ${row.email}`}
        >
          {t(`invitations.list.${action}`)}
        </Button>
      ))}
    </Group>
  );
}
