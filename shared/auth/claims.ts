import type { Access } from '../manifest/types';
import { isRole, type Role } from './roles';

/** The signed-in person as every handler sees it. */
export interface UserContext {
  sub: string;
  email: string;
  groups: Role[];
  /**
   * Administrator powers for this session: in the admin group AND signed in with a second factor. An admin
   * whose session has no MFA acts as an employee everywhere (handlers' own admin checks included) and gets
   * MFA_REQUIRED on admin entries, so a stolen password alone never opens anyone's data.
   */
  isAdmin: boolean;
  isExtranet: boolean;
  /** Cognito's username (`<Provider>_<id>` for federated people; admin calls address them by it). */
  username?: string;
  /** Signed in through a social or company identity provider (Cognito federation), not with a password. */
  federated?: boolean;
  /** The token says the account has TOTP turned on, so its password sign-ins pass an authenticator code (see mfaFromClaims). */
  mfa?: boolean;
  /** The token says the address is verified (`email_verified`). */
  emailVerified?: boolean;
}

/**
 * The ID-token claim the pre-token-generation trigger (functions/mfa-claim) adds: `totp` when the account has
 * TOTP turned on at token issuance. Cognito's own `amr` claim exists only with the USER_AUTH flow and
 * TARGET_ACR_VALUES on the Essentials/Plus plans (and is "rolling out gradually"), so it is accepted but not relied on.
 */
export const MFA_CLAIM = 'portal_mfa';
export const MFA_CLAIM_TOTP = 'totp';

/** Whether the token proves a second factor: our trigger's claim, or Cognito's `amr` naming one. */
export function mfaFromClaims(claims: Claims): boolean {
  if (claims[MFA_CLAIM] === MFA_CLAIM_TOTP) return true;
  const amr = claims.amr;
  // API Gateway's JWT authorizer flattens arrays to "[pwd otp mfa]"; tests and other authorizers pass arrays.
  const methods = Array.isArray(amr)
    ? amr
    : typeof amr === 'string'
      ? amr.replace(/^\[|\]$/g, '').split(/[\s,"]+/)
      : [];
  return methods.some((m) => m === 'mfa' || m === 'otp');
}

const PROVIDER_USERNAME = /^(google|facebook|signinwithapple|loginwithamazon)_/i;

/** Cognito marks federated people with an `identities` claim and a `<Provider>_<id>` username. */
export function isFederated(claims: Claims): boolean {
  const ids = claims.identities;
  const hasIdentities = Array.isArray(ids)
    ? ids.length > 0
    : typeof ids === 'string'
      ? ids.trim() !== '' && ids.trim() !== '[]'
      : !!ids && typeof ids === 'object';
  const username = claims['cognito:username'];
  return hasIdentities || (typeof username === 'string' && PROVIDER_USERNAME.test(username));
}

type Claims = Record<string, unknown>;

/**
 * API Gateway's JWT authorizer hands claims over as strings: an array claim such as
 * `cognito:groups` arrives as `"[admin employee]"`. Lambda REQUEST authorizers and tests may pass
 * a real array or a JSON string. Accept all three forms.
 */
export function parseGroups(raw: unknown): Role[] {
  let items: unknown[] = [];
  if (Array.isArray(raw)) items = raw;
  else if (typeof raw === 'string') {
    const s = raw.trim();
    if (s.startsWith('[') && s.includes('"')) {
      try {
        const parsed: unknown = JSON.parse(s);
        if (Array.isArray(parsed)) items = parsed;
      } catch {
        items = [];
      }
    } else {
      items = s.replace(/^\[|\]$/g, '').split(/[\s,]+/);
    }
  }
  return [
    ...new Set(
      items
        .filter((g): g is string => typeof g === 'string')
        .map((g) => g.trim())
        .filter(isRole),
    ),
  ];
}

export function userFromClaims(claims: Claims | undefined | null): UserContext | null {
  if (!claims) return null;
  const sub = typeof claims.sub === 'string' ? claims.sub : '';
  if (!sub) return null;
  const groups = parseGroups(claims['cognito:groups']);
  return {
    sub,
    email: typeof claims.email === 'string' ? claims.email : '',
    groups,
    isAdmin: groups.includes('admin') && mfaFromClaims(claims),
    isExtranet: groups.includes('extranet') && !groups.includes('admin') && !groups.includes('employee'),
    ...(typeof claims['cognito:username'] === 'string' ? { username: claims['cognito:username'] } : {}),
    federated: isFederated(claims),
    mfa: mfaFromClaims(claims),
    emailVerified: claims.email_verified === true || claims.email_verified === 'true',
  };
}

export type AccessDecision = 'allow' | 'unauthenticated' | 'forbidden' | 'mfa_required';

/**
 * Whether a person (or nobody) may call an entry with the given access level. Admin entries also need a
 * session with a second factor: an administrator whose token has no MFA claim gets `mfa_required`.
 */
export function accessDecision(access: Access, user: UserContext | null): AccessDecision {
  if (access === 'public') return 'allow';
  if (!user) return 'unauthenticated';
  if (access === 'user') return 'allow';
  const admin = user.groups.includes('admin');
  if (access === 'employee') return admin || user.groups.includes('employee') ? 'allow' : 'forbidden';
  if (!admin) return 'forbidden';
  return user.isAdmin ? 'allow' : 'mfa_required';
}

/** The 403 an administrator without a second factor gets on an admin entry (the SPA leads them to enrolment). */
export const MFA_REQUIRED = {
  code: 'MFA_REQUIRED',
  message: 'Administration needs a sign-in with an authenticator app code (TOTP). Set it up, then sign in again.',
} as const;
