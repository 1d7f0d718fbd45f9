/**
 * /crm/invoices: invoices (or quotes) in a scope — GET /crm/invoices|quotes?scope&status&sort=number|updated&cursor
 * (one Query on the server). A table on wide screens, cards on phones.
 */
import { Card, Group, SegmentedControl, Select, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { DocSummary } from '../../../shared/crm/documents-contract';
import { INVOICE_STATUSES, QUOTE_STATUSES } from '../../../shared/crm/documents-contract';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { apiPaths, type ApiQuery } from '../../../shared/api/client';
import { rows, useCursorList } from './api-base';
import { formatDate, money, MoreButton, PageHeader, ScopePicker, scopeFrom } from './common';
import { StatusBadge } from './DocumentPage';

export function InvoicesPage() {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 48em)');
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') === 'quote' ? 'quote' : 'invoice';
  useDocumentTitle(t(kind === 'quote' ? 'crm.doc.quotes' : 'crm.doc.invoices'));
  const scope = scopeFrom(params);
  const status = params.get('status') ?? '';
  const sort = params.get('sort') === 'number' && status !== 'draft' ? 'number' : 'updated';
  const filters: Record<string, string> = { scope, sort };
  if (status) filters.status = status;
  const list = useCursorList<DocSummary>(
    kind === 'quote' ? apiPaths.crmDocs.listQuotes() : apiPaths.crmDocs.listInvoices(),
    filters,
    (api, query, signal) =>
      kind === 'quote'
        ? api.crmDocs.listQuotes({ query: query as ApiQuery<'crmDocs', 'listQuotes'>, signal })
        : api.crmDocs.listInvoices({ query: query as ApiQuery<'crmDocs', 'listInvoices'>, signal }),
  );
  const items = rows(list.data);
  const setParam = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const statuses = kind === 'quote' ? QUOTE_STATUSES : INVOICE_STATUSES;
  const link = (d: DocSummary) => `/crm/${d.type}s/${d.docId}`;
  return (
    <Stack gap="sm" data-testid="crm-invoices">
      <PageHeader title={t(kind === 'quote' ? 'crm.doc.quotes' : 'crm.doc.invoices')}>
        <SegmentedControl
          data={[
            { value: 'invoice', label: t('crm.doc.invoices') },
            { value: 'quote', label: t('crm.doc.quotes') },
          ]}
          value={kind}
          onChange={(v) => {
            const next = new URLSearchParams(params);
            next.set('kind', v);
            next.delete('status');
            setParams(next, { replace: true });
          }}
          data-testid="docs-kind"
        />
      </PageHeader>
      <Group gap="xs" wrap="wrap">
        <ScopePicker value={scope} onChange={(s) => setParam('scope', s)} />
        <Select
          aria-label={t('crm.common.status')}
          data={[
            { value: '', label: t('crm.lead.anyStatus') },
            ...statuses.map((s) => ({ value: s, label: t(`crm.doc.statuses.${s}`) })),
          ]}
          value={status}
          onChange={(v) => setParam('status', v || null)}
          allowDeselect={false}
          w={{ base: '100%', xs: 180 }}
          data-testid="docs-status"
        />
        <Select
          aria-label={t('crm.common.sort')}
          data={[
            { value: 'updated', label: t('crm.common.sortUpdated') },
            { value: 'number', label: t('crm.doc.sortNumber') },
          ]}
          value={sort}
          onChange={(v) => setParam('sort', v)}
          allowDeselect={false}
          w={{ base: '100%', xs: 180 }}
          data-testid="docs-sort"
        />
      </Group>
      {list.isPending ? (
        <Skeleton h={160} />
      ) : items.length === 0 ? (
        <Text c="dimmed" size="sm" ta="center" py="lg">
          {t('crm.common.empty')}
        </Text>
      ) : phone ? (
        <Stack gap="xs" data-testid="doc-list">
          {items.map((d) => (
            <Card key={d.docId} withBorder p="sm" data-testid="doc-row" data-id={d.docId}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Text component={Link} to={link(d)} fw={500} size="sm" className="crm-link" data-testid="doc-link">
                    {d.number ?? t('crm.doc.draft')}
                  </Text>
                  <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {d.buyerName} · {d.dealTitle}
                  </Text>
                  <Text size="sm">{money(d.total, d.currency)}</Text>
                </Stack>
                <StatusBadge status={d.status} />
              </Group>
            </Card>
          ))}
        </Stack>
      ) : (
        <div className="crm-table-wrap">
          <Table highlightOnHover verticalSpacing="xs" data-testid="doc-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('crm.doc.number')}</Table.Th>
                <Table.Th>{t('crm.doc.buyer')}</Table.Th>
                <Table.Th>{t('crm.doc.deal')}</Table.Th>
                <Table.Th>{t('crm.common.status')}</Table.Th>
                <Table.Th ta="right">{t('crm.lines.total')}</Table.Th>
                <Table.Th>{t('crm.doc.issueDate')}</Table.Th>
                <Table.Th>{t('crm.doc.dueDate')}</Table.Th>
                <Table.Th>{t('crm.common.responsible')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((d) => (
                <Table.Tr key={d.docId} data-testid="doc-row" data-id={d.docId}>
                  <Table.Td>
                    <Text component={Link} to={link(d)} fw={500} size="sm" className="crm-link" data-testid="doc-link">
                      {d.number ?? t('crm.doc.draft')}
                    </Text>
                  </Table.Td>
                  <Table.Td>{d.buyerName}</Table.Td>
                  <Table.Td>
                    <Text component={Link} to={`/crm/deals/${d.dealId}`} size="sm" className="crm-link">
                      {d.dealTitle}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={d.status} />
                  </Table.Td>
                  <Table.Td ta="right">{money(d.total, d.currency)}</Table.Td>
                  <Table.Td>{formatDate(d.issueDate)}</Table.Td>
                  <Table.Td>{formatDate(d.dueDate)}</Table.Td>
                  <Table.Td>{d.responsibleName}</Table.Td>
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
    </Stack>
  );
}
