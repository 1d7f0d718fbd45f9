/**
 * Searchable pickers over CRM lists: a contact / company (GET /crm/{type}?q= prefix search, scope all for
 * admins, else mine) and a catalog product (GET /crm/products?q=).
 */
import { Group, Select, Text, type ComboboxItem } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CoreType, ProductView } from '../../../shared/crm/contract';
import { rows } from './api-base';
import { useProducts, useRecordList } from './api';
import { money, useMe } from './common';

export function RecordPicker({
  type,
  label,
  value,
  valueLabel,
  onChange,
  testId,
  scope,
}: {
  type: Exclude<CoreType, 'deal'>;
  label: string;
  value: string | null;
  /** The name of the chosen record (when it is not in the current search). */
  valueLabel?: string | null | undefined;
  onChange: (id: string | null, name: string | null) => void;
  testId: string;
  scope?: string;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const list = useRecordList(type, {
    scope: scope ?? (me.isAdmin ? 'all' : 'mine'),
    ...(q ? { q, sort: 'name' } : { sort: 'updated' }),
  });
  const data = useMemo(() => {
    const items: ComboboxItem[] = [];
    const seen = new Set<string>();
    if (value) {
      items.push({ value, label: valueLabel ?? value });
      seen.add(value);
    }
    for (const r of rows(list.data)) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      items.push({ value: r.id, label: r.name + (r.companyName && type === 'contact' ? ` · ${r.companyName}` : '') });
    }
    return items;
  }, [list.data, value, valueLabel, type]);
  return (
    <Select
      label={label}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      data={data}
      value={value}
      onChange={(v, opt) => onChange(v, v ? (opt?.label ?? null) : null)}
      nothingFoundMessage={t('crm.common.empty')}
      placeholder={t('crm.common.searchPlaceholder')}
      data-testid={testId}
      renderOption={({ option }) => (
        <Text size="sm" data-testid={`${testId}-option`} data-id={option.value}>
          {option.label}
        </Text>
      )}
    />
  );
}

export function ProductPicker({
  currency,
  onPick,
  testId = 'product-picker',
}: {
  currency: string;
  onPick: (p: ProductView) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const list = useProducts(q);
  const products = rows(list.data);
  const byId = new Map(products.map((p) => [p.productId, p]));
  return (
    <Select
      aria-label={t('crm.lines.pickProduct')}
      placeholder={t('crm.lines.pickProduct')}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      data={products.map((p) => ({ value: p.productId, label: p.name, disabled: p.currency !== currency }))}
      value={null}
      onChange={(v) => {
        const p = v ? byId.get(v) : undefined;
        if (p) onPick(p);
        setSearch('');
      }}
      nothingFoundMessage={t('crm.common.empty')}
      data-testid={testId}
      renderOption={({ option }) => {
        const p = byId.get(option.value);
        return (
          <Group justify="space-between" w="100%" wrap="nowrap" data-testid={`${testId}-option`} data-id={option.value}>
            <Text size="sm">{option.label}</Text>
            <Text size="xs" c="dimmed">
              {p ? money(p.priceMinor, p.currency) : ''}
            </Text>
          </Group>
        );
      }}
      w={{ base: '100%', sm: 320 }}
    />
  );
}
