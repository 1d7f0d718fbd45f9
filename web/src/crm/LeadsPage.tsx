/**
 * /crm/leads: the leads list (status filter, search, scope) or, with ?view=board, a board of the statuses — one
 * cursor list per status (GET /crm/leads?status=…), each column with its own "More". A lead changes status on its
 * page (junk needs a reason, converted comes from the conversion), so the board has no dragging.
 */
import { Badge, Card, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { LeadStatus } from '../../../shared/crm/contract';
import { LEAD_STATUSES } from '../../../shared/crm/contract';
import { rows } from './api-base';
import { useRecordList } from './api';
import { MoreButton, ScopePicker, scopeFrom } from './common';
import { LEAD_COLOR, RecordListPage } from './RecordListPage';

function StatusColumn({ status, scope }: { status: LeadStatus; scope: string }) {
  const { t } = useTranslation();
  const list = useRecordList('lead', { scope, status, sort: 'updated' });
  const items = rows(list.data);
  return (
    <section
      className="crm-column"
      style={{ ['--crm-stage-color' as string]: `var(--mantine-color-${LEAD_COLOR[status] ?? 'gray'}-5)` }}
      data-testid="lead-column"
      data-status={status}
      aria-label={t(`crm.lead.statuses.${status}`)}
    >
      <Group justify="space-between" px={4} pb={6} wrap="nowrap">
        <Text size="sm" fw={600}>
          {t(`crm.lead.statuses.${status}`)}
        </Text>
        <Badge size="sm" variant="light" color="gray">
          {items.length}
          {list.hasNextPage ? '+' : ''}
        </Badge>
      </Group>
      <Stack gap={6}>
        {items.map((l) => (
          <Card key={l.id} withBorder radius="md" p="xs" data-testid="lead-card" data-id={l.id}>
            <Text component={Link} to={`/crm/leads/${l.id}`} size="sm" fw={500} className="crm-link">
              {l.name}
            </Text>
            {l.companyName || l.email || l.phone ? (
              <Text size="xs" c="dimmed" truncate>
                {[l.companyName, l.email ?? l.phone].filter(Boolean).join(' · ')}
              </Text>
            ) : null}
            <Text size="xs" c="dimmed" truncate>
              {l.responsibleName}
            </Text>
          </Card>
        ))}
        {items.length === 0 && !list.isPending ? (
          <Text size="xs" c="dimmed" ta="center" py="md">
            {t('crm.common.empty')}
          </Text>
        ) : null}
      </Stack>
      <MoreButton
        hasMore={!!list.hasNextPage}
        loading={list.isFetchingNextPage}
        onClick={() => void list.fetchNextPage()}
        testId="lead-column-more"
      />
    </section>
  );
}

export function LeadsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'board' ? 'board' : 'list';
  const scope = scopeFrom(params);
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    setParams(next, { replace: true });
  };
  const toggle = (
    <SegmentedControl
      size="xs"
      data={[
        { value: 'list', label: t('crm.lead.list') },
        { value: 'board', label: t('crm.lead.board') },
      ]}
      value={view}
      onChange={(v) => set('view', v)}
      data-testid="leads-view"
    />
  );
  if (view === 'list') {
    return (
      <Stack gap="xs">
        <Group justify="flex-end">{toggle}</Group>
        <RecordListPage type="lead" />
      </Stack>
    );
  }
  return (
    <Stack gap="sm" data-testid="leads-board-page">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <ScopePicker value={scope} onChange={(s) => set('scope', s)} />
        {toggle}
      </Group>
      <div className="crm-board" data-testid="leads-board">
        {LEAD_STATUSES.map((s) => (
          <StatusColumn key={s} status={s} scope={scope} />
        ))}
      </div>
    </Stack>
  );
}
