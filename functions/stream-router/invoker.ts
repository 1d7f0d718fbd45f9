/**
 * The router's two SDK clients, created on first use: Lambda (Invoke) and SQS (the undelivered queue).
 * Locally LAMBDA_ENDPOINT points at the local stack's Lambda Invoke API, which runs the feature's
 * handler in process with the same asynchronous semantics (202, two retries, a dead-letter list).
 */
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { lambdaClient } from '../../shared/aws/lambda-client';
import { sqsClient } from '../../shared/aws/sqs-client';
import type { ConsumerInvoker } from './router';

export const awsInvoker: ConsumerInvoker = {
  async invokeAsync(target, payload) {
    const r = await lambdaClient().send(
      new InvokeCommand({ FunctionName: target, InvocationType: 'Event', Payload: Buffer.from(payload) }),
    );
    if (r.StatusCode !== 202) throw new Error(`async invoke of ${target} answered ${r.StatusCode}`);
  },
  async invokeSync(target, payload) {
    const r = await lambdaClient().send(
      new InvokeCommand({ FunctionName: target, InvocationType: 'RequestResponse', Payload: Buffer.from(payload) }),
    );
    return !r.FunctionError;
  },
  async park(feature, payload, reason) {
    const queueUrl = process.env.STREAM_UNDELIVERED_QUEUE_URL;
    if (!queueUrl) throw new Error(`stream router: cannot deliver to ${feature} (${reason}) and no undelivered queue`);
    await sqsClient().send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: payload,
        MessageAttributes: {
          feature: { DataType: 'String', StringValue: feature },
          reason: { DataType: 'String', StringValue: reason.slice(0, 256) },
        },
      }),
    );
  },
};
