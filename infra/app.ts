/**
 * The CDK app: one `Portal-<tenant>` stack per company.
 *
 *   CDK_DISABLE_CLI_TELEMETRY=true npx cdk synth --no-notices -c tenant=acme
 *   npx cdk deploy -c tenant=acme -c domainName=acme.example -c adminEmail=ops@acme.example
 *
 * cdk-nag's AwsSolutions pack runs on every synth (and so on every deploy): a finding that is not
 * fixed or acknowledged with a reason (Validations.of(construct).acknowledge) stops synthesis.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PortalContextError, readPortalSettings, stackNameFor } from './context';
import { PortalStack } from './portal-stack';

const app = new App();
let settings;
try {
  settings = readPortalSettings(app.node);
} catch (e) {
  if (e instanceof PortalContextError) {
    console.error(`portal: ${e.message}`);
    process.exit(1);
  }
  throw e;
}
new PortalStack(app, stackNameFor(settings.tenant), {
  ...settings,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
