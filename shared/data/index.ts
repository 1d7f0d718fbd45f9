/**
 * shared/data: the one door to the table. Features read and write only through it:
 * - entities: ElectroDB models (`EntityItem<typeof X>` for their item types), built with `entityConfig()`;
 * - `query` (one page) / `queryAll` / `countAll` (the SDK's paginators);
 * - `batchGet` (chunks of 100, unprocessed keys retried with backoff);
 * - `transaction()` (items built by their entities, never by hand);
 * - `versionedWrite` / `isConditionFailure` (409 with the current item), `sealKey` / `openKey` (signed cursors).
 */
export type { EntityItem } from 'electrodb';
export { batchGet, findByKey, UnprocessedKeysError, BATCH_GET_MAX_KEYS } from './batch-get';
export { db, openKey, sealKey, strip, type Raw } from './document';
export { entityConfig, epochSeconds, isExpired, SERVICE } from './electro';
export { countAll, query, queryAll, type QueryInput, type QueryPage } from './query';
export { tableName, TABLE } from './table';
export { failedConditions, transaction, Transaction, TRANSACTION_MAX_ITEMS, type EntityWrite } from './transaction';
export { isConditionFailure, versionedWrite } from './versioning';
