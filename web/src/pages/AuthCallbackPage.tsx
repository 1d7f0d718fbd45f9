/**
 * `/auth/callback`: where the Cognito hosted pages send the browser back after a company SSO sign-in.
 * Checks the state against this tab's pending request, exchanges the code (with the PKCE verifier) at
 * `https://<hostedUiDomain>/oauth2/token` and keeps the tokens like a password sign-in.
 */
import { Alert, Anchor, Center, Loader, Paper, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { HostedSignInError, checkCallback, exchangeCode } from '../auth/hosted-ui';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useConfig } from '../config';
import { useServices } from '../services';

type Problem = 'denied' | 'expired';

export function AuthCallbackPage() {
  const { t } = useTranslation();
  const config = useConfig();
  const { session } = useServices();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<Problem | null>(null);
  const started = useRef(false);
  useDocumentTitle(t('signIn.title'));

  useEffect(() => {
    // The code is single use: never exchange it twice (StrictMode runs effects twice in development).
    if (started.current) return;
    started.current = true;
    void (async () => {
      try {
        if (!config.hostedUiDomain) throw new HostedSignInError('noPendingSignIn', 'company SSO is not configured');
        const { code, request } = checkCallback(window.location.search, sessionStorage);
        const tokens = await exchangeCode({
          domain: config.hostedUiDomain,
          clientId: config.userPoolClientId,
          origin: window.location.origin,
          code,
          verifier: request.verifier,
        });
        session.adopt(tokens);
        navigate(request.returnTo, { replace: true });
      } catch (err) {
        console.error(err);
        setProblem(err instanceof HostedSignInError && err.problem === 'denied' ? 'denied' : 'expired');
      }
    })();
  }, [config, session, navigate]);

  return (
    <Center mih="100dvh" px="md">
      <Paper component="main" id="main" withBorder radius="lg" p="xl" w="100%" maw={420} data-testid="auth-callback">
        {problem ? (
          <Stack>
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertCircle size={18} />}
              title={t('signIn.callback.failed')}
              role="alert"
              data-testid="auth-callback-error"
            >
              {t(`signIn.callback.${problem}`)}
            </Alert>
            <Anchor component={Link} to="/sign-in" replace>
              {t('signIn.callback.back')}
            </Anchor>
          </Stack>
        ) : (
          <Stack align="center" role="status">
            <Loader />
            <Text>{t('signIn.callback.working')}</Text>
          </Stack>
        )}
      </Paper>
    </Center>
  );
}
