/**
 * The Cognito side of a person, shared by the features that create accounts (registration,
 * invitations) and manage them (passwords, people). The product sends its own e-mails, so Cognito's
 * are always suppressed.
 */
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { cognitoClient } from '../aws/cognito-client';

export const userPoolId = (): string => {
  const id = process.env.USER_POOL_ID;
  if (!id) throw new Error('USER_POOL_ID is not set');
  return id;
};

/**
 * Creates the account (username = e-mail) without a password yet, and returns its `sub`; null when
 * the address already has an account (the unique username is the lock concurrent creators race for).
 */
export async function createCognitoUser(email: string, opts: { emailVerified: boolean }): Promise<string | null> {
  try {
    const created = await cognitoClient().send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId(),
        Username: email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: String(opts.emailVerified) },
        ],
      }),
    );
    const sub = created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value ?? created.User?.Username;
    if (!sub) throw new Error('Cognito returned no user id');
    return sub;
  } catch (e) {
    if ((e as Error).name === 'UsernameExistsException') return null;
    throw e;
  }
}

/**
 * An account made by registration stage 1 whose address nobody has confirmed yet: it is disabled (no
 * tokens: Cognito refuses disabled accounts, and POST /auth/sign-in checks it too because
 * cognito-local does not) and its address is not verified. Whoever later proves the mailbox (the confirmation link with that
 * password, an invitation, a password reset) replaces it, so a password chosen by someone who typed
 * another person's address never survives.
 */
export interface AccountState {
  sub: string;
  username: string;
  unconfirmed: boolean;
  emailVerified: boolean;
  enabled: boolean;
}

export async function accountState(email: string): Promise<AccountState | null> {
  try {
    const u = await cognitoClient().send(new AdminGetUserCommand({ UserPoolId: userPoolId(), Username: email }));
    const attr = (n: string) => u.UserAttributes?.find((a) => a.Name === n)?.Value;
    return {
      sub: attr('sub') ?? u.Username ?? '',
      username: u.Username ?? email,
      unconfirmed: isUnconfirmedRegistration(u.Enabled, attr('email_verified')),
      emailVerified: attr('email_verified') === 'true',
      enabled: u.Enabled !== false,
    };
  } catch (e) {
    if ((e as Error).name === 'UserNotFoundException') return null;
    throw e;
  }
}

/** Disabled with an unverified address (a deactivated person's address is verified: invitation or confirmation). */
export const isUnconfirmedRegistration = (enabled: boolean | undefined, emailVerified: string | undefined): boolean =>
  enabled === false && emailVerified !== 'true';

/** Removes an unconfirmed stage-1 account so the address can be given to the person who proved it. */
export async function dropUnconfirmedAccount(email: string): Promise<boolean> {
  const state = await accountState(email);
  if (!state?.unconfirmed) return false;
  await cognitoClient().send(new AdminDeleteUserCommand({ UserPoolId: userPoolId(), Username: email }));
  return true;
}
