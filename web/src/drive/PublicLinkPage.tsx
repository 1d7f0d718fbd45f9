/**
 * The page behind a public link (/p/drive/:token), for anyone, signed in or not: asks for the password when
 * the link has one, then shows the shared file (preview + download) or the shared folder (its files and
 * sub-folders, nothing above it). The password goes in request bodies, never in the URL. Opening counts
 * one access, so the answer is fetched once per password.
 */
import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Center,
  Group,
  Loader,
  PasswordInput,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { IconDownload, IconFile, IconFolder, IconLock } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { TOKEN_RE, type NodeView, type PublicNodeView } from '../../../shared/drive/contract';
import { ApiError } from '../api/client';
import { PublicPageShell } from '../components/PublicPageShell';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useOptionalConfig } from '../config';
import { useApi } from '../services';
import { startDownload } from './api';
import { formatBytes } from './format';
import { NodeIcon } from './NodeList';
import { FilePreview } from './Preview';
import './drive.css';

function usePublicApi(token: string) {
  const api = useApi();
  return {
    open: (password: string | undefined) => api.drive.publicOpen({ params: { token }, body: { password } }),
    children: (password: string | undefined, nodeId: string | undefined, cursor: string | undefined) =>
      api.drive.publicChildren({ params: { token }, body: { password, nodeId, cursor } }),
    download: (password: string | undefined, nodeId: string | undefined, inline: boolean) =>
      api.drive.publicDownload({ params: { token }, body: { password, nodeId, inline } }),
  };
}

const asNode = (p: PublicNodeView) =>
  ({ ...p, contentType: p.contentType ?? '', kind: p.kind, shared: false }) as unknown as NodeView;

export function PublicLinkPage() {
  const { t } = useTranslation();
  const config = useOptionalConfig();
  const { token = '' } = useParams();
  useDocumentTitle(t('drive.publicPage.title'));
  const pub = usePublicApi(token);
  const [password, setPassword] = useState<string | undefined>(undefined);
  const [typed, setTyped] = useState('');
  const valid = TOKEN_RE.test(token);
  const opened = useQuery({
    queryKey: ['public-link', token, password ?? ''],
    queryFn: () => pub.open(password),
    enabled: valid,
    retry: false,
    staleTime: Infinity,
    gcTime: 5 * 60_000,
    refetchOnWindowFocus: false,
  });
  const err = opened.error instanceof ApiError ? opened.error : null;
  // 429 keeps the form: after the wait the visitor tries again (the same password refetches).
  const throttled = err?.status === 429;
  const needsPassword = err?.status === 401 || (throttled && password !== undefined);
  const gone = !valid || err?.status === 404 || err?.status === 400;
  const waitMinutes = Math.max(1, Math.ceil(Number(err?.body?.retryAfterSeconds ?? 60) / 60));
  const passwordError = !err
    ? undefined
    : err.code === 'LINK_LOCKED'
      ? t('drive.publicPage.locked', { count: waitMinutes })
      : throttled
        ? t('drive.publicPage.tooMany')
        : password !== undefined
          ? t('drive.publicPage.wrongPassword')
          : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!typed) return;
    if (typed === password) void opened.refetch();
    else setPassword(typed);
  };

  let body;
  if (opened.isPending && valid) {
    body = (
      <Center mih={200} role="status" aria-live="polite" data-testid="public-loading">
        <Stack align="center" gap="xs">
          <Loader type="dots" />
          <Text c="dimmed">{t('drive.publicPage.loading')}</Text>
        </Stack>
      </Center>
    );
  } else if (needsPassword) {
    body = (
      <form onSubmit={submit} data-testid="public-password-form">
        <Stack maw={380} mx="auto" py="md">
          <Group gap="xs">
            <IconLock size={20} aria-hidden="true" />
            <Title order={2} fz="lg">
              {t('drive.publicPage.passwordTitle')}
            </Title>
          </Group>
          <Text size="sm" c="dimmed">
            {t('drive.publicPage.passwordPrompt')}
          </Text>
          <PasswordInput
            label={t('drive.publicPage.password')}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            error={passwordError}
            autoFocus
            autoComplete="off"
            data-testid="public-password"
          />
          <Button type="submit" disabled={!typed} loading={opened.isFetching} data-testid="public-password-submit">
            {t('drive.publicPage.open')}
          </Button>
        </Stack>
      </form>
    );
  } else if (gone) {
    body = (
      <Alert color="yellow" variant="light" data-testid="public-gone">
        {t('drive.publicPage.gone')}
      </Alert>
    );
  } else if (err?.status === 429) {
    body = (
      <Alert color="red" variant="light" data-testid="public-error">
        {t('drive.publicPage.tooMany')}
      </Alert>
    );
  } else if (opened.isError || !opened.data) {
    body = (
      <Alert color="red" variant="light" data-testid="public-error">
        {t('drive.preview.failed')}
      </Alert>
    );
  } else if (opened.data.kind === 'folder') {
    body = <PublicFolder token={token} password={password} root={opened.data} />;
  } else {
    body = <PublicFile token={token} password={password} node={opened.data} />;
  }

  return (
    <PublicPageShell
      width="lg"
      cardPadding="sm"
      testId="public-page"
      state={needsPassword ? 'password' : gone ? 'gone' : opened.isSuccess ? 'open' : 'loading'}
      footer={t('drive.publicPage.sharedBy', { portal: config?.tenant ?? t('app.name') })}
    >
      {body}
    </PublicPageShell>
  );
}

