/**
 * /crm/deals/{id}: the deal — stage (POST …/stage), fields (PATCH with version; a 409 shows the server's copy),
 * the products table (catalog picker, quantity, discount, tax → PUT …/products; the server computes every line
 * and the amount; tax groups shown with shared/crm/totals.ts over the server's line amounts), "Make quote" /
 * "Make invoice" (POST /crm/quotes|invoices {dealId} → the new draft's page), its quotes and invoices, the
 * timeline and the linked contact/company.
 */
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconFileInvoice, IconFileText, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { DealView, UnitCode } from '../../../shared/crm/contract';
import { UNIT_CODES } from '../../../shared/crm/contract';
import { totalsOf } from '../../../shared/crm/totals';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useApi } from '../services';
import { activitiesPath } from './record-calls';
import { ck, conflictCurrent } from './api-base';
import { invalidateLists, recordPath, usePipelines, useRecord, useSettings } from './api';
import { ErrorNote, fieldErrors, formatDate, lang, money, MoneyInput, PageHeader, useStageLabel } from './common';
import { errAt } from './forms';
import {
  draftFromLine,
  draftFromProduct,
  emptyDraft,
  linesFromDrafts,
  type DiscountMode,
  type LineDraft,
} from './lines';
import { percentText } from './moneyInput';
import { ProductPicker, RecordPicker } from './pickers';
import { LinksPanel, ResponsibleControl, Timeline } from './RecordParts';

export function unitLabel(t: (k: 'crm.products.units.C62') => string, u: string) {
  const k = `crm.products.units.${u}` as 'crm.products.units.C62';
  const s = t(k);
  return s === k ? u : s;
}

