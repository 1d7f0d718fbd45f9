/** The manifest's schedules: one EventBridge rule per schedule, invoking its feature's function. */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import type { FeatureManifest } from '../../shared/manifest/types';
import type { PortalFunctions } from './functions';
import { StackScoped } from './stack-scoped';

export interface SchedulesProps {
  features: readonly FeatureManifest[];
  functions: PortalFunctions;
}

export class Schedules extends StackScoped {
  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    for (const f of props.features) {
      for (const [name, s] of Object.entries(f.schedules)) {
        new events.Rule(this.stack, `Schedule-${f.feature}-${name}`, {
          description: `${f.feature}.${name}: ${s.summary}`.slice(0, 512),
          schedule: events.Schedule.rate(Duration.minutes(s.everyMinutes)),
          targets: [
            new targets.LambdaFunction(props.functions.of(f.feature), {
              // The handler tells a schedule from an API call by this event shape.
              event: events.RuleTargetInput.fromObject({ source: 'portal.schedule', schedule: name }),
              retryAttempts: 2,
            }),
          ],
        });
      }
    }
  }
}
