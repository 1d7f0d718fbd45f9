import { CURSOR_KEY_MAX_AGE_MS, cursorKey, forgetCursorKey, readOrCreate } from '../../../shared/data/cursor-key';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import type { SsmParameters } from '../../../shared/data/ssm-parameter';

const ssmMock = mockClient(SSMClient);

/** An in-memory Parameter Store with the semantics the key relies on (GetParameter, PutParameter without overwrite). */
function parameterStore(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  const log: string[] = [];
  const ssm: SsmParameters = {
    getSecureString: async (name) => {
      log.push('GetParameter');
      return values.get(name);
    },
    createSecureString: async (name, value) => {
      log.push('PutParameter');
      if (values.has(name)) return false;
      values.set(name, value);
      return true;
    },
  };
  return { ssm, values, log };
}

describe('the cursor key in SSM Parameter Store', () => {
  const NAME = '/portal/acme/cursor-key';

  it('reads the existing key', async () => {
    const store = parameterStore({ [NAME]: 'x'.repeat(64) });
    expect(await readOrCreate(store.ssm, NAME)).toBe('x'.repeat(64));
    expect(store.log).toEqual(['GetParameter']);
  });

  it('creates a random key on first use and keeps it', async () => {
    const store = parameterStore();
    const first = await readOrCreate(store.ssm, NAME);
    expect(first).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(store.values.get(NAME)).toBe(first);
    expect(await readOrCreate(store.ssm, NAME)).toBe(first);
    expect(await readOrCreate(parameterStore().ssm, NAME)).not.toBe(first); // random, not derived
  });

  it('when another container created it in between, uses that one', async () => {
    const store = parameterStore();
    const racing = store.ssm.getSecureString.bind(store.ssm);
    let reads = 0;
    store.ssm.getSecureString = async (name: string) => {
      if (reads++ === 0) {
        const seen = await racing(name); // not there yet...
        store.values.set(name, 'w'.repeat(64)); // ...and the other container's PutParameter lands now
        return seen;
      }
      return racing(name);
    };
    expect(await readOrCreate(store.ssm, NAME)).toBe('w'.repeat(64));
    expect(store.log).toEqual(['GetParameter', 'PutParameter', 'GetParameter']);
  });

  it('refuses a key too short to sign with, and a missing parameter name', async () => {
    await expect(readOrCreate(parameterStore({ [NAME]: 'short' }).ssm, NAME)).rejects.toThrow(/too short/);
    await expect(readOrCreate(parameterStore().ssm, '')).rejects.toThrow(/CURSOR_KEY_PARAMETER/);
  });
});

describe('cursorKey()', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    forgetCursorKey();
  });

  it('uses CURSOR_SECRET when set (the local stack, the tests)', async () => {
    process.env.CURSOR_SECRET = 'local-secret-0123456789abcdef0123456789';
    expect(await cursorKey()).toBe('local-secret-0123456789abcdef0123456789');
  });

  it('reads SSM once per container and hour, and again after a failure', async () => {
    delete process.env.CURSOR_SECRET;
    Object.assign(process.env, {
      CURSOR_KEY_PARAMETER: '/portal/acme/cursor-key',
      AWS_REGION: 'eu-central-1',
      AWS_ACCESS_KEY_ID: 'a',
      AWS_SECRET_ACCESS_KEY: 's',
    });
    const keys = ['k'.repeat(40), 'r'.repeat(40)];
    let fail = false;
    ssmMock.on(GetParameterCommand).callsFake(() => {
      if (fail) throw Object.assign(new Error('ThrottlingException'), { name: 'ThrottlingException' });
      return { Parameter: { Value: keys[0] } };
    });
    const reads = () => ssmMock.commandCalls(GetParameterCommand).length;
    {
      const t0 = 1_000_000;
      expect(await cursorKey(t0)).toBe(keys[0]);
      expect(await cursorKey(t0 + CURSOR_KEY_MAX_AGE_MS - 1)).toBe(keys[0]);
      expect(reads()).toBe(1);
      keys[0] = keys[1]!; // rotated
      expect(await cursorKey(t0 + CURSOR_KEY_MAX_AGE_MS)).toBe(keys[1]);
      expect(reads()).toBe(2);
      fail = true;
      await expect(cursorKey(t0 + 2 * CURSOR_KEY_MAX_AGE_MS)).rejects.toThrow(/ThrottlingException/);
      fail = false;
      expect(await cursorKey(t0 + 2 * CURSOR_KEY_MAX_AGE_MS + 1)).toBe(keys[1]);
    }
  });
});
