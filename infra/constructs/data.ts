/**
 * The portal's data: the single table of shared/data/table.ts, the drive bucket (file versions, uploaded
 * and read with presigned URLs from the SPA) and the SSM parameter that holds the key signing list cursors.
 */
import { Duration, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { TABLE } from '../../shared/data/table';
import { CursorKeyParameter } from './cursor-key-parameter';
import { StackScoped } from './stack-scoped';
import { stackUniqueSuffix } from './stack-unique';

/**
 * The drive bucket's name, known before the bucket exists so the CSP can name its host (without a custom
 * domain the bucket's CORS names the distribution: a cycle otherwise). It ends with the stack's unique
 * suffix, not account and region: the bucket is retained, and a fixed name would make the retry after a
 * failed first create fail on the bucket the rollback left behind (README "Deploying": the clean-up).
 */
export const driveBucketName = (stack: Stack, tenant: string): string =>
  `portal-${tenant}-drive-${stackUniqueSuffix(stack)}`;
export const driveBucketHost = (stack: Stack, tenant: string): string =>
  `${driveBucketName(stack, tenant)}.s3.${stack.region}.amazonaws.com`;

export interface DataProps {
  tenant: string;
  /** The SPA's origin: the only one the drive bucket's CORS allows. */
  portalOrigin: string;
  /** Where the drive bucket's server access logs go. */
  accessLogs: s3.IBucket;
}

export class Data extends StackScoped {
  readonly table: dynamodb.Table;
  readonly driveBucket: s3.Bucket;
  readonly cursorKey: CursorKeyParameter;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);
    const { tenant, portalOrigin } = props;

    const S = dynamodb.AttributeType.STRING;
    this.table = new dynamodb.Table(this.stack, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: S },
      sortKey: { name: TABLE.sortKey, type: S },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TABLE.ttlAttribute,
      stream: dynamodb.StreamViewType[TABLE.stream],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const g of TABLE.gsis) {
      this.table.addGlobalSecondaryIndex({
        indexName: g.name,
        partitionKey: { name: g.partitionKey, type: S },
        sortKey: { name: g.sortKey, type: S },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    this.driveBucket = new s3.Bucket(this.stack, 'Drive', {
      bucketName: driveBucketName(this.stack, tenant),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'drive/',
      cors: [
        {
          allowedOrigins: [portalOrigin],
          allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
      // File versions are the product's own items, each with its own key: no S3 versioning.
      lifecycleRules: [{ id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(3) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.cursorKey = new CursorKeyParameter(this.stack, tenant);
  }
}
