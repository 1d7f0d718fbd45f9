/**
 * Alarms into an encrypted SNS topic (e-mailed to the admin when given): errors and throttles of every
 * feature function, HTTP 5xx, WebSocket execution/integration errors, and stream records in a dead-letter queue.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { WS_STAGE } from './realtime';
import { StackScoped } from './stack-scoped';

export interface MonitoringProps {
  tenant: string;
  /** Subscribed to the alarm topic by e-mail. */
  adminEmail?: string;
  functions: ReadonlyMap<string, lambda.IFunction>;
  httpApi: apigwv2.IHttpApi;
  wsApi: apigwv2.IWebSocketApi;
  deadLetterQueues: ReadonlyMap<string, sqs.IQueue>;
}

export class Monitoring extends StackScoped {
  readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const alarmKey = new kms.Key(this.stack, 'AlarmTopicKey', {
      enableKeyRotation: true,
      description: `portal ${props.tenant} alarm topic`,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    alarmKey.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.alarmTopic = new sns.Topic(this.stack, 'Alarms', {
      displayName: `portal ${props.tenant} alarms`,
      masterKey: alarmKey,
      enforceSSL: true,
    });
    if (props.adminEmail) this.alarmTopic.addSubscription(new subs.EmailSubscription(props.adminEmail));
    const notify = new cwActions.SnsAction(this.alarmTopic);
    const alarm = (id: string, metric: cloudwatch.IMetric, description: string) =>
      new cloudwatch.Alarm(this.stack, id, {
        metric,
        alarmDescription: description,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(notify);
    const period = Duration.minutes(5);
    for (const [feature, fn] of props.functions) {
      alarm(`Alarm-${feature}-Errors`, fn.metricErrors({ period, statistic: 'Sum' }), `${feature} Lambda errors`);
      alarm(
        `Alarm-${feature}-Throttles`,
        fn.metricThrottles({ period, statistic: 'Sum' }),
        `${feature} Lambda throttles`,
      );
    }
    alarm('Alarm-Http5xx', props.httpApi.metricServerError({ period, statistic: 'Sum' }), 'HTTP API 5xx responses');
    for (const metricName of ['ExecutionError', 'IntegrationError']) {
      alarm(
        `Alarm-Ws${metricName}`,
        new cloudwatch.Metric({
          namespace: 'AWS/ApiGateway',
          metricName,
          dimensionsMap: { ApiId: props.wsApi.apiId, Stage: WS_STAGE },
          period,
          statistic: 'Sum',
        }),
        `WebSocket API ${metricName}`,
      );
    }
    for (const [name, q] of props.deadLetterQueues) {
      alarm(
        `Alarm-${name}-StreamDlq`,
        q.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
        `${name} stream records that failed every retry`,
      );
    }
  }
}
