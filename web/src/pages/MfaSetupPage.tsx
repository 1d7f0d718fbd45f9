/**
 * Two-step sign-in set-up (TOTP), where an administrator without it lands after signing in: a new key from
 * Cognito, shown as an `otpauth://` link (opens the authenticator app on a phone) and as text to type; then
 * one code from the app turns it on. Refresh tokens from before are revoked (sign out everywhere) and the
 * person signs in again, now with a code, so the new tokens carry the MFA claim admin routes need.
 * No QR code: no QR library is in the project yet (README, "Administrators and MFA").
 */
import {
  Alert,
  Anchor,
  Button,
  Code,
  CopyButton,
  Group,
  Image,
  Paper,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { associateTotp, CognitoCallError, otpauthUri, verifyAndEnableTotp } from '../auth/mfa';
import type { SessionUser } from '../auth/session';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useConfig } from '../config';
import { useApi, useServices } from '../services';
import { TOTP_CODE } from './auth/MfaCodeStep';
import { FormError } from './auth/FormParts';

type Failure = 'wrongCode' | 'failed';

/** The key in groups of four, as authenticator apps show it. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

export function MfaSetupPage({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  useDocumentTitle(t('mfa.title'));
  const config = useConfig();
  const { session } = useServices();
  const api = useApi();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const [secret, setSecret] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<'codeRequired' | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);

  const start = async () => {
    setBusy(true);
    setFailure(null);
    try {
      setSecret(await associateTotp(config, session.accessToken()));
    } catch (err) {
      console.error(err);
      setFailure('failed');
    } finally {
      setBusy(false);
    }
  };

  const verify = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const value = code.replace(/\s/g, '');
    setFailure(null);
    if (!TOTP_CODE.test(value)) {
      setProblem('codeRequired');
      return codeRef.current?.focus();
    }
    setBusy(true);
    try {
      await verifyAndEnableTotp(config, session.accessToken(), value);
    } catch (err) {
      const wrong =
        err instanceof CognitoCallError &&
        ['CodeMismatchException', 'EnableSoftwareTokenMFAException'].includes(err.type);
      if (!wrong) console.error(err);
      setFailure(wrong ? 'wrongCode' : 'failed');
      setCode('');
      setBusy(false);
      codeRef.current?.focus();
      return;
    }
    // Tokens from before the set-up would renew without the claim being earned: revoke them, then sign in again.
    await api.signIn.signOutEverywhere().catch((err: unknown) => console.error(err));
    session.signOut('mfaEnabled'); // the sign-in page says why (App.tsx redirects there)
  };

  if (user.mfa) {
    return (
      <Paper maw={560} p="lg" withBorder data-testid="mfa-setup" data-state="on">
        <Alert color="teal" icon={<IconShieldCheck size={18} />}>
          {t('mfa.alreadyOn')}
        </Alert>
      </Paper>
    );
  }

  return (
    <Paper
      maw={560}
      p={{ base: 'sm', sm: 'lg' }}
      withBorder
      data-testid="mfa-setup"
      data-state={secret ? 'key' : 'intro'}
    >
      <Stack gap="md">
        <Title order={1} size="h2">
          {t('mfa.title')}
        </Title>
        <Text>{t('mfa.intro')}</Text>
        {failure ? (
          <FormError id="mfa-setup-error" testId="mfa-setup-error" reason={failure}>
            {t(`mfa.errors.${failure}`)}
          </FormError>
        ) : null}
        {!secret ? (
          <Group>
            <Button onClick={() => void start()} loading={busy} data-testid="mfa-start">
              {t('mfa.start')}
            </Button>
            <Button variant="subtle" onClick={() => navigate(from, { replace: true })} data-testid="mfa-later">
              {t('mfa.later')}
            </Button>
          </Group>
        ) : (
          <form onSubmit={(e) => void verify(e)} noValidate aria-describedby={failure ? 'mfa-setup-error' : undefined}>
            <Stack gap="md">
              <Text>{t('mfa.step1')}</Text>
              <OtpauthQr uri={otpauthUri(secret, user.email, config.tenant)} alt={t('mfa.qrAlt')} />
              <Anchor href={otpauthUri(secret, user.email, config.tenant)} data-testid="mfa-otpauth-link">
                {t('mfa.openLink')}
              </Anchor>
              <Stack gap={4}>
                <Text size="sm" fw={500} id="mfa-key-label">
                  {t('mfa.keyLabel')}
                </Text>
                <Group gap="xs" wrap="nowrap" align="center">
                  <Code
                    aria-labelledby="mfa-key-label"
                    data-testid="mfa-secret"
                    data-secret={secret}
                    style={{ wordBreak: 'break-all', fontSize: '1rem' }}
                  >
                    {grouped(secret)}
                  </Code>
                  <CopyButton value={secret}>
                    {({ copied, copy }) => (
                      <Button size="compact-sm" variant="light" onClick={copy}>
                        {copied ? t('mfa.copied') : t('mfa.copy')}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
              </Stack>
              <Text>{t('mfa.step2')}</Text>
              <TextInput
                ref={codeRef}
                label={t('mfa.codeLabel')}
                value={code}
                onChange={(e) => {
                  setCode(e.currentTarget.value);
                  setProblem(null);
                }}
                error={problem ? t(`mfa.errors.${problem}`) : undefined}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={7}
                maw={200}
                data-testid="mfa-setup-code"
              />
              <Group>
                <Button type="submit" loading={busy} data-testid="mfa-verify">
                  {t('mfa.verify')}
                </Button>
                <Button variant="subtle" onClick={() => navigate(from, { replace: true })}>
                  {t('mfa.later')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}

/** The otpauth URI as a QR code (qrcode, loaded only on this page), drawn into a data: URL the CSP allows. */
function OtpauthQr({ uri, alt }: { uri: string; alt: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void import('qrcode')
      .then((qr) => qr.toDataURL(uri, { margin: 1, width: 200, errorCorrectionLevel: 'M' }))
      .then((url) => live && setSrc(url))
      .catch(() => live && setSrc(null)); // the link and the key below still work
    return () => {
      live = false;
    };
  }, [uri]);
  return src ? (
    <Image src={src} alt={alt} w={200} h={200} data-testid="mfa-qr" />
  ) : (
    <Skeleton w={200} h={200} aria-hidden />
  );
}
