/**
 * Public links of a file or folder: create one (optional expiry and password), copy it (the token is
 * shown only right after creation: the server keeps only its hash), see how often each link was opened,
 * revoke.
 */
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  CopyButton,
  Divider,
  Group,
  Loader,
  Modal,
  PasswordInput,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconCheck, IconCopy, IconLock, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, publicLinkPath, type CreatedPublicLink, type NodeView } from '../../../shared/drive/contract';
import { formatDateTime } from '../components/time';
import { useCreateLink, useLinks, useRevokeLink } from './api';
import { errorText } from './dialogs';

const EXPIRY_DAYS = { never: 0, day: 1, week: 7, month: 30 } as const;
type Expiry = keyof typeof EXPIRY_DAYS;

export function LinkDialog({ node, onClose }: { node: NodeView | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={node !== null}
      onClose={onClose}
      title={node ? t('drive.link.title', { name: node.name }) : ''}
      size="lg"
      centered
      data-testid="link-dialog"
    >
      {node ? <LinkBody node={node} /> : null}
    </Modal>
  );
}

function LinkBody({ node }: { node: NodeView }) {
  const { t, i18n } = useTranslation();
  const links = useLinks(node.nodeId, true);
  const create = useCreateLink();
  const revoke = useRevokeLink();
  const [expiry, setExpiry] = useState<Expiry>('week');
  const [password, setPassword] = useState('');
  const [created, setCreated] = useState<CreatedPublicLink | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirmRevoke, setConfirmRevoke] = useState<string | null>(null);
  const [now] = useState(() => Date.now());
  const shortPassword = password.length > 0 && password.length < LIMITS.passwordMinChars;

  const submit = async () => {
    if (shortPassword) return;
    setError(null);
    try {
      const days = EXPIRY_DAYS[expiry];
      const expiresAt = days ? new Date(Date.now() + days * 86_400_000).toISOString() : undefined;
      const link = await create.mutateAsync({ nodeId: node.nodeId, expiresAt, password: password || undefined });
      setCreated(link);
      setPassword('');
    } catch (e) {
      setError(errorText(e, t));
    }
  };

  const url = created ? `${window.location.origin}${created.path || publicLinkPath(created.token)}` : '';
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('drive.link.intro')}
      </Text>
      <Group align="flex-end" gap="xs" wrap="wrap">
        <Select
          label={t('drive.link.expires')}
          data={(Object.keys(EXPIRY_DAYS) as Expiry[]).map((k) => ({ value: k, label: t(`drive.link.expiry.${k}`) }))}
          value={expiry}
          onChange={(v) => v && setExpiry(v as Expiry)}
          allowDeselect={false}
          w={150}
          data-testid="link-expiry"
          comboboxProps={{ withinPortal: true }}
        />
        <PasswordInput
          label={t('drive.link.password')}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          maxLength={LIMITS.passwordMaxChars}
          error={shortPassword ? t('drive.link.passwordShort', { min: LIMITS.passwordMinChars }) : undefined}
          style={{ flex: '1 1 180px', minWidth: 0 }}
          autoComplete="new-password"
          data-testid="link-password"
        />
        <Button onClick={() => void submit()} loading={create.isPending} data-testid="link-create">
          {t('drive.link.create')}
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        {t('drive.link.passwordHint', { min: LIMITS.passwordMinChars })}
      </Text>
      {error ? (
        <Alert color="red" variant="light" role="alert" data-testid="link-error">
          {error}
        </Alert>
      ) : null}
      {created ? (
        <Alert color="teal" variant="light" title={t('drive.link.created')} data-testid="link-created">
          <Stack gap="xs">
            <Group gap="xs" wrap="nowrap" align="flex-end">
              <TextInput
                label={t('drive.link.url')}
                value={url}
                readOnly
                onFocus={(e) => e.currentTarget.select()}
                style={{ flex: 1, minWidth: 0 }}
                data-testid="link-url"
              />
              <CopyButton value={url}>
                {({ copied, copy }) => (
                  <Button
                    variant={copied ? 'filled' : 'light'}
                    color={copied ? 'teal' : undefined}
                    onClick={copy}
                    leftSection={
                      copied ? <IconCheck size={16} aria-hidden="true" /> : <IconCopy size={16} aria-hidden="true" />
                    }
                    data-testid="link-copy"
                  >
                    {copied ? t('drive.link.copied') : t('drive.link.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Text size="xs">{t('drive.link.onceOnly')}</Text>
          </Stack>
        </Alert>
      ) : null}
      <Divider label={t('drive.link.existing')} labelPosition="left" />
      {links.isPending ? (
        <Loader size="sm" type="dots" aria-label={t('common.loading')} />
      ) : (links.data ?? []).length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('drive.link.none')}
        </Text>
      ) : (
        <Stack gap="xs" role="list" data-testid="link-list">
          {(links.data ?? []).map((l) => {
            const expired = l.expiresAt !== null && new Date(l.expiresAt).getTime() < now;
            return (
              <Group
                key={l.linkId}
                role="listitem"
                gap="xs"
                wrap="nowrap"
                data-testid="link-row"
                data-link-id={l.linkId}
                data-accesses={l.accessCount}
              >
                <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                  <Group gap={6} wrap="wrap">
                    <Text size="sm" fw={500}>
                      {formatDateTime(l.createdAt, i18n.language)}
                    </Text>
                    {l.hasPassword ? (
                      <Badge size="xs" variant="light" leftSection={<IconLock size={10} aria-hidden="true" />}>
                        {t('drive.link.protected')}
                      </Badge>
                    ) : null}
                    {expired ? (
                      <Badge size="xs" color="red" variant="light">
                        {t('drive.link.expired')}
                      </Badge>
                    ) : null}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {l.expiresAt
                      ? t('drive.link.expiresOn', { date: formatDateTime(l.expiresAt, i18n.language) })
                      : `${t('drive.link.expires')}: ${t('drive.link.never')}`}{' '}
                    · <span data-testid="link-accesses">{t('drive.link.accesses', { count: l.accessCount })}</span>
                  </Text>
                </Stack>
                {confirmRevoke === l.linkId ? (
                  <Group gap={4} wrap="nowrap">
                    <Button
                      size="xs"
                      color="red"
                      loading={revoke.isPending}
                      onClick={() =>
                        revoke.mutate(
                          { nodeId: node.nodeId, linkId: l.linkId },
                          { onSettled: () => setConfirmRevoke(null) },
                        )
                      }
                      data-testid="link-revoke-confirm"
                    >
                      {t('drive.link.revoke')}
                    </Button>
                    <Button size="xs" variant="default" onClick={() => setConfirmRevoke(null)}>
                      {t('drive.cancel')}
                    </Button>
                  </Group>
                ) : (
                  <Tooltip label={t('drive.link.revoke')}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('drive.link.revoke')}
                      onClick={() => setConfirmRevoke(l.linkId)}
                      data-testid="link-revoke"
                    >
                      <IconTrash size={16} aria-hidden="true" />
                    </ActionIcon>
                  </Tooltip>
                )}
              </Group>
            );
          })}
        </Stack>
      )}
    </Stack>
  );
}
