/**
 * Sign-in through the portal API (`POST /auth/sign-in`, rate limited there) and renewal with the
 * Cognito user pool JSON API by plain fetch (no SDK in the browser bundle): InitiateAuth with
 * REFRESH_TOKEN_AUTH. Locally `cognitoEndpoint` points at
 * cognito-local; in the cloud it is the regional endpoint.
 */
import { requestLine } from '../../../shared/api/request-line';
import { signInRoutes } from '../../../shared/api/route-table';
import type { PortalConfig } from '../config';

export interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the ID token expires (from its `exp`). */
  expiresAt: number;
}

export type AuthFailure =
  'wrongCredentials' | 'network' | 'tooMany' | 'newPasswordRequired' | 'wrongCode' | 'mfaExpired' | 'unknown';

/** A sign-in or refresh that did not work; `reason` is what the person is told (never whether the account exists). */
export class AuthError extends Error {
  override name = 'AuthError';
  constructor(
    readonly reason: AuthFailure,
    message: string,
    readonly cognitoType?: string,
    /** For 'tooMany' from the portal API: seconds until the next attempt is counted again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** The password was right and the account has TOTP on: the code goes with `session` to signInWithCode. */
export class MfaCodeRequired extends Error {
  override name = 'MfaCodeRequired';
  constructor(
    readonly email: string,
    readonly session: string,
  ) {
    super('MFA_CODE_REQUIRED');
  }
}

export function cognitoUrl(config: Pick<PortalConfig, 'cognitoEndpoint' | 'region'>): string {
  const base = config.cognitoEndpoint ?? `https://cognito-idp.${config.region}.amazonaws.com/`;
  return base.endsWith('/') ? base : `${base}/`;
}

export interface JwtClaims {
  sub: string;
  email?: string;
  exp: number;
  'cognito:groups'?: string[];
  [k: string]: unknown;
}

/** Reads a JWT's payload (no verification: the API verifies; this is only for display and timing). */
export function decodeJwt(token: string): JwtClaims {
  const part = token.split('.')[1];
  if (!part) throw new Error('not a JWT');
  const b64 = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as JwtClaims;
}

interface InitiateAuthResponse {
  AuthenticationResult?: { IdToken?: string; AccessToken?: string; RefreshToken?: string; ExpiresIn?: number };
  ChallengeName?: string;
}

async function initiateAuth(config: PortalConfig, body: Record<string, unknown>): Promise<InitiateAuthResponse> {
  let res: Response;
  try {
    res = await fetch(cognitoUrl(config), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify({ ClientId: config.userPoolClientId, ...body }),
    });
  } catch (e) {
    throw new AuthError('network', `Cognito unreachable: ${(e as Error).message}`);
  }
  const json = (await res.json().catch(() => ({}))) as InitiateAuthResponse & { __type?: string; message?: string };
  if (!res.ok) {
    const type = (json.__type ?? res.headers.get('x-amzn-errortype') ?? '').split('#').pop()?.split(':')[0] ?? '';
    const msg = json.message ?? `Cognito answered ${res.status}`;
    // NotAuthorized (wrong password, disabled user), UserNotFound and UserNotConfirmed all read the same: no enumeration.
    // (cognito-local answers a wrong password with InvalidPasswordException where Cognito says NotAuthorized.)
    if (
      [
        'NotAuthorizedException',
        'UserNotFoundException',
        'UserNotConfirmedException',
        'PasswordResetRequiredException',
        'InvalidPasswordException',
      ].includes(type)
    ) {
      throw new AuthError('wrongCredentials', msg, type);
    }
    if (type === 'TooManyRequestsException' || type === 'LimitExceededException' || res.status === 429)
      throw new AuthError('tooMany', msg, type);
    throw new AuthError('unknown', msg, type || String(res.status));
  }
  return json;
}

function toTokens(r: InitiateAuthResponse, previousRefresh?: string): Tokens {
  const a = r.AuthenticationResult;
  if (!a?.IdToken || !a.AccessToken) {
    if (r.ChallengeName === 'NEW_PASSWORD_REQUIRED')
      throw new AuthError('newPasswordRequired', 'NEW_PASSWORD_REQUIRED', r.ChallengeName);
    throw new AuthError(
      'unknown',
      `sign-in did not complete${r.ChallengeName ? ` (challenge ${r.ChallengeName})` : ''}`,
      r.ChallengeName,
    );
  }
  const refreshToken = a.RefreshToken ?? previousRefresh;
  if (!refreshToken) throw new AuthError('unknown', 'no refresh token returned');
  const exp = decodeJwt(a.IdToken).exp;
  const expiresAt = Number.isFinite(exp) ? exp * 1000 : Date.now() + (a.ExpiresIn ?? 3600) * 1000;
  return { idToken: a.IdToken, accessToken: a.AccessToken, refreshToken, expiresAt };
}

/**
 * E-mail + password sign-in through the portal API (`POST /auth/sign-in`), which counts attempts per
 * address and per IP before asking Cognito. Every refusal is the same 401 (no account enumeration).
 */
export async function signInWithPassword(config: PortalConfig, email: string, password: string): Promise<Tokens> {
  return postSignIn(config, signInRoutes.signIn, { email, password });
}

/** Step 2 for an account with TOTP on: the authenticator code (`POST /auth/sign-in/mfa`, counted like attempts). */
export async function signInWithCode(config: PortalConfig, challenge: MfaCodeRequired, code: string): Promise<Tokens> {
  return postSignIn(config, signInRoutes.signInMfa, { email: challenge.email, session: challenge.session, code });
}

async function postSignIn(
  config: PortalConfig,
  route: Parameters<typeof requestLine>[0],
  body: Record<string, string>,
): Promise<Tokens> {
  let res: Response;
  try {
    const line = requestLine(route);
    res = await fetch(`${config.apiUrl.replace(/\/+$/, '')}${line.path}`, {
      method: line.method,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (e) {
    throw new AuthError('network', `sign-in unreachable: ${(e as Error).message}`);
  }
  const json = (await res.json().catch(() => ({}))) as {
    idToken?: string;
    accessToken?: string;
    refreshToken?: string;
    expiresIn?: number;
    error?: { code?: string; message?: string; retryAfterSeconds?: number; session?: string };
  };
  if (res.ok) {
    return toTokens({
      AuthenticationResult: {
        IdToken: json.idToken,
        AccessToken: json.accessToken,
        RefreshToken: json.refreshToken,
        ExpiresIn: json.expiresIn,
      },
    });
  }
  const code = json.error?.code ?? String(res.status);
  const msg = json.error?.message ?? `sign-in answered ${res.status}`;
  if (res.status === 429) {
    // The body carries the wait (a cross-origin page may not be allowed to read Retry-After).
    const header = Number(res.headers.get('retry-after'));
    const wait = json.error?.retryAfterSeconds ?? (Number.isFinite(header) && header > 0 ? header : undefined);
    throw new AuthError('tooMany', msg, code, wait);
  }
  if (code === 'MFA_CODE_REQUIRED' && json.error?.session && body.email)
    throw new MfaCodeRequired(body.email, json.error.session);
  if (code === 'MFA_CODE_FAILED' || (body.session && res.status === 400)) throw new AuthError('wrongCode', msg, code);
  if (code === 'MFA_SESSION_EXPIRED') throw new AuthError('mfaExpired', msg, code);
  // A 400 here can only be a password the API refuses to even try (e.g. too long): the same answer.
  if (res.status === 401 || res.status === 400) throw new AuthError('wrongCredentials', msg, code);
  if (code === 'NEW_PASSWORD_REQUIRED') throw new AuthError('newPasswordRequired', msg, code);
  throw new AuthError('unknown', msg, code);
}

export async function refreshTokens(config: PortalConfig, refreshToken: string): Promise<Tokens> {
  const r = await initiateAuth(config, {
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    AuthParameters: { REFRESH_TOKEN: refreshToken },
  });
  return toTokens(r, refreshToken);
}
