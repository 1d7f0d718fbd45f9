/**
 * Cognito's pre-token-generation trigger (V1, ID token): adds `portal_mfa: totp` when the account has TOTP
 * turned on, read with AdminGetUser at every token issuance (sign-in and refresh).
 *
 * Why the setting stands for "this session passed a code": the pool's MFA is OPTIONAL and device
 * remembering is off, so Cognito asks every password sign-in of an account with TOTP on for a code
 * (SOFTWARE_TOKEN_MFA). Refresh tokens issued before enrolment are revoked by the SPA right after it
 * (sign out everywhere), and turning TOTP off drops the claim at the next refresh. Federated people have
 * no Cognito MFA, so they never get the claim.
 *
 * A failed lookup adds no claim (logged) instead of failing the sign-in: only admin routes need the claim.
 * Not a manifest feature (no routes, no grants): infra/constructs/mfa-claim.ts gives it AdminGetUser on the pool.
 */
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { MFA_CLAIM, MFA_CLAIM_TOTP } from '../../shared/auth/claims';
import { cognitoClient } from '../../shared/aws/cognito-client';
import { loggerFor } from '../../shared/runtime/logger';

const logger = loggerFor('mfa-claim');

export async function hasTotp(userPoolId: string, username: string): Promise<boolean> {
  const u = await cognitoClient().send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
  return (u.UserMFASettingList ?? []).includes('SOFTWARE_TOKEN_MFA');
}

export async function handler(event: PreTokenGenerationTriggerEvent): Promise<PreTokenGenerationTriggerEvent> {
  let totp = false;
  try {
    totp = await hasTotp(event.userPoolId, event.userName);
  } catch (err) {
    logger.error('could not read the MFA setting; the token gets no MFA claim', { error: err as Error });
  }
  const previous = event.response.claimsOverrideDetails ?? {};
  event.response.claimsOverrideDetails = {
    ...previous,
    claimsToAddOrOverride: { ...(previous.claimsToAddOrOverride ?? {}), [MFA_CLAIM]: totp ? MFA_CLAIM_TOTP : 'none' },
  };
  return event;
}
