/**
 * The manifest's function URLs (`functionUrl` on a feature): for protocols API Gateway's HTTP API cannot route
 * (CalDAV's PROPFIND and REPORT). Auth NONE at the URL — CalDAV clients speak HTTP Basic, which the function
 * checks itself — and the address goes to the features that hand it out (`addressFor`) and to a stack output.
 * cdk-nag's AwsSolutions pack has no rule on function URLs (LambdaFunctionUrlAuth is in the Serverless pack, which
 * the portal does not run), so nothing is acknowledged here; test/infra/calendar-sync.test.ts checks it stays so.
 */
import { CfnOutput } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { functionUrlEnv, type FeatureManifest } from '../../shared/manifest/types';
import type { PortalFunctions } from './functions';
import { StackScoped } from './stack-scoped';

export interface FunctionUrlsProps {
  features: readonly FeatureManifest[];
  functions: PortalFunctions;
}

/** `calendar-sync` → `CalendarSync` (output ids are alphanumeric). */
const pascal = (feature: string) => feature.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());

export class FunctionUrls extends StackScoped {
  readonly byFeature = new Map<string, lambda.FunctionUrl>();

  constructor(scope: Construct, id: string, props: FunctionUrlsProps) {
    super(scope, id);
    for (const f of props.features) {
      if (!f.functionUrl) continue;
      const url = new lambda.FunctionUrl(this.stack, `FunctionUrl-${f.feature}`, {
        function: props.functions.of(f.feature),
        authType: lambda.FunctionUrlAuthType.NONE,
      });
      this.byFeature.set(f.feature, url);
      new CfnOutput(this.stack, `FunctionUrl${pascal(f.feature)}`, {
        value: url.url,
        description: `${f.feature}: ${f.functionUrl.summary}`.slice(0, 1000),
      });
      for (const reader of f.functionUrl.addressFor) {
        const fn = props.functions.of(reader);
        if (!(fn instanceof lambda.Function)) throw new Error(`${reader}: cannot set the ${f.feature} URL on it`);
        fn.addEnvironment(functionUrlEnv(f.feature), url.url);
      }
    }
  }
}
