/**
 * Company SSO through the Cognito hosted pages: OAuth 2.0 authorization code + PKCE (S256). Pure
 * functions (no React, no globals besides Web Crypto and fetch) so they run in the browser and in jest.
 *
 *   sign-in page → beginHostedSignIn(): verifier + state in sessionStorage, redirect to /oauth2/authorize
 *   /auth/callback → checkCallback() (state) → exchangeCode() at /oauth2/token → tokens like a password sign-in
 */
export const PKCE_STORAGE_KEY = 'portal.pkce';
export const CALLBACK_PATH = '/auth/callback';
export const SSO_SCOPES = ['openid', 'email', 'profile'] as const;

export interface PkceRequest {
  verifier: string;
  state: string;
  /** Where to go after signing in (a same-origin path). */
  returnTo: string;
}

const base64Url = (bytes: Uint8Array): string => {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

/** A high-entropy random string of base64url characters (RFC 7636: 43–128 characters). */
export function randomString(
  byteLength = 32,
  rand: (a: Uint8Array) => Uint8Array = (a) => crypto.getRandomValues(a),
): string {
  return base64Url(rand(new Uint8Array(byteLength)));
}

/** The S256 code challenge of a verifier: base64url(SHA-256(verifier)). */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** `https://<domain>` from a bare host name or a URL (trailing slashes removed). */
export function hostedUiBase(domain: string): string {
  const d = domain.trim().replace(/\/+$/, '');
  return /^https?:\/\//.test(d) ? d : `https://${d}`;
}

export const callbackUrl = (origin: string): string => `${origin.replace(/\/+$/, '')}${CALLBACK_PATH}`;

/** Only same-origin paths are followed after sign-in (no open redirect). */
export const safeReturnTo = (path: string | null | undefined): string =>
  path && path.startsWith('/') && !path.startsWith('//') ? path : '/';

export async function authorizeUrl(opts: {
  domain: string;
  clientId: string;
  origin: string;
  verifier: string;
  state: string;
  identityProvider?: string;
}): Promise<string> {
  const url = new URL(`${hostedUiBase(opts.domain)}/oauth2/authorize`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', opts.clientId);
  url.searchParams.set('redirect_uri', callbackUrl(opts.origin));
  url.searchParams.set('scope', SSO_SCOPES.join(' '));
  url.searchParams.set('state', opts.state);
  url.searchParams.set('code_challenge', await codeChallenge(opts.verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  if (opts.identityProvider) url.searchParams.set('identity_provider', opts.identityProvider);
  return url.toString();
}

/** Creates and stores the PKCE request, answers the URL to send the browser to. */
export async function beginHostedSignIn(opts: {
  domain: string;
  clientId: string;
  origin: string;
  returnTo?: string;
  storage: Pick<Storage, 'setItem'>;
}): Promise<string> {
  const req: PkceRequest = {
    verifier: randomString(48),
    state: randomString(24),
    returnTo: safeReturnTo(opts.returnTo),
  };
  opts.storage.setItem(PKCE_STORAGE_KEY, JSON.stringify(req));
  return authorizeUrl({
    domain: opts.domain,
    clientId: opts.clientId,
    origin: opts.origin,
    verifier: req.verifier,
    state: req.state,
  });
}

export type CallbackProblem = 'denied' | 'missingCode' | 'stateMismatch' | 'noPendingSignIn';

export class HostedSignInError extends Error {
  override name = 'HostedSignInError';
  constructor(
    readonly problem: CallbackProblem | 'exchangeFailed',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads the callback's query against the stored request (used once: removed whatever the outcome).
 * Throws HostedSignInError when the provider refused, the code is missing or the state differs.
 */
export function checkCallback(
  search: string,
  storage: Pick<Storage, 'getItem' | 'removeItem'>,
): { code: string; request: PkceRequest } {
  const q = new URLSearchParams(search);
  const raw = storage.getItem(PKCE_STORAGE_KEY);
  storage.removeItem(PKCE_STORAGE_KEY);
  if (q.get('error')) throw new HostedSignInError('denied', q.get('error_description') ?? q.get('error') ?? 'denied');
  let request: PkceRequest | null = null;
  try {
    const parsed = raw ? (JSON.parse(raw) as Partial<PkceRequest>) : null;
    if (parsed && typeof parsed.verifier === 'string' && typeof parsed.state === 'string') {
      request = { verifier: parsed.verifier, state: parsed.state, returnTo: safeReturnTo(parsed.returnTo) };
    }
  } catch {
    request = null;
  }
  if (!request) throw new HostedSignInError('noPendingSignIn', 'no sign-in was started in this tab');
  const code = q.get('code');
  if (!code) throw new HostedSignInError('missingCode', 'the callback carries no code');
  if (q.get('state') !== request.state)
    throw new HostedSignInError('stateMismatch', 'the callback state does not match');
  return { code, request };
}

/** The form body of the token request (authorization_code grant, public client, PKCE verifier). */
export function tokenRequestBody(opts: { clientId: string; origin: string; code: string; verifier: string }): string {
  return new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: opts.clientId,
    code: opts.code,
    redirect_uri: callbackUrl(opts.origin),
    code_verifier: opts.verifier,
  }).toString();
}

export interface OAuthTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** Exchanges the code at `https://<domain>/oauth2/token`. */
export async function exchangeCode(
  opts: { domain: string; clientId: string; origin: string; code: string; verifier: string },
  fetchFn: typeof fetch = fetch,
): Promise<OAuthTokens> {
  const res = await fetchFn(`${hostedUiBase(opts.domain)}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: tokenRequestBody(opts),
  });
  const json = (await res.json().catch(() => ({}))) as {
    id_token?: string;
    access_token?: string;
    refresh_token?: string;
    expires_in?: number;
    error?: string;
  };
  if (!res.ok || !json.id_token || !json.access_token || !json.refresh_token) {
    throw new HostedSignInError('exchangeFailed', `token exchange failed: ${json.error ?? res.status}`);
  }
  return {
    idToken: json.id_token,
    accessToken: json.access_token,
    refreshToken: json.refresh_token,
    expiresIn: json.expires_in ?? 3600,
  };
}
