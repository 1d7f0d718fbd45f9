/**
 * The routes of a signed-in person: the registration gate while they are in no group, else the portal
 * layout with every module. Its own chunk (loaded from App.tsx once signed in), so the sign-in page does
 * not download the signed-in shell.
 */
import { Navigate, Route, Routes } from 'react-router';
import type { SessionUser } from '../auth/session';
import { MODULES } from '../modules';
import { DashboardPage } from '../pages/DashboardPage';
import { MfaSetupPage } from '../pages/MfaSetupPage';
import { MFA_SETUP_PATH } from '../pages/SignInPage';
import { ModulePlaceholder } from '../pages/ModulePlaceholder';
import { NotFoundPage } from '../pages/NotFoundPage';
import { RegistrationGate } from '../registration/RegistrationGate';
import {
  AcceptInvitePage,
  CalendarPage,
  CalendarSettingsPage,
  ConfirmPage,
  CrmPage,
  DirectoryPage,
  DocumentPage,
  DrivePage,
  GroupPage,
  GuestInvitationPage,
  InvitePage,
  MessengerPage,
  MyProfilePage,
  NewDocumentPage,
  PortalSettingsPage,
  PublicLinkPage,
  ResetPasswordPage,
  StructurePage,
  TaskPage,
  TasksPage,
  WorkgroupsPage,
} from '../lazyPages';
import { PortalLayout } from './PortalLayout';

export function SignedInRoutes({ user }: { user: SessionUser }) {
  if (user.groups.length === 0) {
    // Signed in but in no group: registration stage 2 to finish, or not a member yet.
    return (
      <Routes>
        {/* The e-mailed link pages work whoever is signed in (each says what it means for them). */}
        <Route path="/register/confirm" element={<ConfirmPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route path="/invite" element={<AcceptInvitePage />} />
        <Route path="/p/drive/:token" element={<PublicLinkPage />} />
        <Route path="/calendar/guest/:token" element={<GuestInvitationPage />} />
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
      <Route path="/calendar/guest/:token" element={<GuestInvitationPage />} />
      <Route element={<PortalLayout key={user.sub} user={user} />}>
        <Route index element={<DashboardPage />} />
        {MODULES.filter(
          (m) => m.id !== 'messenger' && m.id !== 'tasks' && m.id !== 'drive' && m.id !== 'crm' && m.id !== 'calendar',
        ).map((m) => (
          <Route
            key={m.id}
            path={m.path}
            element={
              m.id === 'company' ? <Navigate to="/company/employees" replace /> : <ModulePlaceholder module={m} />
            }
          />
        ))}
        <Route path="/company/employees" element={<DirectoryPage />} />
        <Route
          path="/company/structure"
          element={user.groups.includes('extranet') ? <NotFoundPage /> : <StructurePage />}
        />
        <Route path="/company/invitations" element={<InvitePage isAdmin={user.groups.includes('admin')} />} />
        <Route path="/profile" element={<MyProfilePage />} />
        <Route path={MFA_SETUP_PATH} element={<MfaSetupPage user={user} />} />
        <Route path="/messenger/:chatId?" element={<MessengerPage />} />
        <Route path="/tasks" element={<TasksPage />} />
        <Route path="/tasks/:taskId" element={<TaskPage />} />
        <Route path="/workgroups" element={<WorkgroupsPage />} />
        <Route path="/workgroups/:groupId" element={<GroupPage />} />
        <Route path="/drive/*" element={<DrivePage />} />
        <Route path="/calendar" element={<CalendarPage />} />
        <Route path="/crm/*" element={user.groups.includes('extranet') ? <NotFoundPage /> : <CrmPage />} />
        <Route path="/drive/documents/new" element={<NewDocumentPage />} />
        <Route path="/drive/documents/:nodeId" element={<DocumentPage />} />
        <Route path="/calendar/settings/:tab?" element={<CalendarSettingsPage />} />
        <Route path="/settings/portal/:tab?" element={<PortalSettingsPage isAdmin={user.groups.includes('admin')} />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
