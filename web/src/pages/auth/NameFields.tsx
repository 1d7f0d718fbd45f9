/** First and last name side by side (stacked on a phone), with autofill hints: registration stage 2 and accepting an invitation. */
import { SimpleGrid, TextInput } from '@mantine/core';
import type { Ref } from 'react';

export interface NameInput {
  ref?: Ref<HTMLInputElement>;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  testId: string;
}

export function NameFields({ first, last, maxLength }: { first: NameInput; last: NameInput; maxLength?: number }) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md" verticalSpacing="md">
      <NameField {...first} autoComplete="given-name" maxLength={maxLength} />
      <NameField {...last} autoComplete="family-name" maxLength={maxLength} />
    </SimpleGrid>
  );
}

function NameField({
  ref,
  label,
  value,
  onChange,
  error,
  testId,
  autoComplete,
  maxLength,
}: NameInput & { autoComplete: 'given-name' | 'family-name'; maxLength?: number }) {
  return (
    <TextInput
      ref={ref}
      label={label}
      required
      autoComplete={autoComplete}
      maxLength={maxLength}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      data-testid={testId}
    />
  );
}
