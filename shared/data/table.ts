/**
 * The portal's single DynamoDB table, defined once. CDK (`infra/portal-stack.ts`) and the local
 * bootstrap (`infra/local/bootstrap.ts`) both build the table from this object, so the two cannot drift.
 *
 * Keys are overloaded: ElectroDB entities map their indexes onto these attribute names.
 */
export const TABLE = {
  partitionKey: 'PK',
  sortKey: 'SK',
  /** Items with this attribute (epoch seconds) expire: one-time tokens, WebSocket connections. */
  ttlAttribute: 'expiresAt',
  gsis: [
    { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
    { name: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
  ],
  stream: 'NEW_AND_OLD_IMAGES',
} as const;

export type GsiName = (typeof TABLE.gsis)[number]['name'];

/** All key attributes are strings. */
export const keyAttributes = (): string[] => [
  TABLE.partitionKey,
  TABLE.sortKey,
  ...TABLE.gsis.flatMap((g) => [g.partitionKey, g.sortKey]),
];

export const tableName = (env: NodeJS.ProcessEnv = process.env): string => {
  const n = env.TABLE_NAME;
  if (!n) throw new Error('TABLE_NAME is not set');
  return n;
};
