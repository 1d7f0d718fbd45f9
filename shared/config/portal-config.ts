/**
 * `/config.json`: what the SPA needs to find its backend. Written by CDK at deploy and served by the
 * local stack; the SPA parses it with this schema at boot, so all three agree on one shape.
 */
import * as z from 'zod';

export const portalConfigSchema = z.object({
  apiUrl: z.url(),
  wsUrl: z.string().regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL'),
  region: z.string().min(1),
  userPoolId: z.string().regex(/^[\w-]+_[0-9a-zA-Z]+$/, 'must be a Cognito user pool id'),
  userPoolClientId: z.string().min(1),
  /** Set locally (cognito-local); null in the cloud, where the regional Cognito endpoint is used. */
  cognitoEndpoint: z.url().nullable(),
  hostedUiDomain: z.string().nullable().optional(),
  /** The local mail viewer; null in the cloud. */
  mailViewerUrl: z.url().nullable(),
  tenant: z.string().min(1),
  stage: z.enum(['local', 'cloud']),
});

export type PortalConfig = z.infer<typeof portalConfigSchema>;
