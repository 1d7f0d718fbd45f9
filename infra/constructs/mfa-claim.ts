/**
 * The pre-token-generation trigger that puts `portal_mfa` into ID tokens (functions/mfa-claim): the API's
 * admin routes require it (shared/auth/claims.ts). A function of its own, not a manifest feature, with no
 * environment that names the pool (the pool names the function, so the reverse would be a cycle): it reads the
 * pool id from the event, and its one permission, AdminGetUser on this pool, is a separate policy for the same reason.
 */
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { FeatureFunction } from './feature-function';
import { StackScoped } from './stack-scoped';

/** Its folder under functions/ (the local stack invokes the same handler under this name). */
export const MFA_CLAIM_FUNCTION = 'mfa-claim';

export interface MfaClaimProps {
  tenant: string;
  repoRoot: string;
  userPool: cognito.UserPool;
  /** Reserved concurrency (context `maxConcurrency`), as every function of the tenant. */
  reservedConcurrency?: number;
}

export class MfaClaim extends StackScoped {
  readonly fn: lambda.IFunction;

  constructor(scope: Construct, id: string, props: MfaClaimProps) {
    super(scope, id);
    const trigger = new FeatureFunction(this.stack, 'MfaClaimTrigger', {
      manifest: { feature: MFA_CLAIM_FUNCTION, grants: [], http: {}, ws: {}, streams: {}, schedules: {} },
      repoRoot: props.repoRoot,
      tenant: props.tenant,
      environment: {},
      resources: null,
      reservedConcurrency: props.reservedConcurrency,
    });
    this.fn = trigger.fn;
    props.userPool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION, trigger.fn);
    trigger.fn.role?.attachInlinePolicy(
      new iam.Policy(this.stack, 'MfaClaimReadUser', {
        statements: [
          new iam.PolicyStatement({ actions: ['cognito-idp:AdminGetUser'], resources: [props.userPool.userPoolArn] }),
        ],
      }),
    );
  }
}
