/**
 * Registration, stage 1 and the confirmation link. Stage 1 creates the Cognito user with the password its
 * registrant chose, on a disabled account (signing in yields no tokens) in no group. Registering the same
 * unconfirmed address again replaces that password and the link. The confirmation link asks for the
 * password once more: only when the mailbox owner knows the password that is set is the account enabled
 * (so a delayed stage 2 never leaves a password nobody set, and someone who typed another person's
 * address cannot keep a password in that account); the person is then signed in.
 *
 * Elsewhere: who may register (registration-rules.ts), the Cognito calls (registration-accounts.ts),
 * where a signed-in person stands (registration-status.ts), stage 2 — the portal, the profile and the
 * licence acceptance in one transaction, or joining through an allowed domain (portal-creation.ts).
 */
import { AdminDeleteUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { z } from 'zod';
import { cognitoClient } from '../../shared/aws/cognito-client';
import { isConditionFailure } from '../../shared/data';
import { AppError } from '../../shared/http/errors';
import { DEFAULT_LANGUAGE, type Language } from '../../shared/i18n/languages';
import { sendMail } from '../../shared/mail/mailer';
import { accountState, createCognitoUser, userPoolId } from '../../shared/people/cognito-users';
import { readPortal } from '../../shared/portal/portal-entity';
import { consumeToken, inspectToken, issueToken, revokeTokens } from '../../shared/security/one-time-token';
import { hitRateLimits, type RateRule } from '../../shared/security/rate-limit';
import { registrationMail, type RegistrationMailKind } from './mails';
import {
  authenticate,
  cognitoSub,
  markVerified,
  setEnabled,
  setPendingPassword,
  type SignInTokens,
} from './registration-accounts';
import { Registrations } from './registration-entity';
import { mayRegister, portalUrl } from './registration-rules';
import type { confirmInput, registerInput } from './routes';

export const CONFIRM_TTL_SECONDS = 24 * 3600;
export const REGISTER_BY_ADDRESS: RateRule = { bucket: 'register:email', limit: 5, windowSeconds: 3600 };
export const REGISTER_BY_IP: RateRule = { bucket: 'register:ip', limit: 30, windowSeconds: 3600 };
/** Password tries on one confirmation link's account, and confirmations per IP. */
export const CONFIRM_BY_ACCOUNT: RateRule = { bucket: 'register-confirm:account', limit: 10, windowSeconds: 3600 };
export const CONFIRM_BY_IP: RateRule = { bucket: 'register-confirm:ip', limit: 60, windowSeconds: 3600 };
const poolId = userPoolId;

// ---- stage 1 ---------------------------------------------------------------------------------------
async function mail(kind: RegistrationMailKind, to: string, lang: Language, url?: string) {
  await sendMail(to, registrationMail(kind, { lang, email: to, url }));
}

async function sendConfirmation(userId: string, email: string, lang: Language) {
  await revokeTokens('verify-email', userId);
  const { token } = await issueToken({
    purpose: 'verify-email',
    subject: userId,
    ttlSeconds: CONFIRM_TTL_SECONDS,
    data: { email },
  });
  await mail('confirm', email, lang, `${portalUrl()}/register/confirm?token=${encodeURIComponent(token)}`);
}

export type RegisterOutcome = 'created' | 'resent' | 'already-registered' | 'invitation-only';

/**
 * Stage 1. The caller always answers the same 202: the outcome is for logs and tests only. The
 * person behind the address learns what happened by e-mail.
 */
export async function register(input: z.output<typeof registerInput>, ip: string): Promise<RegisterOutcome> {
  await hitRateLimits([
    { rule: REGISTER_BY_ADDRESS, key: input.email },
    { rule: REGISTER_BY_IP, key: ip },
  ]);
  const lang = input.language ?? DEFAULT_LANGUAGE;
  const email = input.email;
  const portal = await readPortal();

  if (!mayRegister(email, portal)) {
    const known = await cognitoSub(email);
    await mail(
      known ? 'alreadyRegistered' : 'invitationOnly',
      email,
      lang,
      known ? `${portalUrl()}/sign-in` : undefined,
    );
    return known ? 'already-registered' : 'invitation-only';
  }

  const userId = await createCognitoUser(email, { emailVerified: false });

  if (!userId) {
    const account = await accountState(email);
    const existing = account ? (await Registrations.get({ userId: account.sub }).go()).data : null;
    if (account?.unconfirmed) {
      // Nobody has proved this mailbox yet: the newest registration's password replaces the previous
      // one and a new link replaces the old ones, so a password typed by someone else never survives.
      await setPendingPassword(email, input.password);
      const now = new Date().toISOString();
      if (existing) await Registrations.patch({ userId: account.sub }).set({ language: lang, updatedAt: now }).go();
      else
        await Registrations.create({
          userId: account.sub,
          email,
          language: lang,
          status: 'pending-email',
          createdAt: now,
          updatedAt: now,
        }).go();
      await sendConfirmation(account.sub, email, lang);
      return 'resent';
    }
    await mail('alreadyRegistered', email, existing?.language ?? lang, `${portalUrl()}/sign-in`);
    return 'already-registered';
  }

  try {
    await setPendingPassword(email, input.password);
  } catch (e) {
    // Never leave an account without the password its owner chose.
    try {
      await cognitoClient().send(new AdminDeleteUserCommand({ UserPoolId: poolId(), Username: email }));
    } catch {
      /* the original error is the one to report */
    }
    throw e;
  }
  const now = new Date().toISOString();
  await Registrations.create({
    userId,
    email,
    language: lang,
    status: 'pending-email',
    createdAt: now,
    updatedAt: now,
  }).go();
  await sendConfirmation(userId, email, lang);
  return 'created';
}

// ---- the confirmation link -------------------------------------------------------------------------
const LINK_ERRORS = {
  unknown: () =>
    new AppError(404, 'LINK_UNKNOWN', 'This confirmation link is not valid. Check that the whole link was copied.'),
  expired: () =>
    new AppError(
      410,
      'LINK_EXPIRED',
      'This confirmation link has expired. Register again with the same address to get a new one.',
    ),
  revoked: () => new AppError(410, 'LINK_REPLACED', 'A newer confirmation link was sent; use the latest e-mail.'),
  used: () => new AppError(409, 'LINK_USED', 'This address is already confirmed. Sign in to continue.'),
};

export const WRONG_PASSWORD = () =>
  new AppError(
    400,
    'WRONG_PASSWORD',
    'This is not the password chosen when registering. Try again, or register again with this address to choose a new one.',
    [{ path: 'password', reason: 'is not the password chosen when registering' }],
  );

/** Whether a confirmation link can still be used (nothing is changed): the page asks for the password only then. */
export async function checkLink(
  token: string,
  ip: string,
): Promise<{ state: 'valid' | 'used' | 'expired' | 'revoked' | 'unknown'; email?: string }> {
  await hitRateLimits([{ rule: CONFIRM_BY_IP, key: ip }]);
  const seen = await inspectToken(token, 'verify-email');
  if (seen.state !== 'valid' || !seen.record) return { state: seen.state };
  return { state: 'valid', email: String(seen.record.data.email ?? '') };
}

/**
 * Uses the confirmation link. The registrant types the password again: it must be the one set on the
 * account (the latest registration's), which proves that the person holding the mailbox also chose
 * the password. Only then is the account enabled, the address verified,
 * the link used, and the person signed in (the tokens are returned).
 */
export async function confirm(
  input: z.output<typeof confirmInput>,
  ip: string,
): Promise<{ state: 'confirmed'; email: string; tokens: SignInTokens }> {
  await hitRateLimits([{ rule: CONFIRM_BY_IP, key: ip }]);
  const seen = await inspectToken(input.token, 'verify-email');
  if (seen.state !== 'valid' || !seen.record) throw LINK_ERRORS[seen.state === 'valid' ? 'unknown' : seen.state]();
  const userId = seen.record.subject;
  const email = String(seen.record.data.email ?? '');
  await hitRateLimits([{ rule: CONFIRM_BY_ACCOUNT, key: userId }]);
  const account = await accountState(email);
  // The address was meanwhile given to someone who proved it otherwise (an invitation): this link is dead.
  if (!account || account.sub !== userId) throw LINK_ERRORS.revoked();

  // Cognito checks a password only on an enabled account: enabled for the check, disabled again when it fails.
  if (account.unconfirmed) await setEnabled(email, true);
  const signedIn = await authenticate(email, input.password);
  if (signedIn.kind !== 'tokens') {
    if (account.unconfirmed) await setEnabled(email, false);
    throw WRONG_PASSWORD();
  }

  const now = new Date().toISOString();
  // Idempotent steps first, then the token is used: a failure half-way leaves the link usable.
  try {
    await Registrations.patch({ userId })
      .set({ status: 'email-confirmed', confirmedAt: now, updatedAt: now })
      .where(({ status }, { eq }) => eq(status, 'pending-email'))
      .go();
  } catch (e) {
    if (!isConditionFailure(e)) throw e; // already confirmed (a second click racing this one) or complete
  }
  await markVerified(email);
  await consumeToken(input.token, 'verify-email');
  return { state: 'confirmed', email, tokens: signedIn.tokens };
}
