/**
 * /crm/leads, /crm/contacts, /crm/companies, /crm/deals: one cursor list per scope (GET /crm/{type}?scope&sort&q
 * &status|stageId&cursor — one Query on the server), prefix search by name, "load more". A table on wide
 * screens, cards on phones. Filters live in the URL so a link or a reload keeps them.
 */
import { Badge, Button, Card, Group, Select, Skeleton, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { IconLayoutKanban, IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { CoreType, RecordSummary } from '../../../shared/crm/contract';
import { EmailText } from '../components/EmailText';
import { LEAD_STATUSES } from '../../../shared/crm/contract';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { rows } from './api-base';
import { routeOf, usePipelines, useRecordList } from './api';
import { formatDate, money, MoreButton, PageHeader, ScopePicker, scopeFrom, useStageLabel } from './common';
import { CreateRecordModal } from './forms';

const NAV: Record<CoreType, 'leads' | 'contacts' | 'companies' | 'deals'> = {
  lead: 'leads',
  contact: 'contacts',
  company: 'companies',
  deal: 'deals',
};
export const LEAD_COLOR: Record<string, string> = {
  new: 'blue',
  in_progress: 'yellow',
  processed: 'teal',
  converted: 'green',
  junk: 'gray',
};

export function RecordListPage({ type }: { type: CoreType }) {
  const { t } = useTranslation();
  useDocumentTitle(t(`crm.nav.${NAV[type]}`));
  const phone = useMediaQuery('(max-width: 48em)');
  const [params, setParams] = useSearchParams();
  const scope = scopeFrom(params);
  const status = params.get('status') ?? '';
  const stageId = params.get('stage') ?? '';
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), 300);
  const sort = q ? 'name' : (params.get('sort') ?? 'updated');
  const pipelines = usePipelines();
  const pipeline = pipelines.data?.[0];
  const stageLabel = useStageLabel();
  const stageName = (id: string | null) =>
    stageLabel(pipelines.data?.flatMap((p) => p.stages).find((s) => s.stageId === id)) || (id ?? '');
  const [creating, setCreating] = useState(false);
  const filters: Record<string, string> = { scope, sort: type === 'deal' ? (params.get('sort') ?? 'updated') : sort };
  if (q && type !== 'deal') filters.q = q;
  if (type === 'lead' && status) filters.status = status;
  if (type === 'deal' && stageId) {
    filters.stageId = stageId;
    filters.pipelineId = pipeline?.pipelineId ?? 'default';
  }
  const list = useRecordList(type, filters);
  const items = rows(list.data);
  const setParam = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };

  const statusBadge = (r: RecordSummary) =>
    type === 'lead' && r.status ? (
      <Badge
        size="sm"
        variant="light"
        color={LEAD_COLOR[r.status] ?? 'gray'}
        data-testid="record-status"
        style={{ flexShrink: 0 }}
      >
        {t(`crm.lead.statuses.${r.status}` as 'crm.lead.statuses.new')}
      </Badge>
    ) : type === 'deal' ? (
      <Badge size="sm" variant="light" style={{ flexShrink: 0 }}>
        {stageName(r.stageId)}
      </Badge>
    ) : null;
  const sub = (r: RecordSummary) =>
    [r.companyName && type !== 'company' ? r.companyName : '', r.email, r.phone].filter(Boolean).join(' · ');

  return (
    <Stack gap="sm" data-testid={`crm-list-${type}`}>
      <PageHeader title={t(`crm.nav.${NAV[type]}`)}>
        {type === 'deal' ? (
          <Button
            component={Link}
            to={`/crm?scope=${encodeURIComponent(scope)}`}
            variant="default"
            leftSection={<IconLayoutKanban size={16} />}
            data-testid="crm-board-link"
          >
            {t('crm.board.board')}
          </Button>
        ) : null}
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid={`crm-new-${type}`}>
          {t(`crm.${type}.new` as 'crm.lead.new')}
        </Button>
      </PageHeader>
      <Group gap="xs" wrap="wrap">
        <ScopePicker value={scope} onChange={(s) => setParam('scope', s)} />
        {type !== 'deal' ? (
          <TextInput
            leftSection={<IconSearch size={16} />}
            placeholder={t('crm.common.searchPlaceholder')}
            aria-label={t('crm.common.search')}
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              setParam('q', e.currentTarget.value || null);
            }}
            w={{ base: '100%', xs: 240 }}
            data-testid="crm-search"
          />
        ) : null}
        {type === 'lead' ? (
          <Select
            aria-label={t('crm.lead.statusFilter')}
            data={[
              { value: '', label: t('crm.lead.anyStatus') },
              ...LEAD_STATUSES.map((s) => ({ value: s, label: t(`crm.lead.statuses.${s}`) })),
            ]}
            value={status}
            onChange={(v) => setParam('status', v || null)}
            allowDeselect={false}
            w={{ base: '100%', xs: 180 }}
            data-testid="crm-status-filter"
          />
        ) : null}
        {type === 'deal' ? (
          <Select
            aria-label={t('crm.deal.stage')}
            data={[
              { value: '', label: t('crm.lead.anyStatus') },
              ...(pipeline?.stages ?? []).map((s) => ({ value: s.stageId, label: stageLabel(s) })),
            ]}
            value={stageId}
            onChange={(v) => setParam('stage', v || null)}
            allowDeselect={false}
            w={{ base: '100%', xs: 200 }}
            data-testid="crm-stage-filter"
          />
        ) : null}
        {!q ? (
          <Select
            aria-label={t('crm.common.sort')}
            data={
              type === 'deal'
                ? [
                    { value: 'updated', label: t('crm.common.sortUpdated') },
                    { value: 'close', label: t('crm.deal.closeDate') },
                  ]
                : [
                    { value: 'updated', label: t('crm.common.sortUpdated') },
                    { value: 'name', label: t('crm.common.sortName') },
                  ]
            }
            value={params.get('sort') ?? 'updated'}
            onChange={(v) => setParam('sort', v)}
            allowDeselect={false}
            w={{ base: '100%', xs: 180 }}
            data-testid="crm-sort"
          />
        ) : null}
      </Group>
      {list.isPending ? (
        <Stack gap="xs">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} h={40} />
          ))}
        </Stack>
      ) : items.length === 0 ? (
        <Text c="dimmed" size="sm" py="lg" ta="center" data-testid="crm-list-empty">
          {t('crm.common.empty')}
        </Text>
      ) : phone ? (
        <Stack gap="xs" data-testid="record-list">
          {items.map((r) => (
            <Card key={r.id} withBorder p="sm" data-testid="record-row" data-id={r.id}>
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Text
                    component={Link}
                    to={routeOf(type, r.id)}
                    fw={500}
                    size="sm"
                    className="crm-link"
                    data-testid="record-link"
                  >
                    {r.name}
                  </Text>
                  {sub(r) ? (
                    <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                      {sub(r)}
                    </Text>
                  ) : null}
                  <Text size="xs" c="dimmed">
                    {r.responsibleName}
                    {r.amountMinor !== null && r.currency ? ` · ${money(r.amountMinor, r.currency)}` : ''}
                  </Text>
                </Stack>
                {statusBadge(r)}
              </Group>
            </Card>
          ))}
        </Stack>
      ) : (
        <div className="crm-table-wrap">
          <Table highlightOnHover verticalSpacing="xs" data-testid="record-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{type === 'deal' ? t('crm.deal.title') : t('crm.common.name')}</Table.Th>
                {type === 'lead' || type === 'deal' ? <Table.Th>{t('crm.common.status')}</Table.Th> : null}
                {type === 'deal' ? (
                  <Table.Th ta="right">{t('crm.common.amount')}</Table.Th>
                ) : (
                  <Table.Th>{t('crm.common.email')}</Table.Th>
                )}
                {type === 'deal' ? (
                  <Table.Th>{t('crm.deal.closeDate')}</Table.Th>
                ) : (
                  <Table.Th>{t('crm.common.phone')}</Table.Th>
                )}
                {type !== 'company' ? <Table.Th>{t('crm.common.company')}</Table.Th> : null}
                <Table.Th>{t('crm.common.responsible')}</Table.Th>
                <Table.Th>{t('crm.common.updated')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id} data-testid="record-row" data-id={r.id}>
                  <Table.Td>
                    <Text
                      component={Link}
                      to={routeOf(type, r.id)}
                      fw={500}
                      size="sm"
                      className="crm-link"
                      data-testid="record-link"
                    >
                      {r.name}
                    </Text>
                  </Table.Td>
                  {type === 'lead' || type === 'deal' ? <Table.Td>{statusBadge(r)}</Table.Td> : null}
                  {type === 'deal' ? (
                    <Table.Td ta="right">{money(r.amountMinor, r.currency)}</Table.Td>
                  ) : (
                    <Table.Td>
                      <Text size="sm">
                        <EmailText email={r.email} />
                      </Text>
                    </Table.Td>
                  )}
                  {type === 'deal' ? <Table.Td>{formatDate(r.closeDate)}</Table.Td> : <Table.Td>{r.phone}</Table.Td>}
                  {type !== 'company' ? <Table.Td>{r.companyName}</Table.Td> : null}
                  <Table.Td>{r.responsibleName}</Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {formatDate(r.updatedAt)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      <MoreButton
        hasMore={!!list.hasNextPage}
        loading={list.isFetchingNextPage}
        onClick={() => void list.fetchNextPage()}
      />
      <CreateRecordModal type={type} opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}
