import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac } from 'node:crypto';
import { signV4, SsmError, SsmParameters } from '../../../shared/data/ssm-parameter';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session-token-of-the-lambda-role',
};
const at = new Date('2026-03-01T12:34:56.789Z');

type Bytes = string | ArrayBuffer | ArrayBufferView;
const toBuffer = (b: Bytes) =>
  typeof b === 'string'
    ? Buffer.from(b, 'utf8')
    : ArrayBuffer.isView(b)
      ? Buffer.from(b.buffer, b.byteOffset, b.byteLength)
      : Buffer.from(b);

/** node:crypto behind the hash interface the SDK's signer takes. */
class NodeSha256 {
  private readonly h;
  constructor(secret?: Bytes) {
    this.h = secret ? createHmac('sha256', toBuffer(secret)) : createHash('sha256');
  }
  update(data: Bytes) {
    this.h.update(toBuffer(data));
  }
  digest() {
    return Promise.resolve(new Uint8Array(this.h.digest()));
  }
}

describe('Signature Version 4', () => {
  it('signs an SSM JSON request exactly as the AWS SDK signer does', async () => {
    const body = JSON.stringify({ Name: '/portal/acme/cursor-key', WithDecryption: true });
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' };
    const mine = signV4(
      { method: 'POST', host: 'ssm.eu-central-1.amazonaws.com', path: '/', query: '', headers, body },
      { region: 'eu-central-1', service: 'ssm' },
      credentials,
      at,
    );
    const sdk = await new SignatureV4({
      credentials,
      region: 'eu-central-1',
      service: 'ssm',
      sha256: NodeSha256,
      applyChecksum: false,
    }).sign(
      {
        method: 'POST',
        protocol: 'https:',
        hostname: 'ssm.eu-central-1.amazonaws.com',
        path: '/',
        query: {},
        headers: { ...headers, host: 'ssm.eu-central-1.amazonaws.com' },
        body,
      },
      { signingDate: at },
    );
    expect(mine.authorization).toBe(sdk.headers.authorization);
    expect(mine['x-amz-security-token']).toBe(credentials.sessionToken);
    expect(mine['x-amz-date']).toBe('20260301T123456Z');
  });

  it('a different body, key or time gives a different signature', () => {
    const req = { method: 'POST', host: 'h', path: '/', query: '', headers: {}, body: 'a' };
    const scope = { region: 'eu-central-1', service: 'ssm' };
    const base = signV4(req, scope, credentials, at).authorization;
    expect(signV4({ ...req, body: 'b' }, scope, credentials, at).authorization).not.toBe(base);
    expect(signV4(req, scope, { ...credentials, secretAccessKey: 'x' }, at).authorization).not.toBe(base);
    expect(signV4(req, scope, credentials, new Date(at.getTime() + 1000)).authorization).not.toBe(base);
  });
});

describe('SsmParameters', () => {
  type Call = { url: string; target: string; body: Record<string, unknown> };
  const fakeSsm = (respond: (c: Call) => { status: number; json: unknown }) => {
    const calls: Call[] = [];
    const fetchFn = (async (url: string, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      const call = { url, target: headers['x-amz-target'] ?? '', body: JSON.parse(String(init.body)) };
      calls.push(call);
      const { status, json } = respond(call);
      return new Response(JSON.stringify(json), { status });
    }) as typeof fetch;
    return { calls, ssm: new SsmParameters({ region: 'eu-central-1', credentials, fetch: fetchFn, now: () => at }) };
  };

  it('reads a SecureString decrypted from the regional endpoint', async () => {
    const { calls, ssm } = fakeSsm(() => ({ status: 200, json: { Parameter: { Value: 'k'.repeat(40) } } }));
    expect(await ssm.getSecureString('/portal/acme/cursor-key')).toBe('k'.repeat(40));
    expect(calls).toEqual([
      {
        url: 'https://ssm.eu-central-1.amazonaws.com/',
        target: 'AmazonSSM.GetParameter',
        body: { Name: '/portal/acme/cursor-key', WithDecryption: true },
      },
    ]);
  });

  it('calls the China regions at their own domain', async () => {
    const calls: string[] = [];
    const ssm = new SsmParameters({
      region: 'cn-north-1',
      credentials,
      fetch: (async (url: string) => {
        calls.push(url);
        return new Response('{}', { status: 200 });
      }) as typeof fetch,
    });
    await ssm.getSecureString('/x');
    expect(calls).toEqual(['https://ssm.cn-north-1.amazonaws.com.cn/']);
  });

  it('answers undefined for a missing parameter and throws other errors with their type', async () => {
    const missing = fakeSsm(() => ({ status: 400, json: { __type: 'ParameterNotFound', message: 'no' } }));
    expect(await missing.ssm.getSecureString('/x')).toBeUndefined();
    const denied = fakeSsm(() => ({
      status: 400,
      json: { __type: 'com.amazonaws.ssm#AccessDeniedException', message: 'not allowed' },
    }));
    await expect(denied.ssm.getSecureString('/x')).rejects.toMatchObject({ type: 'AccessDeniedException' });
    await expect(denied.ssm.getSecureString('/x')).rejects.toBeInstanceOf(SsmError);
  });

  it('creates a standard SecureString without overwriting, and reports one that exists', async () => {
    const created = fakeSsm(() => ({ status: 200, json: { Version: 1, Tier: 'Standard' } }));
    expect(await created.ssm.createSecureString('/p', 'v', 'd')).toBe(true);
    expect(created.calls[0]).toMatchObject({
      target: 'AmazonSSM.PutParameter',
      body: { Name: '/p', Value: 'v', Type: 'SecureString', Overwrite: false, Tier: 'Standard' },
    });
    const exists = fakeSsm(() => ({ status: 400, json: { __type: 'ParameterAlreadyExists', message: 'exists' } }));
    expect(await exists.ssm.createSecureString('/p', 'v', 'd')).toBe(false);
  });
});
