import { CURSOR_KEY_MAX_AGE_MS, cursorKey, forgetCursorKey, readOrCreate } from '../../../shared/data/cursor-key';
import { SsmParameters } from '../../../shared/data/ssm-parameter';

/** An in-memory Parameter Store behind the real client (only fetch is fake). */
function parameterStore(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  const log: string[] = [];
  const fetchFn = (async (_url: string, init: RequestInit) => {
    const target = (init.headers as Record<string, string>)['x-amz-target'] ?? '';
    const body = JSON.parse(String(init.body)) as { Name: string; Value?: string };
    log.push(target.replace('AmazonSSM.', ''));
    const reply = (status: number, json: unknown) => new Response(JSON.stringify(json), { status });
    if (target === 'AmazonSSM.GetParameter') {
      const v = values.get(body.Name);
      return v === undefined ? reply(400, { __type: 'ParameterNotFound' }) : reply(200, { Parameter: { Value: v } });
    }
    if (values.has(body.Name)) return reply(400, { __type: 'ParameterAlreadyExists' });
    values.set(body.Name, body.Value as string);
    return reply(200, { Version: 1 });
  }) as typeof fetch;
  const ssm = new SsmParameters({
    region: 'eu-central-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 's' },
    fetch: fetchFn,
  });
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
    let reads = 0;
    let fail = false;
    const realFetch = global.fetch;
    global.fetch = (async () => {
      reads++;
      if (fail) return new Response(JSON.stringify({ __type: 'ThrottlingException' }), { status: 400 });
      return new Response(JSON.stringify({ Parameter: { Value: keys[0] } }), { status: 200 });
    }) as typeof fetch;
    try {
      const t0 = 1_000_000;
      expect(await cursorKey(t0)).toBe(keys[0]);
      expect(await cursorKey(t0 + CURSOR_KEY_MAX_AGE_MS - 1)).toBe(keys[0]);
      expect(reads).toBe(1);
      keys[0] = keys[1]!; // rotated
      expect(await cursorKey(t0 + CURSOR_KEY_MAX_AGE_MS)).toBe(keys[1]);
      expect(reads).toBe(2);
      fail = true;
      await expect(cursorKey(t0 + 2 * CURSOR_KEY_MAX_AGE_MS)).rejects.toThrow(/ThrottlingException/);
      fail = false;
      expect(await cursorKey(t0 + 2 * CURSOR_KEY_MAX_AGE_MS + 1)).toBe(keys[1]);
    } finally {
      global.fetch = realFetch;
    }
  });
});
