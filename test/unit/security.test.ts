import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { TooManyRequestsError } from '../../shared/http/errors';
import { escapeHtml, renderMail } from '../../shared/mail/layout';
import { consumeToken, hashToken, inspectToken, issueToken, TOKEN_PATTERN } from '../../shared/security/one-time-token';
import { hitRateLimits } from '../../shared/security/rate-limit';

const ddb = mockClient(DynamoDBClient);
beforeEach(() => ddb.reset());
const now = () => Math.floor(Date.now() / 1000);

describe('one-time tokens', () => {
  it('issues 256-bit tokens and stores only their hash', async () => {
    ddb.on(PutCommand).resolves({});
    const { token } = await issueToken({ purpose: 'reset-password', subject: 'u1', ttlSeconds: 3600 });
    expect(token).toMatch(TOKEN_PATTERN);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const item = ddb.commandCalls(PutCommand)[0]?.args[0].input.Item as Record<string, unknown>;
    expect(JSON.stringify(item)).not.toContain(token);
    expect(item.PK).toBe(`OTT#${hashToken(token)}`);
    expect(item.expiresAt).toBeGreaterThan(now() + 3500);
  });

  it('treats expired, used, revoked, foreign-purpose and malformed tokens as unusable, without writing', async () => {
    const token = 'a'.repeat(43);
    const base = {
      PK: `OTT#${hashToken(token)}`,
      SK: 'OTT',
      hash: hashToken(token),
      purpose: 'reset-password',
      subject: 'u1',
      createdAt: 'x',
      __edb_e__: 'oneTimeToken',
      __edb_v__: '1',
    };
    const cases: [Record<string, unknown> | undefined, string][] = [
      [{ ...base, expiresAt: now() - 1 }, 'expired'],
      [{ ...base, expiresAt: now() + 60, usedAt: 'y' }, 'used'],
      [{ ...base, expiresAt: now() + 60, revokedAt: 'y' }, 'revoked'],
      [{ ...base, expiresAt: now() + 60, purpose: 'invitation' }, 'unknown'],
      [undefined, 'unknown'],
    ];
    for (const [item, state] of cases) {
      ddb.on(GetCommand).resolves({ Item: item });
      expect((await consumeToken(token, 'reset-password')).state).toBe(state);
    }
    expect((await inspectToken('short', 'reset-password')).state).toBe('unknown');
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('uses a valid token with a write that only succeeds while it is unused and unexpired', async () => {
    const token = 'b'.repeat(43);
    ddb.on(GetCommand).resolves({
      Item: {
        hash: hashToken(token),
        purpose: 'invitation',
        subject: 'e@x',
        data: { d: 1 },
        createdAt: 'x',
        expiresAt: now() + 60,
        __edb_e__: 'oneTimeToken',
        __edb_v__: '1',
      },
    });
    ddb.on(UpdateCommand).resolves({});
    const r = await consumeToken(token, 'invitation');
    expect(r).toMatchObject({ state: 'valid', record: { subject: 'e@x', data: { d: 1 } } });
    const cond = ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ConditionExpression ?? '';
    expect(cond).toMatch(/attribute_not_exists\(#usedAt\)/);
    expect(cond).toMatch(/attribute_not_exists\(#revokedAt\)/);
    expect(cond).toMatch(/#expiresAt > /);
  });
});

describe('rate limits', () => {
  const rule = { bucket: 'login:ip', limit: 3, windowSeconds: 60 };
  it('allows up to the limit and then answers 429 with the seconds to wait', async () => {
    ddb
      .on(UpdateCommand)
      .resolvesOnce({ Attributes: { hits: 3 } })
      .resolves({ Attributes: { hits: 4 } });
    ddb.on(GetCommand).resolves({}); // nothing in the previous window
    await expect(hitRateLimits([{ rule, key: '10.0.0.1' }], 1_700_000_010_000)).resolves.toBeUndefined();
    const err = await hitRateLimits([{ rule, key: '10.0.0.1' }], 1_700_000_010_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TooManyRequestsError);
    expect((err as TooManyRequestsError).retryAfterSeconds).toBe(30); // the window began 30 s ago
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input?.UpdateExpression).toMatch(/ADD/);
    expect(JSON.stringify(input?.Key)).not.toContain('10.0.0.1');
  });

  it('counts the previous window in proportion, so a burst across a window boundary is still refused', async () => {
    // 1_700_000_040 is 0 s into a 60-s window (1_700_000_040 % 60 = 0): the previous window is still all "recent"
    ddb.on(UpdateCommand).resolves({ Attributes: { hits: 1 } });
    ddb.on(GetCommand).resolves({
      Item: {
        __edb_e__: 'rateCounter',
        __edb_v__: '1',
        bucket: 'login:ip',
        key: 'k',
        windowStart: 1_699_999_980,
        hits: 3,
      },
    });
    const err = await hitRateLimits([{ rule, key: '10.0.0.2' }], 1_700_000_040_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TooManyRequestsError);
    // 3 × (1 − t/60) must drop below 3 (limit 3 − 1 hit + 1): any t > 0, so the minimum 1 s
    expect((err as TooManyRequestsError).retryAfterSeconds).toBe(1);
    const get = ddb.commandCalls(GetCommand)[0]?.args[0].input;
    expect(JSON.stringify(get?.Key)).toContain('W#1699999980'); // the window before
    // half-way through the window, 3 earlier hits weigh 1: 1 + 1 ≤ 3 passes
    ddb.reset();
    ddb.on(UpdateCommand).resolves({ Attributes: { hits: 1 } });
    ddb.on(GetCommand).resolves({
      Item: {
        __edb_e__: 'rateCounter',
        __edb_v__: '1',
        bucket: 'login:ip',
        key: 'k',
        windowStart: 1_699_999_980,
        hits: 3,
      },
    });
    await expect(hitRateLimits([{ rule, key: '10.0.0.2' }], 1_700_000_070_000)).resolves.toBeUndefined();
  });
});

describe('e-mail layout', () => {
  it('escapes user-supplied text and refuses non-http links', () => {
    const m = renderMail({
      lang: 'ro',
      subject: 'Bun venit',
      greeting: 'Salut <script>alert(1)</script>',
      paragraphs: ['A & B "C"'],
      action: { label: 'Deschide', url: 'https://portal.example/x?a=1&b=2' },
      signature: 'Echipa',
    });
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('Salut &lt;script&gt;');
    expect(m.html).toContain('lang="ro"');
    expect(m.html).toContain('href="https://portal.example/x?a=1&amp;b=2"');
    expect(m.text).toContain('Deschide: https://portal.example/x?a=1&b=2');
    expect(() =>
      renderMail({
        lang: 'en',
        subject: 's',
        greeting: 'g',
        paragraphs: [],
        action: { label: 'x', url: 'javascript:alert(1)' },
        signature: 's',
      }),
    ).toThrow(/refusing/);
    expect(escapeHtml(`'"<>&`)).toBe('&#39;&quot;&lt;&gt;&amp;');
  });
});
