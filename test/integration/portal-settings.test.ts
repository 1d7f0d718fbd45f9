/**
 * Portal settings and people administration through the local gateway, on this file's OWN stack
 * (test/support/private-stack.ts): the portal record must exist for most of this story, and only the
 * registration tests may create it in the shared stack. In order: no portal yet (404), the portal
 * (seeded as after registration), admins read and edit, employees are refused, bad domains and stale
 * versions are refused without a write, and the effects: the allowed domain may self-register,
 * employees may invite; finally the last enabled admin cannot be removed through a stale admin token.
 */
import { randomUUID } from 'node:crypto';
import { api, signUpUser, type TestUser } from '../support/local-stack-client';
import { linkIn, mailsTo, waitForMail } from '../support/mail-store';
import { seedPortal, startPrivateStack, type PrivateStack } from '../support/private-stack';

jest.setTimeout(60_000);

let priv: PrivateStack;
let owner: TestUser;
let employee: TestUser;
const domain = `join-${randomUUID().slice(0, 6)}.example`;
const since = Math.floor(Date.now() / 1000) - 1;

beforeAll(async () => {
  priv = await startPrivateStack('none');
  [owner, employee] = await Promise.all([signUpUser('admin'), signUpUser('employee')]);
}, 90_000);

afterAll(async () => {
  await priv?.stop();
});

const settings = (token: string, body?: unknown) =>
  api('/portal/settings', body === undefined ? { token } : { method: 'PATCH', token, body });

describe('portal settings', () => {
  it('before the portal exists: 404 for admins (reading and writing), 403 for employees', async () => {
    expect(await settings(owner.token)).toMatchObject({ status: 404, json: { error: { code: 'NOT_FOUND' } } });
    expect((await settings(owner.token, { version: 0, employeesMayInvite: true })).status).toBe(404);
    expect((await settings(employee.token)).status).toBe(403);
    expect((await api('/portal')).json.exists).toBe(false);
  });

  it('admins read the settings of the portal', async () => {
    await seedPortal(priv, owner, 'Setări SRL', `setari-${randomUUID().slice(0, 6)}`);
    const r = await settings(owner.token);
    expect(r).toMatchObject({
      status: 200,
      json: {
        companyName: 'Setări SRL',
        ownerEmail: owner.email,
        allowedDomains: [],
        employeesMayInvite: false,
        selfRegistration: 'closed',
        version: 1,
        updatedBy: null,
      },
    });
    expect((await api('/portal')).json).toMatchObject({ exists: true, selfRegistration: 'closed' });
  });

  it('employees may neither read nor change them', async () => {
    expect((await settings(employee.token)).status).toBe(403);
    expect((await settings(employee.token, { version: 1, employeesMayInvite: true })).status).toBe(403);
  });

  it('bad domains → 400 naming the entry, and nothing changes', async () => {
    const cases: [unknown, string][] = [
      [['acme.ro', 'not a domain'], 'allowedDomains.1'],
      [['acme.ro', 'ACME.RO'], 'allowedDomains.1'],
      [['user@acme.ro'], 'allowedDomains.0'],
      [Array.from({ length: 51 }, (_, i) => `d${i}.ro`), 'allowedDomains'],
    ];
    for (const [allowedDomains, path] of cases) {
      const r = await settings(owner.token, { version: 1, allowedDomains });
      expect({ path, status: r.status }).toEqual({ path, status: 400 });
      expect(r.json.error.fields.map((f: { path: string }) => f.path)).toContain(path);
    }
    expect((await settings(owner.token)).json).toMatchObject({ allowedDomains: [], version: 1 });
  });

  it('an admin saves lower-cased domains and the invite switch; a stale version → 409 with the current settings', async () => {
    const r = await settings(owner.token, {
      version: 1,
      allowedDomains: [` ${domain.toUpperCase()} `],
      employeesMayInvite: true,
    });
    expect(r).toMatchObject({
      status: 200,
      json: {
        allowedDomains: [domain],
        employeesMayInvite: true,
        selfRegistration: 'domains',
        version: 2,
        updatedBy: owner.email,
      },
    });
    const stale = await settings(owner.token, { version: 1, allowedDomains: [] });
    expect(stale).toMatchObject({
      status: 409,
      json: { error: { code: 'CONFLICT', current: { allowedDomains: [domain], version: 2 } } },
    });
    expect((await settings(owner.token)).json).toMatchObject({ allowedDomains: [domain], version: 2 });
  });

  it('effect: an address of the allowed domain may self-register (a confirmation link); others still hear "by invitation"', async () => {
    expect((await api('/portal')).json).toMatchObject({ exists: true, selfRegistration: 'domains' });
    const newcomer = `ana-${randomUUID().slice(0, 6)}@${domain}`;
    const stranger = `bob-${randomUUID().slice(0, 6)}@elsewhere.example`;
    const password = `Join-${randomUUID()}!`;
    expect((await api('/registration', { body: { email: newcomer, password } })).status).toBe(202);
    expect((await api('/registration', { body: { email: stranger, password } })).status).toBe(202);
    const toNewcomer = await waitForMail(newcomer, since);
    expect(linkIn(toNewcomer, '/register/confirm')).toBeDefined();
    const toStranger = await waitForMail(stranger, since);
    expect(toStranger.subject).toBe('Joining the portal is by invitation');
    expect(linkIn(toStranger, '/register/confirm')).toBeUndefined();
  });

  it('effect: with the switch on, an employee may invite; switched off again, 403', async () => {
    const invitee = `inv-${randomUUID().slice(0, 6)}@example.com`;
    const on = await api('/invitations', { token: employee.token, body: { emails: [invitee], role: 'employee' } });
    expect(on.status).toBeLessThan(300);
    await waitForMail(invitee, since);
    expect((await settings(owner.token, { version: 2, employeesMayInvite: false })).json).toMatchObject({
      employeesMayInvite: false,
      version: 3,
    });
    const off = await api('/invitations', {
      token: employee.token,
      body: { emails: [`inv2-${invitee}`], role: 'employee' },
    });
    expect(off.status).toBe(403);
    expect(await mailsTo(`inv2-${invitee}`, since)).toEqual([]);
  });
});

describe('people administration keeps an administrator', () => {
  it('an admin demoted a moment ago (still holding an admin token) cannot demote or deactivate the last real admin: 409 LAST_ADMIN', async () => {
    const second = await signUpUser('admin');
    expect(
      (await api(`/people/${second.sub}/role`, { method: 'PATCH', token: owner.token, body: { role: 'employee' } }))
        .status,
    ).toBe(200);
    // `second`'s ID token still says admin (the token window): the API refuses to leave no admin.
    const demote = await api(`/people/${owner.sub}/role`, {
      method: 'PATCH',
      token: second.token,
      body: { role: 'employee' },
    });
    expect(demote).toMatchObject({ status: 409, json: { error: { code: 'LAST_ADMIN' } } });
    const off = await api(`/people/${owner.sub}/deactivate`, { method: 'POST', token: second.token });
    expect(off).toMatchObject({ status: 409, json: { error: { code: 'LAST_ADMIN' } } });
    expect((await settings(owner.token)).status).toBe(200);
  });

  it('oneself: 403 with a message that says so', async () => {
    const r = await api(`/people/${owner.sub}/deactivate`, { method: 'POST', token: owner.token });
    expect(r.status).toBe(403);
    expect(r.json.error.message).toMatch(/yourself/);
  });
});
