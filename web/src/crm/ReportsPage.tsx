/**
 * /crm/reports: the funnel by stage (GET /crm/reports/funnel: deals created in the months chosen that reached each
 * stage, conversion to the next, what is in each stage now) and the won amount by month and by salesperson
 * (GET /crm/reports/won?by=month|salesperson), per currency (no FX). Charts are recharts with the Mantine theme's
 * colours (@mantine/charts 9.7.3 pins @mantine/core 9.7.3 exactly; this portal runs 9.8.1). The funnel is drawn
 * as plain bars so it reads well on a phone and to a screen reader; every chart has its numbers in a table too.
 */
import {
  Alert,
  Card,
  Group,
  Progress,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  useMantineTheme,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { currencyDigits, isCurrency } from '../../../shared/crm/currencies';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useApi } from '../services';
import { usePipelines } from './api';
import { lang, money, moneyList, PageHeader, ScopePicker, scopeFrom, useStageLabel } from './common';

const pad = (n: number) => String(n).padStart(2, '0');

/** Minor units → a number for the chart's scale only (labels and tooltips are formatted from the integers). */
const chartValue = (minor: number, currency: string) =>
  isCurrency(currency) ? minor / 10 ** currencyDigits(currency) : minor;

function monthLabel(ym: string) {
  const [y, m] = ym.split('-').map(Number);
  return new Date(y ?? 2000, (m ?? 1) - 1, 1).toLocaleDateString(lang() === 'ro' ? 'ro-RO' : 'en-GB', {
    month: 'short',
  });
}

function Funnel({ scope, year }: { scope: string; year: number }) {
  const { t } = useTranslation();
  const api = useApi();
  const pipelines = usePipelines();
  const [pipelineId, setPipelineId] = useState<string | null>(null);
  const [fromM, setFromM] = useState('01');
  const [toM, setToM] = useState('12');
  const pid = pipelineId ?? pipelines.data?.[0]?.pipelineId ?? 'default';
  const from = `${year}-${fromM}`;
  const to = `${year}-${toM < fromM ? fromM : toM}`;
  const q = useQuery({
    queryKey: ['crm', 'report', 'funnel', pid, scope, from, to],
    queryFn: ({ signal }) => api.crmIntake.funnel({ query: { pipelineId: pid, scope, from, to }, signal }),
    meta: { errorKey: 'crm.errors.load' },
  });
  const months = Array.from({ length: 12 }, (_, i) => ({
    value: pad(i + 1),
    label: monthLabel(`${year}-${pad(i + 1)}`),
  }));
  const stages = q.data?.stages ?? [];
  const stageLabel = useStageLabel();
  const max = Math.max(1, ...stages.map((s) => s.reached));
  return (
    <Card withBorder radius="md" data-testid="report-funnel">
      <Group justify="space-between" wrap="wrap" gap="xs" mb="sm">
        <div>
          <Title order={3} size="h5">
            {t('crm.reports.funnel')}
          </Title>
          <Text size="xs" c="dimmed">
            {t('crm.reports.funnelHint')}
          </Text>
        </div>
        <Group gap="xs" wrap="wrap">
          {(pipelines.data?.length ?? 0) > 1 ? (
            <Select
              aria-label={t('crm.board.pipeline')}
              data={(pipelines.data ?? []).map((p) => ({ value: p.pipelineId, label: p.name }))}
              value={pid}
              onChange={setPipelineId}
              allowDeselect={false}
              w={160}
              data-testid="funnel-pipeline"
            />
          ) : null}
          <Select
            aria-label={t('crm.reports.from')}
            data={months}
            value={fromM}
            onChange={(v) => v && setFromM(v)}
            allowDeselect={false}
            w={100}
            data-testid="funnel-from"
          />
          <Select
            aria-label={t('crm.reports.to')}
            data={months}
            value={toM}
            onChange={(v) => v && setToM(v)}
            allowDeselect={false}
            w={100}
            data-testid="funnel-to"
          />
        </Group>
      </Group>
      {q.isPending ? (
        <Skeleton h={200} />
      ) : q.isError ? (
        <Alert color="red">{t('crm.errors.load')}</Alert>
      ) : (
        <Stack gap="xs">
          {stages.map((s) => (
            <div
              key={s.stageId}
              data-testid="funnel-stage"
              data-stage-id={s.stageId}
              data-stage-kind={s.kind}
              data-reached={s.reached}
            >
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm" fw={500} truncate>
                  {stageLabel(s)}
                </Text>
                <Text size="sm" data-testid="funnel-reached">
                  {s.reached}
                </Text>
              </Group>
              <Progress
                value={(s.reached / max) * 100}
                color={s.kind === 'won' ? 'green' : s.kind === 'lost' ? 'red' : 'blue'}
                size="lg"
                radius="sm"
                aria-label={`${stageLabel(s)}: ${s.reached}`}
                className="crm-funnel-bar"
              />
              <Group justify="space-between" gap="xs" wrap="wrap">
                <Text size="xs" c="dimmed">
                  {s.conversionPct !== null
                    ? t('crm.reports.conversion', {
                        pct: s.conversionPct.toLocaleString(lang() === 'ro' ? 'ro-RO' : 'en-GB'),
                      })
                    : ''}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('crm.reports.now')}: {s.current.n}
                  {moneyList(s.current.amounts) ? ` · ${moneyList(s.current.amounts)}` : ''}
                </Text>
              </Group>
            </div>
          ))}
          {stages.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('crm.reports.noData')}
            </Text>
          ) : null}
        </Stack>
      )}
    </Card>
  );
}