function DealFields({ deal, path }: { deal: DealView; path: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const settings = useSettings();
  const [d, setD] = useState(() => ({
    title: deal.title,
    currency: deal.currency,
    probability: deal.probability,
    closeDate: deal.closeDate ?? '',
    contactId: deal.contactId,
    companyId: deal.companyId,
    comments: deal.comments ?? '',
  }));
  const [amount, setAmount] = useState<{ minor: number | null; valid: boolean }>({
    minor: deal.amountMinor,
    valid: true,
  });
  const save = useMutation({
    mutationFn: () =>
      api.crm.patchDeal({
        params: { dealId: deal.id },
        body: {
          version: deal.version,
          title: d.title,
          currency: d.currency,
          ...(deal.lines.length === 0 && amount.minor !== null ? { amountMinor: amount.minor } : {}),
          probability: d.probability,
          closeDate: d.closeDate || null,
          contactId: d.contactId,
          companyId: d.companyId,
          comments: d.comments.trim() || null,
        },
      }),
    onSuccess: (view) => {
      qc.setQueryData(ck.one(path), view);
      invalidateLists(qc);
      notifications.show({ message: t('crm.common.saved'), autoClose: 2000 });
    },
    onError: (e) => {
      const cur = conflictCurrent<DealView>(e);
      if (cur) {
        qc.setQueryData(ck.one(path), cur);
        notifications.show({ color: 'yellow', message: t('crm.common.conflict') });
      }
    },
  });
  const errors = fieldErrors(save.error);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (amount.valid) save.mutate();
      }}
      data-testid="deal-fields"
    >
      <Stack gap="sm">
        <TextInput
          label={t('crm.deal.title')}
          value={d.title}
          onChange={(e) => setD({ ...d, title: e.currentTarget.value })}
          required
          data-testid="deal-title-input"
          error={errAt(errors, 'title')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('crm.common.currency')}
            data={[...new Set([...(settings.data?.currencies ?? []), deal.currency])]}
            value={d.currency}
            onChange={(v) => v && setD({ ...d, currency: v })}
            allowDeselect={false}
            disabled={deal.lines.length > 0}
            data-testid="deal-currency"
            error={errAt(errors, 'currency')}
          />
          {deal.lines.length === 0 ? (
            <MoneyInput
              key={d.currency}
              label={t('crm.deal.manualAmount')}
              currency={d.currency}
              minor={amount.minor}
              onValue={(minor, valid) => setAmount({ minor, valid })}
              testId="deal-amount-input"
              error={errAt(errors, 'amountMinor')}
            />
          ) : (
            <TextInput
              label={t('crm.deal.amount')}
              value={money(deal.amountMinor, deal.currency)}
              readOnly
              data-testid="deal-amount-readonly"
            />
          )}
          <NumberInput
            label={t('crm.deal.probability')}
            min={0}
            max={100}
            allowDecimal={false}
            value={d.probability ?? ''}
            onChange={(v) => setD({ ...d, probability: typeof v === 'number' ? v : null })}
            data-testid="deal-probability"
          />
          <TextInput
            type="date"
            label={t('crm.deal.closeDate')}
            value={d.closeDate}
            onChange={(e) => setD({ ...d, closeDate: e.currentTarget.value })}
            data-testid="deal-close-date"
            error={errAt(errors, 'closeDate')}
          />
          <RecordPicker
            type="contact"
            label={t('crm.deal.contact')}
            value={d.contactId}
            valueLabel={deal.contactName}
            onChange={(id) => setD({ ...d, contactId: id })}
            testId="deal-contact"
          />
          <RecordPicker
            type="company"
            label={t('crm.deal.company')}
            value={d.companyId}
            valueLabel={deal.companyName}
            onChange={(id) => setD({ ...d, companyId: id })}
            testId="deal-company"
          />
        </SimpleGrid>
        <Textarea
          label={t('crm.common.comments')}
          autosize
          minRows={2}
          maxRows={8}
          value={d.comments}
          onChange={(e) => setD({ ...d, comments: e.currentTarget.value })}
          data-testid="deal-comments"
        />
        {save.error && !conflictCurrent(save.error) ? <ErrorNote error={save.error} /> : null}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} data-testid="deal-save">
            {t('crm.common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ProductsEditor({ deal, path }: { deal: DealView; path: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const settings = useSettings();
  const phone = useMediaQuery('(max-width: 48em)');
  const locale = lang();
  const [drafts, setDrafts] = useState<LineDraft[]>(() =>
    deal.lines.map((l) => draftFromLine(l, deal.currency, locale)),
  );
  const [dirty, setDirty] = useState(false);
  const [showErrors, setShowErrors] = useState(false);
  const parsed = linesFromDrafts(drafts, deal.currency, locale);
  const save = useMutation({
    mutationFn: () =>
      api.crm.dealProducts({ params: { dealId: deal.id }, body: { version: deal.version, lines: parsed.lines } }),
    onSuccess: (view) => {
      qc.setQueryData(ck.one(path), view);
      setDrafts(view.lines.map((l) => draftFromLine(l, view.currency, locale)));
      setDirty(false);
      setShowErrors(false);
      invalidateLists(qc);
      notifications.show({ message: t('crm.common.saved'), autoClose: 2000 });
    },
    onError: (e) => {
      const cur = conflictCurrent<DealView>(e);
      if (cur) {
        qc.setQueryData(ck.one(path), cur);
        notifications.show({ color: 'yellow', message: t('crm.common.conflict') });
      }
    },
  });
  const serverErrors = fieldErrors(save.error);
  const update = (key: string, patch: Partial<LineDraft>) => {
    setDrafts((ds) => ds.map((x) => (x.key === key ? { ...x, ...patch } : x)));
    setDirty(true);
  };
  const bad = (i: number, f: 'name' | 'quantity' | 'unitPrice' | 'discount' | 'tax', apiField: string) =>
    (showErrors && parsed.errors[i]?.[f]) || serverErrors[`lines.${i}.${apiField}`] ? true : undefined;
  const totals = totalsOf(deal.lines);

  const row = (d: LineDraft, i: number) => {
    const cells = {
      name: (
        <TextInput
          aria-label={t('crm.lines.name')}
          value={d.name}
          onChange={(e) => update(d.key, { name: e.currentTarget.value })}
          error={bad(i, 'name', 'name')}
          data-testid="line-name"
        />
      ),
      quantity: (
        <TextInput
          aria-label={t('crm.lines.quantity')}
          value={d.quantity}
          inputMode="decimal"
          onChange={(e) => update(d.key, { quantity: e.currentTarget.value })}
          error={bad(i, 'quantity', 'quantityMilli') ? t('crm.lines.quantityInvalid') : undefined}
          data-testid="line-quantity"
          w={90}
        />
      ),
      unit: (
        <Select
          aria-label={t('crm.lines.unit')}
          data={UNIT_CODES.map((u) => ({ value: u, label: unitLabel(t, u) }))}
          value={d.unit}
          onChange={(v) => v && update(d.key, { unit: v as UnitCode })}
          allowDeselect={false}
          data-testid="line-unit"
          w={110}
        />
      ),
      price: (
        <TextInput
          aria-label={t('crm.lines.unitPrice')}
          value={d.unitPrice}
          inputMode="decimal"
          onChange={(e) => update(d.key, { unitPrice: e.currentTarget.value })}
          error={bad(i, 'unitPrice', 'unitPriceMinor') ? t('crm.money.invalid') : undefined}
          data-testid="line-price"
          w={120}
        />
      ),
      discount: (
        <Group gap={4} wrap="nowrap">
          <Select
            aria-label={t('crm.lines.discount')}
            data={[
              { value: 'none', label: '—' },
              { value: 'percent', label: t('crm.lines.discountPercent') },
              { value: 'amount', label: deal.currency },
            ]}
            value={d.discountMode}
            onChange={(v) => update(d.key, { discountMode: (v ?? 'none') as DiscountMode })}
            allowDeselect={false}
            w={80}
            data-testid="line-discount-mode"
          />
          {d.discountMode !== 'none' ? (
            <TextInput
              aria-label={t('crm.lines.discount')}
              value={d.discount}
              inputMode="decimal"
              onChange={(e) => update(d.key, { discount: e.currentTarget.value })}
              error={
                bad(i, 'discount', 'discount')
                  ? d.discountMode === 'percent'
                    ? t('crm.lines.percentInvalid')
                    : t('crm.money.invalid')
                  : undefined
              }
              w={90}
              data-testid="line-discount"
            />
          ) : null}
        </Group>
      ),
      tax: (
        <TextInput
          aria-label={t('crm.lines.tax')}
          value={d.tax}
          inputMode="decimal"
          onChange={(e) => update(d.key, { tax: e.currentTarget.value })}
          error={bad(i, 'tax', 'taxRateBp') ? t('crm.lines.taxInvalid') : undefined}
          w={70}
          data-testid="line-tax"
        />
      ),
      net: (
        <Text size="sm" ta="right" data-testid="line-net">
          {!dirty && deal.lines[i] ? money(deal.lines[i].netMinor, deal.currency) : '…'}
        </Text>
      ),
      remove: (
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={t('crm.lines.remove')}
          onClick={() => {
            setDrafts((ds) => ds.filter((x) => x.key !== d.key));
            setDirty(true);
          }}
          data-testid="line-remove"
        >
          <IconTrash size={16} />
        </ActionIcon>
      ),
    };
    if (phone) {
      return (
        <Card key={d.key} withBorder p="xs" data-testid="line-row">
          <Stack gap={6}>
            <Group gap={6} wrap="nowrap" align="flex-start">
              <div style={{ flex: 1, minWidth: 0 }}>{cells.name}</div>
              {cells.remove}
            </Group>
            <Group gap={6} wrap="wrap">
              {cells.quantity}
              {cells.unit}
              {cells.price}
            </Group>
            <Group gap={6} wrap="wrap" justify="space-between">
              {cells.discount}
              {cells.tax}
              {cells.net}
            </Group>
          </Stack>
        </Card>
      );
    }
    return (
      <Table.Tr key={d.key} data-testid="line-row">
        <Table.Td miw={160}>{cells.name}</Table.Td>
        <Table.Td>{cells.quantity}</Table.Td>
        <Table.Td>{cells.unit}</Table.Td>
        <Table.Td>{cells.price}</Table.Td>
        <Table.Td>{cells.discount}</Table.Td>
        <Table.Td>{cells.tax}</Table.Td>
        <Table.Td>{cells.net}</Table.Td>
        <Table.Td>{cells.remove}</Table.Td>
      </Table.Tr>
    );
  };

  return (
    <Card withBorder radius="md" data-testid="deal-products">
      <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
        <Title order={3} size="h5">
          {t('crm.deal.products')}
        </Title>
        {dirty ? (
          <Badge color="yellow" variant="light" data-testid="lines-dirty">
            {t('crm.lines.unsaved')}
          </Badge>
        ) : null}
      </Group>
      <Group gap="xs" mb="sm" wrap="wrap">
        <ProductPicker
          currency={deal.currency}
          onPick={(p) => {
            setDrafts((ds) => [...ds, draftFromProduct(p, locale)]);
            setDirty(true);
          }}
        />
        <Button
          variant="default"
          leftSection={<IconPlus size={14} />}
          onClick={() => {
            setDrafts((ds) => [...ds, emptyDraft(settings.data?.defaultTaxRateBp ?? 2100, locale)]);
            setDirty(true);
          }}
          data-testid="line-add"
        >
          {t('crm.lines.addLine')}
        </Button>
      </Group>
      {drafts.length === 0 ? (
        <Text size="sm" c="dimmed" mb="sm">
          {t('crm.lines.empty')}
        </Text>
      ) : phone ? (
        <Stack gap="xs">{drafts.map(row)}</Stack>
      ) : (
        <div className="crm-table-wrap">
          <Table className="crm-lines" verticalSpacing={4} data-testid="lines-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('crm.lines.name')}</Table.Th>
                <Table.Th>{t('crm.lines.quantity')}</Table.Th>
                <Table.Th>{t('crm.lines.unit')}</Table.Th>
                <Table.Th>{t('crm.lines.unitPrice')}</Table.Th>
                <Table.Th>{t('crm.lines.discount')}</Table.Th>
                <Table.Th>{t('crm.lines.tax')}</Table.Th>
                <Table.Th ta="right">{t('crm.lines.lineTotal')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{drafts.map(row)}</Table.Tbody>
          </Table>
        </div>
      )}
      <Stack gap={2} align="flex-end" mt="sm" data-testid="deal-totals">
        {deal.lines.length ? (
          <>
            <Text size="sm">
              {t('crm.lines.net')}: <b data-testid="deal-net">{money(totals.net, deal.currency)}</b>
            </Text>
            {totals.taxGroups.map((g) => (
              <Text size="sm" key={g.rateBp} c="dimmed">
                {t('crm.lines.taxTotal')} {percentText(g.rateBp, lang())} %: {money(g.tax, deal.currency)}
              </Text>
            ))}
            <Text size="md" fw={700}>
              {t('crm.lines.total')}: <span data-testid="deal-total">{money(totals.total, deal.currency)}</span>
            </Text>
          </>
        ) : null}
        {dirty ? (
          <Text size="xs" c="dimmed">
            {t('crm.lines.serverTotals')}
          </Text>
        ) : null}
      </Stack>
      {save.error && !conflictCurrent(save.error) ? <ErrorNote error={save.error} /> : null}
      <Group justify="flex-end" mt="sm">
        <Button
          onClick={() => {
            setShowErrors(true);
            if (parsed.ok) save.mutate();
          }}
          disabled={!dirty}
          loading={save.isPending}
          data-testid="lines-save"
        >
          {t('crm.lines.save')}
        </Button>
      </Group>
    </Card>
  );
}

function StageControl({ deal, path }: { deal: DealView; path: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const pipelines = usePipelines();
  const pipeline = pipelines.data?.find((p) => p.pipelineId === deal.pipelineId);
  const stageLabel = useStageLabel();
  const [lostTo, setLostTo] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const move = useMutation({
    mutationFn: ({ stageId, lostReason }: { stageId: string; lostReason?: string }) =>
      api.crm.moveDeal({
        params: { dealId: deal.id },
        body: { stageId, version: deal.version, ...(lostReason ? { lostReason } : {}) },
      }),
    onSuccess: (view) => {
      qc.setQueryData(ck.one(path), view);
      invalidateLists(qc);
      void qc.invalidateQueries({ queryKey: ck.lists(activitiesPath(deal.id)) });
    },
    onError: (e) => {
      const cur = conflictCurrent<DealView>(e);
      if (cur) qc.setQueryData(ck.one(path), cur);
    },
  });
  return (
    <>
      <Select
        aria-label={t('crm.deal.stage')}
        data={(pipeline?.stages ?? []).map((s) => ({ value: s.stageId, label: stageLabel(s) }))}
        value={deal.stageId}
        onChange={(v) => {
          if (!v || v === deal.stageId) return;
          if (pipeline?.stages.find((s) => s.stageId === v)?.kind === 'lost') {
            setReason('');
            setLostTo(v);
          } else move.mutate({ stageId: v });
        }}
        allowDeselect={false}
        w={{ base: '100%', xs: 220 }}
        disabled={move.isPending}
        data-testid="deal-stage"
        data-stage-id={deal.stageId}
      />
      {move.error ? <ErrorNote error={move.error} /> : null}
      <Modal opened={!!lostTo} onClose={() => setLostTo(null)} title={t('crm.board.lostTitle')}>
        <Stack>
          <Textarea
            label={t('crm.board.lostReason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={2}
            data-testid="deal-lost-reason"
          />
          <Group justify="flex-end">
            <Button
              color="red"
              onClick={() => {
                if (lostTo) move.mutate({ stageId: lostTo, lostReason: reason.trim() || undefined });
                setLostTo(null);
              }}
              data-testid="deal-lost-confirm"
            >
              {t('crm.deal.lost')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

export function DealPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const api = useApi();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const q = useRecord<DealView>('deal', id);
  const deal = q.data;
  const path = recordPath('deal', id);
  const pipelines = usePipelines();
  const stageLabel = useStageLabel();
  useDocumentTitle(deal?.title ?? t('crm.nav.deals'));
  const [deleting, setDeleting] = useState(false);
  const makeDoc = useMutation({
    mutationFn: (type: 'quote' | 'invoice') =>
      type === 'quote'
        ? api.crmDocs.createQuote({ body: { dealId: id } })
        : api.crmDocs.createInvoice({ body: { dealId: id } }),
    onSuccess: (doc) => {
      invalidateLists(qc);
      notifications.show({ message: t('crm.doc.made') });
      void navigate(`/crm/${doc.type}s/${doc.docId}`);
    },
  });
  const del = useMutation({
    mutationFn: () => api.crm.deleteDeal({ params: { dealId: id }, query: { version: deal?.version ?? 0 } }),
    onSuccess: () => {
      invalidateLists(qc);
      void navigate('/crm');
    },
  });
  if (q.isPending) return <Skeleton h={300} />;
  if (!deal)
    return (
      <Alert color="yellow" data-testid="crm-not-found">
        {t('crm.common.notFound')}
      </Alert>
    );
  const pipeline = pipelines.data?.find((p) => p.pipelineId === deal.pipelineId);
  const stageName = (sid: string) => stageLabel(pipeline?.stages.find((s) => s.stageId === sid)) || sid;
  return (
    <Stack
      gap="md"
      data-testid="deal-page"
      data-deal-id={deal.id}
      data-stage-id={deal.stageId}
      data-stage-kind={deal.stageKind}
    >
      <PageHeader
        title={
          <>
            {deal.title}{' '}
            <Text span size="lg" c="dimmed" data-testid="deal-amount">
              {money(deal.amountMinor, deal.currency)}
            </Text>
          </>
        }
        testId="deal-title"
      >
        <StageControl deal={deal} path={path} />
        <Button
          variant="default"
          leftSection={<IconFileText size={16} />}
          onClick={() => makeDoc.mutate('quote')}
          loading={makeDoc.isPending && makeDoc.variables === 'quote'}
          data-testid="deal-make-quote"
        >
          {t('crm.deal.makeQuote')}
        </Button>
        <Button
          leftSection={<IconFileInvoice size={16} />}
          onClick={() => makeDoc.mutate('invoice')}
          loading={makeDoc.isPending && makeDoc.variables === 'invoice'}
          data-testid="deal-make-invoice"
        >
          {t('crm.deal.makeInvoice')}
        </Button>
        <ActionIcon
          variant="subtle"
          color="red"
          size="lg"
          aria-label={t('crm.common.delete')}
          onClick={() => setDeleting(true)}
          data-testid="deal-delete"
        >
          <IconTrash size={18} />
        </ActionIcon>
      </PageHeader>
      {makeDoc.error ? <ErrorNote error={makeDoc.error} /> : null}
      <Group gap="xs" wrap="wrap">
        <Badge
          variant="light"
          color={deal.stageKind === 'won' ? 'green' : deal.stageKind === 'lost' ? 'red' : 'blue'}
          data-testid="deal-stage-badge"
        >
          {stageName(deal.stageId)}
        </Badge>
        {deal.stageKind === 'lost' && deal.lostReason ? (
          <Text size="sm" c="dimmed">
            {t('crm.deal.lostReason')}: {deal.lostReason}
          </Text>
        ) : null}
        {deal.closeDate ? (
          <Text size="sm" c="dimmed">
            {t('crm.deal.closeDate')}: {formatDate(deal.closeDate)}
          </Text>
        ) : null}
        {deal.companyId ? (
          <Anchor component={Link} to={`/crm/companies/${deal.companyId}`} size="sm">
            {deal.companyName}
          </Anchor>
        ) : null}
        {deal.contactId ? (
          <Anchor component={Link} to={`/crm/contacts/${deal.contactId}`} size="sm">
            {deal.contactName}
          </Anchor>
        ) : null}
      </Group>
      <ProductsEditor key={`lines-${deal.version}`} deal={deal} path={path} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Card withBorder radius="md">
              <Title order={3} size="h5" mb="sm">
                {t('crm.deal.details')}
              </Title>
              <Stack gap="sm">
                <ResponsibleControl record={deal} path={path} />
                <DealFields key={`f-${deal.version}`} deal={deal} path={path} />
              </Stack>
            </Card>
            <Timeline recordId={deal.id} stageName={stageName} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <LinksPanel recordId={deal.id} types={['invoice', 'quote', 'contact', 'company']} />
          </Stack>
        </Grid.Col>
      </Grid>
      <Modal
        opened={deleting}
        onClose={() => setDeleting(false)}
        title={t('crm.deal.deleteConfirm', { title: deal.title })}
      >
        {del.error ? <ErrorNote error={del.error} /> : null}
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setDeleting(false)}>
            {t('crm.common.cancel')}
          </Button>
          <Button color="red" onClick={() => del.mutate()} loading={del.isPending} data-testid="deal-delete-confirm">
            {t('crm.common.delete')}
          </Button>
        </Group>
      </Modal>
    </Stack>
  );
}
