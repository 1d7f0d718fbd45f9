/**
 * The page behind the e-mailed link: checks the link first (expired, used and unknown links get their
 * own clear page with a way to ask for a new one), then asks for the new password twice with the
 * pool's rules as a checklist. Success → the sign-in page with a notice.
 */
import { Alert, Anchor, Button, Center, Loader, PasswordInput, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconArrowLeft, IconClockX, IconLinkOff, IconLock } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { passwordProblems } from '../../../../shared/security/password-policy';
import { ApiError } from '../../api/client';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useApi } from '../../services';
import { AuthFrame } from './AuthFrame';
import { PasswordRules } from './PasswordRules';

type LinkState = 'valid' | 'expired' | 'used' | 'unknown';
type DeadState = Exclude<LinkState, 'valid'>;
type FieldError = 'passwordRequired' | 'passwordWeak' | 'mismatch';
type Failure = { key: 'tooMany'; minutes: number } | { key: 'network' | 'unknown' } | null;

const DEAD_CODES: Record<string, DeadState> = { RESET_LINK_EXPIRED: 'expired', RESET_LINK_USED: 'used', RESET_LINK_INVALID: 'unknown' };

function DeadLink({ state }: { state: DeadState }) {
  const { t } = useTranslation();
  useDocumentTitle(t(`passwords.reset.states.${state}Title`));
  const Icon = state === 'expired' ? IconClockX : IconLinkOff;
  return (
    <AuthFrame title={t(`passwords.reset.states.${state}Title`)} testId="reset-dead-link">
      <Stack gap="md" data-state={state} data-testid={`reset-link-${state}`}>
        <Alert color={state === 'expired' ? 'yellow' : 'red'} variant="light" icon={<Icon size={18} />}>
          {t(`passwords.reset.states.${state}`)}
        </Alert>
        <Button component={Link} to="/forgot-password" size="md" data-testid="request-new-link">
          {t('passwords.reset.requestNew')}
        </Button>
        <Anchor component={Link} to="/sign-in" size="sm">
          <IconArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: '-2px', marginRight: 4 }} />
          {t('passwords.back')}
        </Anchor>
      </Stack>
    </AuthFrame>
  );
}

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [dead, setDead] = useState<DeadState | null>(null);

  // A plain request, not a cached query: the app clears the query cache when it settles on "signed out".
  const [checked, setChecked] = useState<{ token: string; state: LinkState | 'error'; network?: boolean } | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!token) return;
    let live = true;
    api<{ state: LinkState }>('/auth/password/reset/check', { method: 'POST', body: { token }, anonymous: true }).then(
      (r) => live && setChecked({ token, state: r.state }),
      (err: unknown) => live && setChecked({ token, state: 'error', network: err instanceof ApiError && err.isNetwork }),
    );
    return () => {
      live = false;
    };
  }, [api, token, attempt]);

  const state: LinkState | 'checking' | 'error' = dead ?? (!token ? 'unknown' : checked?.token !== token ? 'checking' : checked.state);

  if (state === 'checking') {
    return (
      <AuthFrame title={t('passwords.reset.title')}>
        <Center py="lg" role="status" aria-live="polite">
          <Stack align="center" gap="xs">
            <Loader type="dots" />
            <Text c="dimmed" size="sm">
              {t('passwords.reset.checking')}
            </Text>
          </Stack>
        </Center>
      </AuthFrame>
    );
  }
  if (state === 'error') {
    return (
      <AuthFrame title={t('passwords.reset.title')}>
        <Stack gap="md">
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
            {t(checked?.network ? 'passwords.reset.errors.network' : 'passwords.reset.errors.unknown')}
          </Alert>
          <Button
            variant="light"
            onClick={() => {
              setChecked(null);
              setAttempt((a) => a + 1);
            }}
          >
            {t('common.retry')}
          </Button>
        </Stack>
      </AuthFrame>
    );
  }
  if (state !== 'valid') return <DeadLink state={state} />;
  return <NewPasswordForm token={token} onDead={setDead} onDone={() => navigate('/sign-in', { replace: true, state: { notice: 'passwordReset' } })} />;
}

function NewPasswordForm({ token, onDead, onDone }: { token: string; onDead: (s: DeadState) => void; onDone: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  useDocumentTitle(t('passwords.reset.title'));
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
          const s = Number(err.body?.retryAfterSeconds) || 60;
          return setFailure({ key: 'tooMany', minutes: Math.max(1, Math.ceil(s / 60)) });
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
