/** Department widgets other pages use: badges on directory cards, the picker on the invite page. */
import { Badge, Group, MultiSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { pathLabel, useDepartments } from './api';

/** The department badges of a directory card. */
export function DepartmentBadges({ ids }: { ids: readonly string[] }) {
  const { data } = useDepartments(ids.length > 0);
  if (!ids.length || !data) return null;
  const byId = new Map(data.map((d) => [d.departmentId, d.name]));
  const names = ids.map((id) => byId.get(id)).filter((n): n is string => !!n);
  if (!names.length) return null;
  return (
    <Group gap={4} wrap="wrap" data-testid="person-departments">
      {names.map((n) => (
        <Badge
          key={n}
          size="xs"
          variant="light"
          color="grape"
          style={{ textTransform: 'none', maxWidth: '100%' }}
          data-testid="department-badge"
        >
          {n}
        </Badge>
      ))}
    </Group>
  );
}

/** Up to 10 departments (the invite page). */
export function DepartmentPicker({
  value,
  onChange,
  disabled,
}: {
  value: string[];
  onChange: (ids: string[]) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const { data } = useDepartments();
  const options = (data ?? [])
    .map((d) => ({ value: d.departmentId, label: pathLabel(data ?? [], d.departmentId) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return (
    <MultiSelect
      label={t('departments.picker.label')}
      description={disabled ? t('departments.picker.extranet') : t('departments.picker.hint')}
      placeholder={value.length ? undefined : t('departments.picker.placeholder')}
      data={options}
      value={value}
      onChange={onChange}
      maxValues={10}
      searchable
      clearable
      disabled={disabled}
      nothingFoundMessage={t('departments.picker.none')}
      maw={480}
      data-testid="invite-departments"
    />
  );
}
