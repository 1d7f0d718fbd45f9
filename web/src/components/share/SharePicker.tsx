/**
 * The "share with" form of a share dialog: people or departments, the one to add (searched), the access they get
 * (with its hint below) and the add button. The dialog decides what adding means (save at once, or add to a list
 * saved later) and shows its own errors.
 */
import { Button, Group, SegmentedControl, Select, Text, type ButtonProps } from '@mantine/core';
import { useState } from 'react';
import { AccessSelect, type AccessOption } from './ShareRow';
import { useShareTargets, type ShareTargetOption, type ShareTargetType } from './targets';

export interface SharePick<A extends string> {
  type: ShareTargetType;
  /** null: nobody picked (or the pick is no longer among the choices). */
  id: string | null;
  /** The name alone, for the list. */
  name: string;
  access: A;
}

export interface SharePickerWords {
  with: string;
  people: string;
  departments: string;
  findPerson: string;
  findDepartment: string;
  nobody: string;
  access: string;
  add: string;
}

export interface SharePickerTestIds {
  type?: string;
  target: string;
  access: string;
  add: string;
  /** Each choice of the list, with `data-id` (for tests that pick by id). */
  option?: string;
}

export function SharePicker<A extends string>({
  words,
  accessOptions,
  initialAccess,
  accessWidth,
  hint,
  exclude,
  onAdd,
  addButton,
  testIds,
}: {
  words: SharePickerWords;
  accessOptions: readonly AccessOption<A>[];
  initialAccess: A;
  accessWidth: number;
  hint: (access: A) => string;
  exclude?: ReadonlySet<string>;
  /** Answers whether the pick was taken (the form then clears it). */
  onAdd: (pick: SharePick<A>) => boolean | Promise<boolean>;
  addButton: Pick<ButtonProps, 'variant' | 'loading' | 'disabled'>;
  testIds: SharePickerTestIds;
}) {
  const [type, setType] = useState<ShareTargetType>('user');
  // The choice itself, not its id: picking one fills the search with its label, which searches again, and the
  // choices can be empty while that answer comes.
  const [picked, setPicked] = useState<ShareTargetOption | null>(null);
  const [access, setAccess] = useState<A>(initialAccess);
  const [search, setSearch] = useState('');
  const targets = useShareTargets(type, search, exclude);
  const people = type === 'user';

  const choices =
    picked && !targets.options.some((o) => o.value === picked.value) ? [picked, ...targets.options] : targets.options;

  const add = async () => {
    const taken = await onAdd({ type, id: picked?.value ?? null, name: picked?.name ?? '', access });
    if (taken) {
      setPicked(null);
      setSearch('');
    }
  };

  return (
    <>
      <SegmentedControl
        value={type}
        onChange={(v) => {
          setType(v as ShareTargetType);
          setPicked(null);
          setSearch('');
        }}
        data={[
          { value: 'user', label: words.people },
          { value: 'department', label: words.departments },
        ]}
        aria-label={words.with}
        data-testid={testIds.type}
      />
      <Group align="flex-end" gap="xs" wrap="wrap">
        <Select
          label={people ? words.people : words.departments}
          placeholder={people ? words.findPerson : words.findDepartment}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          data={choices}
          value={picked?.value ?? null}
          onChange={(value) => setPicked(choices.find((o) => o.value === value) ?? null)}
          // People are searched by the server (name, position…); departments are filtered here.
          filter={people ? ({ options: o }) => o : undefined}
          nothingFoundMessage={targets.searching ? '…' : words.nobody}
          renderOption={
            testIds.option
              ? ({ option }) => (
                  <Text size="sm" data-testid={testIds.option} data-id={option.value}>
                    {option.label}
                  </Text>
                )
              : undefined
          }
          style={{ flex: '1 1 200px', minWidth: 0 }}
          data-testid={testIds.target}
          comboboxProps={{ withinPortal: true }}
        />
        <AccessSelect
          options={accessOptions}
          value={access}
          onChange={setAccess}
          label={words.access}
          width={accessWidth}
          testId={testIds.access}
        />
        <Button {...addButton} onClick={() => void add()} data-testid={testIds.add}>
          {words.add}
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        {hint(access)}
      </Text>
    </>
  );
}
