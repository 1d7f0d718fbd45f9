/**
 * What the portal's API layer costs on top of the data it serves: p50/p99 of `GET /me` through the
 * local gateway (JWT verification, event building, the middy chain, one GetItem, JSON) against a raw
 * DynamoDB GetItem of the same item, in one run on the same emulator. Prints both and the ratio, plus
 * the DynamoDB calls the route made.  Run: npm run bench:api  (N=2000 to change the sample count)
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { gatewayClient, ms, sideBySide, summary, withBenchStack } from './support';

const N = Number(process.env.N ?? 1000);
const WARMUP = 100;

await withBenchStack(async (stack) => {
  const email = `bench-${Date.now()}@example.com`;
  const { sub } = await stack.createUser(email, 'Bench-password-2026!', ['employee']);
  const { idToken } = await stack.signIn(email, 'Bench-password-2026!');
  const gateway = gatewayClient(stack.urls.api, { authorization: `Bearer ${idToken}` });
  // Store preferences so GET /me reads a real item.
  const saved = await gateway('/me/preferences', {
    method: 'PATCH',
    body: { language: 'ro', timeZone: 'Europe/Bucharest', version: 0 },
  });
  if (saved.status !== 200) throw new Error(`PATCH /me/preferences answered ${saved.status}: ${saved.body}`);

  const ddb = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: stack.urls.dynamodb,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  let calls = '?';
  const me = async () => {
    const r = await gateway('/me');
    if (r.status !== 200) throw new Error(`GET /me answered ${r.status}`);
    calls = (r.headers['x-ddb-calls'] as string | undefined) ?? calls;
    JSON.parse(r.body);
  };
  const raw = async () =>
    void (await ddb.send(
      new GetItemCommand({ TableName: stack.tableName, Key: { PK: { S: `USER#${sub}` }, SK: { S: 'PREFERENCES' } } }),
    ));

  const [meTimes, rawTimes] = await sideBySide(N, WARMUP, me, raw);
  const a = summary(meTimes);
  const b = summary(rawTimes);
  console.log(`samples: ${a.n} each (after ${WARMUP} warm-up), Node ${process.version}`);
  console.log(
    `GET /me via local gateway   p50 ${ms(a.p50)}  p99 ${ms(a.p99)}  mean ${ms(a.mean)}  DynamoDB calls/request: ${calls}`,
  );
  console.log(`raw GetItem (same item)     p50 ${ms(b.p50)}  p99 ${ms(b.p99)}  mean ${ms(b.mean)}`);
  console.log(
    `ratio                       p50 ${(a.p50 / b.p50).toFixed(2)}x  p99 ${(a.p99 / b.p99).toFixed(2)}x  (overhead p50 ${ms(a.p50 - b.p50)})`,
  );
});
