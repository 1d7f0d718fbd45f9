/**
 * The tenants file: every company an operator runs, and the CDK context each one is built with.
 *
 *   { "defaults": { "region": "eu-central-1", "maxConcurrency": 50 },
 *     "tenants": [ { "slug": "acme", "domain": "acme.example", "adminEmail": "it@acme.example" } ] }
 *
 * A tenant's fields become `-c key=value` arguments of `cdk` (see contextArgs); `region` and `profile` choose where
 * it is deployed. Validation happens before any cdk process starts, and every error names the tenant and the field,
 * so a typo in company 37 of 50 is found in a second rather than after 36 deploys.
 */
import * as fs from 'node:fs';
import * as z from 'zod';
import { PortalContextError, validateTenant } from '../context';

// The same shapes infra/context.ts accepts: the app re-checks them, this only fails earlier.
const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SECRET_NAME = /^[\w/+=.@-]{1,512}$/;
const CERTIFICATE_ARN = /^arn:aws[\w-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
const CONTEXT_KEY = /^[A-Za-z][\w.:-]*$/;
/** Context keys this file models as fields: `options.context` may not set them behind the field's back. */
const MODELLED_KEYS = new Set([
  'tenant',
  'domainName',
  'adminEmail',
  'mailFrom',
  'certificateArn',
  'authDomainPrefix',
  'maxConcurrency',
  'googleSecretName',
  'facebookSecretName',
  'appleSecretName',
  'wsAccessLogs',
  'licenceVersion',
  'promoCodes',
  'digestDelayMinutes',
]);

const slug = z.string().superRefine((value, ctx) => {
  try {
    validateTenant(value);
  } catch (e) {
    if (!(e instanceof PortalContextError)) throw e;
    ctx.addIssue({ code: 'custom', message: e.message });
  }
});
const domain = z.string().regex(DOMAIN, { error: 'must be a lower-case domain name such as acme.example' });
const email = z.string().regex(EMAIL, { error: 'must be an e-mail address' });
const secretName = z.string().regex(SECRET_NAME, { error: 'must be a Secrets Manager secret name' });

/** Settings that are the same kind for every tenant and may come from `defaults`. */
const sharedFields = {
  /** AWS region of the stack (AWS_REGION of the cdk process); otherwise the operator's environment decides. */
  region: z.string().regex(REGION, { error: 'must be an AWS region such as eu-central-1' }).optional(),
  /** Named AWS CLI profile (`cdk --profile`), e.g. one account per group of tenants. */
  profile: z.string().min(1).optional(),
  /** Per-function concurrency cap of this tenant's Lambdas (`-c maxConcurrency=N`): see the README's quotas. */
  maxConcurrency: z.number().int({ error: 'must be a whole number' }).min(1).max(1000).optional(),
  options: z
    .strictObject({
      googleSecretName: secretName.optional(),
      facebookSecretName: secretName.optional(),
      appleSecretName: secretName.optional(),
      wsAccessLogs: z.boolean().optional(),
      licenceVersion: z.string().min(1).optional(),
      promoCodes: z.array(z.string().regex(/^[\w-]+$/, { error: 'must be letters, digits, _ or -' })).optional(),
      digestDelayMinutes: z.number().int().min(1).optional(),
      /** Context keys this file does not model yet, passed through as `-c key=value`. */
      context: z
        .record(
          z
            .string()
            .regex(CONTEXT_KEY, { error: 'must be a context key name' })
            .refine((key) => !MODELLED_KEYS.has(key), { error: 'is modelled by the tenants file: set that field' }),
          z.union([z.string(), z.number(), z.boolean()]),
        )
        .optional(),
    })
    .optional(),
};

const tenantSchema = z.strictObject({
  slug,
  domain,
  adminEmail: email,
  /** Sender of the portal's e-mails; the app defaults it to no-reply@<domain>. */
  mailFrom: email.optional(),
  /** ACM certificate in us-east-1 for `domain` (CloudFront). */
  certificateArn: z
    .string()
    .regex(CERTIFICATE_ARN, { error: 'must be an ACM certificate ARN in us-east-1' })
    .optional(),
  /** Cognito hosted-UI prefix, unique per region across all AWS accounts; the app derives one when absent. */
  authDomainPrefix: z
    .string()
    .regex(/^(?!.*(?:aws|amazon|cognito))[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, {
      error: 'must be a Cognito domain prefix (a-z, 0-9, inner hyphens, at most 63, no aws/amazon/cognito)',
    })
    .optional(),
  ...sharedFields,
});

const fileSchema = z.strictObject({
  $comment: z.string().optional(),
  defaults: z.strictObject(sharedFields).optional(),
  tenants: z.array(tenantSchema).min(1, { error: 'must list at least one tenant' }),
});

type TenantEntry = z.infer<typeof tenantSchema>;
export type TenantOptions = NonNullable<TenantEntry['options']>;

/** One tenant with the file's defaults applied. */
export interface Tenant {
  slug: string;
  domain: string;
  adminEmail: string;
  mailFrom?: string;
  certificateArn?: string;
  authDomainPrefix?: string;
  region?: string;
  profile?: string;
  maxConcurrency?: number;
  options: TenantOptions;
}

export class TenantsFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** "tenant "beta" (tenants[1]) → domain: must be …" — the tenant by name when its slug is readable. */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const path = [...issue.path];
  let where = path.length ? path.map(String).join('.') : '(file)';
  if (path[0] === 'tenants' && typeof path[1] === 'number') {
    const index = path[1];
    const entry: unknown = Array.isArray((raw as { tenants?: unknown }).tenants)
      ? (raw as { tenants: unknown[] }).tenants[index]
      : undefined;
    const name =
      entry && typeof entry === 'object' && typeof (entry as { slug?: unknown }).slug === 'string'
        ? `tenant "${(entry as { slug: string }).slug}" (tenants[${index}])`
        : `tenants[${index}]`;
    const field = path.slice(2).map(String).join('.');
    where = field ? `${name} → ${field}` : name;
  }
  return `${where}: ${explain(issue)}`;
}

function explain(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_key') return issue.issues.map((i) => i.message).join('; ');
  if (issue.code === 'invalid_type' && 'input' in issue && issue.input === undefined) return 'is required';
  return issue.message;
}

/** A slug listed twice: checked on the raw file so it is reported together with every other problem. */
function duplicateSlugs(raw: unknown): string[] {
  const tenants = (raw as { tenants?: unknown } | null)?.tenants;
  if (!Array.isArray(tenants)) return [];
  const first = new Map<string, number>();
  return tenants.flatMap((entry: unknown, index) => {
    const slug = (entry as { slug?: unknown } | null)?.slug;
    if (typeof slug !== 'string') return [];
    const seen = first.get(slug);
    if (seen === undefined) {
      first.set(slug, index);
      return [];
    }
    return [`tenant "${slug}" (tenants[${index}]) → slug: duplicates tenants[${seen}]`];
  });
}

/** Validates a parsed tenants file; throws TenantsFileError listing every problem. */
export function parseTenants(raw: unknown, file = 'tenants file'): Tenant[] {
  const result = fileSchema.safeParse(raw, { reportInput: true });
  const problems = [...(result.error?.issues.map((i) => describeIssue(i, raw)) ?? []), ...duplicateSlugs(raw)];
  if (!result.success || problems.length) throw new TenantsFileError(file, problems);
  const defaults = result.data.defaults ?? {};
  return result.data.tenants.map((t) => ({
    ...t,
    region: t.region ?? defaults.region,
    profile: t.profile ?? defaults.profile,
    maxConcurrency: t.maxConcurrency ?? defaults.maxConcurrency,
    options: {
      ...defaults.options,
      ...t.options,
      context: { ...defaults.options?.context, ...t.options?.context },
    },
  }));
}

export function loadTenants(file: string): Tenant[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new TenantsFileError(file, [`cannot read it (${(e as Error).message})`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new TenantsFileError(file, [`not valid JSON: ${(e as Error).message}`]);
  }
  return parseTenants(raw, file);
}

/** The `-c key=value` arguments that build this tenant (the keys infra/context.ts and the constructs read). */
export function contextArgs(tenant: Tenant): string[] {
  const o = tenant.options;
  const pairs: [string, string | number | boolean | undefined][] = [
    ['tenant', tenant.slug],
    ['domainName', tenant.domain],
    ['adminEmail', tenant.adminEmail],
    ['mailFrom', tenant.mailFrom],
    ['certificateArn', tenant.certificateArn],
    ['authDomainPrefix', tenant.authDomainPrefix],
    ['maxConcurrency', tenant.maxConcurrency],
    ['googleSecretName', o.googleSecretName],
    ['facebookSecretName', o.facebookSecretName],
    ['appleSecretName', o.appleSecretName],
    ['wsAccessLogs', o.wsAccessLogs],
    ['licenceVersion', o.licenceVersion],
    ['promoCodes', o.promoCodes?.join(',')],
    ['digestDelayMinutes', o.digestDelayMinutes],
    ...Object.entries(o.context ?? {}),
  ];
  return pairs.flatMap(([key, value]) => (value === undefined ? [] : ['-c', `${key}=${String(value)}`]));
}
