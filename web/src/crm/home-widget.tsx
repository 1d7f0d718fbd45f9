/**
 * Home's CRM widget, "My deals and leads needing action": my open deals and leads with a todo past its due time, new
 * leads not yet worked, and deals or leads with nothing planned (the rules: shared/crm/attention.ts), most urgent
 * first, each row opening the record. ONE request (GET /crm/my-attention). Employees only (registry `visibleTo`).
 * Registered in web/src/home/registry.ts.
 */
import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { IconTargetArrow } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AttentionItem, AttentionReason } from '../../../shared/crm/attention';
import { formatRelative } from '../components/time';
import { WidgetCard, WidgetEmpty, WidgetList } from '../home/WidgetCard';
import { currentLanguage } from '../i18n';
import { useApi, useSession } from '../services';
import { routeOf } from './api';
import { money, useStageLabel } from './common';

/** Under ['crm', 'list']: every CRM write refreshes the lists, and this widget with them. */
export const attentionKey = (sub: string) => ['crm', 'list', 'home-attention', sub];

function useAttention() {
  const api = useApi();
  const session = useSession();
  const sub = session.status === 'signedIn' ? session.user.sub : '';
  return useQuery({
    queryKey: attentionKey(sub),
    queryFn: ({ signal }) => api.crm.myAttention({ signal }),
    meta: { errorKey: 'crm.errors.load' },
  });
}

const REASON_COLOR: Record<AttentionReason, string> = { overdue: 'red', new: 'blue', idle: 'orange' };

/** The second line: why it needs me, then the stage / company and the amount. */
function RowDetail({ item }: { item: AttentionItem }) {
  const { t } = useTranslation();
  const stageLabel = useStageLabel();
  const parts = [
    item.reason === 'overdue' && item.dueAt
      ? t('crm.home.wasDue', { when: formatRelative(item.dueAt, currentLanguage()) })
      : t(`crm.home.why.${item.reason}`),
    item.stageId && item.stageName ? stageLabel({ stageId: item.stageId, name: item.stageName }) : item.companyName,
    money(item.amountMinor, item.currency),
  ].filter(Boolean);
  return <>{parts.join(' · ')}</>;
}

export default function MyDealsWidget() {
  const { t } = useTranslation();
  const attention = useAttention();
  const data = attention.data;
  const more = data ? data.total - data.items.length : 0;
  return (
    <WidgetCard
      id="crm"
      title={t('crm.home.title')}
      icon={<IconTargetArrow size={20} />}
      query={attention}
      isEmpty={!data || data.items.length === 0}
      moreHref="/crm"
      empty={<WidgetEmpty text={t('crm.home.empty')} to="/crm" action={t('crm.home.emptyAction')} />}
    >
      {data ? (
        <Stack gap="xs">
          <WidgetList gap={8}>
            {data.items.map((item) => (
              <li key={item.id} style={{ minWidth: 0 }} data-testid="crm-home-row" data-reason={item.reason}>
                <Group gap="xs" wrap="nowrap" align="center" style={{ minWidth: 0 }}>
                  <Badge size="xs" variant="light" color={REASON_COLOR[item.reason]} style={{ flexShrink: 0 }}>
                    {t(`crm.home.badge.${item.reason}`)}
                  </Badge>
                  <Anchor
                    component={Link}
                    to={routeOf(item.type, item.id)}
                    size="sm"
                    fw={500}
                    lineClamp={1}
                    data-record-id={item.id}
                  >
                    {item.name}
                  </Anchor>
                </Group>
                <Text size="xs" c="dimmed" lineClamp={2}>
                  <RowDetail item={item} />
                </Text>
              </li>
            ))}
          </WidgetList>
          {more > 0 ? (
            <Anchor component={Link} to="/crm" size="xs" data-testid="crm-home-more">
              {t('crm.home.more', { count: more })}
            </Anchor>
          ) : null}
        </Stack>
      ) : null}
    </WidgetCard>
  );
}
