/**
 * The public page behind the invitation link: checks the link first (expired, used, revoked and
 * unknown links get their own clear page), then asks for the name and a password with the pool's rules
 * as a checklist. Success → signed in and into the portal (or the sign-in page with the e-mail prefilled).
 * Opened while someone is signed in, it offers to sign out first (or, for the invited person, the portal).
 */
import { Alert, Button, Stack } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { ApiClient } from '../../../shared/api/client';
import { ApiError } from '../api/client';
import { AuthBackLink, AuthFrame } from '../pages/auth/AuthFrame';
import { PasswordField } from '../pages/auth/CredentialsFields';
import { newPasswordProblem, requestFailure } from '../pages/auth/form-rules';
import { FormError, SubmitButton, failureText } from '../pages/auth/FormParts';
import { NameFields } from '../pages/auth/NameFields';
import { LinkStatePanel, TokenLinkPage, type LinkCheck } from '../pages/auth/TokenLinkPage';
import { PasswordRules } from '../pages/passwords/PasswordRules';
import { useApi, useServices, useSession } from '../services';
import type { CheckAnswer, LinkState } from './api';

type DeadState = Exclude<LinkState, 'valid'>;
type Invitation = CheckAnswer & { email: string };
const DEAD_CODES: Record<string, DeadState> = {
  INVITATION_EXPIRED: 'expired',
  INVITATION_USED: 'used',
  INVITATION_REVOKED: 'revoked',
  INVITATION_UNKNOWN: 'unknown',
};

const checkLink = async (api: ApiClient, token: string): Promise<LinkCheck<Invitation, DeadState>> => {
  const r = await api.invitations.checkInvitation({ body: { token } });
  if (r.state !== 'valid') return { state: r.state };
  return r.email ? { state: 'valid', answer: { ...r, email: r.email } } : { state: 'unknown' };
};

function DeadLink({ state }: { state: DeadState }) {
  const { t } = useTranslation();
  return (
    <LinkStatePanel
      title={t(`invitations.accept.states.${state}Title`)}
      message={t(`invitations.accept.states.${state}`)}
      state={state}
      tone={state === 'expired' || state === 'used' ? 'warning' : 'danger'}
      frameTestId="invite-dead-link"
      testId={`invite-link-${state}`}
    >
      <AuthBackLink label={t('invitations.accept.signIn')} />
    </LinkStatePanel>
  );
}

export function AcceptInvitePage() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <TokenLinkPage
      title={t('invitations.accept.title')}
      checkingText={t('invitations.accept.checking')}
      errorText={(network) => t(network ? 'invitations.accept.errors.network' : 'invitations.accept.errors.unknown')}
      check={checkLink}
      missing="unknown"
      dead={(state) => <DeadLink state={state} />}
    >
      {({ token, answer, onDead }) =>
        session.status === 'signedIn' ? (
          <SignOutFirst email={session.user.email} invited={answer.email} />
        ) : (
          <JoinForm token={token} invitation={answer} onDead={onDead} />
        )
      }
    </TokenLinkPage>
  );
}

/** The link works while someone is signed in: accepting it needs that person to sign out first (the page stays). */
function SignOutFirst({ email, invited }: { email: string; invited: string }) {
  const { t } = useTranslation();
  const { session } = useServices();
  const navigate = useNavigate();
  const same = email.toLowerCase() === invited.toLowerCase();
  return (
    <AuthFrame title={t('invitations.accept.title')} testId="accept-signed-in">
      <Stack gap="md" data-state="signed-in">
        <Alert color="yellow" variant="light" icon={<IconAlertCircle size={18} />}>
          {t(same ? 'invitations.accept.signedInSame' : 'invitations.accept.signedInOther', { email, invited })}
        </Alert>
        {same ? (
          <Button size="md" onClick={() => void navigate('/', { replace: true })} data-testid="accept-go-portal">
            {t('invitations.accept.goPortal')}
          </Button>
        ) : (
          <Button size="md" onClick={() => session.signOut()} data-testid="accept-sign-out">
            {t('invitations.accept.signOutFirst')}
          </Button>
        )}
      </Stack>
    </AuthFrame>
  );
}