function PublicFile({
  token,
  password,
  node,
  nodeId,
}: {
  token: string;
  password: string | undefined;
  node: PublicNodeView;
  nodeId?: string;
}) {
  const { t, i18n } = useTranslation();
  const pub = usePublicApi(token);
  const url = useQuery({
    queryKey: ['public-link', token, password ?? '', 'inline', nodeId ?? ''],
    queryFn: () => pub.download(password, nodeId, true),
    staleTime: 200_000,
    retry: false,
    refetchOnWindowFocus: false,
  });
  return (
    <Stack gap="md" data-testid="public-file" data-name={node.name}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          <NodeIcon node={asNode(node)} size={28} />
          <div style={{ minWidth: 0 }}>
            <Title order={1} fz="lg" className="drive-name" data-testid="public-name">
              {node.name}
            </Title>
            <Text size="sm" c="dimmed">
              {formatBytes(node.size, i18n.language)}
            </Text>
          </div>
        </Group>
        <Button
          leftSection={<IconDownload size={16} aria-hidden="true" />}
          onClick={async () => startDownload((await pub.download(password, nodeId, false)).url)}
          data-testid="public-download"
        >
          {t('drive.publicPage.download')}
        </Button>
      </Group>
      <div className="drive-preview-area">
        <FilePreview
          name={node.name}
          contentType={node.contentType ?? ''}
          size={node.size}
          url={url.data?.url}
          error={url.isError}
        />
      </div>
    </Stack>
  );
}

function PublicFolder({
  token,
  password,
  root,
}: {
  token: string;
  password: string | undefined;
  root: PublicNodeView;
}) {
  const { t, i18n } = useTranslation();
  const pub = usePublicApi(token);
  const [path, setPath] = useState<PublicNodeView[]>([]);
  const [file, setFile] = useState<PublicNodeView | null>(null);
  const here = path[path.length - 1];
  const q = useInfiniteQuery({
    queryKey: ['public-link', token, password ?? '', 'children', here?.nodeId ?? ''],
    queryFn: ({ pageParam }) => pub.children(password, here?.nodeId, pageParam || undefined),
    initialPageParam: '',
    getNextPageParam: (last) => last.cursor ?? undefined,
    retry: false,
    refetchOnWindowFocus: false,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const crumbs = [root, ...path];
  if (file) {
    return (
      <Stack gap="sm">
        <Anchor component="button" type="button" onClick={() => setFile(null)} size="sm" data-testid="public-back">
          ‹ {t('drive.publicPage.back')}
        </Anchor>
        <PublicFile token={token} password={password} node={file} nodeId={file.nodeId} />
      </Stack>
    );
  }
  return (
    <Stack gap="sm" data-testid="public-folder" data-name={root.name}>
      <Group gap="sm" wrap="nowrap">
        <IconFolder size={28} color="var(--mantine-color-yellow-7)" aria-hidden="true" />
        <Title order={1} fz="lg" className="drive-name" data-testid="public-name">
          {root.name}
        </Title>
      </Group>
      {path.length ? (
        <Breadcrumbs separator="›" className="drive-breadcrumbs">
          {crumbs.map((c, i) =>
            i === crumbs.length - 1 ? (
              <Text key={c.nodeId} size="sm" c="dimmed">
                {c.name}
              </Text>
            ) : (
              <Anchor
                key={c.nodeId}
                component="button"
                type="button"
                size="sm"
                onClick={() => setPath(path.slice(0, i))}
              >
                {c.name}
              </Anchor>
            ),
          )}
        </Breadcrumbs>
      ) : null}
      <Text size="sm" fw={600}>
        {t('drive.publicPage.folderContents')}
      </Text>
      {q.isPending ? (
        <Loader type="dots" size="sm" />
      ) : items.length === 0 ? (
        <Text c="dimmed">{t('drive.publicPage.emptyFolder')}</Text>
      ) : (
        <Table className="drive-table" data-testid="public-list">
          <Table.Tbody>
            {items.map((n) => (
              <Table.Tr key={n.nodeId} data-testid="public-item" data-name={n.name}>
                <Table.Td>
                  <UnstyledButton
                    onClick={() => (n.kind === 'folder' ? setPath([...path, n]) : setFile(n))}
                    className="drive-name-button"
                  >
                    <Group gap="sm" wrap="nowrap">
                      {n.kind === 'folder' ? (
                        <IconFolder size={20} color="var(--mantine-color-yellow-7)" aria-hidden="true" />
                      ) : (
                        <IconFile size={20} aria-hidden="true" />
                      )}
                      <Text size="sm" className="drive-name">
                        {n.name}
                      </Text>
                    </Group>
                  </UnstyledButton>
                </Table.Td>
                <Table.Td w={110}>
                  <Text size="sm" c="dimmed">
                    {n.kind === 'folder' ? '—' : formatBytes(n.size, i18n.language)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {q.hasNextPage ? (
        <Button variant="subtle" onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
          {t('drive.loadMore')}
        </Button>
      ) : null}
    </Stack>
  );
}
