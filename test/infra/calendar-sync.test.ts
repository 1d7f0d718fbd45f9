/**
 * CalDAV's function URL (manifest `functionUrl` on calendar-sync): CDK creates it with auth NONE on the
 * calendar-sync function (the function checks HTTP Basic itself), outputs its address, hands the address to the
 * calendar function (GET /calendar/sync shows it), and cdk-nag has nothing unacknowledged to say about it.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { FEATURES } from '../../functions/manifest';
import { FEATURE_TAG } from '../../infra/constructs/feature-function';
import { functionUrlEnv } from '../../shared/manifest/types';
import { buildPortal, resourcesOf } from './synth';

const featureFunctionId = (t: Template, feature: string): string => {
  const hit = resourcesOf(t, 'AWS::Lambda::Function').find(([, r]) =>
    ((r.Properties.Tags ?? []) as { Key: string; Value: string }[]).some(
      (tag) => tag.Key === FEATURE_TAG && tag.Value === feature,
    ),
  );
  if (!hit) throw new Error(`no function for ${feature}`);
  return hit[0];
};

describe('calendar-sync function URL', () => {
  let app: App;
  let t: Template;
  beforeAll(() => {
    let stack;
    // Only the two features involved: a whole-portal synth costs a minute on the CI machine for nothing more.
    const features = FEATURES.filter((f) => f.feature === 'calendar' || f.feature === 'calendar-sync');
    ({ app, stack } = buildPortal({ bundle: false, features }));
    t = Template.fromStack(stack);
  });

  test('the manifest declares exactly one function URL: calendar-sync, read by calendar', () => {
    expect(FEATURES.filter((f) => f.functionUrl).map((f) => [f.feature, f.functionUrl?.addressFor])).toEqual([
      ['calendar-sync', ['calendar']],
    ]);
  });

  test('one URL, auth NONE, on the calendar-sync function; its address is an output', () => {
    const urls = resourcesOf(t, 'AWS::Lambda::Url');
    expect(urls).toHaveLength(1);
    const [urlId, url] = urls[0]!;
    expect(url.Properties.AuthType).toBe('NONE');
    expect(url.Properties.TargetFunctionArn).toEqual({
      'Fn::GetAtt': [featureFunctionId(t, 'calendar-sync'), 'Arn'],
    });
    const outputs = t.findOutputs('FunctionUrlCalendarSync');
    expect(Object.values(outputs)[0]?.Value).toEqual({ 'Fn::GetAtt': [urlId, 'FunctionUrl'] });
    // Anyone may call the URL (the function checks the CalDAV password): the permission says so, for this URL only.
    const permissions = resourcesOf(t, 'AWS::Lambda::Permission').filter(
      ([, p]) => p.Properties.Action === 'lambda:InvokeFunctionUrl',
    );
    expect(permissions.map(([, p]) => [p.Properties.Principal, p.Properties.FunctionUrlAuthType])).toEqual([
      ['*', 'NONE'],
    ]);
  });

  test('the calendar function gets the address; no other function does', () => {
    const envName = functionUrlEnv('calendar-sync');
    const withAddress = resourcesOf(t, 'AWS::Lambda::Function')
      .filter(([, r]) => r.Properties.Environment?.Variables?.[envName] !== undefined)
      .map(([id]) => id);
    expect(withAddress).toEqual([featureFunctionId(t, 'calendar')]);
  });

  test('cdk-nag: nothing unacknowledged on the URL or the calendar-sync function', () => {
    const report = new AwsSolutionsChecks().validateScope(app) as {
      violations: { ruleName: string; violatingResources: { constructPath: string }[] }[];
    };
    const mine = report.violations.flatMap((v) =>
      v.violatingResources
        .filter((r) => /FunctionUrl|Feature-calendar-sync/.test(r.constructPath))
        .map((r) => `${v.ruleName} at ${r.constructPath}`),
    );
    expect(mine).toEqual([]);
  });
});
