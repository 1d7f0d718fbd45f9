/**
 * "Forgot password?": asks for the e-mail and always answers the same way (the API never says whether
 * the address has an account). The current interface language goes along for the e-mail.
 */
import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconMailCheck } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { ApiError } from '../../api/client';
import { currentLanguage } from '../../i18n';
import { useApi } from '../../services';
import { AuthBackLink, AuthFrame } from '../auth/AuthFrame';
import { EmailField } from '../auth/CredentialsFields';
import { emailProblem, requestFailure, type EmailProblem, type RequestFailure } from '../auth/form-rules';
import { FormError, SubmitButton, failureText } from '../auth/FormParts';
import { useField } from '../auth/use-field';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const api = useApi();
  const location = useLocation();
  const prefill = (location.state as { email?: string } | null)?.email ?? '';

  const email = useField<EmailProblem>(prefill);
  const [failure, setFailure] = useState<RequestFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const sentRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (sent) sentRef.current?.focus();
    else emailRef.current?.focus();
  }, [sent]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const em = email.value.trim();
    const p = emailProblem(em);
    email.setProblem(p);
    setFailure(null);
    if (p) return emailRef.current?.focus();
    setBusy(true);
    try {
      await api.passwords.forgotPassword({ body: { email: em, language: currentLanguage() } });
      setSent(true);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) email.setProblem('emailInvalid');
      else setFailure(requestFailure(err));
    } finally {
      setBusy(false);
    }
  };

  const back = <AuthBackLink label={t('passwords.back')} testId="back-to-sign-in" />;

  if (sent) {
    return (
      <AuthFrame title={t('passwords.forgot.sentTitle')} testId="forgot-sent">
        <Stack gap="md">
          <Alert
            ref={sentRef}
            tabIndex={-1}
            color="teal"
            variant="light"
            icon={<IconMailCheck size={18} />}
            role="status"
            data-testid="forgot-sent-message"
          >
            {t('passwords.forgot.sent')}
          </Alert>
          <Text size="sm" c="dimmed">
            {t('passwords.forgot.sentHint')}
          </Text>
          <Button variant="light" onClick={() => setSent(false)} data-testid="forgot-again">
            {t('passwords.forgot.again')}
          </Button>
          {back}
        </Stack>
      </AuthFrame>
    );
  }

  return (
    <AuthFrame title={t('passwords.forgot.title')} subtitle={t('passwords.forgot.subtitle')} testId="forgot-page">
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="forgot-form">
        <Stack gap="md">
          {failure ? (
            <FormError testId="forgot-error">{failureText(t, 'passwords.forgot.errors', failure)}</FormError>
          ) : null}
          <EmailField
            ref={emailRef}
            label={t('passwords.forgot.email')}
            placeholder={t('passwords.forgot.emailPlaceholder')}
            autoComplete="username"
            value={email.value}
            onChange={email.onChange}
            error={email.problem ? t(`passwords.forgot.errors.${email.problem}`) : undefined}
            testId="forgot-email"
          />
          <SubmitButton
            busy={busy}
            label={t('passwords.forgot.submit')}
            busyLabel={t('passwords.forgot.submitting')}
            testId="forgot-submit"
          />
          {back}
        </Stack>
      </form>
    </AuthFrame>
  );
}
