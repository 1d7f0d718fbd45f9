/**
 * The deploy-time settings of one tenant stack, read from CDK context (`-c key=value` or cdk.json).
 *
 *   tenant              required slug: 2–20 chars, a-z 0-9 and single hyphens (names buckets, the
 *                       Cognito hosted-UI prefix `portal-<tenant>`, the stack `Portal-<tenant>`)
 *   domainName          optional: the company's domain; SES verifies it, and with certificateArn
 *                       the portal is served at https://<domainName>
 *   certificateArn      optional: ACM certificate in us-east-1 for domainName (CloudFront)
 *   adminEmail          optional: receives the alarm notifications (SNS e-mail subscription)
 *   mailFrom            optional: sender address; default no-reply@<domainName>
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
  mailFrom?: string;
  googleSecretName?: string;
  facebookSecretName?: string;
  appleSecretName?: string;
  wsAccessLogs: boolean;
}

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
  const wsAccessLogs = String(node.tryGetContext('wsAccessLogs') ?? 'false') === 'true';
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
  };
}

export const stackNameFor = (tenant: string): string => `Portal-${tenant}`;
