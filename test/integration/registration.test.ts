/**
 * The whole registration story through the local gateway, against the emulators, in ONE file and in
 * order: this is the only integration file that creates the portal (the stack is shared by every
 * file), so "no portal yet" holds until this file's stage 2. The e-mails are read from the local
 * SES store and their links followed, the way a person would.
 */
import { randomUUID } from 'node:crypto';
import { api, itStack } from '../support/local-stack-client';

jest.setTimeout(60_000);

interface StoredMail {
  destination: { to: string[] };
  subject: string;
  body: { text: string; html: string };
}

const started = Math.floor(Date.now() / 1000) - 1;
const unique = () => randomUUID().slice(0, 8);
const PASSWORD = `Reg-${randomUUID()}!`;

async function mailsTo(address: string, count = 1): Promise<StoredMail[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const r = await fetch(`${itStack().urls.mail.replace(/\/$/, '')}/store?since=${started}`);
    const { emails } = (await r.json()) as { emails: StoredMail[] };
    const mine = emails.filter((m) => m.destination.to.some((t) => t.toLowerCase().includes(address.toLowerCase())));
    if (mine.length >= count || Date.now() > deadline) return mine;
    await new Promise((res) => setTimeout(res, 100));
  }
}

const linkIn = (m: StoredMail | undefined) =>
  /\/register\/confirm\?token=([A-Za-z0-9_-]{43})/.exec(m?.body.text ?? '')?.[1];

async function refresh(refreshToken: string): Promise<string> {
  const stack = itStack();
  const r = await fetch(stack.urls.cognito, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({
      ClientId: stack.userPool.clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    }),
  });
  const json = (await r.json()) as { AuthenticationResult?: { IdToken?: string } };
  if (!json.AuthenticationResult?.IdToken) throw new Error(`refresh failed: ${JSON.stringify(json)}`);
  return json.AuthenticationResult.IdToken;
}

/** Stage 1 + the link + sign-in: a confirmed registrant with a group-less token. */
async function registerAndConfirm(email: string, language: 'en' | 'ro' = 'en') {
  expect((await api('/registration', { body: { email, password: PASSWORD, language } })).status).toBe(202);
  const [mail] = await mailsTo(email);
  const token = linkIn(mail);
  expect(token).toBeDefined();
  const confirmed = await api('/registration/confirm', { body: { token, password: PASSWORD } });
  expect(confirmed).toMatchObject({ status: 200, json: { state: 'confirmed', email } });
  const t = confirmed.json.tokens as { idToken: string; refreshToken: string };
  return { token: token!, idToken: t.idToken, refreshToken: t.refreshToken, mail: mail! };
}

/** Sign-in through the API the SPA uses: the tokens, or the refusal. */
const signInApi = (email: string, password: string) => api('/auth/sign-in', { body: { email, password } });

/** Addresses registered by someone who does not own them, before the portal exists (see the pre-hijack block). */
const hijacked = {
  invited: `reg-victim-inv-${unique()}@example.com`,
  reset: `reg-victim-reset-${unique()}@example.com`,
};
const MALLORY = `Mallory-${randomUUID()}!`;

const company = (portalName: string, extra: Record<string, unknown> = {}) => ({
  companyName: 'Integrare SRL',
  firstName: 'Ana',
  lastName: 'Popescu',
  portalName,
  acceptLicence: true,
  timeZone: 'Europe/Bucharest',
  ...extra,
});

