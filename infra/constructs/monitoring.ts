/**
 * What tells the tenant's admin that something failed, for a fixed $0.50 a month (README "What a tenant costs
 * while idle"). CloudWatch bills an alarm per metric it reads ($0.10 each, metric math included), so one alarm per
 * function and queue (51 before) cannot be merged into fewer metrics for less. Instead:
 *
 * - Failures: one custom metric that every function's log group feeds through metric filters (free): the errors
 *   the code logs (every handled 500, failed stream consumer, failed job, parked stream subset) and those the
 *   Lambda runtime logs (uncaught errors, timeouts, crashes), whatever invoked the function. A custom metric is
 *   billed only for the hours it receives data, so an idle tenant pays for the alarm alone.
 * - HTTP 5xx and the WebSocket API's errors: what no function log shows (throttled invocations, API Gateway's own
 *   failures).
 * - The stream router's dead-letter queue: a stalled stream (a throttled router, an event-source mapping that gave
 *   up) logs nothing either. The consumers' own queues are not alarmed one by one: a record reaches one only after
 *   its function failed, which Failures already reported (the README says what that leaves out).
 *
 * The alarms publish to an SNS topic without server-side encryption: see the acknowledgement below.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { STREAM_ROUTER_FEATURE } from './events';
import { FeatureFunction } from './feature-function';
import { WS_STAGE } from './realtime';
import { StackScoped } from './stack-scoped';

/** The custom metric the log groups feed: `Failures` in the namespace `Portal/<tenant>`, without dimensions. */
export const failuresMetric = (tenant: string) => ({ namespace: `Portal/${tenant}`, metricName: 'Failures' });

/**
 * Lines that mean a failed invocation. The code logs through Powertools as JSON (level ERROR, or CRITICAL);
 * the Node.js runtime and the Lambda platform write plain text: "Invoke Error" (the handler threw), "Uncaught
 * Exception" / "Unhandled Promise Rejection" (outside the handler, init included), "Task timed out", "Runtime
 * exited" (a crash, out of memory), and the `Status: error|timeout` of REPORT and INIT_REPORT lines. One failure
 * may count more than once (a timeout writes two of these lines); the alarm fires on any.
 */
export const FAILURE_PATTERNS = {
  loggedByCode: logs.FilterPattern.any(
    logs.FilterPattern.stringValue('$.level', '=', 'ERROR'),
    logs.FilterPattern.stringValue('$.level', '=', 'CRITICAL'),
  ),
  reportedByRuntime: logs.FilterPattern.anyTerm(
    'Invoke Error',
    'Uncaught Exception',
    'Unhandled Promise Rejection',
    'Task timed out',
    'Runtime exited',
    'Status: error',
    'Status: timeout',
  ),
};

export interface MonitoringProps {
  tenant: string;
  /** Subscribed to the alarm topic by e-mail. */
  adminEmail?: string;
  httpApi: apigwv2.IHttpApi;
  wsApi: apigwv2.IWebSocketApi;
  /** The stack's dead-letter queues by name; the stream router's (`stream-router`) is alarmed. */
  deadLetterQueues: ReadonlyMap<string, sqs.IQueue>;
}

export class Monitoring extends StackScoped {
  readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.alarmTopic = new sns.Topic(this.stack, 'Alarms', {
      displayName: `portal ${props.tenant} alarms`,
      enforceSSL: true,
    });
    Validations.of(this.alarmTopic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'CloudWatch alarms cannot publish to a topic encrypted with the AWS managed key aws/sns (its key policy cannot grant cloudwatch.amazonaws.com), and a customer managed key costs $1 a month, twice the idle budget of a tenant. The notifications carry alarm names, thresholds and metric values, no personal data; publishing and delivery use TLS (enforceSSL).',
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

    // Every function of the stack (features, the stream router, the Cognito trigger): each is a FeatureFunction
    // with its own log group, all built before this construct.
    const watched = this.stack.node.findAll().filter((c): c is FeatureFunction => c instanceof FeatureFunction);
    if (!watched.length) throw new Error('Monitoring must be built after the functions it watches');
    const failures = failuresMetric(props.tenant);
    for (const ff of watched) {
      for (const [name, pattern] of Object.entries(FAILURE_PATTERNS)) {
        new logs.MetricFilter(this.stack, `Failures-${ff.node.id}-${name}`, {
          logGroup: ff.logGroup,
          filterPattern: pattern,
          metricNamespace: failures.namespace,
          metricName: failures.metricName,
          metricValue: '1',
          // No default value: a metric without data points costs nothing.
        });
      }
    }
    alarm(
      'Alarm-Failures',
      new cloudwatch.Metric({ ...failures, period, statistic: 'Sum' }),
      `A function of portal ${props.tenant} failed. Which one: the per-function Errors in the AWS/Lambda metrics, or Logs Insights over the portal's log groups with: filter level = "ERROR" or @message like /Invoke Error|Task timed out|Runtime exited|Status: (error|timeout)/`,
    );
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
    const routerDlq = props.deadLetterQueues.get(STREAM_ROUTER_FEATURE);
    if (!routerDlq) throw new Error(`no dead-letter queue named ${STREAM_ROUTER_FEATURE}`);
    alarm(
      `Alarm-${STREAM_ROUTER_FEATURE}-StreamDlq`,
      routerDlq.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
      `${STREAM_ROUTER_FEATURE} stream records that failed every retry`,
    );
  }
}