function JoinForm({
  token,
  invitation,
  onDead,
}: {
  token: string;
  invitation: Invitation;
  onDead: (s: DeadState) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const { session } = useServices();
  const navigate = useNavigate();
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Partial<Record<'firstName' | 'lastName' | 'password' | 'confirm', string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const firstRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    firstRef.current?.focus();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const next: typeof errors = {};
    if (!firstName.trim()) next.firstName = t('invitations.accept.errors.required');
    if (!lastName.trim()) next.lastName = t('invitations.accept.errors.required');
    const passwordProblem = newPasswordProblem(password);
    if (passwordProblem)
      next.password = t(
        passwordProblem === 'passwordRequired'
          ? 'invitations.accept.errors.required'
          : 'invitations.accept.errors.passwordWeak',
      );
    else if (confirm !== password) next.confirm = t('invitations.accept.errors.mismatch');
    setErrors(next);
    setFailure(null);
    if (Object.keys(next).length) return;
    setBusy(true);
    try {
      await api.invitations.acceptInvitation({
        body: { token, firstName: firstName.trim(), lastName: lastName.trim(), password },
      });
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError) {
        const d = DEAD_CODES[err.code];
        if (d) return onDead(d);
        if (err.code === 'ALREADY_MEMBER') return setFailure(t('invitations.accept.errors.alreadyMember'));
        const field = err.fields?.find((f) => f.path === 'password');
        if (err.status === 400 && field)
          return setErrors({ password: `${t('invitations.accept.errors.passwordWeak')}: ${field.reason}` });
      }
      return setFailure(failureText(t, 'invitations.accept.errors', requestFailure(err)));
    }
    try {
      await session.signIn(invitation.email, password);
      navigate('/', { replace: true });
    } catch {
      navigate('/sign-in', { replace: true, state: { email: invitation.email } });
    }
  };

  const role = t(`roles.${invitation.role ?? 'employee'}`);
  return (
    <AuthFrame
      title={t('invitations.accept.title')}
      subtitle={t('invitations.accept.subtitle', {
        portal: invitation.portalName ?? t('app.name'),
        role: role.toLowerCase(),
        email: invitation.email,
      })}
      testId="invite-accept-page"
    >
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="invite-accept-form">
        <Stack gap="md">
          {failure ? <FormError testId="invite-accept-error">{failure}</FormError> : null}
          <NameFields
            first={{
              ref: firstRef,
              label: t('invitations.accept.firstName'),
              value: firstName,
              onChange: setFirstName,
              error: errors.firstName,
              testId: 'invite-first-name',
            }}
            last={{
              label: t('invitations.accept.lastName'),
              value: lastName,
              onChange: setLastName,
              error: errors.lastName,
              testId: 'invite-last-name',
            }}
            maxLength={60}
          />
          <input type="email" name="username" autoComplete="username" value={invitation.email} readOnly hidden />
          <PasswordField
            label={t('invitations.accept.password')}
            autoComplete="new-password"
            toggleLabel={t('invitations.accept.toggle')}
            value={password}
            onChange={setPassword}
            error={errors.password}
            describedBy="invite-password-rules"
            testId="invite-password"
          />
          <PasswordField
            label={t('invitations.accept.confirm')}
            autoComplete="new-password"
            toggleLabel={t('invitations.accept.toggle')}
            value={confirm}
            onChange={setConfirm}
            error={errors.confirm}
            testId="invite-confirm"
          />
          <PasswordRules password={password} id="invite-password-rules" />
          <SubmitButton
            busy={busy}
            label={t('invitations.accept.submit')}
            busyLabel={t('invitations.accept.submitting')}
            testId="invite-accept-submit"
          />
        </Stack>
      </form>
    </AuthFrame>
  );
}
