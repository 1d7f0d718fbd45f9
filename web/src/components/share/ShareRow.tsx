/**
 * Who something is shared with, one row each: person or department (icon, name, a "department" badge), the access
 * (changeable) and remove. Used by the drive's share dialog and the calendar's.
 */
import { ActionIcon, Badge, Divider, Group, Loader, Select, Stack, Text, Tooltip } from '@mantine/core';
import { IconTrash, IconUser, IconUsersGroup } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { ShareTargetType } from './targets';

export interface AccessOption<A extends string> {
  value: A;
  label: string;
}

export function AccessSelect<A extends string>({
  options,
  value,
  onChange,
  label,
  width,
  testId,
}: {
  options: readonly AccessOption<A>[];
  value: A;
  onChange: (access: A) => void;
  label: string;
  width: number;
  testId: string;
}) {
  return (
    <Select
      aria-label={label}
      data={options as AccessOption<A>[]}
      value={value}
      onChange={(v) => {
        const picked = options.find((o) => o.value === v);
        if (picked) onChange(picked.value);
      }}
      allowDeselect={false}
      w={width}
      size="xs"
      data-testid={testId}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

export interface ShareRowWords {
  access: string;
  department: string;
  remove: (name: string) => string;
}

export function ShareRow<A extends string>({
  type,
  name,
  access,
  accessOptions,
  accessWidth,
  onAccessChange,
  onRemove,
  words,
  testIds,
  data,
}: {
  type: ShareTargetType;
  name: string;
  access: A;
  accessOptions: readonly AccessOption<A>[];
  accessWidth: number;
  onAccessChange: (access: A) => void;
  onRemove: () => void;
  words: ShareRowWords;
  testIds: { row: string; access: string; remove?: string };
  /** `data-*` attributes of the row (what tests find it by). */
  data?: Record<`data-${string}`, string>;
}) {
  const removeLabel = words.remove(name);
  return (
    <Group role="listitem" wrap="nowrap" gap="xs" data-testid={testIds.row} {...data}>
      {type === 'user' ? <IconUser size={16} aria-hidden="true" /> : <IconUsersGroup size={16} aria-hidden="true" />}
      <Text size="sm" style={{ flex: 1, minWidth: 0 }} truncate="end" title={name}>
        {name}
      </Text>
      {type === 'department' ? (
        <Badge size="xs" variant="light" color="grape" visibleFrom="xs">
          {words.department}
        </Badge>
      ) : null}
      <AccessSelect
        options={accessOptions}
        value={access}
        onChange={onAccessChange}
        label={`${words.access}: ${name}`}
        width={accessWidth}
        testId={testIds.access}
      />
      <Tooltip label={removeLabel}>
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={removeLabel}
          onClick={onRemove}
          data-testid={testIds.remove}
        >
          <IconTrash size={16} aria-hidden="true" />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

/** "Has access" and the rows under it, or a word that nobody has yet (or a loader while they come). */
export function ShareList({
  title,
  none,
  pending = false,
  loadingLabel,
  testIds,
  children,
}: {
  title: string;
  none: string;
  pending?: boolean;
  loadingLabel?: string;
  testIds: { list: string; none?: string };
  /** The {@link ShareRow}s. */
  children: ReactNode[];
}) {
  return (
    <>
      <Divider label={title} labelPosition="left" />
      {pending ? (
        <Loader size="sm" type="dots" aria-label={loadingLabel} />
      ) : children.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid={testIds.none}>
          {none}
        </Text>
      ) : (
        <Stack gap="xs" role="list" data-testid={testIds.list}>
          {children}
        </Stack>
      )}
    </>
  );
}
