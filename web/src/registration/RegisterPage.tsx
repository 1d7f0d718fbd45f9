/** Registration stage 1: e-mail and password (live rule checklist); then "check your e-mail". */
import { Alert, Anchor, Stack, Text } from '@mantine/core';
import { IconInfoCircle, IconMailCheck } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { currentLanguage } from '../i18n';
import { useApi } from '../services';
import { usePortalInfo } from './api';
import { PasswordRules } from '../pages/passwords/PasswordRules';
import { AuthFrame } from '../pages/auth/AuthFrame';
import { EmailField, PasswordField } from '../pages/auth/CredentialsFields';
import {
  emailProblem,
  newPasswordProblem,
  requestFailure,
  type EmailProblem,
  type NewPasswordProblem,
  type RequestFailure,
} from '../pages/auth/form-rules';
import { FormError, SubmitButton, failureText } from '../pages/auth/FormParts';
import { useField } from '../pages/auth/use-field';

export function RegisterPage() {
  const { t } = useTranslation();
  const api = useApi();
  const portal = usePortalInfo();
  const email = useField<EmailProblem>();
  const password = useField<NewPasswordProblem>();
  const [failure, setFailure] = useState<RequestFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => emailRef.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const em = email.value.trim();
    const eErr = emailProblem(em);
    const pErr = newPasswordProblem(password.value);
    email.setProblem(eErr);
    password.setProblem(pErr);
    setFailure(null);
    if (eErr) return emailRef.current?.focus();
    if (pErr) return passwordRef.current?.focus();
    setBusy(true);
    try {
      await api.registration.register({
        body: { email: em, password: password.value, language: currentLanguage() },
      });
      setSentTo(em);
      password.setValue('');
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.fields?.length) {
        const paths = err.fields.map((f) => f.path);
        if (paths.includes('email')) email.setProblem('emailInvalid');
        if (paths.includes('password')) password.setProblem('passwordWeak');
      } else setFailure(requestFailure(err));
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
    <AuthFrame
      title={t('registration.register.title')}
      subtitle={t('registration.register.subtitle')}
      testId="register-page"
    >
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
              <FormError testId="register-error">{failureText(t, 'registration.register.errors', failure)}</FormError>
            ) : null}
            <EmailField
              ref={emailRef}
              label={t('registration.register.email')}
              placeholder={t('registration.register.emailPlaceholder')}
              autoComplete="email"
              value={email.value}
              onChange={email.onChange}
              error={email.problem ? t(`registration.register.errors.${email.problem}`) : undefined}
              testId="register-email"
            />
            <PasswordField
              ref={passwordRef}
              label={t('registration.register.password')}
              placeholder={t('registration.register.passwordPlaceholder')}
              name="new-password"
              autoComplete="new-password"
              value={password.value}
              onChange={password.onChange}
              describedBy="register-password-rules"
              error={password.problem ? t(`registration.register.errors.${password.problem}`) : undefined}
              testId="register-password"
            />
            <PasswordRules password={password.value} id="register-password-rules" />
            <Text size="xs" c="dimmed">
              {t('registration.register.languageNote')}
            </Text>
            <SubmitButton
              busy={busy}
              label={t('registration.register.submit')}
              busyLabel={t('registration.register.submitting')}
              testId="register-submit"
            />
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
