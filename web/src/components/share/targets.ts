/**
 * Whom something can be shared with (the drive's files and folders, calendars): active people found by name, or
 * departments by their path. One search hook for every share dialog, so they find the same people the same way.
 */
import type { ComboboxItem } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import type { DirectoryEntry } from '../../../../shared/people/profile-view';
import { pathLabel, useDepartments } from '../../departments/api';
import { useApi } from '../../services';

export type ShareTargetType = 'user' | 'department';

/** A person's name (never their e-mail while they have one). */
export const personName = (p: DirectoryEntry) => `${p.firstName} ${p.lastName}`.trim() || p.email;

/** `type:id`: how a target is told apart from the others of a list. */
export const targetKey = (type: ShareTargetType, id: string) => `${type}:${id}`;

export interface ShareTargetOption extends ComboboxItem {
  /** The name alone (a person's label carries the position too). */
  name: string;
}

function usePeopleSearch(q: string, enabled: boolean) {
  const api = useApi();
  const [debounced] = useDebouncedValue(q.trim(), 250);
  return useQuery({
    queryKey: ['people', 'pick', debounced],
    queryFn: ({ signal }) => api.people.listPeople({ query: { limit: 20, q: debounced }, signal }),
    staleTime: 60_000,
    enabled,
  });
}

/** The picker's choices of one type, without those already in the list (`exclude`: {@link targetKey}s). */
export function useShareTargets(type: ShareTargetType, search: string, exclude?: ReadonlySet<string>) {
  const people = usePeopleSearch(type === 'user' ? search : '', type === 'user');
  const departments = useDepartments(type === 'department');
  const options: ShareTargetOption[] = (
    type === 'user'
      ? (people.data?.items ?? [])
          .filter((p) => p.status === 'active' || p.status === undefined)
          .map((p) => ({
            value: p.userId,
            name: personName(p),
            label: `${personName(p)}${p.position ? ` · ${p.position}` : ''}`,
          }))
      : (departments.data ?? [])
          .map((d) => {
            const label = pathLabel(departments.data ?? [], d.departmentId);
            return { value: d.departmentId, name: label, label };
          })
          .sort((a, b) => a.label.localeCompare(b.label))
  ).filter((o) => !exclude?.has(targetKey(type, o.value)));
  return { options, searching: people.isFetching || departments.isFetching };
}
