/**
 * What the tenant tool asks CloudFormation, through @aws-sdk/client-cloudformation: a stack's status and outputs,
 * the resources it lists (every page), and its deletion awaited with the SDK's own waiter.
 */
import {
  CloudFormationClient,
  DeleteStackCommand,
  DescribeStacksCommand,
  paginateListStackResources,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation';

export interface StackDescription {
  status: string;
  outputs: Record<string, string>;
}

export interface StackResource {
  logicalId: string;
  physicalId: string;
  type: string;
  status: string;
}

/** How long to wait for a deletion, in seconds (CloudFront distributions take minutes to go). */
export interface DeleteWait {
  maxWaitSeconds?: number;
  minDelaySeconds?: number;
  maxDelaySeconds?: number;
}

/** CloudFormation answers "Stack with id X does not exist" as a ValidationError, not as an empty list. */
const isMissingStack = (e: unknown): boolean =>
  (e as Error | null)?.name === 'ValidationError' && /does not exist/.test((e as Error).message);

/** The stack's status and outputs, or undefined when no stack has that name (or it is deleted). */
export async function describeStack(
  cf: CloudFormationClient,
  stackName: string,
): Promise<StackDescription | undefined> {
  let stack;
  try {
    stack = (await cf.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
  } catch (e) {
    if (isMissingStack(e)) return undefined;
    throw e;
  }
  if (!stack) return undefined;
  const outputs = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  return { status: stack.StackStatus ?? 'UNKNOWN', outputs };
}

export async function listStackResources(cf: CloudFormationClient, stackName: string): Promise<StackResource[]> {
  const out: StackResource[] = [];
  for await (const page of paginateListStackResources({ client: cf }, { StackName: stackName }))
    for (const r of page.StackResourceSummaries ?? [])
      out.push({
        logicalId: r.LogicalResourceId ?? '',
        physicalId: r.PhysicalResourceId ?? '',
        type: r.ResourceType ?? '',
        status: r.ResourceStatus ?? '',
      });
  return out;
}

/** Deletes the stack and waits until it is gone; a stack that does not go (DELETE_FAILED, timeout) is an error. */
export async function deleteStack(cf: CloudFormationClient, stackName: string, wait: DeleteWait = {}): Promise<void> {
  await cf.send(new DeleteStackCommand({ StackName: stackName }));
  try {
    await waitUntilStackDeleteComplete(
      {
        client: cf,
        maxWaitTime: wait.maxWaitSeconds ?? 60 * 60,
        minDelay: wait.minDelaySeconds ?? 10,
        maxDelay: wait.maxDelaySeconds ?? 60,
      },
      { StackName: stackName },
    );
  } catch (e) {
    // The waiter's error is its whole last answer as JSON: name the stack's status instead.
    const status = (await describeStack(cf, stackName).catch(() => undefined))?.status;
    if (!status) throw e;
    const why = 'its events in the CloudFormation console say why';
    throw new Error(`stack ${stackName} was not deleted (${status}): ${why}`, { cause: e });
  }
}
