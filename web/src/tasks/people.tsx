/**
 * People inside the tasks and workgroups pages: a person's name by id and pickers searching the directory
 * (GET /people?q=). Task views and pages carry a `people` map (id → name, photo flag): every answer seeds the
 * name cache (seedPeople), so names show with no per-person read; only an id no answer named yet falls back to
 * GET /people/{id} (extranet people cannot read others' cards: the maps are how they see names).
 */
import { Group, MultiSelect, Select, Text, type ComboboxItem } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueries, useQuery, type QueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PeopleMap, PersonRef } from '../../../shared/tasks/contract';
import { ApiError } from '../api/client';
import { useApi } from '../services';

const nameKey = (userId: string) => ['people', 'name', userId] as const;
const NAME_FRESH = 10 * 60_000;

export const displayName = (
  p: { firstName: string; lastName: string; email?: string } | undefined,
  fallback: string,
) => (p ? `${p.firstName} ${p.lastName}`.trim() || p.email || fallback : fallback);

/** Put the names an answer carries into the cache (PersonName then reads them without a request). */
export function seedPeople(qc: QueryClient, people: PeopleMap | undefined) {
  for (const [id, p] of Object.entries(people ?? {})) qc.setQueryData<PersonRef>(nameKey(id), p);
}

function usePersonQueryOptions() {
  const api = useApi();
  return (userId: string) => ({
    queryKey: nameKey(userId),
    queryFn: async ({ signal }: { signal: AbortSignal }): Promise<PersonRef> => {
      const p = await api.people.getPerson({ params: { userId }, signal });
      return { name: displayName(p, ''), hasPhoto: p.hasPhoto };
    },
    staleTime: NAME_FRESH,
    retry: (n: number, e: unknown) => !(e instanceof ApiError && e.status < 500) && n < 1,
    enabled: userId !== '',
  });
}

export function usePerson(userId: string) {
  const opts = usePersonQueryOptions();
  return useQuery(opts(userId));
}

/** Names of several people by id (from the seeded cache; unknown or hidden people read "Someone"). */
export function usePeopleNames(ids: readonly string[]): Record<string, string> {
  const { t } = useTranslation();
  const opts = usePersonQueryOptions();
  const results = useQueries({ queries: ids.map((id) => opts(id)) });
  const out: Record<string, string> = {};
  ids.forEach((id, i) => {
    const r = results[i];
    out[id] = r?.data?.name || (r?.isPending ? '…' : t('tasks.someone'));
  });
  return out;
}

export function PersonName({ userId, testId }: { userId: string; testId?: string }) {
  const { t } = useTranslation();
  const p = usePerson(userId);
  return (
    <Text span inherit data-testid={testId} data-user-id={userId}>
      {p.data?.name || (p.isPending ? '…' : t('tasks.someone'))}
    </Text>
  );
}

function useDirectorySearch(q: string) {
  const api = useApi();
  const [debounced] = useDebouncedValue(q.trim(), 250);
  return useQuery({
    queryKey: ['people', 'pick', debounced],
    queryFn: ({ signal }) => {
      return api.people.listPeople({ query: { limit: 20, q: debounced }, signal });
    },
    staleTime: 60_000,
  });
}

function useOptions(search: string, selected: readonly string[]) {
  const found = useDirectorySearch(search);
  const names = usePeopleNames(selected);
  return useMemo(() => {
    const items: ComboboxItem[] = selected.map((id) => ({ value: id, label: names[id] ?? id }));
    for (const p of found.data?.items ?? []) {
      if (p.status !== 'active' && p.status !== undefined) continue;
      if (!selected.includes(p.userId))
        items.push({ value: p.userId, label: `${displayName(p, p.email)}${p.position ? ` · ${p.position}` : ''}` });
    }
    return items;
  }, [found.data, names, selected]);
}

const renderOption = ({ option }: { option: ComboboxItem }) => (
  <Group gap="xs" wrap="nowrap" data-testid="person-option" data-user-id={option.value}>
    <Text size="sm">{option.label}</Text>
  </Group>
);

export function PersonPicker({
  label,
  value,
  onChange,
  error,
  testId,
  required,
}: {
  label: string;
  value: string | null;
  onChange: (v: string | null) => void;
  error?: string | undefined;
  testId: string;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const data = useOptions(search, value ? [value] : []);
  return (
    <Select
      label={label}
      required={required}
      placeholder={t('tasks.form.findPerson')}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      data={data}
      value={value}
      onChange={onChange}
      filter={({ options }) => options}
      nothingFoundMessage={t('tasks.form.nobody')}
      renderOption={renderOption}
      error={error}
      data-testid={testId}
      clearable={!required}
    />
  );
}

export function PeoplePicker({
  label,
  value,
  onChange,
  error,
  testId,
  max,
}: {
  label: string;
  value: string[];
  onChange: (v: string[]) => void;
  error?: string | undefined;
  testId: string;
  max?: number;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const data = useOptions(search, value);
  return (
    <MultiSelect
      label={label}
      placeholder={value.length ? undefined : t('tasks.form.findPeople')}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      data={data}
      value={value}
      onChange={(v) => {
        onChange(v);
        setSearch('');
      }}
      filter={({ options }) => options}
      nothingFoundMessage={t('tasks.form.nobody')}
      renderOption={renderOption}
      maxValues={max}
      error={error}
      data-testid={testId}
      clearable
    />
  );
}
