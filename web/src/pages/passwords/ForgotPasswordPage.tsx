/**
 * "Forgot password?": asks for the e-mail and always answers the same way (the API never says whether
 * the address has an account). The current interface language goes along for the e-mail.
 */
import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertCircle, IconMail, IconMailCheck } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { ApiError } from '../../api/client';
import { currentLanguage } from '../../i18n';
import { useApi } from '../../services';
import { AuthBackLink, AuthFrame } from '../auth/AuthFrame';
import { EMAIL_RE, retryMinutes } from '../auth/form-rules';

type Problem = { key: 'emailRequired' | 'emailInvalid' } | null;
type Failure = { key: 'tooMany'; minutes: number } | { key: 'network' | 'unknown' } | null;

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const api = useApi();
  const location = useLocation();
  const prefill = (location.state as { email?: string } | null)?.email ?? '';

  const [email, setEmail] = useState(prefill);
  const [problem, setProblem] = useState<Problem>(null);
  const [failure, setFailure] = useState<Failure>(null);
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
    const em = email.trim();
    const p: Problem = !em ? { key: 'emailRequired' } : EMAIL_RE.test(em) ? null : { key: 'emailInvalid' };
    setProblem(p);
    setFailure(null);
    if (p) return emailRef.current?.focus();
    setBusy(true);
    try {
      await api('/auth/password/forgot', { method: 'POST', body: { email: em, language: currentLanguage() }, anonymous: true });
      setSent(true);
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) setFailure({ key: 'tooMany', minutes: retryMinutes(err) });
      else if (err instanceof ApiError && err.status === 400) setProblem({ key: 'emailInvalid' });
      else setFailure({ key: err instanceof ApiError && err.isNetwork ? 'network' : 'unknown' });
    } finally {
      setBusy(false);
    }
  };

  const back = <AuthBackLink label={t('passwords.back')} testId="back-to-sign-in" />;

  if (sent) {
    return (
      <AuthFrame title={t('passwords.forgot.sentTitle')} testId="forgot-sent">
        <Stack gap="md">
          <Alert ref={sentRef} tabIndex={-1} color="teal" variant="light" icon={<IconMailCheck size={18} />} role="status" data-testid="forgot-sent-message">
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
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert" data-testid="forgot-error">
              {failure.key === 'tooMany' ? t('passwords.forgot.errors.tooMany', { minutes: failure.minutes }) : t(`passwords.forgot.errors.${failure.key}`)}
            </Alert>
          ) : null}
          <TextInput
            ref={emailRef}
            label={t('passwords.forgot.email')}
            placeholder={t('passwords.forgot.emailPlaceholder')}
            type="email"
            name="email"
            autoComplete="username"
            inputMode="email"
            autoCapitalize="none"
            spellCheck={false}
            required
            leftSection={<IconMail size={16} aria-hidden="true" />}
            value={email}
            onChange={(e) => {
              setEmail(e.currentTarget.value);
              setProblem(null);
            }}
            error={problem ? t(`passwords.forgot.errors.${problem.key}`) : undefined}
            data-testid="forgot-email"
          />
          <Button type="submit" size="md" fullWidth loading={busy} loaderProps={{ type: 'dots' }} data-testid="forgot-submit">
            {busy ? t('passwords.forgot.submitting') : t('passwords.forgot.submit')}
          </Button>
          {back}
        </Stack>
      </form>
    </AuthFrame>
  );
}
