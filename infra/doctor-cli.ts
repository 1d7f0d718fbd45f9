/**
 * `npm run doctor -- --tenant acme [--region eu-central-1]`: after a deploy, says whether the tenant's portal can
 * actually send e-mail (invitations, password resets and notifications depend on it), and what to do when not.
 *
 * It reads the stack's outputs (`Portal-<tenant>`: MailSender, MailDns<n>) and asks SES (v2) about the
 * account (sending enabled, sandbox, quota) and the identity (verified, DKIM, MAIL FROM). Exit 0 when mail
 * will be delivered to anyone; 1 when it will not (or only to verified addresses: the sandbox); 2 on bad usage.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetAccountCommand, GetEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { stackNameFor, validateTenant } from './context';
import { formatChecks, mailChecks } from './doctor';

function parseArgs(argv: string[]): { tenant: string; region?: string } {
  let tenant: string | undefined;
  let region: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--tenant') tenant = argv[++i];
    else if (argv[i] === '--region') region = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return { tenant: validateTenant(tenant), region };
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`doctor: ${(e as Error).message}\nusage: npm run doctor -- --tenant <slug> [--region <region>]`);
    return 2;
  }
  const region = args.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  const stackName = stackNameFor(args.tenant);
  const cfn = new CloudFormationClient({ region });
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
  const outputs = new Map((stack?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  const identity = outputs.get('MailSender');
  if (!identity) {
    console.error(`doctor: ${stackName} has no MailSender output: deploy the current version first`);
    return 1;
  }
  const dnsRecords = [...outputs].filter(([k]) => k.startsWith('MailDns')).map(([, v]) => v);
  const ses = new SESv2Client({ region });
  const account = await ses.send(new GetAccountCommand({}));
  const identityState = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: identity })).catch((e: unknown) => {
    if ((e as { name?: string }).name === 'NotFoundException') return null;
    throw e;
  });
  const checks = mailChecks({ identity, dnsRecords, account, identityState });
  console.log(`${stackName} in ${await ses.config.region()}: can the portal send e-mail?\n`);
  console.log(formatChecks(checks));
  if (dnsRecords.length) console.log(`\nDNS records to publish:\n${dnsRecords.map((r) => `  ${r}`).join('\n')}`);
  return checks.some((c) => c.verdict === 'fail') ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`doctor: ${(e as Error).message}`);
    process.exit(1);
  },
);
