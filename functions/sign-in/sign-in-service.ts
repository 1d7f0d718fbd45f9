/**
 * Sign-in through the API. Rate limits are counted before Cognito is asked, with the same rules for
 * known and unknown addresses, and every refusal reads the same, so nothing enumerates accounts.
 *
 * | step                 | how                                                                        |
 * |----------------------|----------------------------------------------------------------------------|
 * | count the attempt    | rate counters `sign-in:email` (10 / 15 min), `sign-in:ip` (50 / 15 min)      |
 * | check the password   | Cognito InitiateAuth USER_PASSWORD_AUTH with the app client                 |
 * | TOTP on?             | 409 MFA_CODE_REQUIRED with Cognito's session; the code goes to /auth/sign-in/mfa |
 * | check the code       | Cognito RespondToAuthChallenge SOFTWARE_TOKEN_MFA (counted like attempts)    |
 * | disabled?            | Cognito AdminGetUser after a success (cognito-local ignores Enabled)        |
 * | sign out everywhere  | Cognito AdminUserGlobalSignOut (refresh tokens revoked; ID tokens live ≤ 1 h) |
 */
import {
  AdminGetUserCommand,
  AdminUserGlobalSignOutCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Logger } from '@aws-lambda-powertools/logger';
import { cognitoClient } from '../../shared/aws/cognito-client';
import { AppError } from '../../shared/http/errors';
import { hitRateLimits, type RateRule } from '../../shared/security/rate-limit';

/**
 * Sign-ins per address (guessing one account) and per IP (spraying many). The per-IP limit is a setting
 * (`SIGN_IN_LIMIT_PER_IP`, default 50 per 15 minutes): a company whose staff share one NAT address needs more,
 * and so do the test stacks, whose browsers all come from 127.0.0.1.
 */
export const RATE_RULES = {
  perEmail: { bucket: 'sign-in:email', limit: 10, windowSeconds: 15 * 60 },
  get perIp(): RateRule {
    const configured = Number(process.env.SIGN_IN_LIMIT_PER_IP);
    const limit = Number.isInteger(configured) && configured > 0 ? configured : 50;
    return { bucket: 'sign-in:ip', limit, windowSeconds: 15 * 60 };
  },
} satisfies Record<string, RateRule>;

export interface SignInTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  /** Seconds the ID and access tokens live. */
  expiresIn: number;
}

/** The one answer for a wrong password, an unknown, unconfirmed or disabled account. */
export class SignInFailedError extends AppError {
  constructor() {
    super(401, 'SIGN_IN_FAILED', 'Wrong e-mail or password');
  }
}

/** Cognito refusals that must all read as SIGN_IN_FAILED (cognito-local says InvalidPassword for a wrong password). */
const FAILED = new Set([
  'NotAuthorizedException',
  'UserNotFoundException',
  'InvalidPasswordException',
  'UserNotConfirmedException',
  'PasswordResetRequiredException',
]);

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};

export async function signIn(
  input: { email: string; password: string; ip: string },
  logger: Logger,
): Promise<SignInTokens> {
  await hitRateLimits([
    { rule: RATE_RULES.perEmail, key: input.email },
    { rule: RATE_RULES.perIp, key: input.ip },
  ]);
  let out;
  try {
    out = await cognitoClient().send(
      new InitiateAuthCommand({
        ClientId: env('USER_POOL_CLIENT_ID'),
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: input.email, PASSWORD: input.password },
      }),
    );
  } catch (err) {
    const name = (err as Error).name;
    if (FAILED.has(name)) {
      logger.info('sign-in refused', { reason: name });
      throw new SignInFailedError();
    }
    throw busyOr(err, name);
  }
  if (out.ChallengeName === 'SOFTWARE_TOKEN_MFA' && out.Session) {
    logger.info('sign-in needs the authenticator code');
    throw new AppError(409, 'MFA_CODE_REQUIRED', 'Enter the 6-digit code from your authenticator app.', undefined, {
      challenge: out.ChallengeName,
      session: out.Session,
    });
  }
  const a = out.AuthenticationResult;
  if (!a?.IdToken || !a.AccessToken || !a.RefreshToken) {
    const challenge = out.ChallengeName ?? 'UNKNOWN';
    logger.info('sign-in needs a challenge', { challenge });
    if (challenge === 'NEW_PASSWORD_REQUIRED') {
      throw new AppError(
        409,
        'NEW_PASSWORD_REQUIRED',
        'This account must choose a new password first. Use "Forgot password?" to set one.',
        undefined,
        { challenge },
      );
    }
    throw unsupportedChallenge(challenge);
  }
  return completed(a, input.email, logger);
}

