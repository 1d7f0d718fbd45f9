/**
 * What a tenant's stack costs per month while nobody uses it (README "What a tenant costs while idle"): the fixed
 * prices of the resources in the template, at most the $0.50 goal. Usage-priced resources (Lambda, DynamoDB
 * on demand, API Gateway, S3, CloudFront, Cognito by active user, log storage) cost nothing fixed.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { FEATURES } from '../../functions/manifest';
import { failuresMetric, FAILURE_PATTERNS } from '../../infra/constructs/monitoring';
import { cursorKeyParameterName } from '../../infra/constructs/cursor-key-parameter';
import { FeatureFunction, needsCursorSecret } from '../../infra/constructs/feature-function';
import type { PortalStack } from '../../infra/portal-stack';
import { buildPortal, resourcesOf } from './synth';

/** US dollars a month (us-east-1 list prices; README cites them). */
const MONTHLY_PRICE = {
  /** per metric an alarm reads: a metric-math alarm pays for each metric in it */
  alarmMetric: 0.1,
  compositeAlarm: 0.5,
  dashboard: 3,
  kmsKey: 1,
  secret: 0.4,
  hostedZone: 0.5,
  advancedParameter: 0.05,
};
const IDLE_GOAL = 0.5;

type Resources = Record<string, { Type: string; Properties?: Record<string, any> }>;

/** Alarm metrics: one for an alarm on a metric, one per metric read by a metric-math alarm. */
const alarmMetrics = (alarm: { Properties?: Record<string, any> }): number => {
  const queries = alarm.Properties?.Metrics as { MetricStat?: unknown }[] | undefined;
  return queries ? queries.filter((q) => q.MetricStat).length : 1;
};

/** The fixed monthly cost of a template's resources, item by item. */
function fixedMonthlyCost(resources: Resources): { total: number; items: Record<string, number> } {
  const items: Record<string, number> = {};
  const add = (item: string, dollars: number) => (items[item] = Math.round(((items[item] ?? 0) + dollars) * 100) / 100);
  for (const r of Object.values(resources)) {
    switch (r.Type) {
      case 'AWS::CloudWatch::Alarm':
        add('alarm metrics', alarmMetrics(r) * MONTHLY_PRICE.alarmMetric);
        break;
      case 'AWS::CloudWatch::CompositeAlarm':
        add('composite alarms', MONTHLY_PRICE.compositeAlarm);
        break;
      case 'AWS::CloudWatch::Dashboard':
        add('dashboards', MONTHLY_PRICE.dashboard);
        break;
      case 'AWS::KMS::Key':
        add('KMS keys', MONTHLY_PRICE.kmsKey);
        break;
      case 'AWS::SecretsManager::Secret':
        add('Secrets Manager secrets', MONTHLY_PRICE.secret);
        break;
      case 'AWS::Route53::HostedZone':
        add('hosted zones', MONTHLY_PRICE.hostedZone);
        break;
      case 'AWS::SSM::Parameter':
        if (r.Properties?.Tier === 'Advanced') add('advanced parameters', MONTHLY_PRICE.advancedParameter);
        break;
    }
  }
  const total = Math.round(Object.values(items).reduce((a, b) => a + b, 0) * 100) / 100;
  return { total, items };
}

const variants: [string, Parameters<typeof buildPortal>[0]][] = [
  ['default settings', {}],
  [
    'every optional setting',
    {
      settings: {
        domainName: 'acme.example.com',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123',
        adminEmail: 'ops@acme.example.com',
        wsAccessLogs: true,
      },
    },
  ],
];

