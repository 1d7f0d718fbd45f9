import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ConflictError } from '../../../shared/http/errors';
import { isConditionFailure, versionedWrite } from '../../../shared/data/versioning';

describe('optimistic versioning', () => {
  it('recognises condition failures however they are wrapped', () => {
    const raw = new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    expect(isConditionFailure(raw)).toBe(true);
    expect(isConditionFailure(Object.assign(new Error('Error thrown by ElectroDB'), { cause: raw }))).toBe(true);
    const tx = new TransactionCanceledException({
      message: 'cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
    });
    expect(isConditionFailure(tx)).toBe(true);
    const other = new TransactionCanceledException({
      message: 'cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: 'ThrottlingError' }],
    });
    expect(isConditionFailure(other)).toBe(false);
    expect(isConditionFailure(new Error('network'))).toBe(false);
  });

  it('turns a failed condition into 409 carrying the current item, read only then', async () => {
    const current = jest.fn(async () => ({ version: 4, title: 'theirs' }));
    const err = await versionedWrite(async () => {
      throw new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });
    }, current).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ status: 409, details: { current: { version: 4, title: 'theirs' } } });
    expect(current).toHaveBeenCalledTimes(1);
  });

  it('passes other errors and successes through without reading', async () => {
    const current = jest.fn(async () => null);
    await expect(versionedWrite(async () => 'ok', current)).resolves.toBe('ok');
    await expect(versionedWrite(async () => Promise.reject(new Error('throttled')), current)).rejects.toThrow(
      'throttled',
    );
    expect(current).not.toHaveBeenCalled();
  });
});