/** Cognito's own throttling reads as a busy sign-in (503); any other error is passed on as it is. */
function busyOr(err: unknown, name: string): unknown {
  return name === 'TooManyRequestsException' || name === 'LimitExceededException'
    ? new AppError(503, 'SIGN_IN_UNAVAILABLE', 'Sign-in is busy right now. Try again in a minute.')
    : err;
}

const unsupportedChallenge = (challenge: string) =>
  new AppError(409, 'SIGN_IN_CHALLENGE', `Sign-in needs a step this page does not support (${challenge}).`, undefined, {
    challenge,
  });

/** The one answer for a wrong, reused or expired authenticator code. */
export class MfaCodeFailedError extends AppError {
  constructor() {
    super(401, 'MFA_CODE_FAILED', 'Wrong or expired code');
  }
}

/** The challenge session lives 3 minutes (Cognito's NotAuthorizedException then): the person signs in again. */
export class MfaSessionExpiredError extends AppError {
  constructor() {
    super(401, 'MFA_SESSION_EXPIRED', 'This sign-in took too long. Enter your password again.');
  }
}

/** Step 2 for an account with TOTP on: the code answers Cognito's SOFTWARE_TOKEN_MFA challenge. */
export async function signInWithCode(
  input: { email: string; session: string; code: string; ip: string },
  logger: Logger,
): Promise<SignInTokens> {
  // Codes count against the address like passwords, so guessing 6 digits is as slow as guessing a password. Not
  // against the IP again: only the right password opens a code session, and that attempt was counted there.
  await hitRateLimits([{ rule: RATE_RULES.perEmail, key: input.email }]);
  let out;
  try {
    out = await cognitoClient().send(
      new RespondToAuthChallengeCommand({
        ClientId: env('USER_POOL_CLIENT_ID'),
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: input.session,
        ChallengeResponses: { USERNAME: input.email, SOFTWARE_TOKEN_MFA_CODE: input.code },
      }),
    );
  } catch (err) {
    const name = (err as Error).name;
    logger.info('authenticator code refused', { reason: name });
    if (name === 'CodeMismatchException' || name === 'ExpiredCodeException') throw new MfaCodeFailedError();
    if (name === 'NotAuthorizedException' || name === 'UserNotFoundException') throw new MfaSessionExpiredError();
    throw busyOr(err, name);
  }
  const a = out.AuthenticationResult;
  if (!a?.IdToken || !a.AccessToken) {
    const challenge = out.ChallengeName ?? 'UNKNOWN';
    throw unsupportedChallenge(challenge);
  }
  return completed(a, input.email, logger);
}

async function completed(a: AuthenticationResultType, email: string, logger: Logger): Promise<SignInTokens> {
  // Cognito refuses disabled accounts itself; cognito-local does not, so the check is made here too
  // (an unconfirmed registration and a deactivated person read like a wrong password).
  if (await isDisabled(email)) {
    logger.info('sign-in refused', { reason: 'disabled' });
    throw new SignInFailedError();
  }
  return {
    idToken: a.IdToken ?? '',
    accessToken: a.AccessToken ?? '',
    // After a challenge cognito-local returns a refresh token it never stored: renewal fails locally (README, MFA).
    refreshToken: a.RefreshToken ?? '',
    expiresIn: a.ExpiresIn ?? 3600,
  };
}

async function isDisabled(email: string): Promise<boolean> {
  try {
    const u = await cognitoClient().send(new AdminGetUserCommand({ UserPoolId: env('USER_POOL_ID'), Username: email }));
    return u.Enabled === false;
  } catch (e) {
    if ((e as Error).name === 'UserNotFoundException') return true;
    throw e;
  }
}

/**
 * Revokes every refresh token of the person. cognito-local has no AdminUserGlobalSignOut: locally the
 * failure is logged and the call still succeeds (the browser signs out on its own anyway).
 */
export async function signOutEverywhere(username: string, logger: Logger): Promise<void> {
  try {
    await cognitoClient().send(
      new AdminUserGlobalSignOutCommand({ UserPoolId: env('USER_POOL_ID'), Username: username }),
    );
  } catch (err) {
    if (!process.env.COGNITO_ENDPOINT) throw err;
    logger.warn('global sign-out is not supported by the local Cognito emulator', { error: err as Error });
  }
  logger.info('signed out everywhere');
}
