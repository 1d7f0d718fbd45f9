import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { SendEmailCommand } from '@aws-sdk/client-ses';
import { PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { handler } from '../../../functions/invitations/handler';
import { invitationMail } from '../../../functions/invitations/invitation-mail';
import { adminClaims, employeeClaims } from '../../support/events';
import { oneTimeTokenItem } from '../../support/token-items';
import {
  invoke,
  mailEnv,
  mockMailingFeatureClients,
  stubTable,
  writesBesidesRateCounters,
  type InvokeOptions,
} from '../../support/unit-mocks';

mailEnv();

const { ddb, cognito, ses } = mockMailingFeatureClients();
const now = () => Math.floor(Date.now() / 1000);
const STRONG = 'Correct-Horse-9-Battery';
const TOKEN = 'A'.repeat(43);

const call = (routeKey: string, opts: InvokeOptions = {}) => invoke(handler, routeKey, opts);

const invitationItem = (extra: Record<string, unknown> = {}) => ({
  PK: 'INVITE#new@example.com',
  SK: 'INVITE',
  email: 'new@example.com',
  status: 'pending',
  role: 'employee',
  language: 'ro',
  invitedBy: 'admin-1',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  linkExpiresAt: now() + 600,
  version: 1,
  GSI1PK: 'INVITES',
  GSI1SK: '2026-01-01T00:00:00.000Z#new@example.com',
  __edb_e__: 'invitation',
  __edb_v__: '1',
  ...extra,
});
const tokenItem = (extra: Record<string, unknown> = {}) =>
  oneTimeTokenItem(TOKEN, 'invitation', 'new@example.com', { role: 'employee' }, extra);

/** The portal as stored (written by its entity, so with ElectroDB's markers). */
const portalItem = (extra: Record<string, unknown> = {}) => ({
  PK: 'PORTAL',
  SK: 'META',
  companyName: 'Acme',
  __edb_e__: 'portal',
  __edb_v__: '1',
  ...extra,
});

function table(
  opts: {
    portal?: Record<string, unknown>;
    invitation?: Record<string, unknown>;
    token?: Record<string, unknown>;
    hits?: number;
  } = {},
) {
  stubTable(ddb, {
    hits: opts.hits,
    item: ({ PK }) => {
      if (PK === 'PORTAL') return opts.portal;
      if (PK.startsWith('INVITE#')) return opts.invitation?.PK === PK ? opts.invitation : undefined;
      if (PK.startsWith('OTT#')) return opts.token?.PK === PK ? opts.token : undefined;
      return undefined;
    },
  });
}

const noUser = () =>
  cognito.on(AdminGetUserCommand).rejects(new UserNotFoundException({ message: 'no', $metadata: {} }));
const writes = () => writesBesidesRateCounters(ddb);

describe('POST /invitations', () => {
  it('an admin invites: normalized, de-duplicated, existing accounts reported, a pending item, a token and a Romanian e-mail with the link', async () => {
    table();
    cognito.on(AdminGetUserCommand).callsFake((input: { Username: string }) => {
      if (input.Username === 'old@example.com') return { Username: 'old@example.com', UserAttributes: [] };
      throw new UserNotFoundException({ message: 'no', $metadata: {} });
    });
    const res = await call('POST /invitations', {
      claims: adminClaims(),
      body: { emails: [' New@Example.com', 'new@example.com', 'old@example.com'], role: 'employee', language: 'ro' },
    });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ invited: ['new@example.com'], alreadyMember: ['old@example.com'] });
    const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item as Record<string, unknown>);
    const inv = puts.find((i) => String(i.PK).startsWith('INVITE#'));
    expect(inv).toMatchObject({
      PK: 'INVITE#new@example.com',
      status: 'pending',
      role: 'employee',
      invitedBy: 'admin-1',
      version: 1,
      GSI1PK: 'INVITES',
    });
    expect(inv!.expiresAt).toBeUndefined(); // not the table's TTL attribute
    expect(puts.find((i) => String(i.PK).startsWith('OTT#'))).toMatchObject({
      purpose: 'invitation',
      subject: 'new@example.com',
    });
    const mails = ses.commandCalls(SendEmailCommand);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.args[0].input.Destination?.ToAddresses).toEqual(['new@example.com']);
    expect(mails[0]!.args[0].input.Message?.Subject?.Data).toBe('Ești invitat(ă) în Portal');
    expect(mails[0]!.args[0].input.Message?.Body?.Text?.Data).toMatch(
      /https:\/\/portal\.example\.com\/invite\?token=[A-Za-z0-9_-]{43}/,
    );
  });

  it('employees may not invite unless the portal allows it (no portal = defaults), and never extranet partners', async () => {
    table();
    noUser();
    expect(
      (
        await call('POST /invitations', {
          claims: employeeClaims(),
          body: { emails: ['a@example.com'], role: 'employee' },
        })
      ).status,
    ).toBe(403);
    table({ portal: portalItem({ employeesMayInvite: true }) });
    expect(
      (
        await call('POST /invitations', {
          claims: employeeClaims(),
          body: { emails: ['a@example.com'], role: 'extranet' },
        })
      ).status,
    ).toBe(403);
    const ok = await call('POST /invitations', {
      claims: employeeClaims(),
      body: { emails: ['a@example.com'], role: 'employee' },
    });
    expect(ok.status).toBe(201);
    expect(ok.json.invited).toEqual(['a@example.com']);
  });

  it('refuses bad input naming the field, and more than 50 addresses', async () => {
    table();
    const bad = await call('POST /invitations', {
      claims: adminClaims(),
      body: { emails: ['nope'], role: 'employee' },
    });
    expect(bad.status).toBe(400);
    const many = await call('POST /invitations', {
      claims: adminClaims(),
      body: { emails: Array.from({ length: 51 }, (_, i) => `p${i}@example.com`), role: 'employee' },
    });
    expect(many.status).toBe(400);
    expect(many.json.error.fields.map((f: { path: string }) => f.path)).toContain('emails');
    expect(writes()).toHaveLength(0);
  });

  it('is rate limited per inviter', async () => {
    table({ hits: 21 });
    noUser();
    expect(
      (
        await call('POST /invitations', {
          claims: adminClaims(),
          body: { emails: ['a@example.com'], role: 'employee' },
        })
      ).status,
    ).toBe(429);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});

