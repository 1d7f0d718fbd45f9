/**
 * After the configuration is loaded: the session, API client and query cache, and the routes —
 * sign-in while signed out, the portal layout while signed in.
 */
import { Center, Loader, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError, createApi } from './api/client';
import { SessionStore } from './auth/session';
import { ConfigContext, type PortalConfig } from './config';
import i18n from './i18n';
import { PortalLayout } from './layout/PortalLayout';
import { MODULES } from './modules';
import { AuthCallbackPage } from './pages/AuthCallbackPage';
import { DashboardPage } from './pages/DashboardPage';
import { ModulePlaceholder } from './pages/ModulePlaceholder';
import { NotFoundPage } from './pages/NotFoundPage';
import { ForgotPasswordPage } from './pages/passwords/ForgotPasswordPage';
import { ResetPasswordPage } from './pages/passwords/ResetPasswordPage';
import { AcceptInvitePage } from './invitations/AcceptInvitePage';
// heavier signed-in pages load as their own chunks, on first visit
import {
  CrmPage,
  DirectoryPage,
  DocumentPage,
  DrivePage,
  GroupPage,
  InvitePage,
  MessengerPage,
  MyProfilePage,
  NewDocumentPage,
  PortalSettingsPage,
  PublicLinkPage,
  StructurePage,
  TaskPage,
  TasksPage,
  WorkgroupsPage,
} from './lazyPages';
import { SignInPage } from './pages/SignInPage';
import { ConfirmPage } from './registration/ConfirmPage';
import { RegisterPage } from './registration/RegisterPage';
import { RegistrationGate } from './registration/RegistrationGate';
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
  const t = i18n.t.bind(i18n);
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
        <Route path="*" element={<RedirectToSignIn />} />
      </Routes>
    );
  }
  const { user } = session;
  if (user.groups.length === 0) {
    // Signed in but in no group: registration stage 2 to finish, or not a member yet.
    return (
      <Routes>
        {/* The e-mailed link pages work whoever is signed in (each says what it means for them). */}
        <Route path="/register/confirm" element={<ConfirmPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route path="/invite" element={<AcceptInvitePage />} />
        <Route path="/p/drive/:token" element={<PublicLinkPage />} />
        <Route path="*" element={<RegistrationGate email={user.email} />} />
      </Routes>
    );
  }
  return (
    <Routes>
      <Route path="/sign-in" element={<Navigate to="/" replace />} />
      <Route path="/auth/callback" element={<Navigate to="/" replace />} />
      <Route path="/register/confirm" element={<ConfirmPage />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route path="/invite" element={<AcceptInvitePage />} />
      <Route path="/p/drive/:token" element={<PublicLinkPage />} />
      <Route element={<PortalLayout key={user.sub} user={user} />}>
        <Route index element={<DashboardPage email={user.email} />} />
        {MODULES.filter((m) => m.id !== 'messenger' && m.id !== 'tasks' && m.id !== 'drive' && m.id !== 'crm').map(
          (m) => (
            <Route
              key={m.id}
              path={m.path}
              element={
                m.id === 'company' ? <Navigate to="/company/employees" replace /> : <ModulePlaceholder module={m} />
              }
            />
          ),
        )}
        <Route path="/company/employees" element={<DirectoryPage />} />
        <Route
          path="/company/structure"
          element={user.groups.includes('extranet') ? <NotFoundPage /> : <StructurePage />}
        />
        <Route path="/company/invitations" element={<InvitePage isAdmin={user.groups.includes('admin')} />} />
        <Route path="/profile" element={<MyProfilePage />} />
        <Route path="/messenger/:chatId?" element={<MessengerPage />} />
        <Route path="/tasks" element={<TasksPage />} />
        <Route path="/tasks/:taskId" element={<TaskPage />} />
        <Route path="/workgroups" element={<WorkgroupsPage />} />
        <Route path="/workgroups/:groupId" element={<GroupPage />} />
        <Route path="/drive/*" element={<DrivePage />} />
        <Route path="/crm/*" element={user.groups.includes('extranet') ? <NotFoundPage /> : <CrmPage />} />
        <Route path="/drive/documents/new" element={<NewDocumentPage />} />
        <Route path="/drive/documents/:nodeId" element={<DocumentPage />} />
        <Route
          path="/settings/portal"
          element={user.groups.includes('admin') ? <PortalSettingsPage /> : <NotFoundPage />}
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
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
