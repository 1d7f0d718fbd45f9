import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { attachCallCounter, countCalls } from '../../../shared/data/call-counter';

describe('DynamoDB call counter', () => {
  it('counts the commands sent inside one request context only', async () => {
    const client = new DynamoDBClient({ region: 'us-east-1' });
    attachCallCounter(client);
    attachCallCounter(client); // idempotent
    // aws-sdk-client-mock replaces send() and would skip the middleware stack under test, so a
    // build-step middleware answers instead of the network.
    client.middlewareStack.add(() => async () => ({ output: { $metadata: {} } }) as never, {
      step: 'build',
      name: 'fakeNetwork',
    });
    await client.send(new GetItemCommand({ TableName: 't', Key: {} })); // outside: not counted
    const { counts, total, result } = await countCalls(async () => {
      await client.send(new GetItemCommand({ TableName: 't', Key: {} }));
      await Promise.all([
        client.send(new QueryCommand({ TableName: 't' })),
        client.send(new QueryCommand({ TableName: 't' })),
      ]);
      return 'done';
    });
    expect(result).toBe('done');
    expect(total).toBe(3);
    expect(counts).toEqual({ GetItemCommand: 1, QueryCommand: 2 });

    // A service counting its own calls inside the gateway's per-request count: both see them.
    const outer = await countCalls(async () => {
      await client.send(new GetItemCommand({ TableName: 't', Key: {} }));
      const inner = await countCalls(() => client.send(new QueryCommand({ TableName: 't' })));
      expect(inner.total).toBe(1);
    });
    expect(outer.counts).toEqual({ GetItemCommand: 1, QueryCommand: 1 });
  });
});