function Won({ scope, year, by }: { scope: string; year: number; by: 'month' | 'salesperson' }) {
  const { t } = useTranslation();
  const api = useApi();
  const theme = useMantineTheme();
  const q = useQuery({
    queryKey: ['crm', 'report', 'won', by, scope, year],
    queryFn: ({ signal }) => api.crmIntake.won({ query: { year, scope, by }, signal }),
    meta: { errorKey: 'crm.errors.load' },
  });
  const currencies = useMemo(() => [...new Set((q.data?.rows ?? []).map((r) => r.currency))].sort(), [q.data]);
  const [picked, setPicked] = useState<string | null>(null);
  const currency = picked && currencies.includes(picked) ? picked : (currencies[0] ?? '');
  const data = useMemo(() => {
    const rowsOf = (q.data?.rows ?? []).filter((r) => r.currency === currency);
    if (by === 'month') {
      return Array.from({ length: 12 }, (_, i) => {
        const key = `${year}-${pad(i + 1)}`;
        const r = rowsOf.find((x) => x.key === key);
        return {
          key,
          label: monthLabel(key),
          n: r?.n ?? 0,
          minor: r?.amountMinor ?? 0,
          value: chartValue(r?.amountMinor ?? 0, currency),
        };
      });
    }
    return [...rowsOf]
      .sort((a, b) => b.amountMinor - a.amountMinor)
      .map((r) => ({
        key: r.key,
        label: r.label,
        n: r.n,
        minor: r.amountMinor,
        value: chartValue(r.amountMinor, currency),
      }));
  }, [q.data, currency, by, year]);
  const color = by === 'month' ? theme.colors.blue?.[6] : theme.colors.teal?.[6];
  return (
    <Card withBorder radius="md" data-testid={`report-won-${by}`}>
      <Group justify="space-between" wrap="wrap" gap="xs" mb="sm">
        <Title order={3} size="h5">
          {by === 'month' ? t('crm.reports.wonByMonth') : t('crm.reports.wonBySalesperson')}
        </Title>
        {currencies.length > 1 ? (
          <SegmentedControl
            size="xs"
            data={currencies}
            value={currency}
            onChange={setPicked}
            data-testid={`won-${by}-currency`}
          />
        ) : null}
      </Group>
      {q.isPending ? (
        <Skeleton h={220} />
      ) : q.isError ? (
        <Alert color="red">{t('crm.errors.load')}</Alert>
      ) : !currencies.length ? (
        <Text size="sm" c="dimmed" py="md">
          {t('crm.reports.noData')}
        </Text>
      ) : (
        <Stack gap="sm">
          <div style={{ width: '100%', height: by === 'month' ? 220 : Math.max(160, data.length * 36) }}>
            <ResponsiveContainer width="100%" height="100%">
              {by === 'month' ? (
                <BarChart data={data} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={6} />
                  <YAxis tick={{ fontSize: 11 }} width={56} />
                  <Tooltip
                    formatter={(_v, _n, item) => [money((item.payload as { minor: number }).minor, currency), currency]}
                  />
                  <Bar dataKey="value" fill={color} radius={[3, 3, 0, 0]} maxBarSize={40} isAnimationActive={false} />
                </BarChart>
              ) : (
                <BarChart data={data} layout="vertical" margin={{ top: 4, right: 8, left: 0, bottom: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                  <XAxis type="number" tick={{ fontSize: 11 }} />
                  <YAxis type="category" dataKey="label" tick={{ fontSize: 11 }} width={100} />
                  <Tooltip
                    formatter={(_v, _n, item) => [money((item.payload as { minor: number }).minor, currency), currency]}
                  />
                  <Bar dataKey="value" fill={color} radius={[0, 3, 3, 0]} maxBarSize={28} isAnimationActive={false} />
                </BarChart>
              )}
            </ResponsiveContainer>
          </div>
          <div className="crm-table-wrap">
            <Table verticalSpacing={2} horizontalSpacing="xs" fz="sm" data-testid={`won-${by}-table`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{by === 'month' ? t('crm.reports.months') : t('crm.reports.salesperson')}</Table.Th>
                  <Table.Th ta="right">{t('crm.reports.deals')}</Table.Th>
                  <Table.Th ta="right">{t('crm.reports.amount')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data
                  .filter((d) => d.n > 0 || d.minor !== 0)
                  .map((d) => (
                    <Table.Tr key={d.key} data-testid="won-row" data-key={d.key}>
                      <Table.Td>{d.label}</Table.Td>
                      <Table.Td ta="right">{d.n}</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                        {money(d.minor, currency)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          </div>
          <Text size="sm" ta="right" fw={600} data-testid={`won-${by}-total`}>
            {Object.entries(q.data?.totals ?? {})
              .map(([c, v]) => `${money(v.amountMinor, c)} (${v.n})`)
              .join(' · ')}
          </Text>
        </Stack>
      )}
    </Card>
  );
}

export function ReportsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('crm.reports.title'));
  const [params, setParams] = useSearchParams();
  const scope = scopeFrom(params);
  const thisYear = new Date().getFullYear();
  const year = Number(params.get('year') ?? thisYear) || thisYear;
  const setParam = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    setParams(next, { replace: true });
  };
  const years = Array.from({ length: 6 }, (_, i) => String(thisYear - i));
  return (
    <Stack gap="md" data-testid="crm-reports">
      <PageHeader title={t('crm.reports.title')}>
        <ScopePicker value={scope} onChange={(s) => setParam('scope', s)} />
        <Select
          aria-label={t('crm.reports.year')}
          data={years}
          value={String(year)}
          onChange={(v) => v && setParam('year', v)}
          allowDeselect={false}
          w={100}
          data-testid="report-year"
        />
      </PageHeader>
      <Funnel scope={scope} year={year} />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Won scope={scope} year={year} by="month" />
        <Won scope={scope} year={year} by="salesperson" />
      </SimpleGrid>
    </Stack>
  );
}
