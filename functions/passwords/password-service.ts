/**
 * Password recovery logic. The forgot step never tells the caller whether an address is registered:
 * the same 202, the same rate limits (counted before the lookup) and a minimum answer time hide it.
 *
 * | step                         | how                                                                 |
 * |------------------------------|---------------------------------------------------------------------|
 * | who owns an address          | Cognito AdminGetUser (Username = e-mail, or an e-mail alias)        |
 * | their language               | GetItem PK=USER#{sub}, SK=PROFILE (a profile may not exist yet)     |
 * | the link                     | one-time token `reset-password`, subject = Cognito username, 1 h    |
 * | the new password             | consume the token (conditional write), AdminSetUserPassword, AdminUserGlobalSignOut |
 */
import {
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  type AdminGetUserCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Logger } from '@aws-lambda-powertools/logger';
import { cognitoClient } from '../../shared/aws/cognito-client';
import { AppError } from '../../shared/http/errors';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../../shared/i18n/languages';
import { sendMail } from '../../shared/mail/mailer';
import { Profiles } from '../../shared/people/profile-entity';
import {
  consumeToken,
  inspectToken,
  issueToken,
  revokeTokens,
  type TokenState,
} from '../../shared/security/one-time-token';
import { hitRateLimits, type RateRule } from '../../shared/security/rate-limit';
import { resetMail } from './reset-mail';
import { isUnconfirmedRegistration } from '../../shared/people/cognito-users';

export const RESET_TTL_SECONDS = 60 * 60;
const PURPOSE = 'reset-password' as const;

export const RATE_RULES = {
  forgotPerEmail: { bucket: 'password-forgot:email', limit: 5, windowSeconds: 3600 },
  forgotPerIp: { bucket: 'password-forgot:ip', limit: 20, windowSeconds: 3600 },
  resetPerIp: { bucket: 'password-reset:ip', limit: 20, windowSeconds: 3600 },
  checkPerIp: { bucket: 'password-reset-check:ip', limit: 60, windowSeconds: 3600 },
} satisfies Record<string, RateRule>;

/** Cognito states that may recover a password (UNCONFIRMED people finish registration instead). */
const RECOVERABLE = new Set(['CONFIRMED', 'RESET_REQUIRED']);

/**
 * An unconfirmed stage-1 registration (disabled, address not verified) may be
 * recovered too: the reset link proves the mailbox, so the reset replaces the password its
 * registrant chose (maybe someone else), enables the account and verifies the address.
 */
const unconfirmed = (u: AdminGetUserCommandOutput) => isUnconfirmedRegistration(u.Enabled, attr(u, 'email_verified'));
const recoverable = (u: AdminGetUserCommandOutput) =>
  unconfirmed(u) || (u.Enabled !== false && RECOVERABLE.has(u.UserStatus ?? ''));

/** The forgot answer takes at least this long, whatever happened (env override for tests). */
const minAnswerMs = () => {
  const v = Number(process.env.PASSWORD_FORGOT_MIN_MS);
  return Number.isFinite(v) &&
    v >= 0 &&
    process.env.PASSWORD_FORGOT_MIN_MS !== '' &&
    process.env.PASSWORD_FORGOT_MIN_MS !== undefined
    ? v
    : 400;
};

const attr = (u: AdminGetUserCommandOutput, name: string) => u.UserAttributes?.find((a) => a.Name === name)?.Value;
const isLanguage = (v: unknown): v is Language => typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);

async function findUser(email: string): Promise<AdminGetUserCommandOutput | undefined> {
  try {
    return await cognitoClient().send(new AdminGetUserCommand({ UserPoolId: userPoolId(), Username: email }));
  } catch (err) {
    if ((err as Error).name === 'UserNotFoundException') return undefined;
    throw err;
  }
}

function userPoolId(): string {
  const id = process.env.USER_POOL_ID;
  if (!id) throw new Error('USER_POOL_ID is not set');
  return id;
}

export function resetUrl(token: string): string {
  const base = process.env.PORTAL_URL;
  if (!base) throw new Error('PORTAL_URL is not set');
  return `${base.replace(/\/+$/, '')}/reset-password?token=${encodeURIComponent(token)}`;
}

/**
 * "Forgot password?": counts the attempt, then e-mails a link when the address belongs to an enabled
 * account. Failures after the rate limit are logged, never answered differently.
 */
