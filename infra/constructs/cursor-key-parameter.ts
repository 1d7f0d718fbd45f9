/**
 * The SSM SecureString parameter that holds the key signing list cursors: named here, created by the first function
 * that needs it (shared/data/cursor-key.ts), so the template holds no secret. Not a stack resource (CloudFormation
 * cannot create a SecureString): deleting the stack leaves it, and a stack created again for the tenant reuses it.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

export const cursorKeyParameterName = (tenant: string): string => `/portal/${tenant}/cursor-key`;

export class CursorKeyParameter {
  readonly parameterName: string;
  readonly parameterArn: string;

  constructor(stack: Stack, tenant: string) {
    this.parameterName = cursorKeyParameterName(tenant);
    this.parameterArn = stack.formatArn({
      service: 'ssm',
      resource: 'parameter',
      resourceName: this.parameterName.slice(1),
    });
  }

  /**
   * Read it, and create it when absent. PutParameter cannot be limited to creating by IAM; the code never
   * overwrites. Decryption needs no KMS grant: the AWS managed key aws/ssm serves every principal of the account
   * through SSM.
   */
  grantReadCreate(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['ssm:GetParameter', 'ssm:PutParameter'], resources: [this.parameterArn] }),
    );
  }
}
