/**
 * `tenant delete <slug>`: removes a company. In the cloud, the stack `Portal-<slug>` first (CloudFormation
 * deletes what it owns), then what the stack retains on purpose so that no deploy mistake can lose data:
 * the table, the buckets (drive, site, access logs) and the user pool; then the SSM parameter holding the cursor
 * key, which the functions created (not a stack resource). Locally, the local stack's table, drive bucket and
 * user pool (its cursor key is CURSOR_SECRET: there is no parameter). Nothing is deleted without the typed confirmation (the slug typed back, or
 * `--confirm <slug>`); the plan is printed first and every deletion after.
 */
import {
  DeleteUserPoolCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DeleteTableCommand, DescribeTableCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  type ObjectIdentifier,
} from '@aws-sdk/client-s3';
import { DeleteParameterCommand } from '@aws-sdk/client-ssm';
import { VERSIONS_UNSUPPORTED } from './archive';
import { deleteStack, describeStack, listStackResources, type DeleteWait } from './cloudformation';
import type { TenantTarget } from './target';

export interface DeletionPlan {
  /** The CloudFormation stack and its status (null locally or when there is none). */
  stack: { name: string; status: string } | null;
  tables: string[];
  buckets: string[];
  userPools: string[];
  /** The SSM parameter holding the cursor key (null locally, where the key is CURSOR_SECRET). */
  cursorKeyParameter: string | null;
}

const isName = (e: unknown, ...names: string[]) => names.includes((e as Error).name);

export async function planDeletion(t: TenantTarget): Promise<DeletionPlan> {
  const tables = new Set([t.table]);
  const buckets = new Set([t.bucket]);
  const userPools = new Set([t.userPoolId]);
  let stack: DeletionPlan['stack'] = null;
  if (t.cloud && t.stackName) {
    const described = await describeStack(t.cloud.cloudFormation, t.stackName);
    if (described) {
      stack = { name: t.stackName, status: described.status };
      // Retained resources keep living after the stack: read their names while the stack still lists them.
      for (const r of await listStackResources(t.cloud.cloudFormation, t.stackName)) {
        if (!r.physicalId) continue;
        if (r.type === 'AWS::DynamoDB::Table' || r.type === 'AWS::DynamoDB::GlobalTable') tables.add(r.physicalId);
        if (r.type === 'AWS::S3::Bucket') buckets.add(r.physicalId);
        if (r.type === 'AWS::Cognito::UserPool') userPools.add(r.physicalId);
      }
    }
  }
  return {
    stack,
    tables: [...tables],
    buckets: [...buckets],
    userPools: [...userPools],
    cursorKeyParameter: t.cloud?.cursorKeyParameter ?? null,
  };
}

export function describePlan(slug: string, t: TenantTarget, plan: DeletionPlan): string[] {
  const out = [`This deletes the company "${slug}" (${t.where}, ${t.region}) and ALL its data:`];
  if (plan.stack)
    out.push(`  1. the CloudFormation stack ${plan.stack.name} (${plan.stack.status}) and everything it owns`);
  else if (t.where === 'cloud') out.push(`  1. (no CloudFormation stack ${t.stackName} found)`);
  else out.push('  1. (local: no CloudFormation stack; the running `npm start` keeps running, empty)');
  out.push('  2. then the resources the stack retains:');
  for (const n of plan.tables) out.push(`     DynamoDB table   ${n}`);
  for (const n of plan.buckets) out.push(`     S3 bucket        ${n} (every object and version)`);
  for (const n of plan.userPools) out.push(`     Cognito pool     ${n} (every user)`);
  if (plan.cursorKeyParameter)
    out.push(
      `  3. the SSM parameter ${plan.cursorKeyParameter} (the cursor key: created by the functions, not the stack)`,
    );
  else out.push('  3. (local: no cursor-key parameter; the local stack signs cursors with CURSOR_SECRET)');
  return out;
}

/** Whether the typed confirmation names this company. */
export const confirmed = (slug: string, typed: string | undefined): boolean => typed?.trim() === slug;

async function emptyBucket(t: TenantTarget, bucket: string): Promise<number> {
  const { s3 } = t.clients;
  let removed = 0;
  const remove = async (objects: ObjectIdentifier[]) => {
    for (let i = 0; i < objects.length; i += 1000) {
      const chunk = objects.slice(i, i + 1000);
      const r = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: chunk, Quiet: true } }));
      if (r.Errors?.length)
        throw new Error(`could not delete ${r.Errors.length} objects of ${bucket}: ${r.Errors[0]?.Message}`);
      removed += chunk.length;
    }
  };
  try {
    for (;;) {
      const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
      const ids = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({
        Key: v.Key!,
        VersionId: v.VersionId,
      }));
      if (!ids.length) return removed;
      await remove(ids);
    }
  } catch (e) {
    if (!VERSIONS_UNSUPPORTED.includes((e as Error).name)) throw e;
  }
  for (;;) {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (!keys.length) return removed;
    await remove(keys);
  }
}

