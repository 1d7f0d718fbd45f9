/**
 * Cognito ID-token verification with aws-jwt-verify — the same check API Gateway's JWT authorizer
 * makes (issuer, audience = app client, expiry, signature). Used by the WebSocket `$connect`
 * authorizer in the cloud and by the local gateway for HTTP and WebSocket alike.
 */
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { CognitoIdTokenPayload } from 'aws-jwt-verify/jwt-model';

export interface VerifierConfig {
  userPoolId: string;
  clientId: string;
  /** Where to load the JWKS from when it is not the Cognito default (cognito-local serves plain http). */
  jwksUrl?: string;
}

type IdVerifier = ReturnType<typeof makeVerifier>;
const makeVerifier = (c: VerifierConfig) =>
  CognitoJwtVerifier.create({ userPoolId: c.userPoolId, clientId: c.clientId, tokenUse: 'id' });

const cache = new Map<string, { verifier: IdVerifier; ready: Promise<void> }>();

function verifierFor(c: VerifierConfig) {
  const key = `${c.userPoolId}|${c.clientId}|${c.jwksUrl ?? ''}`;
  let v = cache.get(key);
  if (!v) {
    const verifier = makeVerifier(c);
    // aws-jwt-verify's fetcher refuses plain http, so a local JWKS is loaded here and cached into it.
    const ready = c.jwksUrl
      ? fetch(c.jwksUrl).then(async (r) => {
          if (!r.ok) throw new Error(`JWKS ${c.jwksUrl} answered ${r.status}`);
          verifier.cacheJwks((await r.json()) as Parameters<IdVerifier['cacheJwks']>[0]);
        })
      : Promise.resolve();
    v = { verifier, ready };
    cache.set(key, v);
    ready.catch(() => cache.delete(key));
  }
  return v;
}

export function verifierConfigFromEnv(env: NodeJS.ProcessEnv = process.env): VerifierConfig {
  const userPoolId = env.USER_POOL_ID;
  const clientId = env.USER_POOL_CLIENT_ID;
  if (!userPoolId || !clientId) throw new Error('USER_POOL_ID and USER_POOL_CLIENT_ID must be set');
  return { userPoolId, clientId, ...(env.COGNITO_JWKS_URL ? { jwksUrl: env.COGNITO_JWKS_URL } : {}) };
}

/** Verified claims, or null for a missing, expired, forged or foreign token. */
export async function verifyIdToken(
  token: string | undefined,
  config: VerifierConfig = verifierConfigFromEnv(),
): Promise<CognitoIdTokenPayload | null> {
  if (!token) return null;
  const { verifier, ready } = verifierFor(config);
  await ready;
  try {
    return await verifier.verify(token);
  } catch {
    return null;
  }
}

/** `Authorization: Bearer x` (case-insensitive scheme) → `x`. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m?.[1];
}
