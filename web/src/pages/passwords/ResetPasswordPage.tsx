/**
 * The page behind the e-mailed link: checks the link first (expired, used and unknown links get their
 * own clear page with a way to ask for a new one), then asks for the new password twice with the
 * pool's rules as a checklist. Success → the sign-in page with a notice.
 */
import { Alert, Button, PasswordInput, Stack } from '@mantine/core';
import { IconAlertCircle, IconLock } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { passwordProblems } from '../../../../shared/security/password-policy';
import { ApiError, type Api } from '../../api/client';
import { useApi } from '../../services';
import { AuthBackLink, AuthFrame } from '../auth/AuthFrame';
import { retryMinutes } from '../auth/form-rules';
import { LinkStatePanel, TokenLinkPage, type LinkCheck } from '../auth/TokenLinkPage';
import { PasswordRules } from './PasswordRules';

type DeadState = 'expired' | 'used' | 'unknown';
type FieldError = 'passwordRequired' | 'passwordWeak' | 'mismatch';
type Failure = { key: 'tooMany'; minutes: number } | { key: 'network' | 'unknown' } | null;

const DEAD_CODES: Record<string, DeadState> = { RESET_LINK_EXPIRED: 'expired', RESET_LINK_USED: 'used', RESET_LINK_INVALID: 'unknown' };

const checkLink = async (api: Api, token: string): Promise<LinkCheck<null, DeadState>> => {
  const r = await api<{ state: 'valid' | DeadState }>('/auth/password/reset/check', { method: 'POST', body: { token }, anonymous: true });
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
        <NewPasswordForm token={token} onDead={onDead} onDone={() => void navigate('/sign-in', { replace: true, state: { notice: 'passwordReset' } })} />
      )}
    </TokenLinkPage>
  );
}

function NewPasswordForm({ token, onDead, onDone }: { token: string; onDead: (s: DeadState) => void; onDone: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [passwordError, setPasswordError] = useState<FieldError | null>(null);
  const [confirmError, setConfirmError] = useState<FieldError | null>(null);
  const [serverReason, setServerReason] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure>(null);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    passwordRef.current?.focus();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const pErr: FieldError | null = !password ? 'passwordRequired' : passwordProblems(password).length ? 'passwordWeak' : null;
    const cErr: FieldError | null = !pErr && confirm !== password ? 'mismatch' : null;
    setPasswordError(pErr);
    setConfirmError(cErr);
    setServerReason(null);
    setFailure(null);
    if (pErr) return passwordRef.current?.focus();
    if (cErr) return confirmRef.current?.focus();
    setBusy(true);
    try {
      await api('/auth/password/reset', { method: 'POST', body: { token, password }, anonymous: true });
      onDone();
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError) {
        const deadState = DEAD_CODES[err.code];
        if (deadState) return onDead(deadState);
        const field = err.fields?.find((f) => f.path === 'password');
        if (err.status === 400 && field) {
          setPasswordError('passwordWeak');
          setServerReason(field.reason);
          return passwordRef.current?.focus();
        }
        if (err.status === 429) {
          return setFailure({ key: 'tooMany', minutes: retryMinutes(err) });
        }
        return setFailure({ key: err.isNetwork ? 'network' : 'unknown' });
      }
      setFailure({ key: 'unknown' });
    }
  };

  return (
    <AuthFrame title={t('passwords.reset.title')} subtitle={t('passwords.reset.subtitle')} testId="reset-page">
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="reset-form">
        <Stack gap="md">
          {failure ? (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert" data-testid="reset-error">
              {failure.key === 'tooMany' ? t('passwords.reset.errors.tooMany', { minutes: failure.minutes }) : t(`passwords.reset.errors.${failure.key}`)}
            </Alert>
          ) : null}
          <PasswordInput
            ref={passwordRef}
            label={t('passwords.reset.password')}
            name="new-password"
            autoComplete="new-password"
            required
            visibilityToggleButtonProps={{ 'aria-label': t('passwords.reset.toggle') }}
            leftSection={<IconLock size={16} aria-hidden="true" />}
            value={password}
            onChange={(e) => {
              setPassword(e.currentTarget.value);
              setPasswordError(null);
              setServerReason(null);
            }}
            error={passwordError ? [t(`passwords.reset.errors.${passwordError}`), serverReason].filter(Boolean).join(': ') : undefined}
            aria-describedby="password-rules"
            data-testid="new-password"
          />
          <PasswordInput
            ref={confirmRef}
            label={t('passwords.reset.confirm')}
            name="confirm-password"
            autoComplete="new-password"
            required
            visibilityToggleButtonProps={{ 'aria-label': t('passwords.reset.toggle') }}
            leftSection={<IconLock size={16} aria-hidden="true" />}
            value={confirm}
            onChange={(e) => {
              setConfirm(e.currentTarget.value);
              setConfirmError(null);
            }}
            error={confirmError ? t(`passwords.reset.errors.${confirmError}`) : undefined}
            data-testid="confirm-password"
          />
          <PasswordRules password={password} id="password-rules" />
          <Button type="submit" size="md" fullWidth loading={busy} loaderProps={{ type: 'dots' }} data-testid="reset-submit">
            {busy ? t('passwords.reset.submitting') : t('passwords.reset.submit')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