async function deleteTable(t: TenantTarget, name: string): Promise<string> {
  const { ddb } = t.clients;
  let desc;
  try {
    desc = await ddb.send(new DescribeTableCommand({ TableName: name }));
  } catch (e) {
    if (isName(e, 'ResourceNotFoundException')) return `table ${name}: already absent`;
    throw e;
  }
  if (desc.Table?.DeletionProtectionEnabled)
    await ddb.send(new UpdateTableCommand({ TableName: name, DeletionProtectionEnabled: false }));
  const items = desc.Table?.ItemCount;
  await ddb.send(new DeleteTableCommand({ TableName: name }));
  return `deleted table ${name}${items !== undefined ? ` (about ${items} items)` : ''}`;
}

async function deleteBucket(t: TenantTarget, name: string): Promise<string> {
  let removed = 0;
  // Access logs keep arriving for a while after the other buckets are gone: empty again when S3 says so.
  for (let attempt = 1; ; attempt++) {
    try {
      removed += await emptyBucket(t, name);
      await t.clients.s3.send(new DeleteBucketCommand({ Bucket: name }));
      return `deleted bucket ${name} (${removed} objects and versions)`;
    } catch (e) {
      if (isName(e, 'NoSuchBucket')) return `bucket ${name}: already absent`;
      if (!isName(e, 'BucketNotEmpty') || attempt >= 5) throw e;
      await new Promise((r) => setTimeout(r, 2000 * attempt));
    }
  }
}

async function deleteUserPool(t: TenantTarget, id: string): Promise<string> {
  const { cognito } = t.clients;
  let pool;
  try {
    pool = (await cognito.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool;
  } catch (e) {
    if (isName(e, 'ResourceNotFoundException')) return `user pool ${id}: already absent`;
    throw e;
  }
  // A pool with a hosted domain cannot be deleted; the domain goes first.
  for (const Domain of [pool?.Domain, pool?.CustomDomain])
    if (Domain) await cognito.send(new DeleteUserPoolDomainCommand({ UserPoolId: id, Domain }));
  if (pool?.DeletionProtection === 'ACTIVE')
    await cognito.send(new UpdateUserPoolCommand({ UserPoolId: id, DeletionProtection: 'INACTIVE' }));
  await cognito.send(new DeleteUserPoolCommand({ UserPoolId: id }));
  return `deleted user pool ${id}${pool?.EstimatedNumberOfUsers !== undefined ? ` (${pool.EstimatedNumberOfUsers} users)` : ''}`;
}

async function deleteCursorKeyParameter(t: TenantTarget, name: string): Promise<string> {
  if (!t.cloud) throw new Error(`parameter ${name}: no SSM client (a cloud target has one)`);
  try {
    await t.cloud.ssm.send(new DeleteParameterCommand({ Name: name }));
    return `deleted parameter ${name}`;
  } catch (e) {
    // Absent when no function ever signed a cursor, or after an earlier run.
    if (isName(e, 'ParameterNotFound')) return `parameter ${name}: already absent`;
    throw e;
  }
}

/** Deletes what the plan lists, in order; each line says what was deleted. */
export async function deleteTenant(
  t: TenantTarget,
  plan: DeletionPlan,
  log: (line: string) => void,
  wait: DeleteWait = {},
): Promise<string[]> {
  const done: string[] = [];
  const say = (line: string) => {
    done.push(line);
    log(`  ${line}`);
  };
  if (plan.stack && t.cloud) {
    log(`Deleting the stack ${plan.stack.name} (this takes minutes: CloudFront is slow to go) ...`);
    await deleteStack(t.cloud.cloudFormation, plan.stack.name, wait);
    say(`deleted stack ${plan.stack.name}`);
  }
  for (const n of plan.tables) say(await deleteTable(t, n));
  for (const n of plan.buckets) say(await deleteBucket(t, n));
  for (const n of plan.userPools) say(await deleteUserPool(t, n));
  // After the stack: a function still running could otherwise create the parameter again on its next cursor.
  if (plan.cursorKeyParameter) say(await deleteCursorKeyParameter(t, plan.cursorKeyParameter));
  return done;
}
