/**
 * The three CloudFormation calls the tenant tool needs (DescribeStacks, ListStackResources, DeleteStack),
 * made over CloudFormation's query API and signed with SigV4 by @smithy/signature-v4 (the SDK's own
 * signer, already a dependency), so the tool needs no extra package. Credentials and region come from the
 * SDK's default chain (any client's resolved config). Answers are small XML documents read by tag.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

type Source = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: Source): string | Uint8Array =>
  typeof d === 'string'
    ? d
    : ArrayBuffer.isView(d)
      ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
      : new Uint8Array(d);
class Sha256 {
  private h: Hash | Hmac;
  constructor(private readonly secret?: Source) {
    this.h = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.secret));
  }
  update(data: Uint8Array) {
    this.h.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.h.digest());
  }
  reset() {
    this.h = this.fresh();
  }
}

export class CloudFormationError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'CloudFormationError';
  }
}

export interface StackDescription {
  status: string;
  outputs: Record<string, string>;
}

export interface StackResource {
  logicalId: string;
  physicalId: string;
  type: string;
  status: string;
}

export interface CloudFormationOptions {
  region: string;
  credentials: ConstructorParameters<typeof SignatureV4>[0]['credentials'];
  /** Default https://cloudformation.<region>.amazonaws.com (AWS_ENDPOINT_URL_CLOUDFORMATION overrides). */
  endpoint?: string;
  fetch?: typeof fetch;
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&');
/** The raw content of the first <name> element (still XML). */
const inner = (xml: string, name: string): string | undefined =>
  new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1];
/** The text of the first <name> element. */
const tag = (xml: string, name: string): string | undefined => {
  const raw = inner(xml, name);
  return raw === undefined ? undefined : decode(raw);
};
/** The <member> blocks directly inside the first <list> element. */
const members = (xml: string, list: string): string[] => {
  return [...(inner(xml, list) ?? '').matchAll(/<member>([\s\S]*?)<\/member>/g)].map((m) => m[1]!);
};

export class CloudFormation {
  private readonly signer: SignatureV4;
  private readonly url: URL;
  private readonly doFetch: typeof fetch;

  constructor(opts: CloudFormationOptions) {
    this.signer = new SignatureV4({
      service: 'cloudformation',
      region: opts.region,
      credentials: opts.credentials,
      sha256: Sha256,
    });
    this.url = new URL(
      opts.endpoint ??
        process.env.AWS_ENDPOINT_URL_CLOUDFORMATION ??
        `https://cloudformation.${opts.region}.amazonaws.com/`,
    );
    this.doFetch = opts.fetch ?? fetch;
  }

  private async call(action: string, params: Record<string, string>): Promise<string> {
    const body = new URLSearchParams({ Action: action, Version: '2010-05-15', ...params }).toString();
    const signed = await this.signer.sign({
      method: 'POST',
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      port: this.url.port ? Number(this.url.port) : undefined,
      path: this.url.pathname || '/',
      headers: { host: this.url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    });
    const r = await this.doFetch(this.url, { method: 'POST', headers: signed.headers, body });
    const text = await r.text();
    if (!r.ok) throw new CloudFormationError(tag(text, 'Code') ?? `HTTP ${r.status}`, tag(text, 'Message') ?? text);
    return text;
  }

  /** The stack's status and outputs, or undefined when no stack has that name (or it is deleted). */
  async describeStack(stackName: string): Promise<StackDescription | undefined> {
    let xml: string;
    try {
      xml = await this.call('DescribeStacks', { StackName: stackName });
    } catch (e) {
      if (e instanceof CloudFormationError && e.code === 'ValidationError' && /does not exist/.test(e.message))
        return undefined;
      throw e;
    }
    // One stack was asked for: the whole <Stacks> element is that stack (its own lists nest <member>s).
    const stack = inner(xml, 'Stacks');
    if (!stack?.includes('<StackStatus>')) return undefined;
    const outputs = Object.fromEntries(
      members(stack, 'Outputs').map((o) => [tag(o, 'OutputKey') ?? '', tag(o, 'OutputValue') ?? '']),
    );
    return { status: tag(stack, 'StackStatus') ?? 'UNKNOWN', outputs };
  }

  async listResources(stackName: string): Promise<StackResource[]> {
    const out: StackResource[] = [];
    let next: string | undefined;
    do {
      const xml = await this.call('ListStackResources', { StackName: stackName, ...(next ? { NextToken: next } : {}) });
      for (const m of members(xml, 'StackResourceSummaries'))
        out.push({
          logicalId: tag(m, 'LogicalResourceId') ?? '',
          physicalId: tag(m, 'PhysicalResourceId') ?? '',
          type: tag(m, 'ResourceType') ?? '',
          status: tag(m, 'ResourceStatus') ?? '',
        });
      next = tag(xml.replace(/<StackResourceSummaries>[\s\S]*?<\/StackResourceSummaries>/, ''), 'NextToken');
    } while (next);
    return out;
  }

  async deleteStack(stackName: string): Promise<void> {
    await this.call('DeleteStack', { StackName: stackName });
  }

  /** Polls until the stack is gone; a DELETE_FAILED stack is an error naming its status. */
  async waitDeleted(stackName: string, opts: { timeoutMs?: number; everyMs?: number } = {}): Promise<void> {
    const until = Date.now() + (opts.timeoutMs ?? 60 * 60_000);
    for (;;) {
      const d = await this.describeStack(stackName);
      if (!d || d.status === 'DELETE_COMPLETE') return;
      if (d.status === 'DELETE_FAILED') throw new Error(`stack ${stackName} could not be deleted (DELETE_FAILED)`);
      if (Date.now() > until) throw new Error(`stack ${stackName} still ${d.status} after the timeout`);
      await new Promise((r) => setTimeout(r, opts.everyMs ?? 10_000));
    }
  }
}
