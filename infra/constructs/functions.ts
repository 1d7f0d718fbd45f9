/**
 * One FeatureFunction per feature of the manifest, all with the same environment (the names and endpoints
 * of the stack's resources) and each with only the grants its manifest declares.
 */
import { Validations } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { FeatureManifest } from '../../shared/manifest/types';
import type { Data } from './data';
import { FeatureFunction } from './feature-function';
import type { Identity } from './identity';
import type { Mail } from './mail';
import { nagArn } from './nag';
import { type Realtime, WS_STAGE } from './realtime';
import { StackScoped } from './stack-scoped';

export interface PortalFunctionsProps {
  tenant: string;
  repoRoot: string;
  features: readonly FeatureManifest[];
  data: Data;
  identity: Identity;
  mail: Mail;
  realtime: Realtime;
  /** Sender of the portal's e-mails. */
  mailFrom: string;
  portalOrigin: string;
  /** Reserved concurrency of each function (context `maxConcurrency`); none when undefined. */
  reservedConcurrency?: number;
}

export class PortalFunctions extends StackScoped {
  readonly byFeature = new Map<string, lambda.IFunction>();

  constructor(scope: Construct, id: string, props: PortalFunctionsProps) {
    super(scope, id);
    const { tenant, data, identity, mail, realtime } = props;
    const environment: Record<string, string> = {
      TENANT: tenant,
      TABLE_NAME: data.table.tableName,
      BUCKET_NAME: data.driveBucket.bucketName,
      USER_POOL_ID: identity.userPool.userPoolId,
      USER_POOL_CLIENT_ID: identity.client.userPoolClientId,
      CURSOR_KEY_PARAMETER: data.cursorKey.parameterName,
      WS_MANAGEMENT_ENDPOINT: realtime.stage.callbackUrl,
      MAIL_FROM: props.mailFrom,
      SES_CONFIGURATION_SET: mail.configurationSet.configurationSetName,
      PORTAL_URL: props.portalOrigin,
      // Registration (stage 2): the licence version people accept and the promo codes this tenant honours.
      LICENCE_VERSION: String(this.node.tryGetContext('licenceVersion') ?? '2026-01'),
      PROMO_CODES: String(this.node.tryGetContext('promoCodes') ?? ''),
      // Messenger: minutes an unread message waits before the offline e-mail digest (context digestDelayMinutes).
      MESSENGER_DIGEST_MINUTES: String(this.node.tryGetContext('digestDelayMinutes') ?? '10'),
    };
    const resources = {
      table: data.table,
      bucket: data.driveBucket,
      cursorKey: data.cursorKey,
      userPool: identity.userPool,
      sesResources: mail.sendingResources,
      wsConnectionsArn: realtime.connectionsArn,
    };
    const wsApiLogicalId = this.stack.getLogicalId(realtime.api.node.defaultChild as apigwv2.CfnApi);
    for (const f of props.features) {
      const ff = new FeatureFunction(this.stack, `Feature-${f.feature}`, {
        manifest: f,
        repoRoot: props.repoRoot,
        tenant,
        environment,
        resources,
        reservedConcurrency: props.reservedConcurrency,
      });
      this.byFeature.set(f.feature, ff.fn);
      if (f.grants.includes('ws:manage')) {
        Validations.of(ff.fn).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${nagArn(this.stack, 'execute-api', `<${wsApiLogicalId}>/${WS_STAGE}/*/@connections/*`)}]`,
          reason:
            "Connection ids are created at run time; the grant is limited to the @connections API of this stack's WebSocket stage.",
        });
      }
    }
  }

  /** The function of a feature of the manifest. */
  of(feature: string): lambda.IFunction {
    const fn = this.byFeature.get(feature);
    if (!fn) throw new Error(`no function for feature ${feature}`);
    return fn;
  }
}
