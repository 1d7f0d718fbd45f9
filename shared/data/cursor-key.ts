/**
 * The key that signs list cursors (and crm-intake's form tickets). Locally it comes from CURSOR_SECRET (the local
 * stack generates one per data folder). In the cloud it is the SSM SecureString parameter named by
 * CURSOR_KEY_PARAMETER (free, where a Secrets Manager secret costs $0.40 a month): read once per container and
 * hour, on the first cursor rather than at cold start. No template holds the key, and CloudFormation cannot
 * create a SecureString, so the first function that needs it creates it with a random value; PutParameter
 * without overwrite makes two cold starts racing to create it agree on the one that won.
 * Rotating it is overwriting the parameter (README "What a tenant costs while idle").
 */
import { randomBytes } from 'node:crypto';
import { ssmParameters, type SsmParameters } from './ssm-parameter';

/** How long a container keeps the key before reading it again (a rotation reaches every container within it). */
export const CURSOR_KEY_MAX_AGE_MS = 60 * 60 * 1000;
const MIN_LENGTH = 32;

let cached: { key: Promise<string>; readAt: number } | undefined;

export function cursorKey(now: number = Date.now()): Promise<string> {
  if (process.env.CURSOR_SECRET) return Promise.resolve(process.env.CURSOR_SECRET);
  if (!cached || now - cached.readAt >= CURSOR_KEY_MAX_AGE_MS) {
    const key = readOrCreate(ssmParameters());
    const entry = { key, readAt: now };
    cached = entry;
    key.catch(() => {
      if (cached === entry) cached = undefined; // the next cursor tries again
    });
  }
  return cached.key;
}

/** Forgets the cached key (tests). */
export function forgetCursorKey(): void {
  cached = undefined;
}

export async function readOrCreate(ssm: SsmParameters, name = process.env.CURSOR_KEY_PARAMETER): Promise<string> {
  if (!name) throw new Error('CURSOR_SECRET or CURSOR_KEY_PARAMETER must be set');
  let value = await ssm.getSecureString(name);
  if (value === undefined) {
    const created = randomBytes(48).toString('base64url');
    const won = await ssm.createSecureString(name, created, 'portal: the key that signs list cursors');
    value = won ? created : await ssm.getSecureString(name);
  }
  if (typeof value !== 'string' || value.length < MIN_LENGTH) throw new Error(`${name} is missing or too short`);
  return value;
}
