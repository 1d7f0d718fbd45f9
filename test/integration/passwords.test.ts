/**
 * Password recovery against the emulators: the real e-mail is read from the local SES store, its link
 * followed, the new password tried with Cognito; reused links, unknown addresses and the rate limit.
 */
import { randomUUID } from 'node:crypto';
import { api, itStack, signUpUser } from '../support/local-stack-client';
import { mailsTo, waitForMail, type StoredMail } from '../support/mail-store';

jest.setTimeout(60_000);

const NEW_PASSWORD = () => `Reset-${randomUUID().slice(0, 8)}-Aa1!`;

const tokenOf = (mail: StoredMail) => {
  const m = /\/reset-password\?token=([A-Za-z0-9_-]{43})/.exec(mail.body.text);
  if (!m?.[1]) throw new Error(`no reset link in ${mail.body.text}`);
  return m[1];
};

const signInFails = async (email: string, password: string) => {
  try {
    await itStack().signIn(email, password);
    return false;
  } catch {
    return true;
  }
};

describe('password recovery', () => {
  it('forgot (ro) → e-mail in Romanian → check → reset → the new password works, the old one does not, the link is spent', async () => {
    const user = await signUpUser('employee');
    const since = Math.floor(Date.now() / 1000) - 1;
    const forgot = await api('/auth/password/forgot', {
      method: 'POST',
      body: { email: user.email.toUpperCase(), language: 'ro' },
    });
    expect(forgot.status).toBe(202);

    const mail = await waitForMail(user.email, since);
    expect(mail.subject).toBe('Resetează parola contului tău Portal');
    expect(mail.body.text).toContain('Alege o parolă nouă');
    expect(mail.body.html).toContain('<html lang="ro">');
    const link = /(\S+\/reset-password\?token=\S+)/.exec(mail.body.text)?.[1] ?? '';
    expect(link.startsWith(`${itStack().env.PORTAL_URL}/reset-password?token=`)).toBe(true);
    const token = tokenOf(mail);

    expect((await api('/auth/password/reset/check', { method: 'POST', body: { token } })).json).toEqual({
      state: 'valid',
    });
    const weak = await api('/auth/password/reset', { method: 'POST', body: { token, password: 'weakpassword' } });
    expect(weak.status).toBe(400);
    expect(weak.json.error.fields.map((f: { path: string }) => f.path)).toContain('password');
    expect((await api('/auth/password/reset/check', { method: 'POST', body: { token } })).json).toEqual({
      state: 'valid',
    });

    const password = NEW_PASSWORD();
    const reset = await api('/auth/password/reset', { method: 'POST', body: { token, password } });
    expect(reset).toMatchObject({ status: 200, json: { status: 'reset' } });

    expect((await itStack().signIn(user.email, password)).idToken).toBeTruthy();
    expect(await signInFails(user.email, user.password)).toBe(true);

    const again = await api('/auth/password/reset', { method: 'POST', body: { token, password: NEW_PASSWORD() } });
    expect(again.status).toBe(410);
    expect(again.json.error.code).toBe('RESET_LINK_USED');
    expect((await api('/auth/password/reset/check', { method: 'POST', body: { token } })).json).toEqual({
      state: 'used',
    });
    expect((await itStack().signIn(user.email, password)).idToken).toBeTruthy();
  });

  it('a newer link replaces the older one; English when no language is given', async () => {
    const user = await signUpUser('employee');
    const since = Math.floor(Date.now() / 1000) - 1;
    await api('/auth/password/forgot', { method: 'POST', body: { email: user.email } });
    const first = tokenOf(await waitForMail(user.email, since));
    await api('/auth/password/forgot', { method: 'POST', body: { email: user.email } });
    const until = Date.now() + 10_000;
    let mails = await mailsTo(user.email, since);
    while (mails.length < 2 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 200));
      mails = await mailsTo(user.email, since);
    }
    expect(mails).toHaveLength(2);
    expect(mails[0]!.subject).toBe('Reset your Portal password');
    const second = tokenOf(mails.find((m) => tokenOf(m) !== first)!);
    expect((await api('/auth/password/reset/check', { method: 'POST', body: { token: first } })).json).toEqual({
      state: 'expired',
    });
    expect((await api('/auth/password/reset/check', { method: 'POST', body: { token: second } })).json).toEqual({
      state: 'valid',
    });
    const old = await api('/auth/password/reset', { method: 'POST', body: { token: first, password: NEW_PASSWORD() } });
    expect(old.status).toBe(410);
    expect((await itStack().signIn(user.email, user.password)).idToken).toBeTruthy();
  });

  it('an unknown address gets the same 202 and body, and no e-mail', async () => {
    const user = await signUpUser('employee');
    const ghost = `ghost-${randomUUID().slice(0, 8)}@example.com`;
    const since = Math.floor(Date.now() / 1000) - 1;
    const known = await api('/auth/password/forgot', { method: 'POST', body: { email: user.email } });
    const unknown = await api('/auth/password/forgot', { method: 'POST', body: { email: ghost } });
    expect(unknown.status).toBe(202);
    expect(unknown.json).toEqual(known.json);
    await waitForMail(user.email, since);
    expect(await mailsTo(ghost, since)).toEqual([]);
    expect((await api('/auth/password/reset/check', { method: 'POST', body: { token: 'x'.repeat(43) } })).json).toEqual(
      { state: 'unknown' },
    );
    const bogus = await api('/auth/password/reset', {
      method: 'POST',
      body: { token: 'x'.repeat(43), password: NEW_PASSWORD() },
    });
    expect(bogus).toMatchObject({ status: 400, json: { error: { code: 'RESET_LINK_INVALID' } } });
  });

  it('more than 5 requests an hour for one address → 429 with Retry-After, the same for an unknown address', async () => {
    for (const email of [`limit-${randomUUID().slice(0, 8)}@example.com`, (await signUpUser('employee')).email]) {
      for (let i = 0; i < 5; i++)
        expect((await api('/auth/password/forgot', { method: 'POST', body: { email } })).status).toBe(202);
      const over = await api('/auth/password/forgot', { method: 'POST', body: { email } });
      expect(over.status).toBe(429);
      expect(over.json.error.code).toBe('TOO_MANY_REQUESTS');
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });
});