describe('GET /invitations', () => {
  it('is ONE Query on GSI1, newest first, with a signed cursor', async () => {
    table();
    ddb.on(QueryCommand).resolves({
      Items: [invitationItem()],
      LastEvaluatedKey: { PK: 'INVITE#new@example.com', SK: 'INVITE', GSI1PK: 'INVITES', GSI1SK: 'x' },
    });
    const res = await call('GET /invitations', { claims: adminClaims() });
    expect(res.status).toBe(200);
    expect(res.json.items[0]).toMatchObject({
      email: 'new@example.com',
      status: 'pending',
      state: 'pending',
      role: 'employee',
    });
    expect(typeof res.json.cursor).toBe('string');
    const q = ddb.commandCalls(QueryCommand);
    expect(q).toHaveLength(1);
    expect(q[0]!.args[0].input).toMatchObject({ IndexName: 'GSI1', ScanIndexForward: false });
    expect((await call('GET /invitations', { claims: adminClaims(), query: { cursor: 'forged.cursor' } })).status).toBe(
      400,
    );
  });
});

describe('resend and revoke', () => {
  it('404 for an unknown address', async () => {
    table();
    expect(
      (
        await call('POST /invitations/{email}/resend', {
          claims: adminClaims(),
          pathParameters: { email: 'x@example.com' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call('POST /invitations/{email}/revoke', {
          claims: adminClaims(),
          pathParameters: { email: 'x%40example.com' },
        })
      ).status,
    ).toBe(404);
  });

  it('resend: a new link by e-mail in the invitation language; revoke: status revoked', async () => {
    table({ invitation: invitationItem() });
    const r = await call('POST /invitations/{email}/resend', {
      claims: adminClaims(),
      pathParameters: { email: 'new%40example.com' },
    });
    expect(r.status).toBe(200);
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Message?.Subject?.Data).toBe(
      'Ești invitat(ă) în Portal',
    );
    const v = await call('POST /invitations/{email}/revoke', {
      claims: adminClaims(),
      pathParameters: { email: 'new@example.com' },
    });
    expect(v.status).toBe(200);
    expect(v.json.status).toBe('revoked');
    const upd = ddb
      .commandCalls(UpdateCommand)
      .map((c) => c.args[0].input)
      .find((i) => i.Key?.PK === 'INVITE#new@example.com' && JSON.stringify(i).includes('revoked'));
    expect(upd).toBeDefined();
  });

  it('an accepted invitation cannot be resent or revoked (409)', async () => {
    table({ invitation: invitationItem({ status: 'accepted' }) });
    expect(
      (
        await call('POST /invitations/{email}/resend', {
          claims: adminClaims(),
          pathParameters: { email: 'new@example.com' },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await call('POST /invitations/{email}/revoke', {
          claims: adminClaims(),
          pathParameters: { email: 'new@example.com' },
        })
      ).status,
    ).toBe(409);
  });
});

describe('check and accept', () => {
  it('check tells the state without using the link', async () => {
    table({
      invitation: invitationItem(),
      token: tokenItem(),
      portal: portalItem(),
    });
    expect((await call('POST /invitations/check', { body: { token: TOKEN } })).json).toEqual({
      state: 'valid',
      email: 'new@example.com',
      role: 'employee',
      portalName: 'Acme',
    });
    expect((await call('POST /invitations/check', { body: { token: 'B'.repeat(43) } })).json).toEqual({
      state: 'unknown',
    });
    table({ invitation: invitationItem(), token: tokenItem({ expiresAt: now() - 1 }) });
    expect((await call('POST /invitations/check', { body: { token: TOKEN } })).json.state).toBe('expired');
    table({ invitation: invitationItem({ status: 'revoked' }), token: tokenItem() });
    expect((await call('POST /invitations/check', { body: { token: TOKEN } })).json.state).toBe('revoked');
    expect(writes()).toHaveLength(0);
  });

  it('accept: Cognito user (verified, permanent password), ONE transaction (token + profile + invitation), then the group', async () => {
    table({ invitation: invitationItem({ role: 'extranet' }), token: tokenItem() });
    cognito
      .on(AdminCreateUserCommand)
      .resolves({ User: { Username: 'new@example.com', Attributes: [{ Name: 'sub', Value: 'sub-new' }] } });
    cognito.on(AdminSetUserPasswordCommand).resolves({});
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    const res = await call('POST /invitations/accept', {
      body: { token: TOKEN, firstName: 'Ana', lastName: 'Pop', password: STRONG },
    });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ state: 'accepted', email: 'new@example.com', role: 'extranet' });
    const created = cognito.commandCalls(AdminCreateUserCommand)[0]!.args[0].input;
    expect(created).toMatchObject({ Username: 'new@example.com', MessageAction: 'SUPPRESS' });
    expect(created.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' });
    expect(cognito.commandCalls(AdminSetUserPasswordCommand)[0]!.args[0].input).toMatchObject({
      Password: STRONG,
      Permanent: true,
    });
    const tx = ddb.commandCalls(TransactWriteCommand);
    expect(tx).toHaveLength(1);
    const items = tx[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(3);
    expect(items[1]!.Put!.Item).toMatchObject({
      PK: 'USER#sub-new',
      SK: 'PROFILE',
      firstName: 'Ana',
      role: 'extranet',
      language: 'ro',
    });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)[0]!.args[0].input.GroupName).toBe('extranet');
  });

  it('a weak password → 400 naming password, nothing written', async () => {
    table({ invitation: invitationItem(), token: tokenItem() });
    const res = await call('POST /invitations/accept', {
      body: { token: TOKEN, firstName: 'Ana', lastName: 'Pop', password: 'weak' },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.fields.map((f: { path: string }) => f.path)).toContain('password');
    expect(cognito.commandCalls(AdminCreateUserCommand)).toHaveLength(0);
    expect(writes()).toHaveLength(0);
  });

  it.each([
    ['used', { usedAt: 'x' }, 409, 'INVITATION_USED'],
    ['expired', { expiresAt: 1 }, 410, 'INVITATION_EXPIRED'],
    ['revoked', { revokedAt: 'x' }, 410, 'INVITATION_REVOKED'],
  ])('a %s link is refused with a clear code and nothing is written', async (_l, extra, status, code) => {
    table({ invitation: invitationItem(), token: tokenItem(extra) });
    const res = await call('POST /invitations/accept', {
      body: { token: TOKEN, firstName: 'Ana', lastName: 'Pop', password: STRONG },
    });
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe(code);
    expect(cognito.commandCalls(AdminCreateUserCommand)).toHaveLength(0);
    expect(writes()).toHaveLength(0);
  });

  it('an unknown link → 404; an address that already has an account → 409', async () => {
    table({ invitation: invitationItem(), token: tokenItem() });
    expect(
      (
        await call('POST /invitations/accept', {
          body: { token: 'C'.repeat(43), firstName: 'A', lastName: 'B', password: STRONG },
        })
      ).status,
    ).toBe(404);
    cognito.on(AdminCreateUserCommand).rejects(new UsernameExistsException({ message: 'exists', $metadata: {} }));
    cognito.on(AdminGetUserCommand).resolves({
      Username: 'new@example.com',
      Enabled: true,
      UserStatus: 'CONFIRMED',
      UserAttributes: [
        { Name: 'sub', Value: 'sub-x' },
        { Name: 'email_verified', Value: 'true' },
      ],
    });
    const res = await call('POST /invitations/accept', {
      body: { token: TOKEN, firstName: 'A', lastName: 'B', password: STRONG },
    });
    expect(res.status).toBe(409);
    expect(cognito.commandCalls(AdminDeleteUserCommand)).toHaveLength(0);
    expect(writes()).toHaveLength(0);
  });

  it("pre-hijack: an unconfirmed stage-1 account of the address (maybe made by someone else) is deleted and replaced by the invitee's, with the invitee's password", async () => {
    table({ invitation: invitationItem(), token: tokenItem() });
    cognito
      .on(AdminCreateUserCommand)
      .rejectsOnce(new UsernameExistsException({ message: 'exists', $metadata: {} }))
      .resolves({ User: { Username: 'new@example.com', Attributes: [{ Name: 'sub', Value: 'sub-new' }] } });
    cognito.on(AdminGetUserCommand).resolves({
      Username: 'new@example.com',
      Enabled: false,
      UserStatus: 'CONFIRMED',
      UserAttributes: [
        { Name: 'sub', Value: 'sub-attacker' },
        { Name: 'email_verified', Value: 'false' },
      ],
    });
    cognito.on(AdminDeleteUserCommand).resolves({});
    cognito.on(AdminSetUserPasswordCommand).resolves({});
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    const res = await call('POST /invitations/accept', {
      body: { token: TOKEN, firstName: 'A', lastName: 'B', password: STRONG },
    });
    expect(res.status).toBe(201);
    expect(cognito.commandCalls(AdminDeleteUserCommand)).toHaveLength(1);
    expect(cognito.commandCalls(AdminCreateUserCommand)).toHaveLength(2);
    expect(cognito.commandCalls(AdminSetUserPasswordCommand).map((c) => c.args[0].input)).toEqual([
      expect.objectContaining({ Password: STRONG, Permanent: true }),
    ]);
    const profile = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.find((i) => i.Put)!.Put!
      .Item!;
    expect(profile.userId).toBe('sub-new');
  });

  it('inviting an address whose only account is an unconfirmed registration sends the invitation (it is not a member)', async () => {
    table({});
    cognito.on(AdminGetUserCommand).resolves({
      Username: 'new@example.com',
      Enabled: false,
      UserStatus: 'CONFIRMED',
      UserAttributes: [
        { Name: 'sub', Value: 'sub-attacker' },
        { Name: 'email_verified', Value: 'false' },
      ],
    });
    const res = await call('POST /invitations', {
      body: { emails: ['new@example.com'], role: 'employee' },
      claims: adminClaims(),
    });
    expect(res.json).toMatchObject({ invited: ['new@example.com'], alreadyMember: [] });
  });

  it('a transaction lost to a concurrent use deletes the new Cognito user again', async () => {
    table({ invitation: invitationItem(), token: tokenItem() });
    cognito
      .on(AdminCreateUserCommand)
      .resolves({ User: { Username: 'new@example.com', Attributes: [{ Name: 'sub', Value: 'sub-new' }] } });
    cognito.on(AdminSetUserPasswordCommand).resolves({});
    cognito.on(AdminDeleteUserCommand).resolves({});
    ddb.on(TransactWriteCommand).rejects(
      Object.assign(new Error('cancelled'), {
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
      }),
    );
    const res = await call('POST /invitations/accept', {
      body: { token: TOKEN, firstName: 'A', lastName: 'B', password: STRONG },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(cognito.commandCalls(AdminDeleteUserCommand)).toHaveLength(1);
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
  });
});

describe('the e-mail', () => {
  it('escapes the inviter and portal names', () => {
    const m = invitationMail({
      lang: 'en',
      inviter: '<b>Eve</b>',
      portalName: 'Acme & Co',
      role: 'employee',
      url: 'https://p/invite?token=x',
    });
    expect(m.html).not.toContain('<b>Eve</b>');
    expect(m.subject).toBe('You are invited to join Acme & Co');
  });
});
