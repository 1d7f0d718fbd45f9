/**
 * The Cognito side of registering: the account's `sub`, its groups, the pending password on a disabled
 * account, enabling it for the password check, signing in (USER_PASSWORD_AUTH) and marking the address
 * verified. Account creation and state are shared with invitations (shared/people/cognito-users.ts).
 */
import {
  AdminAddUserToGroupCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Role } from '../../shared/auth/roles';
import { cognitoClient } from '../../shared/aws/cognito-client';
import { ValidationError } from '../../shared/http/errors';
import { userPoolId } from '../../shared/people/cognito-users';

const poolId = userPoolId;

/** The account's `sub` (null: no account with this address). */
export async function cognitoSub(email: string): Promise<string | null> {
  try {
    const u = await cognitoClient().send(new AdminGetUserCommand({ UserPoolId: poolId(), Username: email }));
    return u.UserAttributes?.find((a) => a.Name === 'sub')?.Value ?? u.Username ?? null;
  } catch (e) {
    if ((e as Error).name === 'UserNotFoundException') return null;
    throw e;
  }
}

export async function addGroups(email: string, groups: Role[]): Promise<void> {
  for (const g of groups)
    await cognitoClient().send(new AdminAddUserToGroupCommand({ UserPoolId: poolId(), Username: email, GroupName: g }));
}

/** The registrant's password on a disabled account: no tokens until the link is used with it. */
export async function setPendingPassword(email: string, password: string): Promise<void> {
  try {
    await cognitoClient().send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId(), Username: email, Password: password, Permanent: true }),
    );
  } catch (e) {
    if ((e as Error).name === 'InvalidPasswordException')
      throw new ValidationError([{ path: 'password', reason: (e as Error).message }]);
    throw e;
  }
  await cognitoClient().send(new AdminDisableUserCommand({ UserPoolId: poolId(), Username: email }));
}

export interface SignInTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export type AuthResult = { kind: 'tokens'; tokens: SignInTokens } | { kind: 'refused' };

/** USER_PASSWORD_AUTH with the SPA's app client: tokens or a refusal. */
export async function authenticate(email: string, password: string): Promise<AuthResult> {
  const clientId = process.env.USER_POOL_CLIENT_ID;
  if (!clientId) throw new Error('USER_POOL_CLIENT_ID is not set');
  try {
    const out = await cognitoClient().send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    const a = out.AuthenticationResult;
    if (a?.IdToken && a.AccessToken && a.RefreshToken) {
      return {
        kind: 'tokens',
        tokens: {
          idToken: a.IdToken,
          accessToken: a.AccessToken,
          refreshToken: a.RefreshToken,
          expiresIn: a.ExpiresIn ?? 3600,
        },
      };
    }
    return { kind: 'refused' };
  } catch (e) {
    const name = (e as Error).name;
    if (
      [
        'NotAuthorizedException',
        'InvalidPasswordException',
        'UserNotFoundException',
        'UserNotConfirmedException',
        'PasswordResetRequiredException',
      ].includes(name)
    ) {
      return { kind: 'refused' };
    }
    throw e;
  }
}

export const setEnabled = (email: string, enabled: boolean) =>
  cognitoClient().send(
    enabled
      ? new AdminEnableUserCommand({ UserPoolId: poolId(), Username: email })
      : new AdminDisableUserCommand({ UserPoolId: poolId(), Username: email }),
  );

export async function markVerified(email: string): Promise<void> {
  await cognitoClient().send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: poolId(),
      Username: email,
      UserAttributes: [
        // The address itself travels along: cognito-local refuses email_verified alone (Cognito takes both).
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
  );
}
