/**
 * Optimistic versioning. Items people edit carry `version` (1 on create). An update states the version
 * it was based on; DynamoDB applies it only if that is still the stored version, otherwise the caller
 * gets 409 with the current item so the client can merge or reload. Never a silent overwrite.
 */
import { ConflictError } from '../http/errors';

/** True for a failed DynamoDB condition, whether raw SDK, ElectroDB-wrapped or inside a transaction. */
export function isConditionFailure(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const name = (e as { name?: string }).name;
    if (name === 'ConditionalCheckFailedException') return true;
    if (name === 'TransactionCanceledException') {
      const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) return true;
    }
    if (/conditional request failed/i.test((e as { message?: string }).message ?? '')) return true;
  }
  return false;
}

/**
 * Runs a conditional write; a failed condition becomes a 409 carrying `current` (read only on that
 * path, so the happy path stays one write).
 */
export async function versionedWrite<T>(write: () => Promise<T>, current: () => Promise<unknown>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    const item = await current();
    throw new ConflictError('This was changed by someone else meanwhile. Reload or merge, then save again.', {
      current: item ?? null,
    });
  }
}
