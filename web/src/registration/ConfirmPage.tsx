/**
 * /register/confirm?token=…: checks the e-mailed link (nothing is used yet), then asks for the
 * password chosen at stage 1 — the link confirms the address only together with the password that
 * is set on the account, so someone who typed another person's address cannot keep the account. On
 * success the person is signed in and lands in stage 2. Used, expired, replaced and unknown links each
 * get their own page. Works signed out and signed in (as someone else: the page says so).
 */
import { Alert, Button, Stack } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ApiClient } from '../../../shared/api/client';
import { ApiError } from '../api/client';
import { AuthFrame } from '../pages/auth/AuthFrame';
import { PasswordField } from '../pages/auth/CredentialsFields';
import { retryMinutes } from '../pages/auth/form-rules';
import { FormError, SubmitButton } from '../pages/auth/FormParts';
import { useField } from '../pages/auth/use-field';
import { LinkStatePanel, TokenLinkPage, type LinkCheck } from '../pages/auth/TokenLinkPage';
import { useApi, useServices, useSession } from '../services';
import { registrationKeys } from './api';

type Dead = 'used' | 'expired' | 'replaced' | 'unknown';

const STATES: Record<string, Dead> = { used: 'used', expired: 'expired', revoked: 'replaced', unknown: 'unknown' };
const CODES: Record<string, Dead> = {
  LINK_USED: 'used',
  LINK_EXPIRED: 'expired',
  LINK_REPLACED: 'replaced',
  LINK_UNKNOWN: 'unknown',
};

const checkLink = async (api: ApiClient, token: string): Promise<LinkCheck<string, Dead>> => {
  try {
    const r = await api.registration.checkLink({ body: { token } });
    return r.state === 'valid' && r.email
      ? { state: 'valid', answer: r.email }
      : { state: STATES[r.state] ?? 'unknown' };
  } catch (e) {
    if (e instanceof ApiError && e.status === 400) return { state: 'unknown' }; // not a token at all
    throw e;
  }
};

export function ConfirmPage() {
  const { t } = useTranslation();
  return (
    <TokenLinkPage
      title={t('registration.confirm.title')}
      checkingText={t('registration.confirm.checking')}
      errorText={() => t('registration.confirm.error')}
      check={checkLink}
      missing="unknown"
      dead={(kind) => <DeadLink kind={kind} />}
    >
      {({ token, answer, onDead }) => <PasswordStep token={token} email={answer} onDead={onDead} />}
    </TokenLinkPage>
  );
}

function DeadLink({ kind }: { kind: Dead }) {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const signedIn = session.status === 'signedIn';
  return (
    <LinkStatePanel
      title={t(`registration.confirm.${kind}Title`)}
      message={t(`registration.confirm.${kind}`)}
      state={kind}
      tone={kind === 'used' ? 'info' : 'warning'}
      frameTestId="confirm-page"
      testId={`confirm-${kind}`}
    >
      {kind === 'used' ? (
        <Button
          size="md"
          fullWidth
          onClick={() => void navigate(signedIn ? '/' : '/sign-in', { replace: true })}
          data-testid="confirm-continue"
        >
          {signedIn ? t('registration.confirm.continue') : t('registration.confirm.signIn')}
        </Button>
      ) : (
        <Button component={Link} to="/register" size="md" fullWidth variant="light">
          {t('registration.confirm.registerAgain')}
        </Button>
      )}
    </LinkStatePanel>
  );
}

function PasswordStep({ token, email, onDead }: { token: string; email: string; onDead: (f: Dead) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const { session } = useServices();
  const current = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const password = useField<string>();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLInputElement>(null);
  const otherPerson =
    current.status === 'signedIn' && current.user.email.toLowerCase() !== email.toLowerCase()
      ? current.user.email
      : null;

  useEffect(() => ref.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setFailure(null);
    if (!password.value) {
      password.setProblem(t('registration.confirm.passwordRequired'));
      return ref.current?.focus();
    }
    setBusy(true);
    try {
      const r = await api.registration.confirm({ body: { token, password: password.value } });
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
          password.setProblem(t('registration.confirm.wrongPassword'));
          return ref.current?.focus();
        }
        if (err.status === 429) return setFailure(t('registration.confirm.tooMany', { minutes: retryMinutes(err) }));
      }
      setFailure(t('registration.confirm.error'));
    }
  };

  return (
    <AuthFrame
      title={t('registration.confirm.passwordTitle')}
      subtitle={t('registration.confirm.passwordSubtitle', { email })}
      testId="confirm-page"
    >
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="confirm-form" data-state="valid">
        <Stack gap="md">
          {otherPerson ? (
            <Alert
              color="yellow"
              variant="light"
              icon={<IconInfoCircle size={18} />}
              data-testid="confirm-signed-in-as"
            >
              {t('registration.confirm.signedInAs', { email: otherPerson })}
            </Alert>
          ) : null}
          {failure ? <FormError testId="confirm-error">{failure}</FormError> : null}
          <PasswordField
            ref={ref}
            label={t('registration.confirm.password')}
            name="password"
            autoComplete="current-password"
            value={password.value}
            onChange={password.onChange}
            error={password.problem ?? undefined}
            testId="confirm-password"
          />
          <SubmitButton busy={busy} label={t('registration.confirm.submit')} testId="confirm-submit" />
        </Stack>
      </form>
    </AuthFrame>
  );
}
