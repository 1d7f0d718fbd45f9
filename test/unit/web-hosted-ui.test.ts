import { createHash } from 'node:crypto';
import {
  PKCE_STORAGE_KEY,
  authorizeUrl,
  beginHostedSignIn,
  checkCallback,
  codeChallenge,
  exchangeCode,
  hostedUiBase,
  randomString,
  tokenRequestBody,
} from '../../web/src/auth/hosted-ui';

class MemoryStorage {
  items = new Map<string, string>();
  getItem = (k: string) => this.items.get(k) ?? null;
  setItem = (k: string, v: string) => void this.items.set(k, v);
  removeItem = (k: string) => void this.items.delete(k);
}

const DOMAIN = 'portal-acme.auth.eu-central-1.amazoncognito.com';
const ORIGIN = 'https://portal.acme.example';

describe('PKCE', () => {
  it('the RFC 7636 example: challenge = base64url(SHA-256(verifier))', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    const v = randomString(48);
    expect(await codeChallenge(v)).toBe(createHash('sha256').update(v).digest('base64url'));
  });

  it('verifiers are long, URL-safe and random', () => {
    const a = randomString(48);
    expect(a).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(randomString(48)).not.toBe(a);
    expect(randomString(32)).toHaveLength(43);
  });
});

describe('authorize URL', () => {
  it('asks for a code with the S256 challenge, the callback, the scopes and the state', async () => {
    const url = new URL(
      await authorizeUrl({
        domain: DOMAIN,
        clientId: 'client-1',
        origin: `${ORIGIN}/`,
        verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
        state: 'st-1',
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe(`https://${DOMAIN}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client-1',
      redirect_uri: `${ORIGIN}/auth/callback`,
      scope: 'openid email profile',
      state: 'st-1',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
  });

  it('accepts a domain given as a URL', () => {
    expect(hostedUiBase(`https://${DOMAIN}/`)).toBe(`https://${DOMAIN}`);
    expect(hostedUiBase(DOMAIN)).toBe(`https://${DOMAIN}`);
  });

  it('beginHostedSignIn stores the verifier and state that the URL carries; returnTo stays same-origin', async () => {
    const storage = new MemoryStorage();
    const url = new URL(
      await beginHostedSignIn({ domain: DOMAIN, clientId: 'c', origin: ORIGIN, returnTo: '//evil.example', storage }),
    );
    const stored = JSON.parse(storage.getItem(PKCE_STORAGE_KEY)!) as {
      verifier: string;
      state: string;
      returnTo: string;
    };
    expect(url.searchParams.get('state')).toBe(stored.state);
    expect(url.searchParams.get('code_challenge')).toBe(await codeChallenge(stored.verifier));
    expect(stored.returnTo).toBe('/');
  });
});

describe('callback', () => {
  const pending = (storage: MemoryStorage) =>
    storage.setItem(PKCE_STORAGE_KEY, JSON.stringify({ verifier: 'v'.repeat(64), state: 'st-1', returnTo: '/people' }));

  it('answers the code and the stored request when the state matches, and forgets the request', () => {
    const storage = new MemoryStorage();
    pending(storage);
    expect(checkCallback('?code=abc&state=st-1', storage)).toEqual({
      code: 'abc',
      request: { verifier: 'v'.repeat(64), state: 'st-1', returnTo: '/people' },
    });
    expect(storage.getItem(PKCE_STORAGE_KEY)).toBeNull();
  });

  it.each([
    ['?code=abc&state=other', 'stateMismatch'],
    ['?state=st-1', 'missingCode'],
    ['?error=access_denied&state=st-1', 'denied'],
  ])('%s → %s', (search, problem) => {
    const storage = new MemoryStorage();
    pending(storage);
    expect(() => checkCallback(search, storage)).toThrow(expect.objectContaining({ problem }));
  });

  it('without a sign-in started in this tab → noPendingSignIn', () => {
    expect(() => checkCallback('?code=abc&state=st-1', new MemoryStorage())).toThrow(
      expect.objectContaining({ problem: 'noPendingSignIn' }),
    );
  });

  it('exchanges the code at /oauth2/token with the verifier (authorization_code, public client)', async () => {
    expect(
      Object.fromEntries(
        new URLSearchParams(tokenRequestBody({ clientId: 'c', origin: ORIGIN, code: 'abc', verifier: 'ver' })),
      ),
    ).toEqual({
      grant_type: 'authorization_code',
      client_id: 'c',
      code: 'abc',
      redirect_uri: `${ORIGIN}/auth/callback`,
      code_verifier: 'ver',
    });
    const calls: [string, RequestInit][] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push([url, init]);
      return new Response(
        JSON.stringify({
          id_token: 'id',
          access_token: 'acc',
          refresh_token: 'ref',
          expires_in: 3600,
          token_type: 'Bearer',
        }),
        { status: 200 },
      );
    }) as unknown as typeof fetch;
    expect(
      await exchangeCode({ domain: DOMAIN, clientId: 'c', origin: ORIGIN, code: 'abc', verifier: 'ver' }, fakeFetch),
    ).toEqual({
      idToken: 'id',
      accessToken: 'acc',
      refreshToken: 'ref',
      expiresIn: 3600,
    });
    expect(calls[0]![0]).toBe(`https://${DOMAIN}/oauth2/token`);
    expect(calls[0]![1].method).toBe('POST');
    const failing = (async () =>
      new Response(JSON.stringify({ error: 'invalid_grant' }), { status: 400 })) as unknown as typeof fetch;
    await expect(
      exchangeCode({ domain: DOMAIN, clientId: 'c', origin: ORIGIN, code: 'abc', verifier: 'ver' }, failing),
    ).rejects.toMatchObject({ problem: 'exchangeFailed' });
  });
});