describe.each(variants)('fixed monthly cost while idle (%s)', (_name, opts) => {
  let stack: PortalStack;
  let t: Template;
  beforeAll(() => {
    ({ stack } = buildPortal({ ...opts, bundle: false }));
    t = Template.fromStack(stack);
  });

  test(`is at most $${IDLE_GOAL.toFixed(2)}: five alarm metrics, no KMS key, no secret`, () => {
    const resources = { ...t.toJSON().Resources, ...Template.fromStack(stack.httpRoutes).toJSON().Resources };
    const cost = fixedMonthlyCost(resources);
    expect(cost.items).toEqual({ 'alarm metrics': 0.5 });
    expect(cost.total).toBeLessThanOrEqual(IDLE_GOAL);
  });

  test('one alarm counts the failures of every function, fed by metric filters on each log group', () => {
    const functions = stack.node.findAll().filter((c): c is FeatureFunction => c instanceof FeatureFunction);
    // every feature, the stream router and the Cognito trigger
    expect(functions.length).toBeGreaterThan(FEATURES.length);
    const filters = resourcesOf(t, 'AWS::Logs::MetricFilter').map(([, f]) => f.Properties);
    expect(filters).toHaveLength(functions.length * Object.keys(FAILURE_PATTERNS).length);
    for (const ff of functions) {
      const logGroupId = stack.getLogicalId(ff.logGroup.node.defaultChild as never);
      const own = filters.filter((f) => f.LogGroupName?.Ref === logGroupId);
      expect(own.map((f) => f.FilterPattern).sort()).toEqual(
        Object.values(FAILURE_PATTERNS)
          .map((p) => p.logPatternString)
          .sort(),
      );
      for (const f of own) {
        // no DefaultValue: no data points while nothing fails, so the custom metric costs nothing
        expect(f.MetricTransformations).toEqual([
          { MetricNamespace: 'Portal/acme', MetricName: 'Failures', MetricValue: '1' },
        ]);
      }
    }
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: failuresMetric('acme').namespace,
      MetricName: failuresMetric('acme').metricName,
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  test('besides Failures: HTTP 5xx, the WebSocket errors and the stream router dead-letter queue, all to the topic', () => {
    const alarms = resourcesOf(t, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms.map((a) => `${a.Namespace}/${a.MetricName}`).sort()).toEqual([
      'AWS/ApiGateway/5xx',
      'AWS/ApiGateway/ExecutionError',
      'AWS/ApiGateway/IntegrationError',
      'AWS/SQS/ApproximateNumberOfMessagesVisible',
      'Portal/acme/Failures',
    ]);
    const routerDlq = alarms.find((a) => a.Namespace === 'AWS/SQS');
    expect(JSON.stringify(routerDlq?.Dimensions)).toContain('StreamUndelivered');
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Alarms/) }]);
  });

  test('the alarm topic takes no customer managed key (CloudWatch cannot use aws/sns) and refuses plain HTTP', () => {
    t.resourceCountIs('AWS::KMS::Key', 0);
    const topic = resourcesOf(t, 'AWS::SNS::Topic')[0]![1];
    expect(topic.Properties.KmsMasterKeyId).toBeUndefined();
    t.resourceCountIs('AWS::SNS::Subscription', opts?.settings?.adminEmail ? 1 : 0);
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('the cursor key is an SSM parameter each table reader may read and create, named in its environment', () => {
    t.resourceCountIs('AWS::SecretsManager::Secret', 0);
    const name = cursorKeyParameterName('acme');
    const policies = resourcesOf(t, 'AWS::IAM::Policy');
    const fns = resourcesOf(t, 'AWS::Lambda::Function');
    for (const f of FEATURES) {
      const [fnId, fn] = fns.find(([id]) => id.startsWith(`Feature${f.feature.replace(/-/g, '')}Function`))!;
      const statements = policies
        .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(fn.Properties.Role['Fn::GetAtt'][0]))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[]);
      const ssm = statements.filter((s) => JSON.stringify(s.Action).includes('ssm:'));
      if (needsCursorSecret(f.grants)) {
        expect(ssm).toHaveLength(1);
        expect(ssm[0]!.Action).toEqual(['ssm:GetParameter', 'ssm:PutParameter']);
        expect(JSON.stringify(ssm[0]!.Resource)).toContain(`:parameter${name}`);
        expect(fn.Properties.Environment.Variables.CURSOR_KEY_PARAMETER).toBe(name);
      } else {
        expect({ fnId, ssm }).toEqual({ fnId, ssm: [] });
      }
    }
  });
});

describe('the failure patterns, on the lines Lambda writes', () => {
  // What CloudWatch Logs does with these two kinds of pattern: `?"a" ?"b"` matches a line containing any of
  // the terms; `{ ($.level = "X") || ... }` matches a JSON line whose level is one of them.
  const matchesTerms = (pattern: string, line: string) =>
    [...pattern.matchAll(/\?"([^"]+)"/g)].some(([, term]) => line.includes(term!));
  const matchesLevel = (pattern: string, line: string) => {
    const levels = [...pattern.matchAll(/\$\.level = "([A-Z]+)"/g)].map(([, l]) => l);
    try {
      return levels.includes((JSON.parse(line) as { level?: string }).level);
    } catch {
      return false;
    }
  };
  const failed = (line: string) =>
    matchesTerms(FAILURE_PATTERNS.reportedByRuntime.logPatternString, line) ||
    matchesLevel(FAILURE_PATTERNS.loggedByCode.logPatternString, line);

  test.each([
    '2026-03-01T12:00:00.000Z\t8f5e\tERROR\tInvoke Error \t{"errorType":"Error","errorMessage":"boom"}',
    '2026-03-01T12:00:00.000Z\tundefined\tERROR\tUncaught Exception \t{"errorType":"TypeError"}',
    '2026-03-01T12:00:29.000Z 8f5e Task timed out after 29.03 seconds',
    'RequestId: 8f5e Error: Runtime exited with error: signal: killed',
    'REPORT RequestId: 8f5e\tDuration: 29000.00 ms\tBilled Duration: 29000 ms\tStatus: timeout',
    'INIT_REPORT Init Duration: 412.00 ms\tPhase: init\tStatus: error\tError Type: Runtime.Unknown',
    '{"level":"ERROR","message":"unhandled error","service":"portal-tasks","routeKey":"GET /tasks"}',
    '{"level":"ERROR","message":"stream subsets parked in the undelivered queue","service":"portal-stream-router"}',
  ])('counts a failure: %s', (line) => {
    expect(failed(line)).toBe(true);
  });

  test.each([
    'START RequestId: 8f5e Version: $LATEST',
    'END RequestId: 8f5e',
    'REPORT RequestId: 8f5e\tDuration: 12.00 ms\tBilled Duration: 12 ms\tMemory Size: 512 MB',
    '{"level":"INFO","message":"request rejected","status":404,"service":"portal-tasks"}',
    '{"level":"WARN","message":"slow query","service":"portal-crm"}',
  ])('does not count: %s', (line) => {
    expect(failed(line)).toBe(false);
  });
});
