/**
 * Every page but sign-in as a route chunk: each is fetched the first time its route is opened
 * (React.lazy), together with the modules' strings, with a loader in the page area meanwhile, so the
 * first paint only downloads the sign-in page. Named exports are adapted to lazy's default-export shape
 * here, so the routes only swap imports.
 */
import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { loadModuleStrings } from './i18n';

function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center mih="40vh" role="status" aria-live="polite" data-testid="page-loading">
      <Loader type="dots" aria-label={t('common.loading')} />
    </Center>
  );
}

function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>) {
  const Lazy = lazy(async () => {
    const [page] = await Promise.all([load(), loadModuleStrings()]);
    return { default: page };
  });
  function Page(props: P) {
    return (
      <Suspense fallback={<PageLoader />}>
        <Lazy {...props} />
      </Suspense>
    );
  }
  return Page;
}

export const MessengerPage = lazyPage(() => import('./messenger/MessengerPage').then((m) => m.MessengerPage));
export const DirectoryPage = lazyPage(() => import('./people/DirectoryPage').then((m) => m.DirectoryPage));
export const MyProfilePage = lazyPage(() => import('./people/MyProfilePage').then((m) => m.MyProfilePage));
export const InvitePage = lazyPage(() => import('./invitations/InvitePage').then((m) => m.InvitePage));
export const PortalSettingsPage = lazyPage(() =>
  import('./portal-settings/PortalSettingsPage').then((m) => m.PortalSettingsPage),
);
export const TasksPage = lazyPage(() => import('./tasks/TasksPage').then((m) => m.TasksPage));
export const TaskPage = lazyPage(() => import('./tasks/TaskPage').then((m) => m.TaskPage));
export const WorkgroupsPage = lazyPage(() => import('./workgroups/WorkgroupsPage').then((m) => m.WorkgroupsPage));
export const GroupPage = lazyPage(() => import('./workgroups/GroupPage').then((m) => m.GroupPage));
export const StructurePage = lazyPage(() => import('./departments/StructurePage').then((m) => m.StructurePage));
export const DrivePage = lazyPage(() => import('./drive/DrivePage').then((m) => m.DrivePage));
export const PublicLinkPage = lazyPage(() => import('./drive/PublicLinkPage').then((m) => m.PublicLinkPage));
export const DocumentPage = lazyPage(() => import('./documents/DocumentPage').then((m) => m.DocumentPage));
export const NewDocumentPage = lazyPage(() => import('./documents/NewDocument').then((m) => m.NewDocumentPage));
export const CrmPage = lazyPage(() => import('./crm/CrmRoutes').then((m) => m.CrmRoutes));
export const CalendarPage = lazyPage(() => import('./calendar/CalendarPage').then((m) => m.CalendarPage));
export const CalendarSettingsPage = lazyPage(() =>
  import('./calendar/settings/CalendarSettingsPage').then((m) => m.CalendarSettingsPage),
);

// The signed-out pages besides sign-in (some also open while signed in, from e-mailed links).
export const AuthCallbackPage = lazyPage(() => import('./pages/AuthCallbackPage').then((m) => m.AuthCallbackPage));
export const RegisterPage = lazyPage(() => import('./registration/RegisterPage').then((m) => m.RegisterPage));
export const ConfirmPage = lazyPage(() => import('./registration/ConfirmPage').then((m) => m.ConfirmPage));
export const ForgotPasswordPage = lazyPage(() =>
  import('./pages/passwords/ForgotPasswordPage').then((m) => m.ForgotPasswordPage),
);
export const ResetPasswordPage = lazyPage(() =>
  import('./pages/passwords/ResetPasswordPage').then((m) => m.ResetPasswordPage),
);
export const AcceptInvitePage = lazyPage(() =>
  import('./invitations/AcceptInvitePage').then((m) => m.AcceptInvitePage),
);
/** An outside guest's meeting invitation (/calendar/guest/:token), from the e-mailed link. */
export const GuestInvitationPage = lazyPage(() => import('./calendar/GuestPage').then((m) => m.GuestPage));
