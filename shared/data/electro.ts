/** What every ElectroDB entity is built with: the shared client and the one table. */
import { dynamo } from './clients';
import { tableName } from './table';

export const SERVICE = 'portal';
export const entityConfig = () => ({ client: dynamo(), table: tableName() });

/** Epoch seconds for TTL attributes. */
export const epochSeconds = (ms: number = Date.now()) => Math.floor(ms / 1000);
/** DynamoDB Local never deletes expired items (AWS may take 48 h): expired counts as absent. */
export const isExpired = (expiresAt: number | undefined, nowMs: number = Date.now()) =>
  expiresAt !== undefined && expiresAt <= epochSeconds(nowMs);
