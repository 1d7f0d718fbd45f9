/**
 * The people of an e2e test file: made in Cognito, signed in once for API calls, their profile named, so
 * pickers and lists can find them by a unique name. (Each e2e file had its own copy of this set-up.)
 */
import { randomUUID } from 'node:crypto';
import { api, itStack } from './local-stack-client';

export interface E2ePerson {
  email: string;
  sub: string;
  first: string;
  last: string;
  /** An ID token for API calls made beside the browser. */
  token: string;
}

/** A person with a fresh address `e2e-{prefix}-{random}@example.com`; `sub` and `token` come from {@link createPeople}. */
export const e2ePerson = (prefix: string, first: string, last: string): E2ePerson => ({
  email: `e2e-${prefix}-${randomUUID().slice(0, 8)}@example.com`,
  sub: '',
  first,
  last,
  token: '',
});

/** Creates each person (employee unless told), signs them in and sets their name (and position). */
export async function createPeople(
  people: E2ePerson[],
  password: string,
  opts: { roles?: string[]; position?: string } = {},
): Promise<void> {
  for (const p of people) {
    p.sub = (await itStack().createUser(p.email, password, opts.roles ?? ['employee'])).sub;
    p.token = (await itStack().signIn(p.email, password)).idToken;
    const body = {
      firstName: p.first,
      lastName: p.last,
      ...(opts.position ? { position: opts.position } : {}),
      version: 0,
    };
    const r = await api('/people/me/profile', { method: 'PATCH', token: p.token, body });
    if (r.status !== 200) throw new Error(`naming ${p.email} answered ${r.status}: ${JSON.stringify(r.json)}`);
  }
}

/** Polls `fn` every 100 ms until `ok` holds or `ms` pass; answers the last value (the caller asserts on it). */
export async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}
