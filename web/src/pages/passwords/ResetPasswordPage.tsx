/**
 * The page behind the e-mailed link: checks the link first (expired, used and unknown links get their
 * own clear page with a way to ask for a new one), then asks for the new password twice with the
 * pool's rules as a checklist. Success → the sign-in page with a notice.
 */
import { Button, Stack } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ApiClient } from '../../../../shared/api/client';
import { ApiError } from '../../api/client';
import { useApi } from '../../services';
import { AuthBackLink, AuthFrame } from '../auth/AuthFrame';
import { PasswordField } from '../auth/CredentialsFields';
import { newPasswordProblem, requestFailure, type NewPasswordProblem, type RequestFailure } from '../auth/form-rules';
import { FormError, SubmitButton, failureText } from '../auth/FormParts';
import { useField } from '../auth/use-field';
import { LinkStatePanel, TokenLinkPage, type LinkCheck } from '../auth/TokenLinkPage';
import { PasswordRules } from './PasswordRules';

type DeadState = 'expired' | 'used' | 'unknown';

const DEAD_CODES: Record<string, DeadState> = {
  RESET_LINK_EXPIRED: 'expired',
  RESET_LINK_USED: 'used',
  RESET_LINK_INVALID: 'unknown',
};

const checkLink = async (api: ApiClient, token: string): Promise<LinkCheck<null, DeadState>> => {
  const r = await api.passwords.checkResetToken({ body: { token } });
  return r.state === 'valid' ? { state: 'valid', answer: null } : { state: r.state };
};

function DeadLink({ state }: { state: DeadState }) {
  const { t } = useTranslation();
  return (
    <LinkStatePanel
      title={t(`passwords.reset.states.${state}Title`)}
      message={t(`passwords.reset.states.${state}`)}
      state={state}
      tone={state === 'expired' ? 'warning' : 'danger'}
      frameTestId="reset-dead-link"
      testId={`reset-link-${state}`}
    >
      <Button component={Link} to="/forgot-password" size="md" data-testid="request-new-link">
        {t('passwords.reset.requestNew')}
      </Button>
      <AuthBackLink label={t('passwords.back')} />
    </LinkStatePanel>
  );
}

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <TokenLinkPage
      title={t('passwords.reset.title')}
      checkingText={t('passwords.reset.checking')}
      errorText={(network) => t(network ? 'passwords.reset.errors.network' : 'passwords.reset.errors.unknown')}
      check={checkLink}
      missing="unknown"
      dead={(state) => <DeadLink state={state} />}
    >
      {({ token, onDead }) => (
        <NewPasswordForm
          token={token}
          onDead={onDead}
          onDone={() => void navigate('/sign-in', { replace: true, state: { notice: 'passwordReset' } })}
        />
      )}
    </TokenLinkPage>
  );
}

function NewPasswordForm({
  token,
  onDead,
  onDone,
}: {
  token: string;
  onDead: (s: DeadState) => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const password = useField<NewPasswordProblem>();
  const confirm = useField<'mismatch'>();
  const [serverReason, setServerReason] = useState<string | null>(null);
  const [failure, setFailure] = useState<RequestFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    passwordRef.current?.focus();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const pErr = newPasswordProblem(password.value);
    const cErr = !pErr && confirm.value !== password.value ? 'mismatch' : null;
    password.setProblem(pErr);
    confirm.setProblem(cErr);
    setServerReason(null);
    setFailure(null);
    if (pErr) return passwordRef.current?.focus();
    if (cErr) return confirmRef.current?.focus();
    setBusy(true);
    try {
      await api.passwords.resetPassword({ body: { token, password: password.value } });
      onDone();
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError) {
        const deadState = DEAD_CODES[err.code];
        if (deadState) return onDead(deadState);
        const field = err.fields?.find((f) => f.path === 'password');
        if (err.status === 400 && field) {
          password.setProblem('passwordWeak');
          setServerReason(field.reason);
          return passwordRef.current?.focus();
        }
      }
      setFailure(requestFailure(err));
    }
  };

  return (
    <AuthFrame title={t('passwords.reset.title')} subtitle={t('passwords.reset.subtitle')} testId="reset-page">
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="reset-form">
        <Stack gap="md">
          {failure ? (
            <FormError testId="reset-error">{failureText(t, 'passwords.reset.errors', failure)}</FormError>
          ) : null}
          <PasswordField
            ref={passwordRef}
            label={t('passwords.reset.password')}
            name="new-password"
            autoComplete="new-password"
            toggleLabel={t('passwords.reset.toggle')}
            value={password.value}
            onChange={(v) => {
              password.onChange(v);
              setServerReason(null);
            }}
            error={
              password.problem
                ? [t(`passwords.reset.errors.${password.problem}`), serverReason].filter(Boolean).join(': ')
                : undefined
            }
            describedBy="password-rules"
            testId="new-password"
          />
          <PasswordField
            ref={confirmRef}
            label={t('passwords.reset.confirm')}
            name="confirm-password"
            autoComplete="new-password"
            toggleLabel={t('passwords.reset.toggle')}
            value={confirm.value}
            onChange={confirm.onChange}
            error={confirm.problem ? t(`passwords.reset.errors.${confirm.problem}`) : undefined}
            testId="confirm-password"
          />
          <PasswordRules password={password.value} id="password-rules" />
          <SubmitButton
            busy={busy}
            label={t('passwords.reset.submit')}
            busyLabel={t('passwords.reset.submitting')}
            testId="reset-submit"
          />
        </Stack>
      </form>
    </AuthFrame>
  );
}
