/**
 * The e-mail and password inputs of the signed-out forms (sign in, register, forgot and reset
 * password, confirm a registration, accept an invitation): one look (icon, required, keyboard and
 * autofill hints) everywhere; each page gives its own labels, messages and test ids.
 */
import { PasswordInput, TextInput } from '@mantine/core';
import { IconLock, IconMail } from '@tabler/icons-react';
import type { Ref } from 'react';

export interface EmailFieldProps {
  ref?: Ref<HTMLInputElement>;
  label: string;
  placeholder?: string;
  /** `username` where the address signs in (sign in, forgot password), `email` where an account is made. */
  autoComplete: 'username' | 'email';
  value: string;
  onChange: (value: string) => void;
  error?: string;
  testId: string;
}

export function EmailField({ ref, label, placeholder, autoComplete, value, onChange, error, testId }: EmailFieldProps) {
  return (
    <TextInput
      ref={ref}
      label={label}
      placeholder={placeholder}
      type="email"
      name="email"
      autoComplete={autoComplete}
      inputMode="email"
      autoCapitalize="none"
      spellCheck={false}
      required
      leftSection={<IconMail size={16} aria-hidden="true" />}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      data-testid={testId}
    />
  );
}

export interface PasswordFieldProps {
  ref?: Ref<HTMLInputElement>;
  label: string;
  placeholder?: string;
  name?: string;
  autoComplete: 'current-password' | 'new-password';
  /** The accessible name of the show/hide button. */
  toggleLabel?: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  /** The id of what describes the field (the rules checklist). */
  describedBy?: string;
  testId: string;
}

export function PasswordField({
  ref,
  label,
  placeholder,
  name,
  autoComplete,
  toggleLabel,
  value,
  onChange,
  error,
  describedBy,
  testId,
}: PasswordFieldProps) {
  return (
    <PasswordInput
      ref={ref}
      label={label}
      placeholder={placeholder}
      name={name}
      autoComplete={autoComplete}
      required
      visibilityToggleButtonProps={toggleLabel ? { 'aria-label': toggleLabel } : undefined}
      leftSection={<IconLock size={16} aria-hidden="true" />}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      {...(describedBy ? { 'aria-describedby': describedBy } : {})}
      data-testid={testId}
    />
  );
}
