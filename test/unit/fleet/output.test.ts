import { OutputReader } from '../../../infra/fleet/output';

const readAll = (lines: string[]) => {
  const reader = new OutputReader();
  const phases = lines.flatMap((l) => reader.read(l) ?? []);
  return { reader, phases };
};

describe('reading cdk output', () => {
  it('keeps the message and its details of a synth exception, not the library source or stack frames', () => {
    // The shape of a real failed `cdk synth` (cdk.out/.fleet-logs/…/acme.log), shortened.
    const { reader } = readAll([
      'Bundling asset Portal-acme/StreamRouter/Function/Code/Stage...',
      '⚡ Done in 1926ms',
      '/work/main/node_modules/aws-cdk-lib/core/lib/runtime.js:1',
      `"use strict";var errors_1=()=>{var tmp=require("./errors")};${'x'.repeat(5000)}`,
      '',
      'CfnSynthesisError: Resolution error: Supplied properties not correct for "CfnMetricFilterProps"',
      '  metricTransformations: element 0: supplied properties not correct for "MetricTransformationProperty"',
      '    metricNamespace: required but missing.',
      '    at ValidationResult.assertSuccess (/work/main/node_modules/aws-cdk-lib/core/lib/runtime.js:1:3518)',
      '    at resolveObject (/work/main/node_modules/aws-cdk-lib/core/lib/private/resolve.js:1:4774) {',
      '}',
      'Node.js v20.20.2',
      'npx tsx infra/app.ts: Subprocess exited with error 1',
    ]);
    expect(reader.failureLines()).toEqual([
      'CfnSynthesisError: Resolution error: Supplied properties not correct for "CfnMetricFilterProps"',
      '  metricTransformations: element 0: supplied properties not correct for "MetricTransformationProperty"',
      '  metricNamespace: required but missing.',
      'npx tsx infra/app.ts: Subprocess exited with error 1',
    ]);
  });

  it('keeps every cdk-nag finding line', () => {
    const { reader, phases } = readAll([
      '\u001b[31m[Error at /Portal-acme/Feature-crm/Function/ServiceRole/DefaultPolicy/Resource] AwsSolutions-IAM5[Resource::arn:aws:ses:eu-central-1:<AWS::AccountId>:identity/*]: The IAM entity contains wildcard permissions\u001b[0m',
      '[Error at /Portal-acme/Feature-crm-docs/Function/ServiceRole/DefaultPolicy/Resource] AwsSolutions-IAM5[Resource::arn:aws:ses:eu-central-1:<AWS::AccountId>:identity/*]: The IAM entity contains wildcard permissions',
      'Found errors',
    ]);
    expect(phases).toEqual(['validating']);
    expect(reader.failureLines()).toHaveLength(3);
    expect(reader.failureLines()[0]).toMatch(/^\[Error at \/Portal-acme\/Feature-crm\/.*AwsSolutions-IAM5/);
    expect(reader.failureLines().every((l) => l.length <= 200)).toBe(true);
  });

  it('falls back to the last lines when nothing looks like an error', () => {
    const { reader } = readAll(['one', 'two', 'three', 'four', 'five', 'six']);
    expect(reader.failureLines()).toEqual(['two', 'three', 'four', 'five', 'six']);
  });

  it('follows a deploy through its phases and notes "no changes"', () => {
    const { reader, phases } = readAll([
      'Bundling asset Portal-acme/Feature-crm/Function/Code/Stage...',
      '✨  Synthesis time: 61.2s',
      'Portal-acme: start: Building Feature-crm/Code',
      'Portal-acme: start: Publishing Feature-crm/Code',
      'Portal-acme: deploying... [1/1]',
      'Portal-acme: creating CloudFormation changeset...',
      ' ✅  Portal-acme (no changes)',
    ]);
    expect(phases).toEqual([
      'bundling',
      'synthesized',
      'building assets',
      'publishing assets',
      'deploying',
      'changeset',
      'deployed',
    ]);
    expect(reader.note('deploy')).toBe('no changes');
  });
});