export async function requestReset(
  input: { email: string; language?: Language; ip: string },
  logger: Logger,
): Promise<void> {
  await hitRateLimits([
    { rule: RATE_RULES.forgotPerEmail, key: input.email },
    { rule: RATE_RULES.forgotPerIp, key: input.ip },
  ]);
  const started = Date.now();
  try {
    const user = await findUser(input.email);
    const sub = user ? attr(user, 'sub') : undefined;
    if (user?.Username && sub && recoverable(user)) {
      const { data: profile } = await Profiles.get({ userId: sub }).go();
      const lang: Language = isLanguage(profile?.language) ? profile.language : (input.language ?? DEFAULT_LANGUAGE);
      await revokeTokens(PURPOSE, user.Username);
      const { token } = await issueToken({ purpose: PURPOSE, subject: user.Username, ttlSeconds: RESET_TTL_SECONDS });
      const to = attr(user, 'email') ?? input.email;
      await sendMail(
        to,
        resetMail({ lang, email: to, url: resetUrl(token), firstName: profile?.firstName ?? attr(user, 'given_name') }),
      );
      logger.info('password reset link sent', { sub, lang });
    } else {
      logger.info('password reset requested for no recoverable account');
    }
  } catch (err) {
    logger.error('password reset request failed', { error: err as Error });
  }
  const wait = started + minAnswerMs() - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

export type LinkState = 'valid' | 'expired' | 'used' | 'unknown';

/** A replaced (revoked) link no longer works, like an expired one: the page offers a new one. */
const linkState = (s: TokenState): LinkState => (s === 'revoked' ? 'expired' : s);

export async function checkLink(token: string, ip: string): Promise<{ state: LinkState }> {
  await hitRateLimits([{ rule: RATE_RULES.checkPerIp, key: ip }]);
  return { state: linkState((await inspectToken(token, PURPOSE)).state) };
}

export class ResetLinkError extends AppError {
  constructor(readonly state: Exclude<LinkState, 'valid'>) {
    super(
      state === 'unknown' ? 400 : 410,
      state === 'unknown' ? 'RESET_LINK_INVALID' : state === 'used' ? 'RESET_LINK_USED' : 'RESET_LINK_EXPIRED',
      state === 'unknown'
        ? 'This reset link is not valid. Ask for a new one.'
        : state === 'used'
          ? 'This reset link has already been used. Ask for a new one.'
          : 'This reset link has expired. Ask for a new one.',
      state === 'unknown' ? [{ path: 'token', reason: 'not a valid reset link' }] : undefined,
      { state },
    );
  }
}

/**
 * Uses a link: the token is consumed first (one conditional write, so two concurrent requests cannot
 * both succeed), then Cognito gets the new password and every session of the person is ended.
 */
export async function resetPassword(
  input: { token: string; password: string; ip: string },
  logger: Logger,
): Promise<void> {
  await hitRateLimits([{ rule: RATE_RULES.resetPerIp, key: input.ip }]);
  const seen = await inspectToken(input.token, PURPOSE);
  if (seen.state !== 'valid' || !seen.record)
    throw new ResetLinkError(linkState(seen.state) as Exclude<LinkState, 'valid'>);
  const username = seen.record.subject;
  const user = await findUser(username);
  // The account was deleted or disabled after the link was sent: the link is dead.
  if (!user || !recoverable(user)) throw new ResetLinkError('unknown');
  const used = await consumeToken(input.token, PURPOSE);
  if (used.state !== 'valid') throw new ResetLinkError(linkState(used.state) as Exclude<LinkState, 'valid'>);
  try {
    await cognitoClient().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId(),
        Username: username,
        Password: input.password,
        Permanent: true,
      }),
    );
  } catch (err) {
    if ((err as Error).name === 'InvalidPasswordException') {
      throw new AppError(400, 'VALIDATION_FAILED', `Invalid input: password: ${(err as Error).message}`, [
        { path: 'password', reason: (err as Error).message },
      ]);
    }
    throw err;
  }
  if (unconfirmed(user)) {
    // The mailbox is proved: the address is verified and the account usable (registration then continues at stage 2).
    await cognitoClient().send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: userPoolId(),
        Username: username,
        UserAttributes: [
          { Name: 'email', Value: attr(user, 'email') ?? username },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await cognitoClient().send(new AdminEnableUserCommand({ UserPoolId: userPoolId(), Username: username }));
  }
  try {
    await cognitoClient().send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId(), Username: username }));
  } catch (err) {
    // cognito-local has no AdminUserGlobalSignOut; in the cloud a failure here must not undo the reset.
    logger.warn('global sign-out after password reset failed', { error: err as Error });
  }
  logger.info('password reset', { sub: attr(user, 'sub') });
}
