/**
 * /register/confirm?token=…: checks the e-mailed link (nothing is used yet), then asks for the
 * password chosen at stage 1 — the link confirms the address only together with the password that
 * is set on the account, so someone who typed another person's address cannot keep the account. On
 * success the person is signed in and lands in stage 2. Used, expired, replaced and unknown links each
 * get their own page. Works signed out and signed in (as someone else: the page says so).
 */
import { Alert, Button, Group, Loader, PasswordInput, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconAlertTriangle, IconInfoCircle, IconLock } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { useApi, useServices, useSession } from '../services';
import { registrationKeys } from './api';
import { RegistrationFrame } from './RegistrationFrame';

type Failure = 'used' | 'expired' | 'replaced' | 'unknown' | 'error';
type Checked = { token: string; state: 'valid'; email: string } | { token: string; state: Failure };

const STATES: Record<string, Failure> = { used: 'used', expired: 'expired', revoked: 'replaced', unknown: 'unknown' };
const CODES: Record<string, Failure> = { LINK_USED: 'used', LINK_EXPIRED: 'expired', LINK_REPLACED: 'replaced', LINK_UNKNOWN: 'unknown' };

interface ConfirmAnswer {
  email: string;
  tokens: { idToken: string; accessToken: string; refreshToken: string; expiresIn: number };
}

export function ConfirmPage() {
  const { t } = useTranslation();
  const api = useApi();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [checked, setChecked] = useState<Checked | null>(null);
  const [dead, setDead] = useState<Failure | null>(null);

  useEffect(() => {
    if (!token) return;
    let live = true;
    api<{ state: string; email?: string }>('/registration/confirm/check', { method: 'POST', anonymous: true, body: { token } }).then(
      (r) => live && setChecked(r.state === 'valid' ? { token, state: 'valid', email: r.email ?? '' } : { token, state: STATES[r.state] ?? 'unknown' }),
      (e: unknown) => live && setChecked({ token, state: e instanceof ApiError && e.status === 400 ? 'unknown' : 'error' }),
    );
    return () => {
      live = false;
    };
  }, [api, token]);

  const state = dead ?? (!token ? 'unknown' : checked?.token === token ? checked.state : null);
  if (!state) {
    return (
      <RegistrationFrame title={t('registration.confirm.title')} testId="confirm-page">
        <Group gap="sm" role="status" aria-live="polite">
          <Loader size="sm" type="dots" />
          <Text c="dimmed">{t('registration.confirm.checking')}</Text>
        </Group>
      </RegistrationFrame>
    );
  }
  if (state === 'valid' && checked?.state === 'valid') return <PasswordStep token={token} email={checked.email} onDead={setDead} />;
  return <DeadLink kind={state === 'valid' ? 'unknown' : state} />;
}

function DeadLink({ kind }: { kind: Failure }) {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const signedIn = session.status === 'signedIn';
  return (
    <RegistrationFrame title={t(`registration.confirm.${kind === 'error' ? 'errorTitle' : (`${kind}Title` as const)}`)} testId="confirm-page">
      <Stack gap="md" data-testid={`confirm-${kind}`} data-state={kind}>
        <Alert color={kind === 'used' ? 'blue' : 'orange'} variant="light" icon={kind === 'used' ? <IconInfoCircle size={18} /> : <IconAlertTriangle size={18} />}>
          {t(`registration.confirm.${kind}`)}
        </Alert>
        {kind === 'used' ? (
          <Button size="md" fullWidth onClick={() => void navigate(signedIn ? '/' : '/sign-in', { replace: true })} data-testid="confirm-continue">
            {signedIn ? t('registration.confirm.continue') : t('registration.confirm.signIn')}
          </Button>
        ) : kind === 'error' ? (
          <Button size="md" fullWidth onClick={() => window.location.reload()}>
            {t('common.retry')}
          </Button>
        ) : (
          <Button component={Link} to="/register" size="md" fullWidth variant="light">
            {t('registration.confirm.registerAgain')}
          </Button>
        )}
      </Stack>
    </RegistrationFrame>
  );
}

function PasswordStep({ token, email, onDead }: { token: string; email: string; onDead: (f: Failure) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const { session } = useServices();
  const current = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLInputElement>(null);
  const otherPerson = current.status === 'signedIn' && current.user.email.toLowerCase() !== email.toLowerCase() ? current.user.email : null;

  useEffect(() => ref.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setFailure(null);
    if (!password) {
      setFieldError(t('registration.confirm.passwordRequired'));
      return ref.current?.focus();
    }
    setBusy(true);
    try {
      const r = await api<ConfirmAnswer>('/registration/confirm', { method: 'POST', anonymous: true, body: { token, password } });
      queryClient.clear();
      session.adopt(r.tokens);
      await queryClient.invalidateQueries({ queryKey: registrationKeys.status });
      void navigate('/', { replace: true });
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError) {
        const dead = CODES[err.code];
        if (dead) return onDead(dead);
        if (err.code === 'WRONG_PASSWORD') {
          setFieldError(t('registration.confirm.wrongPassword'));
          return ref.current?.focus();
        }
        if (err.status === 429) {
          const s = Number(err.body?.retryAfterSeconds) || 60;
          return setFailure(t('registration.confirm.tooMany', { minutes: Math.max(1, Math.ceil(s / 60)) }));
        }
      }
      setFailure(t('registration.confirm.error'));
    }
  };

  return (
    <RegistrationFrame title={t('registration.confirm.passwordTitle')} subtitle={t('registration.confirm.passwordSubtitle', { email })} testId="confirm-page">
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="confirm-form" data-state="valid">
        <Stack gap="md">
          {otherPerson ? (
            <Alert color="yellow" variant="light" icon={<IconInfoCircle size={18} />} data-testid="confirm-signed-in-as">
              {t('registration.confirm.signedInAs', { email: otherPerson })}
            </Alert>
          ) : null}
          {failure ? (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert" data-testid="confirm-error">
              {failure}
            </Alert>
          ) : null}
          <PasswordInput
            ref={ref}
            label={t('registration.confirm.password')}
            name="password"
            autoComplete="current-password"
            required
            leftSection={<IconLock size={16} aria-hidden="true" />}
            value={password}
            onChange={(e) => {
              setPassword(e.currentTarget.value);
              setFieldError(null);
            }}
            error={fieldError ?? undefined}
            data-testid="confirm-password"
          />
          <Button type="submit" size="md" fullWidth loading={busy} loaderProps={{ type: 'dots' }} data-testid="confirm-submit">
            {t('registration.confirm.submit')}
          </Button>
        </Stack>
      </form>
    </RegistrationFrame>
  );
}
