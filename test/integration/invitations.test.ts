/**
 * Invitations against the emulators: the real e-mail is read from the local SES store, its link checked
 * and accepted, the invitee signs in with Cognito and has the invited group; spent and revoked links,
 * and who may invite whom. Does not depend on a portal record existing or not.
 */
import { randomUUID } from 'node:crypto';
import { api, itStack, signUpUser } from '../support/local-stack-client';
import { waitForMail as waitNewest, type StoredMail } from '../support/mail-store';

jest.setTimeout(60_000);

const PASSWORD = () => `Invite-${randomUUID().slice(0, 8)}-Aa1!`;
const address = (tag: string) => `it-invitee-${tag}-${randomUUID().slice(0, 8)}@example.com`;
const waitForMail = (to: string, since: number) => waitNewest(to, since, { newest: true });

const tokenOf = (mail: StoredMail) => {
  const m = /\/invite\?token=([A-Za-z0-9_-]{43})/.exec(mail.body.text);
  if (!m?.[1]) throw new Error(`no invitation link in ${mail.body.text}`);
  return m[1];
};

describe('invitations', () => {
  it('admin invites (ro) → e-mail → check → accept → the invitee signs in as employee; the link is spent', async () => {
    const admin = await signUpUser('admin');
    const email = address('emp');
    const since = Math.floor(Date.now() / 1000) - 1;
    const res = await api('/invitations', {
      method: 'POST',
      token: admin.token,
      body: { emails: [email.toUpperCase(), email, admin.email], role: 'employee', language: 'ro' },
    });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ invited: [email], alreadyMember: [admin.email] });

    const mail = await waitForMail(email, since);
    expect(mail.body.html).toContain('<html lang="ro">');
    expect(mail.body.text).toContain('Acceptă invitația');
    expect(mail.body.text).toContain(`${itStack().env.PORTAL_URL}/invite?token=`);
    const token = tokenOf(mail);

    const checked = await api('/invitations/check', { method: 'POST', body: { token } });
    expect(checked.json).toMatchObject({ state: 'valid', email, role: 'employee' });

    const weak = await api('/invitations/accept', {
      method: 'POST',
      body: { token, firstName: 'Ana', lastName: 'Pop', password: 'weakpassword' },
    });
    expect(weak.status).toBe(400);
    expect(weak.json.error.fields.map((f: { path: string }) => f.path)).toContain('password');

    const password = PASSWORD();
    const ok = await api('/invitations/accept', {
      method: 'POST',
      body: { token, firstName: 'Ana', lastName: 'Pop', password },
    });
    expect(ok.status).toBe(201);
    expect(ok.json).toEqual({ state: 'accepted', email, role: 'employee' });

    const tokens = await itStack().signIn(email, password);
    const me = await api('/me', { token: tokens.idToken });
    expect(me.status).toBe(200);
    expect(me.json.groups).toEqual(['employee']);
    const profile = await api('/people/me/profile', { token: tokens.idToken });
    expect(profile.json).toMatchObject({ firstName: 'Ana', lastName: 'Pop', role: 'employee' });

    const again = await api('/invitations/accept', {
      method: 'POST',
      body: { token, firstName: 'X', lastName: 'Y', password: PASSWORD() },
    });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('INVITATION_USED');
    expect((await api('/invitations/check', { method: 'POST', body: { token } })).json.state).toBe('used');

    const list = await api('/invitations?limit=100', { token: admin.token });
    expect(list.status).toBe(200);
    expect(list.json.items.find((i: { email: string }) => i.email === email)).toMatchObject({ status: 'accepted' });
    // Revoking an accepted invitation is refused.
    expect(
      (await api(`/invitations/${encodeURIComponent(email)}/revoke`, { method: 'POST', token: admin.token })).status,
    ).toBe(409);
  });

  it('resend replaces the link; revoke makes every link refused; unknown → 404', async () => {
    const admin = await signUpUser('admin');
    const email = address('rev');
    const since = Math.floor(Date.now() / 1000) - 1;
    expect(
      (await api('/invitations', { method: 'POST', token: admin.token, body: { emails: [email], role: 'employee' } }))
        .status,
    ).toBe(201);
    const first = tokenOf(await waitForMail(email, since));

    const resent = await api(`/invitations/${encodeURIComponent(email)}/resend`, {
      method: 'POST',
      token: admin.token,
    });
    expect(resent.status).toBe(200);
    const mails = await (await fetch(`${itStack().urls.mail.replace(/\/+$/, '')}/store?since=${since}`)).json();
    const tokens = (mails.emails as StoredMail[]).filter((m) => m.destination.to.includes(email)).map(tokenOf);
    expect(tokens).toHaveLength(2);
    const second = tokens.find((t) => t !== first)!;
    expect((await api('/invitations/check', { method: 'POST', body: { token: first } })).json.state).toBe('revoked');
    expect((await api('/invitations/check', { method: 'POST', body: { token: second } })).json.state).toBe('valid');

    const revoked = await api(`/invitations/${encodeURIComponent(email)}/revoke`, {
      method: 'POST',
      token: admin.token,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.json.status).toBe('revoked');
    expect((await api('/invitations/check', { method: 'POST', body: { token: second } })).json.state).toBe('revoked');
    const refused = await api('/invitations/accept', {
      method: 'POST',
      body: { token: second, firstName: 'A', lastName: 'B', password: PASSWORD() },
    });
    expect(refused.status).toBe(410);
    expect(refused.json.error.code).toBe('INVITATION_REVOKED');
    await expect(itStack().signIn(email, 'whatever-Aa1!xx')).rejects.toThrow();

    expect(
      (await api(`/invitations/${encodeURIComponent(address('none'))}/resend`, { method: 'POST', token: admin.token }))
        .status,
    ).toBe(404);
    expect(
      (await api(`/invitations/${encodeURIComponent(address('none'))}/revoke`, { method: 'POST', token: admin.token }))
        .status,
    ).toBe(404);
  });

  it('employees without the portal setting → 403; extranet invites by an employee → 403; nothing is sent', async () => {
    const employee = await signUpUser('employee');
    const email = address('emp403');
    const since = Math.floor(Date.now() / 1000) - 1;
    const a = await api('/invitations', {
      method: 'POST',
      token: employee.token,
      body: { emails: [email], role: 'employee' },
    });
    expect(a.status).toBe(403);
    const b = await api('/invitations', {
      method: 'POST',
      token: employee.token,
      body: { emails: [email], role: 'extranet' },
    });
    expect(b.status).toBe(403);
    await new Promise((r) => setTimeout(r, 300));
    const res = await fetch(`${itStack().urls.mail.replace(/\/+$/, '')}/store?since=${since}`);
    expect(((await res.json()).emails as StoredMail[]).filter((m) => m.destination.to.includes(email))).toHaveLength(0);
  });

  it('an extranet invitee gets the extranet group', async () => {
    const admin = await signUpUser('admin');
    const email = address('ext');
    const since = Math.floor(Date.now() / 1000) - 1;
    expect(
      (await api('/invitations', { method: 'POST', token: admin.token, body: { emails: [email], role: 'extranet' } }))
        .status,
    ).toBe(201);
    const mail = await waitForMail(email, since);
    expect(mail.subject).toMatch(/^You are invited to join /);
    const password = PASSWORD();
    const ok = await api('/invitations/accept', {
      method: 'POST',
      body: { token: tokenOf(mail), firstName: 'Ext', lastName: 'Partner', password },
    });
    expect(ok.status).toBe(201);
    const tokens = await itStack().signIn(email, password);
    expect((await api('/me', { token: tokens.idToken })).json.groups).toEqual(['extranet']);
  });
});
