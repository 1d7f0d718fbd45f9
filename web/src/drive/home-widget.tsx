/**
 * Home's drive widget, "Files shared with me recently": the newest files, documents and folders shared with me or
 * with my department, with who shared them and when (names, never e-mail addresses). ONE request
 * (GET /drive/shared-recently). A folder opens the drive at that folder, a document opens in the editor, a file opens
 * its preview (over "Shared with me", `?preview=`).
 * Registered in web/src/home/registry.ts.
 */
import { Anchor, Group, Text } from '@mantine/core';
import { IconShare } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { NodeView } from '../../../shared/drive/contract';
import type { RecentShareView } from '../../../shared/drive/recent-shares';
import { formatRelative } from '../components/time';
import { WidgetCard, WidgetEmpty, WidgetList } from '../home/WidgetCard';
import { currentLanguage } from '../i18n';
import { useApi, useSession } from '../services';
import { NodeIcon } from './NodeList';

/** Under ['drive']: drive writes that refresh the drive refresh this too. */
export const recentSharesKey = (sub: string) => ['drive', 'shared-recently', sub];

/** Where a shared item opens: a folder in the browser, a document in the editor, a file in its preview. */
export function openPath(node: Pick<NodeView, 'kind' | 'nodeId'>): string {
  const id = encodeURIComponent(node.nodeId);
  if (node.kind === 'folder') return `/drive/folder/${id}`;
  if (node.kind === 'document') return `/drive/documents/${id}`;
  return `/drive/shared?preview=${id}`;
}

function useRecentShares() {
  const api = useApi();
  const session = useSession();
  const sub = session.status === 'signedIn' ? session.user.sub : '';
  return useQuery({
    queryKey: recentSharesKey(sub),
    queryFn: ({ signal }) => api.drive.sharedRecently({ signal }),
    meta: { errorKey: 'drive.errors.list' },
  });
}

function RowDetail({ share }: { share: RecentShareView }) {
  const { t } = useTranslation();
  const when = formatRelative(share.sharedAt, currentLanguage());
  const who = share.sharedBy.name
    ? t('drive.home.sharedBy', { name: share.sharedBy.name, when })
    : t('drive.home.sharedBySomeone', { when });
  const via =
    share.via.principalType === 'department' && share.via.name
      ? ` · ${t('drive.home.viaDepartment', { department: share.via.name })}`
      : '';
  return (
    <>
      {who}
      {via}
    </>
  );
}

export default function SharedWithMeWidget() {
  const { t } = useTranslation();
  const shares = useRecentShares();
  const items = shares.data?.items ?? [];
  return (
    <WidgetCard
      id="drive"
      title={t('drive.home.title')}
      icon={<IconShare size={20} />}
      query={shares}
      isEmpty={items.length === 0}
      moreHref="/drive/shared"
      empty={<WidgetEmpty text={t('drive.home.empty')} to="/drive/my" action={t('drive.home.emptyAction')} />}
    >
      <WidgetList gap={8}>
        {items.map((share) => (
          <li key={share.node.nodeId} style={{ minWidth: 0 }} data-testid="drive-home-row" data-kind={share.node.kind}>
            <Group gap="xs" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
              <span style={{ flexShrink: 0, paddingTop: 2 }} title={t(`drive.home.kind.${share.node.kind}`)}>
                <NodeIcon node={share.node} size={18} />
              </span>
              <div style={{ minWidth: 0 }}>
                <Anchor
                  component={Link}
                  to={openPath(share.node)}
                  size="sm"
                  fw={500}
                  lineClamp={1}
                  style={{ wordBreak: 'break-word' }}
                  data-node-id={share.node.nodeId}
                >
                  {share.node.name}
                </Anchor>
                <Text size="xs" c="dimmed" lineClamp={2}>
                  <RowDetail share={share} />
                </Text>
              </div>
            </Group>
          </li>
        ))}
      </WidgetList>
    </WidgetCard>
  );
}
