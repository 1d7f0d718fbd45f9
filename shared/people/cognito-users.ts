/**
 * The Cognito side of a person, shared by the features that create accounts (registration,
 * invitations) and manage them (passwords, people). The product sends its own e-mails, so Cognito's
 * are always suppressed.
 */
import { AdminCreateUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { cognitoClient } from '../data/clients';

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
