/**
 * E-mail + password sign-in through the portal API (`POST /auth/sign-in`, rate limited), and — in the
 * cloud, when config.json names the Cognito hosted domain — "Sign in with company SSO" (code + PKCE).
 */
import { Alert, Anchor, Button, Divider, Stack } from '@mantine/core';
import { IconBuilding, IconCircleCheck } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { AuthError, MfaCodeRequired, type AuthFailure } from '../auth/cognito';
import type { SessionUser } from '../auth/session';
import { beginHostedSignIn } from '../auth/hosted-ui';
import { useConfig } from '../config';
import { useServices, useSession } from '../services';
import { prefilledEmail } from '../registration/api';
import { CreatePortalLink, RegistrationNotice } from '../registration/SignInExtras';
import { AuthFrame } from './auth/AuthFrame';
import { EmailField, PasswordField } from './auth/CredentialsFields';
import { emailProblem, type EmailProblem } from './auth/form-rules';
import { FormError, SubmitButton } from './auth/FormParts';
import { MfaCodeStep } from './auth/MfaCodeStep';
import { useField } from './auth/use-field';

/** The administrator's TOTP set-up page (pages/MfaSetupPage.tsx). */
export const MFA_SETUP_PATH = '/account/two-step';

/** "15 minutes" / "15 minute" in the interface language (Intl knows the plural forms). */
function waitText(seconds: number, lang: string): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return new Intl.NumberFormat(lang, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(minutes);
}

export function SignInPage() {
  const { t, i18n } = useTranslation();
  const config = useConfig();
  const { session } = useServices();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  const sessionState = useSession();
  const notice =
    sessionState.status === 'signedOut' && sessionState.reason === 'mfaEnabled'
      ? 'mfaEnabled'
      : (location.state as { notice?: string } | null)?.notice;
  /** Why the person is here again (after a password reset, or after turning on two-step sign-in). */
  const noticeKey =
    notice === 'passwordReset' ? 'passwords.signedOutNotice' : notice === 'mfaEnabled' ? 'mfa.enabled' : null;

  const email = useField<EmailProblem>(() => prefilledEmail(location.state));
  const password = useField<'passwordRequired'>();
  const [failure, setFailure] = useState<AuthFailure | null>(null);
  const [retryAfter, setRetryAfter] = useState<number | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [ssoBusy, setSsoBusy] = useState(false);
  const [challenge, setChallenge] = useState<MfaCodeRequired | null>(null);

  /** Where a signed-in person goes: an administrator without a second factor is led to set one up first. */
  const enter = (user: SessionUser) => {
    const wanted = from && from.startsWith('/') && !from.startsWith('//') ? from : '/';
    const target = wanted === MFA_SETUP_PATH && user.mfa ? '/' : wanted;
    if (user.groups.includes('admin') && !user.mfa)
      navigate(MFA_SETUP_PATH, { replace: true, state: { from: target } });
    else navigate(target, { replace: true });
  };

  const startSso = async () => {
    if (!config.hostedUiDomain || ssoBusy) return;
    setSsoBusy(true);
    try {
      const url = await beginHostedSignIn({
        domain: config.hostedUiDomain,
        clientId: config.userPoolClientId,
        origin: window.location.origin,
        returnTo: from,
        storage: sessionStorage,
      });
      window.location.assign(url);
    } catch (err) {
      console.error(err);
      setFailure('unknown');
      setSsoBusy(false);
    }
  };
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    emailRef.current?.focus();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const em = email.value.trim();
    const eErr = emailProblem(em);
    const pErr = password.value ? null : 'passwordRequired';
    email.setProblem(eErr);
    password.setProblem(pErr);
    setFailure(null);
    if (eErr) return emailRef.current?.focus();
    if (pErr) return passwordRef.current?.focus();
    setBusy(true);
    try {
      enter(await session.signIn(em, password.value));
    } catch (err) {
      if (err instanceof MfaCodeRequired) {
        setChallenge(err);
        return;
      }
      setFailure(err instanceof AuthError ? err.reason : 'unknown');
      setRetryAfter(err instanceof AuthError ? err.retryAfterSeconds : undefined);
      if (!(err instanceof AuthError)) console.error(err);
      password.setValue('');
      passwordRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  if (challenge) {
    return (
      <AuthFrame title={t('signIn.title')} subtitle={t('signIn.subtitle')} width={420}>
        <MfaCodeStep
          challenge={challenge}
          onSignedIn={enter}
          onRestart={(why) => {
            setChallenge(null);
            password.setValue('');
            setFailure(why ?? null);
          }}
        />
      </AuthFrame>
    );
  }

  return (
    <AuthFrame title={t('signIn.title')} subtitle={t('signIn.subtitle')} width={420}>
      <form
        onSubmit={(e) => void submit(e)}
        noValidate
        aria-describedby={failure ? 'sign-in-error' : undefined}
        data-testid="sign-in-form"
      >
        <Stack gap="md">
          <RegistrationNotice />
          {noticeKey && !failure ? (
            <Alert
              color="teal"
              variant="light"
              icon={<IconCircleCheck size={18} />}
              role="status"
              data-testid="sign-in-notice"
            >
              {t(noticeKey)}
            </Alert>
          ) : null}
          {failure ? (
            <FormError id="sign-in-error" testId="sign-in-error" reason={failure}>
              {failure === 'tooMany' && retryAfter
                ? t('signIn.errors.tooManyWait', { wait: waitText(retryAfter, i18n.language) })
                : t(`signIn.errors.${failure}`)}
            </FormError>
          ) : null}
          <EmailField
            ref={emailRef}
            label={t('signIn.email')}
            placeholder={t('signIn.emailPlaceholder')}
            autoComplete="username"
            value={email.value}
            onChange={email.onChange}
            error={email.problem ? t(`signIn.errors.${email.problem}`) : undefined}
            testId="email"
          />
          <PasswordField
            ref={passwordRef}
            label={t('signIn.password')}
            placeholder={t('signIn.passwordPlaceholder')}
            name="password"
            autoComplete="current-password"
            toggleLabel={t('signIn.togglePassword')}
            value={password.value}
            onChange={password.onChange}
            error={password.problem ? t(`signIn.errors.${password.problem}`) : undefined}
            testId="password"
          />
          <Anchor
            component={Link}
            to="/forgot-password"
            state={{ email: email.value.trim() }}
            size="sm"
            ta="right"
            mt={-8}
            data-testid="forgot-password-link"
          >
            {t('passwords.forgotLink')}
          </Anchor>
          <SubmitButton
            busy={busy}
            label={t('signIn.submit')}
            busyLabel={t('signIn.submitting')}
            testId="sign-in-submit"
          />
          {config.hostedUiDomain ? (
            <>
              <Divider label={t('signIn.or')} labelPosition="center" />
              <Button
                variant="default"
                size="md"
                fullWidth
                leftSection={<IconBuilding size={16} aria-hidden="true" />}
                loading={ssoBusy}
                onClick={() => void startSso()}
                data-testid="sign-in-sso"
              >
                {t('signIn.sso')}
              </Button>
            </>
          ) : null}
          <CreatePortalLink />
        </Stack>
      </form>
    </AuthFrame>
  );
}
