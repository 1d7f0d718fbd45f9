/**
 * The sign-in's second step for an account with TOTP on: the 6-digit code from the authenticator app
 * (POST /auth/sign-in/mfa with the challenge session the first step received).
 */
import { Anchor, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AuthError, type AuthFailure, type MfaCodeRequired } from '../../auth/cognito';
import type { SessionUser } from '../../auth/session';
import { useServices } from '../../services';
import { FormError, SubmitButton } from './FormParts';

export const TOTP_CODE = /^\d{6}$/;

export function MfaCodeStep({
  challenge,
  onSignedIn,
  onRestart,
}: {
  challenge: MfaCodeRequired;
  onSignedIn: (user: SessionUser) => void;
  /** Back to the password step (another account, or the 3-minute challenge expired). */
  onRestart: (failure?: AuthFailure) => void;
}) {
  const { t } = useTranslation();
  const { session } = useServices();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<'codeRequired' | null>(null);
  const [failure, setFailure] = useState<AuthFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    codeRef.current?.focus();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const value = code.replace(/\s/g, '');
    setFailure(null);
    if (!TOTP_CODE.test(value)) {
      setProblem('codeRequired');
      return codeRef.current?.focus();
    }
    setBusy(true);
    try {
      onSignedIn(await session.signInWithCode(challenge, value));
    } catch (err) {
      const reason = err instanceof AuthError ? err.reason : 'unknown';
      if (!(err instanceof AuthError)) console.error(err);
      if (reason === 'mfaExpired') return onRestart(reason);
      setFailure(reason);
      setCode('');
      codeRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-describedby={failure ? 'mfa-code-error' : 'mfa-code-hint'}
      data-testid="mfa-code-form"
    >
      <Stack gap="md">
        <Text fw={600} component="h2" size="lg">
          {t('signIn.code.title')}
        </Text>
        <Text id="mfa-code-hint" size="sm" c="dimmed">
          {t('signIn.code.hint')}
        </Text>
        {failure ? (
          <FormError id="mfa-code-error" testId="mfa-code-error" reason={failure}>
            {t(`signIn.errors.${failure}`)}
          </FormError>
        ) : null}
        <TextInput
          ref={codeRef}
          label={t('signIn.code.label')}
          value={code}
          onChange={(e) => {
            setCode(e.currentTarget.value);
            setProblem(null);
          }}
          error={problem ? t(`signIn.errors.${problem}`) : undefined}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          size="md"
          data-testid="mfa-code"
        />
        <SubmitButton
          busy={busy}
          label={t('signIn.code.submit')}
          busyLabel={t('signIn.code.submitting')}
          testId="mfa-code-submit"
        />
        <Anchor component="button" type="button" size="sm" onClick={() => onRestart()} data-testid="mfa-code-back">
          {t('signIn.code.back')}
        </Anchor>
      </Stack>
    </form>
  );
}
