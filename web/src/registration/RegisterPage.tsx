/** Registration stage 1: e-mail and password (live rule checklist); then "check your e-mail". */
import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertCircle, IconInfoCircle, IconLock, IconMail, IconMailCheck } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { passwordProblems } from '../../../shared/security/password-policy';
import { ApiError } from '../api/client';
import { currentLanguage } from '../i18n';
import { useApi } from '../services';
import { usePortalInfo } from './api';
import { PasswordRules } from '../pages/passwords/PasswordRules';
import { AuthFrame } from '../pages/auth/AuthFrame';
import { EMAIL_RE, retryMinutes } from '../pages/auth/form-rules';

type Failure = { key: 'tooMany'; minutes: number } | { key: 'network' | 'unknown' };

export function RegisterPage() {
  const { t } = useTranslation();
  const api = useApi();
  const portal = usePortalInfo();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [emailError, setEmailError] = useState<'emailRequired' | 'emailInvalid' | null>(null);
  const [passwordError, setPasswordError] = useState<'passwordRequired' | 'passwordWeak' | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => emailRef.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const em = email.trim();
    const eErr = !em ? 'emailRequired' : EMAIL_RE.test(em) ? null : 'emailInvalid';
    const pErr = !password ? 'passwordRequired' : passwordProblems(password).length ? 'passwordWeak' : null;
    setEmailError(eErr);
    setPasswordError(pErr);
    setFailure(null);
    if (eErr) return emailRef.current?.focus();
    if (pErr) return passwordRef.current?.focus();
    setBusy(true);
    try {
      await api('/registration', { method: 'POST', anonymous: true, body: { email: em, password, language: currentLanguage() } });
      setSentTo(em);
      setPassword('');
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) setFailure({ key: 'tooMany', minutes: retryMinutes(err) });
      else if (err instanceof ApiError && err.status === 400 && err.fields?.length) {
        const paths = err.fields.map((f) => f.path);
        if (paths.includes('email')) setEmailError('emailInvalid');
        if (paths.includes('password')) setPasswordError('passwordWeak');
      } else setFailure({ key: err instanceof ApiError && err.isNetwork ? 'network' : 'unknown' });
    } finally {
      setBusy(false);
    }
  };

  if (sentTo) {
    return (
      <AuthFrame title={t('registration.register.sentTitle')} testId="register-sent">
        <Stack gap="md">
          <Alert color="teal" variant="light" icon={<IconMailCheck size={18} />} role="status">
            {t('registration.register.sent', { email: sentTo })}
          </Alert>
          <Text size="sm" c="dimmed">
            {t('registration.register.sentHint')}
          </Text>
          <Anchor component={Link} to="/sign-in" state={{ email: sentTo }} size="sm">
            {t('registration.backToSignIn')}
          </Anchor>
        </Stack>
      </AuthFrame>
    );
  }

  const closed = portal.data?.selfRegistration === 'closed';
  return (
    <AuthFrame title={t('registration.register.title')} subtitle={t('registration.register.subtitle')} testId="register-page">
      {closed ? (
        <Stack gap="md">
          <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />} data-testid="register-closed">
            {t('registration.register.closed')}
          </Alert>
          <Anchor component={Link} to="/sign-in" size="sm">
            {t('registration.backToSignIn')}
          </Anchor>
        </Stack>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate data-testid="register-form">
          <Stack gap="md">
            {failure ? (
              <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert" data-testid="register-error">
                {failure.key === 'tooMany' ? t('registration.register.errors.tooMany', { minutes: failure.minutes }) : t(`registration.register.errors.${failure.key}`)}
              </Alert>
            ) : null}
            <TextInput
              ref={emailRef}
              label={t('registration.register.email')}
              placeholder={t('registration.register.emailPlaceholder')}
              type="email"
              name="email"
              autoComplete="email"
              inputMode="email"
              autoCapitalize="none"
              spellCheck={false}
              required
              leftSection={<IconMail size={16} aria-hidden="true" />}
              value={email}
              onChange={(e) => {
                setEmail(e.currentTarget.value);
                setEmailError(null);
              }}
              error={emailError ? t(`registration.register.errors.${emailError}`) : undefined}
              data-testid="register-email"
            />
            <PasswordInput
              ref={passwordRef}
              label={t('registration.register.password')}
              placeholder={t('registration.register.passwordPlaceholder')}
              name="new-password"
              autoComplete="new-password"
              required
              leftSection={<IconLock size={16} aria-hidden="true" />}
              value={password}
              onChange={(e) => {
                setPassword(e.currentTarget.value);
                setPasswordError(null);
              }}
              aria-describedby="register-password-rules"
              error={passwordError ? t(`registration.register.errors.${passwordError}`) : undefined}
              data-testid="register-password"
            />
            <PasswordRules password={password} id="register-password-rules" />
            <Text size="xs" c="dimmed">
              {t('registration.register.languageNote')}
            </Text>
            <Button type="submit" size="md" fullWidth loading={busy} loaderProps={{ type: 'dots' }} data-testid="register-submit">
              {busy ? t('registration.register.submitting') : t('registration.register.submit')}
            </Button>
            <Text size="sm" ta="center">
              {t('registration.register.haveAccount')}{' '}
              <Anchor component={Link} to="/sign-in">
                {t('registration.register.signIn')}
              </Anchor>
            </Text>
          </Stack>
        </form>
      )}
    </AuthFrame>
  );
}
