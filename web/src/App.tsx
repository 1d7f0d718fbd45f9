/**
 * After the configuration is loaded: the session, API client and query cache, and the routes —
 * sign-in while signed out, the portal layout while signed in.
 */
import { Anchor, Center, Loader, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError, createApi } from './api/client';
import { SessionStore } from './auth/session';
import { ConfigContext, type PortalConfig } from './config';
import i18n, { loadModuleStrings } from './i18n';
// Only the sign-in page is in the first download; every other page is a chunk fetched on first visit.
import {
  AcceptInvitePage,
  AuthCallbackPage,
  ConfirmPage,
  ForgotPasswordPage,
  GuestInvitationPage,
  PublicLinkPage,
  RegisterPage,
  ResetPasswordPage,
} from './lazyPages';
import { MFA_SETUP_PATH, SignInPage } from './pages/SignInPage';
import { ServicesContext, useSession, type Services } from './services';

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: { errorKey?: string };
    mutationMeta: { errorKey?: string };
  }
}

/** An error the person should hear about, once per failing query (not on every retry or refetch). */
function notifyError(id: string, errorKey: string | undefined, error: unknown) {
  if (error instanceof ApiError && error.status === 401) return; // the session handles it
  if (error instanceof ApiError && error.code === 'LINK_LOCKED') return; // the public link's form says it
  const t = i18n.t.bind(i18n);
  if (error instanceof ApiError && error.code === 'MFA_REQUIRED') {
    // An administrator without a second factor: say what is missing and where to set it up.
    notifications.show({
      id: 'mfa-required',
      color: 'yellow',
      title: t('mfa.requiredTitle'),
      message: (
        <>
          {t('mfa.required')}{' '}
          <Anchor href={MFA_SETUP_PATH} data-testid="mfa-required-link">
            {t('mfa.setUp')}
          </Anchor>
        </>
      ),
      autoClose: false,
    });
    return;
  }
  const detail =
    error instanceof ApiError
      ? error.isNetwork
        ? t('errors.network')
        : [error.message, error.requestId ? t('errors.requestId', { id: error.requestId }) : '']
            .filter(Boolean)
            .join(' · ')
      : t('errors.generic');
  notifications.show({
    id,
    color: 'red',
    title: errorKey ? t(errorKey as 'errors.generic') : t('errors.title'),
    message: detail,
    autoClose: 8000,
  });
}

function createQueryClient() {
  const failing = new Set<string>();
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (failing.has(query.queryHash)) return;
        failing.add(query.queryHash);
        notifyError(`query-${query.queryHash}`, query.meta?.errorKey, error);
      },
      onSuccess: (_data, query) => {
        if (failing.delete(query.queryHash)) notifications.hide(`query-${query.queryHash}`);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _vars, _ctx, mutation) =>
        notifyError(`mutation-${mutation.mutationId}`, mutation.meta?.errorKey, error),
    }),
    defaultOptions: {
      queries: {
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: true,
      },
    },
  });
}

/** The signed-in shell and routes, with the modules' strings: one chunk, fetched once someone is signed in. */
const SignedInRoutes = lazy(async () => {
  const [routes] = await Promise.all([import('./layout/SignedInRoutes'), loadModuleStrings()]);
  return { default: routes.SignedInRoutes };
});

function FullPageLoader({ label }: { label: string }) {
  return (
    <Center mih="100dvh">
      <Stack align="center" gap="sm" role="status" aria-live="polite">
        <Loader size="lg" type="dots" />
        <Text c="dimmed">{label}</Text>
      </Stack>
    </Center>
  );
}

function RedirectToSignIn() {
  const location = useLocation();
  const from =
    location.pathname === '/' || location.pathname === '/sign-in'
      ? undefined
      : `${location.pathname}${location.search}`;
  return <Navigate to="/sign-in" replace state={from ? { from } : null} />;
}

function AppRoutes({ queryClient }: { queryClient: QueryClient }) {
  const { t } = useTranslation();
  const session = useSession();

  // Leaving: forget everything cached for the previous person; say why if it was not their click.
  useEffect(() => {
    if (session.status !== 'signedOut') return;
    queryClient.clear();
    if (session.reason === 'expired') {
      notifications.show({
        id: 'session-expired',
        color: 'yellow',
        title: t('session.expiredTitle'),
        message: t('session.expired'),
        autoClose: false,
      });
    }
  }, [session, queryClient, t]);

  if (session.status === 'restoring') return <FullPageLoader label={t('common.loading')} />;
  if (session.status === 'signedOut') {
    return (
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="/auth/callback" element={<AuthCallbackPage />} />
        <Route path="/register" element={<RegisterPage />} />
        <Route path="/register/confirm" element={<ConfirmPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route path="/invite" element={<AcceptInvitePage />} />
        <Route path="/p/drive/:token" element={<PublicLinkPage />} />
        <Route path="/calendar/guest/:token" element={<GuestInvitationPage />} />
        <Route path="*" element={<RedirectToSignIn />} />
      </Routes>
    );
  }
  return (
    <Suspense fallback={<FullPageLoader label={t('common.loading')} />}>
      <SignedInRoutes user={session.user} />
    </Suspense>
  );
}

export function App({ config }: { config: PortalConfig }) {
  const [services] = useState<Services>(() => {
    const session = new SessionStore(config);
    return { session, api: createApi(config, session) };
  });
  const [queryClient] = useState(createQueryClient);
  useEffect(() => services.session.start(), [services]);

  return (
    <ConfigContext.Provider value={config}>
      <ServicesContext.Provider value={services}>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AppRoutes queryClient={queryClient} />
          </BrowserRouter>
        </QueryClientProvider>
      </ServicesContext.Provider>
    </ConfigContext.Provider>
  );
}

export { FullPageLoader };
