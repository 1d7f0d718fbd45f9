#!/usr/bin/env node
// A stand-in for the cdk CLI in the fleet runner's tests. It reads its tenant from `-c tenant=<slug>`, prints
// cdk-like lines, waits, and exits with the code its plan gives that tenant.
//   FAKE_CDK_PLAN    JSON { "<slug>": { "ms": 300, "exit": 1 } }; a tenant not in it waits FAKE_CDK_MS and exits 0
//   FAKE_CDK_RECORD  file that gets one JSON line per start and per end: { slug, event, t, argv, region }
//   FAKE_CDK_WRITE_TEMPLATE=1  on success, writes Portal-<slug>.template.json into --output: a distribution, a user
//                    pool, an HTTP and a WebSocket API, and 3 functions reserving -c maxConcurrency each (if given)
import * as fs from 'node:fs';
import * as path from 'node:path';

const argv = process.argv.slice(2);
const context = argv.flatMap((arg, i) => (argv[i - 1] === '-c' ? [arg] : []));
const slug = context.find((c) => c.startsWith('tenant='))?.slice('tenant='.length) ?? '?';
const plan = JSON.parse(process.env.FAKE_CDK_PLAN ?? '{}')[slug] ?? {};
const ms = plan.ms ?? Number(process.env.FAKE_CDK_MS ?? 200);
const exit = plan.exit ?? 0;
const record = (event) => {
  if (process.env.FAKE_CDK_RECORD)
    fs.appendFileSync(
      process.env.FAKE_CDK_RECORD,
      `${JSON.stringify({ slug, event, t: Date.now(), argv, region: process.env.AWS_REGION ?? null })}\n`,
    );
};

function writeTemplate() {
  const outDir = argv[argv.indexOf('--output') + 1];
  const reserved = context.find((c) => c.startsWith('maxConcurrency='))?.slice('maxConcurrency='.length);
  const fn = {
    Type: 'AWS::Lambda::Function',
    Properties: reserved ? { ReservedConcurrentExecutions: Number(reserved) } : {},
  };
  const Resources = {
    Site: { Type: 'AWS::CloudFront::Distribution', Properties: {} },
    Users: { Type: 'AWS::Cognito::UserPool', Properties: {} },
    Http: { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'HTTP' } },
    Live: { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'WEBSOCKET' } },
    FnA: fn,
    FnB: fn,
    FnC: fn,
  };
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, `Portal-${slug}.template.json`), JSON.stringify({ Resources }));
}

record('start');
console.error(`Bundling asset Portal-${slug}/Functions/Fn/Code/Stage...`);
setTimeout(() => {
  if (exit === 0) {
    if (process.env.FAKE_CDK_WRITE_TEMPLATE === '1') writeTemplate();
    console.error(`✨  Synthesis time: ${(ms / 1000).toFixed(2)}s`);
    if (argv[0] === 'diff') console.error('\n✨  Number of stacks with differences: 1');
  } else {
    console.error(
      `[Error at /Portal-${slug}/Mail/Send] AwsSolutions-IAM5: The IAM entity contains wildcard permissions`,
    );
    console.error('Found errors');
  }
  record('end');
  process.exit(exit);
}, ms);
