/**
 * /crm/products: the catalog (GET /crm/products?q&archived&cursor). Admins add and edit products (POST / PATCH
 * with version), archive and restore them; everyone else reads. Prices are net, in minor units of the product's
 * currency, typed through shared/crm/money.ts.
 */
import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductView, UnitCode } from '../../../shared/crm/contract';
import { UNIT_CODES } from '../../../shared/crm/contract';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useApi } from '../services';
import { apiPaths } from '../../../shared/api/client';
import { ck, conflictCurrent, rows } from './api-base';
import { useProducts, useSettings } from './api';
import { ErrorNote, fieldErrors, lang, money, MoneyInput, MoreButton, PageHeader, useMe } from './common';
import { unitLabel } from './DealPage';
import { errAt } from './forms';
import { parsePercent, percentText } from './moneyInput';

function ProductForm({ product, onDone }: { product: ProductView | null; onDone: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const settings = useSettings();
  const [name, setName] = useState(product?.name ?? '');
  const [sku, setSku] = useState(product?.sku ?? '');
  const [unit, setUnit] = useState<UnitCode>(product?.unit ?? 'C62');
  const [currency, setCurrency] = useState(product?.currency ?? settings.data?.baseCurrency ?? 'RON');
  const [price, setPrice] = useState<{ minor: number | null; valid: boolean }>({
    minor: product?.priceMinor ?? null,
    valid: true,
  });
  const [tax, setTax] = useState(percentText(product?.taxRateBp ?? settings.data?.defaultTaxRateBp ?? 2100, lang()));
  const [description, setDescription] = useState(product?.description ?? '');
  const taxBp = parsePercent(tax, lang());
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name,
        sku: sku.trim() || undefined,
        unit,
        priceMinor: price.minor ?? 0,
        currency,
        taxRateBp: taxBp ?? 0,
        description: description.trim() || undefined,
      };
      return product
        ? api.crm.patchProduct({
            params: { productId: product.productId },
            body: {
              ...body,
              version: product.version,
              sku: sku.trim() || null,
              description: description.trim() || null,
            },
          })
        : api.crm.createProduct({ body });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ck.lists(apiPaths.crm.listProducts()) });
      notifications.show({ message: t('crm.common.saved'), autoClose: 2000 });
      onDone();
    },
  });
  const errors = fieldErrors(save.error);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (price.valid && price.minor !== null && taxBp !== null) save.mutate();
      }}
      data-testid="product-form"
    >
      <Stack gap="sm">
        <TextInput
          label={t('crm.products.name')}
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errAt(errors, 'name')}
          data-testid="product-name"
          data-autofocus
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('crm.products.sku')}
            value={sku}
            onChange={(e) => setSku(e.currentTarget.value)}
            data-testid="product-sku"
          />
          <Select
            label={t('crm.products.unit')}
            data={UNIT_CODES.map((u) => ({ value: u, label: `${unitLabel(t, u)} (${u})` }))}
            value={unit}
            onChange={(v) => v && setUnit(v as UnitCode)}
            allowDeselect={false}
            data-testid="product-unit"
          />
          <Select
            label={t('crm.common.currency')}
            data={[...new Set([...(settings.data?.currencies ?? []), currency])]}
            value={currency}
            onChange={(v) => v && setCurrency(v)}
            allowDeselect={false}
            error={errAt(errors, 'currency')}
            data-testid="product-currency"
          />
          <MoneyInput
            key={currency}
            label={t('crm.products.price')}
            required
            currency={currency}
            minor={price.minor}
            onValue={(minor, valid) => setPrice({ minor, valid })}
            testId="product-price"
            error={errAt(errors, 'priceMinor')}
          />
          <TextInput
            label={t('crm.products.taxRate')}
            value={tax}
            inputMode="decimal"
            onChange={(e) => setTax(e.currentTarget.value)}
            error={taxBp === null ? t('crm.lines.taxInvalid') : errAt(errors, 'taxRateBp')}
            data-testid="product-tax"
          />
        </SimpleGrid>
        <Textarea
          label={t('crm.products.description')}
          autosize
          minRows={2}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          data-testid="product-description"
        />
        {save.error && !conflictCurrent(save.error) ? <ErrorNote error={save.error} /> : null}
        {conflictCurrent(save.error) ? (
          <Text c="yellow.8" size="sm">
            {t('crm.common.conflict')}
          </Text>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('crm.common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="product-save">
            {t('crm.common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ProductsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('crm.products.title'));
  const api = useApi();
  const qc = useQueryClient();
  const me = useMe();
  const phone = useMediaQuery('(max-width: 48em)');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [archived, setArchived] = useState(false);
  const list = useProducts(q, archived);
  const items = rows(list.data);
  const [editing, setEditing] = useState<ProductView | 'new' | null>(null);
  const archive = useMutation({
    mutationFn: (p: ProductView) =>
      api.crm.patchProduct({
        params: { productId: p.productId },
        body: { version: p.version, archived: !p.archived },
      }),
    onSettled: () => void qc.invalidateQueries({ queryKey: ck.lists(apiPaths.crm.listProducts()) }),
  });
  const actions = (p: ProductView) =>
    me.isAdmin ? (
      <Group gap={4} wrap="nowrap">
        <Button size="compact-xs" variant="subtle" onClick={() => setEditing(p)} data-testid="product-edit">
          {t('crm.common.edit')}
        </Button>
        <Button
          size="compact-xs"
          variant="subtle"
          color={p.archived ? 'blue' : 'gray'}
          onClick={() => archive.mutate(p)}
          data-testid="product-archive"
        >
          {p.archived ? t('crm.products.restore') : t('crm.products.archive')}
        </Button>
      </Group>
    ) : null;
  return (
    <Stack gap="sm" data-testid="crm-products">
      <PageHeader title={t('crm.products.title')}>
        {me.isAdmin ? (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="product-new">
            {t('crm.products.new')}
          </Button>
        ) : null}
      </PageHeader>
      {!me.isAdmin ? (
        <Text size="sm" c="dimmed">
          {t('crm.products.adminOnly')}
        </Text>
      ) : null}
      <Group gap="sm" wrap="wrap">
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t('crm.common.searchPlaceholder')}
          aria-label={t('crm.common.search')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={{ base: '100%', xs: 260 }}
          data-testid="product-search"
        />
        <Switch
          label={t('crm.products.showArchived')}
          checked={archived}
          onChange={(e) => setArchived(e.currentTarget.checked)}
          data-testid="product-archived"
        />
      </Group>
      {archive.error ? <ErrorNote error={archive.error} /> : null}
      {list.isPending ? (
        <Skeleton h={160} />
      ) : items.length === 0 ? (
        <Text c="dimmed" size="sm" ta="center" py="lg">
          {t('crm.common.empty')}
        </Text>
      ) : phone ? (
        <Stack gap="xs" data-testid="product-list">
          {items.map((p) => (
            <Card key={p.productId} withBorder p="sm" data-testid="product-row" data-id={p.productId}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Text fw={500} size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {p.name}{' '}
                    {p.archived ? (
                      <Badge size="xs" color="gray">
                        {t('crm.products.archived')}
                      </Badge>
                    ) : null}
                  </Text>
                  <Text size="sm">
                    {money(p.priceMinor, p.currency)} / {unitLabel(t, p.unit)} · {percentText(p.taxRateBp, lang())} %
                  </Text>
                </Stack>
                {actions(p)}
              </Group>
            </Card>
          ))}
        </Stack>
      ) : (
        <div className="crm-table-wrap">
          <Table highlightOnHover verticalSpacing="xs" data-testid="product-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('crm.products.name')}</Table.Th>
                <Table.Th>{t('crm.products.sku')}</Table.Th>
                <Table.Th>{t('crm.products.unit')}</Table.Th>
                <Table.Th ta="right">{t('crm.products.price')}</Table.Th>
                <Table.Th ta="right">{t('crm.products.taxRate')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <Table.Tr key={p.productId} data-testid="product-row" data-id={p.productId}>
                  <Table.Td>
                    {p.name}{' '}
                    {p.archived ? (
                      <Badge size="xs" color="gray">
                        {t('crm.products.archived')}
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{p.sku}</Table.Td>
                  <Table.Td>{unitLabel(t, p.unit)}</Table.Td>
                  <Table.Td ta="right">{money(p.priceMinor, p.currency)}</Table.Td>
                  <Table.Td ta="right">{percentText(p.taxRateBp, lang())} %</Table.Td>
                  <Table.Td>{actions(p)}</Table.Td>
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
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('crm.products.new') : t('crm.common.edit')}
        size="lg"
      >
        {editing !== null ? (
          <ProductForm product={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        ) : null}
      </Modal>
    </Stack>
  );
}
