/**
 * The deploy-time settings of one tenant stack, read from CDK context (`-c key=value` or cdk.json).
 *
 *   tenant              required slug: 2–20 chars, a-z 0-9 and single hyphens (names the stack
 *                       `Portal-<tenant>`, and starts the Cognito hosted-UI prefix and the drive bucket's name)
 *   domainName          the company's domain: SES verifies it (the DKIM records are stack outputs), the
 *                       portal sends as no-reply@<domainName>, and with certificateArn it is served at
 *                       https://<domainName>. domainName or mailFrom is required: without a sender the
 *                       portal could not send a single invitation or password reset.
 *   certificateArn      optional: ACM certificate in us-east-1 for domainName (CloudFront)
 *   adminEmail          optional: receives the alarm notifications (SNS e-mail subscription)
 *   mailFrom            the sender address (default no-reply@<domainName>); alone, SES verifies this one
 *                       address (a confirmation link is mailed to it)
 *   authDomainPrefix    optional: the Cognito hosted-UI prefix (unique per region across ALL AWS accounts);
 *                       default `portal-<tenant>-<12 hex of the stack's id>`, unique per stack
 *   maxConcurrency      optional: reserved concurrency of EACH of the tenant's functions — a cap that keeps
 *                       one company from starving the others of the account's shared Lambda concurrency
 *   googleSecretName    optional: Secrets Manager secret {"clientId","clientSecret"}
 *   facebookSecretName  optional: Secrets Manager secret {"clientId","clientSecret"} (app id / app secret)
 *   appleSecretName     optional: Secrets Manager secret {"clientId","teamId","keyId","privateKey"}
 *   wsAccessLogs        optional "true": access logs on the WebSocket stage. Needs the account-level
 *                       API Gateway CloudWatch role (one per account and region), which this stack
 *                       does not manage because every tenant stack in the account would fight over it.
 */
import type { Node } from 'constructs';

export interface PortalSettings {
  tenant: string;
  domainName?: string;
  certificateArn?: string;
  adminEmail?: string;
  mailFrom: string;
  googleSecretName?: string;
  facebookSecretName?: string;
  appleSecretName?: string;
  wsAccessLogs: boolean;
  authDomainPrefix?: string;
  maxConcurrency?: number;
}

/** What synth says when a tenant has no sender (the CLI prints it and exits 1). */
export const NO_SENDER_MESSAGE =
  'no e-mail sender: the portal mails invitations, password resets and notifications, so a deploy needs one. ' +
  'Pass -c domainName=<company domain> (sends as no-reply@<domain>; the DKIM records to publish are stack outputs) ' +
  'or -c mailFrom=<address> (SES mails that address a confirmation link).';

export class PortalContextError extends Error {}

const TENANT = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SECRET_NAME = /^[\w/+=.@-]{1,512}$/;

/** Throws PortalContextError with a message that says which setting is wrong and why. */
export function validateTenant(tenant: unknown): string {
  if (typeof tenant !== 'string' || tenant === '') {
    throw new PortalContextError('context "tenant" is required: npx cdk synth -c tenant=<slug>');
  }
  if (tenant.length < 2 || tenant.length > 20 || !TENANT.test(tenant)) {
    throw new PortalContextError(
      `tenant "${tenant}" must be 2-20 characters of a-z, 0-9 and single inner hyphens, starting with a letter`,
    );
  }
  // Cognito refuses hosted-UI prefixes containing these words.
  if (/aws|amazon|cognito/.test(tenant)) {
    throw new PortalContextError(
      `tenant "${tenant}" must not contain "aws", "amazon" or "cognito" (Cognito domain prefix rule)`,
    );
  }
  return tenant;
}

function optional(node: Node, key: string, pattern: RegExp, what: string): string | undefined {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string' || !pattern.test(raw))
    throw new PortalContextError(`context "${key}" must be ${what}, got ${JSON.stringify(raw)}`);
  return raw;
}

export function readPortalSettings(node: Node): PortalSettings {
  const tenant = validateTenant(node.tryGetContext('tenant'));
  const domainName = optional(node, 'domainName', DOMAIN, 'a lower-case domain name');
  const certificateArn = optional(
    node,
    'certificateArn',
    /^arn:aws[\w-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/,
    'an ACM certificate ARN in us-east-1',
  );
  if (certificateArn && !domainName) throw new PortalContextError('context "certificateArn" needs "domainName"');
  const mailFrom =
    optional(node, 'mailFrom', EMAIL, 'an e-mail address') ?? (domainName ? `no-reply@${domainName}` : undefined);
  if (!mailFrom) throw new PortalContextError(NO_SENDER_MESSAGE);
  const wsAccessLogs = String(node.tryGetContext('wsAccessLogs') ?? 'false') === 'true';
  // Cognito: 1-63 of a-z, 0-9 and hyphens, not starting or ending with a hyphen, no aws/amazon/cognito.
  const authDomainPrefix = optional(
    node,
    'authDomainPrefix',
    /^(?!.*(?:aws|amazon|cognito))[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    'a Cognito domain prefix (a-z, 0-9, inner hyphens, at most 63, without "aws", "amazon" or "cognito")',
  );
  const rawConcurrency: unknown = node.tryGetContext('maxConcurrency');
  let maxConcurrency: number | undefined;
  if (rawConcurrency !== undefined && rawConcurrency !== null && rawConcurrency !== '') {
    maxConcurrency = Number(rawConcurrency);
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1 || maxConcurrency > 1000)
      throw new PortalContextError(
        `context "maxConcurrency" must be a whole number from 1 to 1000, got ${JSON.stringify(rawConcurrency)}`,
      );
  }
  return {
    tenant,
    domainName,
    certificateArn,
    adminEmail: optional(node, 'adminEmail', EMAIL, 'an e-mail address'),
    mailFrom,
    googleSecretName: optional(node, 'googleSecretName', SECRET_NAME, 'a Secrets Manager secret name'),
    facebookSecretName: optional(node, 'facebookSecretName', SECRET_NAME, 'a Secrets Manager secret name'),
    appleSecretName: optional(node, 'appleSecretName', SECRET_NAME, 'a Secrets Manager secret name'),
    wsAccessLogs,
    authDomainPrefix,
    maxConcurrency,
  };
}

export const stackNameFor = (tenant: string): string => `Portal-${tenant}`;
