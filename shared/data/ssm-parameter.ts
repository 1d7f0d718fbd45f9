/**
 * The two SSM Parameter Store calls the cursor key needs (GetParameter with decryption, PutParameter of a
 * SecureString without overwrite), as signed HTTPS requests of the service's JSON protocol. The repository pins
 * no `@aws-sdk/client-ssm` and the bundles carry the SDK they use, so this signs with Signature Version 4 itself
 * (node:crypto); test/unit/data/ssm-parameter.test.ts checks the signature against the SDK's own signer.
 */
import { createHash, createHmac } from 'node:crypto';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SignableRequest {
  method: string;
  host: string;
  path: string;
  /** Already canonical (sorted, encoded); '' for none. */
  query: string;
  headers: Record<string, string>;
  body: string;
}

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** `20150830T123600Z` */
export const amzDate = (at: Date) =>
  at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/**
 * The request's headers with `x-amz-date`, `x-amz-security-token` (temporary credentials, as Lambda's) and the
 * Signature Version 4 `authorization` that signs every header given.
 */
export function signV4(
  request: SignableRequest,
  scope: { region: string; service: string },
  credentials: AwsCredentials,
  at: Date,
): Record<string, string> {
  const stamp = amzDate(at);
  const day = stamp.slice(0, 8);
  const headers: Record<string, string> = { ...request.headers, host: request.host, 'x-amz-date': stamp };
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  const names = Object.keys(headers)
    .map((h) => h.toLowerCase())
    .sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const canonicalHeaders = names.map((h) => `${h}:${String(lower[h]).trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    request.method,
    request.path,
    request.query,
    canonicalHeaders,
    signedHeaders,
    sha256Hex(request.body),
  ].join('\n');
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', stamp, credentialScope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), scope.region), scope.service),
    'aws4_request',
  );
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

/** An SSM error response: `type` is the exception's name (ParameterNotFound, ParameterAlreadyExists...). */
export class SsmError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: number,
  ) {
    super(`SSM ${type}: ${message}`);
  }
}

export interface SsmParametersOptions {
  region: string;
  credentials: AwsCredentials;
  fetch?: typeof fetch;
  now?: () => Date;
}

export class SsmParameters {
  private readonly host: string;
  private readonly fetch: typeof fetch;
  private readonly now: () => Date;

  constructor(private readonly options: SsmParametersOptions) {
    // China regions live under their own domain.
    this.host = `ssm.${options.region}.${options.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
    this.fetch = options.fetch ?? fetch;
    this.now = options.now ?? (() => new Date());
  }

  /** The decrypted value, or undefined when there is no such parameter. */
  async getSecureString(name: string): Promise<string | undefined> {
    try {
      const out = (await this.call('GetParameter', { Name: name, WithDecryption: true })) as {
        Parameter?: { Value?: string };
      };
      return out.Parameter?.Value;
    } catch (err) {
      if (err instanceof SsmError && err.type === 'ParameterNotFound') return undefined;
      throw err;
    }
  }

  /** Creates the SecureString (key aws/ssm, standard tier: free); false when it exists already (left as it is). */
  async createSecureString(name: string, value: string, description: string): Promise<boolean> {
    try {
      await this.call('PutParameter', {
        Name: name,
        Value: value,
        Type: 'SecureString',
        Overwrite: false,
        Tier: 'Standard',
        Description: description,
      });
      return true;
    } catch (err) {
      if (err instanceof SsmError && err.type === 'ParameterAlreadyExists') return false;
      throw err;
    }
  }

  private async call(action: string, input: Record<string, unknown>): Promise<unknown> {
    const body = JSON.stringify(input);
    const headers = signV4(
      {
        method: 'POST',
        host: this.host,
        path: '/',
        query: '',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AmazonSSM.${action}` },
        body,
      },
      { region: this.options.region, service: 'ssm' },
      this.options.credentials,
      this.now(),
    );
    delete headers.host; // fetch sets it from the URL
    const res = await this.fetch(`https://${this.host}/`, { method: 'POST', headers, body });
    const text = await res.text();
    const json = (text ? JSON.parse(text) : {}) as { __type?: string; message?: string; Message?: string };
    if (!res.ok) {
      // `__type` may carry a namespace: com.amazonaws.ssm#ParameterNotFound
      const type = (json.__type ?? 'UnknownError').split('#').pop() as string;
      throw new SsmError(type, json.message ?? json.Message ?? res.statusText, res.status);
    }
    return json;
  }
}

/** A client with the Lambda environment's region and credentials. */
export function ssmFromEnv(env: NodeJS.ProcessEnv = process.env): SsmParameters {
  const { AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = env;
  if (!AWS_REGION || !AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY)
    throw new Error('AWS_REGION and credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) must be set');
  return new SsmParameters({
    region: AWS_REGION,
    credentials: {
      accessKeyId: AWS_ACCESS_KEY_ID,
      secretAccessKey: AWS_SECRET_ACCESS_KEY,
      sessionToken: AWS_SESSION_TOKEN,
    },
  });
}
