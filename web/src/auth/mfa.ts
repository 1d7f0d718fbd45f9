/**
 * TOTP enrolment with Cognito's self-service API (the signed-in person's access token, plain fetch like the
 * token renewal in cognito.ts): AssociateSoftwareToken → VerifySoftwareToken → SetUserMFAPreference.
 * After it, every password sign-in of the account asks for a code, and the tokens carry the MFA claim.
 */
import type { PortalConfig } from '../config';
import { cognitoUrl } from './cognito';

/** A refused or failed Cognito call; `type` is Cognito's exception name (CodeMismatchException, …). */
export class CognitoCallError extends Error {
  override name = 'CognitoCallError';
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(config: PortalConfig, operation: string, body: Record<string, unknown>): Promise<T> {
  let res: Response;
  try {
    res = await fetch(cognitoUrl(config), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
      },
      body: JSON.stringify(body),
    });
  } catch (e) {
    throw new CognitoCallError('Network', (e as Error).message);
  }
  const json = (await res.json().catch(() => ({}))) as T & { __type?: string; message?: string };
  if (!res.ok) {
    const type = (json.__type ?? res.headers.get('x-amzn-errortype') ?? '').split('#').pop()?.split(':')[0] ?? '';
    throw new CognitoCallError(type || String(res.status), json.message ?? `Cognito answered ${res.status}`);
  }
  return json;
}

/** A new TOTP secret (base32) for the signed-in person; not active until verified. */
export async function associateTotp(config: PortalConfig, accessToken: string): Promise<string> {
  const r = await call<{ SecretCode?: string }>(config, 'AssociateSoftwareToken', { AccessToken: accessToken });
  if (!r.SecretCode) throw new CognitoCallError('NoSecret', 'Cognito returned no secret');
  return r.SecretCode;
}

/** Checks a code against the new secret, then makes TOTP the account's (preferred) second factor. */
export async function verifyAndEnableTotp(config: PortalConfig, accessToken: string, code: string): Promise<void> {
  const r = await call<{ Status?: string }>(config, 'VerifySoftwareToken', {
    AccessToken: accessToken,
    UserCode: code,
    FriendlyDeviceName: 'Authenticator',
  });
  if (r.Status && r.Status !== 'SUCCESS') throw new CognitoCallError('CodeMismatchException', `status ${r.Status}`);
  await call(config, 'SetUserMFAPreference', {
    AccessToken: accessToken,
    SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
  });
}

/** The `otpauth://` URI authenticator apps read (Key Uri Format): issuer "Portal <tenant>", account = e-mail. */
export function otpauthUri(secret: string, email: string, tenant: string): string {
  const issuer = `Portal ${tenant}`;
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(email)}`;
  const q = new URLSearchParams({ secret, issuer, algorithm: 'SHA1', digits: '6', period: '30' });
  return `otpauth://totp/${label}?${q.toString()}`;
}
