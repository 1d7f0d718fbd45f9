/** The pieces around the fields of the signed-out forms: the error banner, the submit button, failure messages. */
import { Alert, Button } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import type { RequestFailure } from './form-rules';

/** The red banner over a form when the request failed as a whole (announced: role="alert"). */
export function FormError({
  id,
  testId,
  reason,
  children,
}: {
  id?: string;
  testId: string;
  reason?: string;
  children: ReactNode;
}) {
  return (
    <Alert
      id={id}
      color="red"
      variant="light"
      icon={<IconAlertCircle size={18} />}
      role="alert"
      data-testid={testId}
      data-reason={reason}
    >
      {children}
    </Alert>
  );
}

/** The form's full-width submit button; `busyLabel` while the request runs. */
export function SubmitButton({
  busy,
  label,
  busyLabel,
  testId,
}: {
  busy: boolean;
  label: string;
  busyLabel?: string;
  testId: string;
}) {
  return (
    <Button type="submit" size="md" fullWidth loading={busy} loaderProps={{ type: 'dots' }} data-testid={testId}>
      {busy && busyLabel ? busyLabel : label}
    </Button>
  );
}

/** Where a form keeps its `tooMany` (with {{minutes}}), `network` and `unknown` messages. */
export type FailureMessages =
  'registration.register.errors' | 'passwords.forgot.errors' | 'passwords.reset.errors' | 'invitations.accept.errors';

export function failureText(t: TFunction, messages: FailureMessages, failure: RequestFailure): string {
  return failure.key === 'tooMany'
    ? t(`${messages}.tooMany`, { minutes: failure.minutes })
    : t(`${messages}.${failure.key}`);
}
