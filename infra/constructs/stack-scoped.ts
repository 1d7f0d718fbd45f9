/**
 * Base of the constructs PortalStack is composed of (identity, data, HTTP API, realtime, events, web, ...).
 *
 * Why their resources are created with the stack as scope: CDK derives every logical ID from the construct
 * path, and some physical names and IDs too (response headers policy names, nested-stack parameter names,
 * Lambda permission IDs, BucketDeployment owner tags). These resources were created directly on the stack
 * before it was split into constructs, and deployed tenants have them under those IDs: nesting them one
 * level deeper would make CloudFormation replace the table, the user pool and the buckets. Overriding
 * logical IDs one by one would not keep the path-derived names. So each construct is a node of its own in
 * the tree (it groups the code and takes typed props) and creates its resources on `this.stack`, which keeps
 * every path as it was. cdk-nag acknowledgements therefore go on the resources themselves, which is the
 * narrowest construct anyway. test/infra/resources-baseline.test.ts proves the template unchanged.
 */
import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export abstract class StackScoped extends Construct {
  /** The scope for this construct's resources (see above). */
  protected readonly stack: Stack;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.stack = Stack.of(this);
  }
}
