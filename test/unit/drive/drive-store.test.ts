/**
 * How the drive tells a cancelled transaction apart: which writes failed their condition (stale node, name taken,
 * quota), a conflict worth a retry, and the usage item a refused charge carries back in DynamoDB JSON.
 */
import { cancellation } from '../../../functions/drive/store';

const cancelled = (reasons: { Code: string; Item?: Record<string, unknown> }[]) =>
  Object.assign(new Error('Transaction cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: reasons,
  });

describe('cancellation', () => {
  it('names the failed writes and gives back the stored item of a refused charge as plain values', () => {
    const c = cancellation(
      cancelled([
        { Code: 'None' },
        { Code: 'ConditionalCheckFailed', Item: { usedBytes: { N: '95' }, PK: { S: 'DUSAGE#u1' } } },
      ]),
    );
    expect(c?.failed).toEqual([1]);
    expect(c?.conflict).toBe(false);
    expect(c?.itemAt(1)).toEqual({ usedBytes: 95, PK: 'DUSAGE#u1' });
    expect(c?.itemAt(0)).toBeUndefined();
  });

  it('a conflict alone is worth a retry; any other error is not a cancellation', () => {
    expect(cancellation(cancelled([{ Code: 'None' }, { Code: 'TransactionConflict' }]))).toMatchObject({
      failed: [],
      conflict: true,
    });
    expect(cancellation(Object.assign(new Error('x'), { name: 'ValidationException' }))).toBeNull();
    expect(cancellation(undefined)).toBeNull();
  });
});