describe('registration, stage 1 and 2', () => {
  const ana = `reg-ana-${unique()}@example.com`;
  const bob = `reg-bob-${unique()}@example.com`;
  const portalName = `integrare-${unique()}`;
  let anaTokens: { idToken: string; refreshToken: string };

  it('before any portal exists, the sign-in page may offer "Create your portal"', async () => {
    const r = await api('/portal');
    expect(r.status).toBe(200);
    // Only this file creates the portal; if this fails, another test file created one.
    expect(r.json).toEqual({ exists: false, selfRegistration: 'open' });
  });

  it('stage 1 answers 202, mails a Romanian link; no sign-in until the link is used with the same password', async () => {
    expect((await api('/registration', { body: { email: ana, password: PASSWORD, language: 'ro' } })).status).toBe(202);
    const [mail] = await mailsTo(ana);
    expect(mail?.subject).toBe('Confirmă adresa de e-mail pentru a-ți crea portalul');
    expect(mail?.body.html).toContain('lang="ro"');
    const token = linkIn(mail);
    expect(token).toBeDefined();
    expect(mail?.body.text).toContain(`${itStack().env.PORTAL_URL}/register/confirm?token=${token}`);

    // Before the link: no tokens, whatever the password.
    const early = await signInApi(ana, PASSWORD);
    expect(early.status).toBeGreaterThanOrEqual(400);
    expect(early.json.idToken).toBeUndefined();
    // (Straight to cognito-local it would work: the emulator ignores a disabled account; the cloud pool refuses it.)

    expect((await api('/registration/confirm/check', { body: { token } })).json).toEqual({
      state: 'valid',
      email: ana,
    });
    const wrong = await api('/registration/confirm', { body: { token, password: `${PASSWORD}x` } });
    expect(wrong).toMatchObject({
      status: 400,
      json: { error: { code: 'WRONG_PASSWORD', fields: [{ path: 'password' }] } },
    });
    expect((await signInApi(ana, PASSWORD)).json.idToken).toBeUndefined(); // disabled again after the wrong try
    const confirmed = await api('/registration/confirm', { body: { token, password: PASSWORD } });
    expect(confirmed).toMatchObject({
      status: 200,
      json: { state: 'confirmed', email: ana, tokens: { idToken: expect.any(String) } },
    });
    // The same link again: a clear "already confirmed, sign in" state; a made-up one: unknown.
    expect((await api('/registration/confirm/check', { body: { token } })).json).toEqual({ state: 'used' });
    expect(await api('/registration/confirm', { body: { token, password: PASSWORD } })).toMatchObject({
      status: 409,
      json: { error: { code: 'LINK_USED' } },
    });
    expect(await api('/registration/confirm', { body: { token: 'x'.repeat(43), password: PASSWORD } })).toMatchObject({
      status: 404,
      json: { error: { code: 'LINK_UNKNOWN' } },
    });

    const t = await itStack().signIn(ana, PASSWORD);
    anaTokens = t;
    expect((await api('/registration/status', { token: t.idToken })).json).toEqual({ stage: 'company', email: ana });
  });

  it("pre-hijack: someone registers another person's address; the owner registers again and only the owner's password confirms it", async () => {
    const victim = `reg-victim-${unique()}@example.com`;
    expect((await api('/registration', { body: { email: victim, password: MALLORY } })).status).toBe(202);
    expect((await signInApi(victim, MALLORY)).json.idToken).toBeUndefined();
    const first = linkIn((await mailsTo(victim))[0]);
    // The owner (who reads the mailbox) registers too: the password and the link are replaced.
    expect((await api('/registration', { body: { email: victim, password: PASSWORD } })).status).toBe(202);
    const second = linkIn((await mailsTo(victim, 2)).at(-1));
    expect(second).not.toBe(first);
    expect(await api('/registration/confirm', { body: { token: first, password: MALLORY } })).toMatchObject({
      status: 410,
      json: { error: { code: 'LINK_REPLACED' } },
    });
    expect(await api('/registration/confirm', { body: { token: second, password: MALLORY } })).toMatchObject({
      status: 400,
      json: { error: { code: 'WRONG_PASSWORD' } },
    });
    expect((await api('/registration/confirm', { body: { token: second, password: PASSWORD } })).status).toBe(200);
    expect(await signInApi(victim, MALLORY)).toMatchObject({ status: 401 });
    expect((await signInApi(victim, PASSWORD)).json.idToken).toEqual(expect.any(String));

    // Two more addresses taken by "Mallory" before the portal exists: an invitation and a reset win them back below.
    for (const email of Object.values(hijacked))
      expect((await api('/registration', { body: { email, password: MALLORY } })).status).toBe(202);
  });

  it('a second person may also start while no portal exists (the first to finish stage 2 wins)', async () => {
    const b = await registerAndConfirm(bob);
    expect((await api('/registration/status', { token: b.idToken })).json.stage).toBe('company');
    (globalThis as { bob?: string }).bob = b.idToken;
  });

  it('stage 2 refuses an unknown promo code and a reserved name, naming the field, and writes nothing', async () => {
    const promo = await api('/registration/company', {
      token: anaTokens.idToken,
      body: company(portalName, { promoCode: 'NOT-A-CODE' }),
    });
    expect(promo.status).toBe(400);
    expect(promo.json.error.fields).toEqual([{ path: 'promoCode', reason: 'is not a valid promo code' }]);
    const reserved = await api('/registration/company', { token: anaTokens.idToken, body: company('www') });
    expect(reserved.status).toBe(400);
    expect(reserved.json.error.fields[0].path).toBe('portalName');
    expect((await api('/portal')).json.exists).toBe(false);
  });

  it('stage 2 creates the portal; after a token refresh the person is its admin, with a profile', async () => {
    const r = await api('/registration/company', { token: anaTokens.idToken, body: company(portalName) });
    expect(r).toMatchObject({
      status: 201,
      json: { groups: ['admin', 'employee'], refreshTokens: true, portal: { name: 'Integrare SRL', portalName } },
    });
    const fresh = await refresh(anaTokens.refreshToken);
    const me = await api('/me', { token: fresh });
    expect(me.json.groups).toEqual(expect.arrayContaining(['admin', 'employee']));
    expect((await api('/registration/status', { token: fresh })).json).toEqual({ stage: 'done', email: ana });
    expect((await api('/portal')).json).toEqual({
      exists: true,
      name: 'Integrare SRL',
      portalName,
      selfRegistration: 'closed',
    });
  });

  it('stage 2 a second time → 409; the other registrant → 409 "a portal already exists" and then "no access"', async () => {
    const again = await api('/registration/company', { token: anaTokens.idToken, body: company(`${portalName}-2`) });
    expect(again).toMatchObject({ status: 409, json: { error: { code: 'ALREADY_REGISTERED' } } });
    const bobToken = (globalThis as { bob?: string }).bob!;
    const late = await api('/registration/company', { token: bobToken, body: company(`bob-${unique()}`) });
    expect(late).toMatchObject({ status: 409, json: { error: { code: 'PORTAL_EXISTS' } } });
    expect((await api('/registration/status', { token: bobToken })).json.stage).toBe('none');
  });

  it('once the portal exists: the same 202 for everyone, no confirmation link; the known address hears about the attempt', async () => {
    const newcomer = `reg-new-${unique()}@example.com`;
    const a = await api('/registration', { body: { email: newcomer, password: PASSWORD } });
    const b = await api('/registration', { body: { email: ana, password: PASSWORD, language: 'en' } });
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(a.json).toEqual(b.json);
    const [toNewcomer] = await mailsTo(newcomer);
    expect(toNewcomer?.subject).toBe('Joining the portal is by invitation');
    expect(linkIn(toNewcomer)).toBeUndefined();
    const toAna = await mailsTo(ana, 2);
    expect(toAna.at(-1)?.subject).toMatch(/Cineva a încercat|Someone tried/);
    expect(linkIn(toAna.at(-1))).toBeUndefined();
  });

  it('pre-hijack: an invitation replaces an unconfirmed account (and its password) of the invited address', async () => {
    // Inviting is an administrator's power, which needs the second factor: Ana sets up TOTP (as the SPA leads
    // her to) and signs in again with a code.
    await itStack().enrolTotp(ana, PASSWORD);
    const fresh = (await itStack().signIn(ana, PASSWORD)).idToken;
    const inv = await api('/invitations', { token: fresh, body: { emails: [hijacked.invited], role: 'employee' } });
    expect(inv).toMatchObject({ status: 201, json: { invited: [hijacked.invited], alreadyMember: [] } });
    const mails = await mailsTo(hijacked.invited, 2);
    const token = /\/invite\?token=([A-Za-z0-9_-]{43})/.exec(mails.at(-1)?.body.text ?? '')?.[1];
    expect(token).toBeDefined();
    const accepted = await api('/invitations/accept', {
      body: { token, firstName: 'Vera', lastName: 'Invitată', password: PASSWORD },
    });
    expect(accepted.status).toBe(201);
    expect(await signInApi(hijacked.invited, MALLORY)).toMatchObject({ status: 401 });
    const t = await signInApi(hijacked.invited, PASSWORD);
    expect((await api('/me', { token: t.json.idToken })).json.groups).toEqual(['employee']);
    // Mallory's confirmation link (in the victim's mailbox) is dead now.
    const stale = linkIn(mails.find((m) => linkIn(m)));
    expect((await api('/registration/confirm', { body: { token: stale, password: MALLORY } })).json.error.code).toBe(
      'LINK_REPLACED',
    );
  });

  it('pre-hijack: "forgot password" on an unconfirmed address replaces the password and proves the address', async () => {
    expect((await api('/auth/password/forgot', { body: { email: hijacked.reset } })).status).toBe(202);
    const mails = await mailsTo(hijacked.reset, 2);
    const token = /\/reset-password\?token=([A-Za-z0-9_-]{43})/.exec(mails.at(-1)?.body.text ?? '')?.[1];
    expect(token).toBeDefined();
    expect((await api('/auth/password/reset', { body: { token, password: PASSWORD } })).status).toBeLessThan(300);
    expect(await signInApi(hijacked.reset, MALLORY)).toMatchObject({ status: 401 });
    const t = await signInApi(hijacked.reset, PASSWORD);
    expect(t.json.idToken).toEqual(expect.any(String));
    // The address is proved; the portal exists and takes people by invitation only.
    expect((await api('/registration/status', { token: t.json.idToken })).json.stage).toBe('none');
  });

  it('stage 1 is rate limited per address: 429 with Retry-After', async () => {
    const target = `reg-limit-${unique()}@example.com`;
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 6; i++) {
      const r = await api('/registration', { body: { email: target, password: PASSWORD } });
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers.get('retry-after');
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
