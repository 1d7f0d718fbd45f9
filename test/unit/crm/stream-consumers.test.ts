/**
 * The CRM stream consumers under redelivery: the router may hand the same batch over twice (and shuffled). A
 * notification written twice must land on the SAME item (its conditional Put refuses the second), so nobody gets
 * two bells or two e-mails for one change.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { resetClients } from '../../../shared/data/clients';
import type { JobContext, StreamChange } from '../../../shared/runtime/feature-handler';
import { invoicePaid } from '../../../functions/crm-docs/events';

const ddb = mockClient(DynamoDBClient);
const ctx = {
  logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
} as unknown as JobContext;

beforeEach(() => {
  ddb.reset();
  resetClients();
  ddb.on(QueryCommand).resolves({ Items: [], Count: 0 });
  ddb.on(PutCommand).resolves({});
  // U1 keeps CRM on the bell (the default 'email' writes the same notification inside a transaction with its e-mail).
  ddb
    .on(GetCommand)
    .resolves({ Item: { userId: 'U1', groups: { crm: 'bell' }, __edb_e__: 'notificationSettings', __edb_v__: '1' } });
});

const paid: StreamChange = {
  eventName: 'MODIFY',
  entity: 'crmRecord',
  oldImage: {
    id: 'INV1',
    type: 'invoice',
    status: 'issued',
    responsibleId: 'U1',
    updatedAt: '2026-03-01T10:00:00.000Z',
  },
  newImage: {
    id: 'INV1',
    type: 'invoice',
    status: 'paid',
    number: 'INV2026-000001',
    dealTitle: 'Roof',
    responsibleId: 'U1',
    lastActorId: 'U2',
    updatedAt: '2026-03-02T09:30:00.000Z',
  },
};

it('invoicePaid: the same change delivered twice, at different times, targets one notification item', async () => {
  await invoicePaid([paid], ctx);
  await new Promise((r) => setTimeout(r, 5));
  await invoicePaid([paid], ctx);
  const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input);
  expect(puts).toHaveLength(2);
  expect(puts[0]!.Item!.SK).toBe(puts[1]!.Item!.SK);
  expect(puts[0]!.ConditionExpression).toContain('attribute_not_exists');
  // The notification's time is the paid change's, not the consumer's clock.
  expect(puts[0]!.Item!.createdAt).toBe('2026-03-02T09:30:00.000Z');
});
