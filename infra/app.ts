/**
 * The CDK app: one `Portal-<tenant>` stack per company.
 *
 *   npx cdk synth -c tenant=acme -c domainName=acme.example
 *   npx cdk deploy -c tenant=acme -c domainName=acme.example -c adminEmail=ops@acme.example
 *
 * The SPA is part of the deploy: when web/dist is missing or older than its sources, it is built here
 * (Vite) before the stack is, so `cdk deploy` never ships a stale or placeholder site.
 *
 * cdk-nag's AwsSolutions pack runs on every synth (and so on every deploy): a finding that is not
 * fixed or acknowledged with a reason (Validations.of(construct).acknowledge) stops synthesis.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PortalContextError, readPortalSettings, stackNameFor } from './context';
import { PortalStack } from './portal-stack';
import { repoRoot } from './repo-root';
import { buildWeb, webBuildState } from './web-build';

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

const root = repoRoot();
const web = webBuildState(root);
if (web.reason) {
  // stderr: the CLI keeps the app's stdout for itself.
  console.error(`portal: building the SPA (${web.reason}) …`);
  const ms = await buildWeb(root);
  console.error(`portal: SPA built in ${(ms / 1000).toFixed(1)} s`);
}

new PortalStack(app, stackNameFor(settings.tenant), {
  ...settings,
  repoRoot: root,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
