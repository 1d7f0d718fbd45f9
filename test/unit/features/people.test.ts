import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  AdminAddUserToGroupCommand,
  AdminDisableUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import sharp from 'sharp';
import { handler } from '../../../functions/people/handler';
import { sniffImageType } from '../../../functions/people/photo-store';
import { adminClaims, employeeClaims, extranetClaims } from '../../support/events';
import { invoke, type InvokeOptions } from '../../support/unit-mocks';

process.env.BUCKET_NAME = 'portal-unit-drive';
process.env.USER_POOL_ID = 'us-east-1_unit';

const ddb = mockClient(DynamoDBClient);
const s3 = mockClient(S3Client);
const cognito = mockClient(CognitoIdentityProviderClient);

const stored = {
  PK: 'USER#u1',
  SK: 'PROFILE',
  userId: 'u1',
  email: 'u1@example.com',
  firstName: 'Ștefan',
  lastName: 'Popescu',
  position: 'Engineer',
  language: 'en',
  timeZone: 'UTC',
  role: 'employee',
  status: 'active',
  nameKey: 'stefan popescu',
  surnameKey: 'popescu stefan',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  version: 3,
  __edb_e__: 'profile',
  __edb_v__: '1',
};

/** The part of an SDK stream body the feature uses. */
const body = (b: Buffer) => ({ transformToByteArray: async () => new Uint8Array(b) });

const call = (routeKey: string, opts: InvokeOptions = {}) =>
  invoke(handler, routeKey, { ...opts, claims: opts.claims ?? employeeClaims('u1') });

beforeEach(() => {
  ddb.reset();
  s3.reset();
  cognito.reset();
});

describe('people: my profile', () => {
  it('GET gives a draft from the token (version 0) when no profile is stored, in one read', async () => {
    ddb.on(GetCommand).resolves({});
    const r = await call('GET /people/me/profile');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      userId: 'u1',
      email: 'u1@example.com',
      firstName: '',
      lastName: '',
      version: 0,
      role: 'employee',
      status: 'active',
      language: 'en',
      timeZone: 'UTC',
      hasPhoto: false,
    });
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input.Key).toEqual({ PK: 'USER#u1', SK: 'PROFILE' });
    expect(ddb.calls()).toHaveLength(1);
  });

  it('version 0 creates the profile only if absent, with the role from the token and diacritic-free keys', async () => {
    ddb.on(PutCommand).resolves({});
    const r = await call('PATCH /people/me/profile', {
      claims: adminClaims('u1'),
      body: { firstName: '  Ștefan ', lastName: 'Popescu', phone: '+40 721 000 000', version: 0 },
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      firstName: 'Ștefan',
      lastName: 'Popescu',
      role: 'admin',
      status: 'active',
      version: 1,
    });
    const put = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(put?.ConditionExpression).toMatch(/attribute_not_exists/);
    expect(put?.Item).toMatchObject({
      GSI1PK: 'DIRECTORY',
      GSI1SK: 'stefan popescu#u1',
      GSI2SK: 'popescu stefan#u1',
      version: 1,
      language: 'en',
      timeZone: 'UTC',
    });
  });

  it('version 0 without names is refused naming both fields, nothing written', async () => {
    const r = await call('PATCH /people/me/profile', { body: { position: 'x', version: 0 } });
    expect(r.status).toBe(400);
    expect(r.json.error.fields.map((f: { path: string }) => f.path)).toEqual(['firstName', 'lastName']);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('an edit is conditional on the version and rewrites both directory keys', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { ...stored, firstName: 'Ion', version: 4 } });
    const r = await call('PATCH /people/me/profile', { body: { firstName: 'Ion', lastName: 'Popescu', version: 3 } });
    expect(r.json).toMatchObject({ firstName: 'Ion', version: 4 });
    const upd = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(upd?.ConditionExpression).toMatch(/#version = :version0/);
    expect(upd?.ExpressionAttributeValues).toMatchObject({
      ':version0': 3,
      ':GSI1SK_u0': 'ion popescu#u1',
      ':GSI2SK_u0': 'popescu ion#u1',
    });
  });

  it('one name alone is completed with the stored other name (directory keys hold both)', async () => {
    ddb.on(GetCommand).resolves({ Item: stored });
    ddb.on(UpdateCommand).resolves({ Attributes: { ...stored, lastName: 'Ionescu', version: 4 } });
    await call('PATCH /people/me/profile', { body: { lastName: 'Ionescu', version: 3 } });
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues).toMatchObject({
      ':GSI1SK_u0': 'stefan ionescu#u1',
    });
  });

  it('a stale version gets 409 with the current profile', async () => {
    ddb
      .on(UpdateCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    ddb.on(GetCommand).resolves({ Item: stored });
    const r = await call('PATCH /people/me/profile', { body: { position: 'Lead', version: 2 } });
    expect(r.status).toBe(409);
    expect(r.json.error).toMatchObject({
      code: 'CONFLICT',
      current: { firstName: 'Ștefan', position: 'Engineer', version: 3 },
    });
  });

  it('bad input is refused naming the field, before any write', async () => {
    const cases: [unknown, string][] = [
      [{ firstName: 'x'.repeat(61), version: 1 }, 'firstName'],
      [{ firstName: '   ', version: 1 }, 'firstName'],
      [{ phone: 'call me', version: 1 }, 'phone'],
      [{ position: 'a\u0000b', version: 1 }, 'position'],
      [{ firstName: 'A' }, 'version'],
      [{ firstName: 'A', version: 1, role: 'admin' }, '(body)'],
    ];
    for (const [b, field] of cases) {
      const r = await call('PATCH /people/me/profile', { body: b });
      expect({ b, status: r.status }).toEqual({ b, status: 400 });
      expect(r.json.error.fields.map((f: { path: string }) => f.path)).toContain(field);
    }
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('people: photo', () => {
  it('upload: a 5-minute presigned PUT for a key from the user id and a fresh id, type and length signed', async () => {
    const r = await call('POST /people/me/photo/upload', { body: { contentType: 'image/png', size: 1234 } });
    expect(r.status).toBe(200);
    expect(r.json.uploadId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    const url = new URL(r.json.url);
    expect(url.pathname).toContain(`/people/u1/photos/${r.json.uploadId}`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
      expect.arrayContaining(['content-length', 'content-type', 'host']),
    );
    expect(s3.calls()).toHaveLength(0);
  });

  it('upload: other types and sizes over 5 MB are refused', async () => {
    for (const b of [
      { contentType: 'image/gif', size: 10 },
      { contentType: 'image/png', size: 5 * 1024 * 1024 + 1 },
      { contentType: 'image/png', size: 0 },
    ]) {
      expect((await call('POST /people/me/photo/upload', { body: b })).status).toBe(400);
    }
  });

  it('magic bytes', () => {
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('89504e470d0a1a0a0000', 'hex'))).toBe('image/png');
    expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(Buffer.from('<svg xmlns='))).toBeNull();
  });

  it('complete: content that is not the declared type is refused and deleted', async () => {
    ddb.on(GetCommand).resolves({ Item: stored });
    s3.on(HeadObjectCommand).resolves({ ContentLength: 100, ContentType: 'image/png' });
    s3.on(GetObjectCommand).resolves({ Body: body(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])) as never });
    s3.on(DeleteObjectsCommand).resolves({});
    const r = await call('POST /people/me/photo/complete', { body: { uploadId: '01JABCDEFGHJKMNPQRSTVWXYZ0' } });
    expect(r.status).toBe(422);
    expect(r.json.error.fields[0].path).toBe('uploadId');
    expect(s3.commandCalls(GetObjectCommand)[0]?.args[0].input.Range).toBe('bytes=0-15');
    expect(s3.commandCalls(DeleteObjectsCommand)[0]?.args[0].input.Delete?.Objects).toEqual([
      { Key: 'people/u1/photos/01JABCDEFGHJKMNPQRSTVWXYZ0' },
    ]);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('complete: an unknown upload is 404; no profile yet is 422', async () => {
    ddb.on(GetCommand).resolves({ Item: stored });
    s3.on(HeadObjectCommand).rejects(
      Object.assign(new Error('NotFound'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } }),
    );
    expect(
      (await call('POST /people/me/photo/complete', { body: { uploadId: '01JABCDEFGHJKMNPQRSTVWXYZ0' } })).status,
    ).toBe(404);
    ddb.on(GetCommand).resolves({});
    expect(
      (await call('POST /people/me/photo/complete', { body: { uploadId: '01JABCDEFGHJKMNPQRSTVWXYZ0' } })).status,
    ).toBe(422);
  });

  it('complete: a real PNG becomes a re-encoded photo and a 128 px thumbnail on the profile; the old photo goes', async () => {
    const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#3366cc' } })
      .png()
      .toBuffer();
    ddb.on(GetCommand).resolves({
      Item: {
        ...stored,
        photoKey: 'people/u1/photos/OLD-full.webp',
        thumbnailKey: 'people/u1/photos/OLD-thumb.webp',
      },
    });
    ddb.on(UpdateCommand).resolves({ Attributes: { ...stored } });
    s3.on(HeadObjectCommand).resolves({ ContentLength: png.length, ContentType: 'image/png' });
    s3.on(GetObjectCommand, { Range: 'bytes=0-15' }).resolves({ Body: body(png.subarray(0, 16)) as never });
    s3.on(GetObjectCommand, { Range: undefined }).resolves({ Body: body(png) as never });
    s3.on(PutObjectCommand).resolves({});
    s3.on(DeleteObjectsCommand).resolves({});
    const r = await call('POST /people/me/photo/complete', { body: { uploadId: '01JABCDEFGHJKMNPQRSTVWXYZ0' } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ hasPhoto: true, thumbnail: true });
    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    const thumb = puts.find((p) => p.Key?.endsWith('-thumb.webp'));
    expect(thumb?.Key).toBe('people/u1/photos/01JABCDEFGHJKMNPQRSTVWXYZ0-thumb.webp');
    const meta = await sharp(thumb?.Body as Buffer).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([128, 128, 'webp']);
    const deleted = s3
      .commandCalls(DeleteObjectsCommand)
      .flatMap((c) => c.args[0].input.Delete?.Objects?.map((o) => o.Key));
    expect(deleted).toEqual(
      expect.arrayContaining([
        'people/u1/photos/01JABCDEFGHJKMNPQRSTVWXYZ0',
        'people/u1/photos/OLD-full.webp',
        'people/u1/photos/OLD-thumb.webp',
      ]),
    );
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues).toMatchObject({
      ':thumbnailKey_u0': thumb?.Key,
    });
  });

  it('photo GET: a presigned GET of the thumbnail; extranet partners get 404 for others', async () => {
    ddb.on(GetCommand).resolves({
      Item: { ...stored, photoKey: 'people/u1/photos/A-full.webp', thumbnailKey: 'people/u1/photos/A-thumb.webp' },
    });
    const r = await call('GET /people/{userId}/photo', { pathParameters: { userId: 'u1' }, query: { size: 'thumb' } });
    expect(r.status).toBe(200);
    expect(new URL(r.json.url).pathname).toContain('A-thumb.webp');
    expect(new URL(r.json.url).searchParams.get('X-Amz-Expires')).toBe('300');
    expect(
      (await call('GET /people/{userId}/photo', { claims: extranetClaims('e1'), pathParameters: { userId: 'u1' } }))
        .status,
    ).toBe(404);
  });
});

describe('people: directory', () => {
  it('one Query on GSI1 with the diacritic-free prefix, a signed cursor bound to the search', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [stored],
      LastEvaluatedKey: { PK: 'USER#u1', SK: 'PROFILE', GSI1PK: 'DIRECTORY', GSI1SK: 'stefan popescu#u1' },
    });
    const r = await call('GET /people', { query: { q: 'Ștef', limit: '1' } });
    expect(r.status).toBe(200);
    expect(r.json.items).toEqual([
      {
        userId: 'u1',
        firstName: 'Ștefan',
        lastName: 'Popescu',
        position: 'Engineer',
        email: 'u1@example.com',
        role: 'employee',
        status: 'active',
        hasPhoto: false,
        departmentIds: [],
      },
    ]);
    const q = ddb.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(q).toMatchObject({
      IndexName: 'GSI1',
      Limit: 1,
      ExpressionAttributeValues: { ':pk': 'DIRECTORY', ':sk1': 'stef' },
    });
    expect(q?.KeyConditionExpression).toMatch(/begins_with/);
    expect(ddb.calls()).toHaveLength(1);
    expect(typeof r.json.cursor).toBe('string');

    // the cursor continues the same search, and only that one
    ddb.on(QueryCommand).resolves({ Items: [] });
    expect((await call('GET /people', { query: { q: 'stef', cursor: r.json.cursor } })).status).toBe(200);
    expect(ddb.commandCalls(QueryCommand)[1]?.args[0].input.ExclusiveStartKey).toMatchObject({
      GSI1SK: 'stefan popescu#u1',
    });
    expect((await call('GET /people', { query: { q: 'ion', cursor: r.json.cursor } })).status).toBe(400);
    const tampered = `${r.json.cursor.slice(0, 5)}${r.json.cursor[5] === 'A' ? 'B' : 'A'}${r.json.cursor.slice(6)}`;
    const bad = await call('GET /people', { query: { q: 'stef', cursor: tampered } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields[0].path).toBe('query.cursor');
  });

  it('by=last queries GSI2', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    await call('GET /people', { query: { q: 'Pop', by: 'last' } });
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'GSI2',
      ExpressionAttributeValues: { ':sk1': 'pop' },
    });
  });

  it('extranet partners may not list the directory, and see only their own card', async () => {
    expect((await call('GET /people', { claims: extranetClaims('e1') })).status).toBe(403);
    expect(
      (await call('GET /people/{userId}', { claims: extranetClaims('e1'), pathParameters: { userId: 'u1' } })).status,
    ).toBe(404);
    ddb.on(GetCommand).resolves({});
    expect(
      (await call('GET /people/{userId}', { claims: extranetClaims('e1'), pathParameters: { userId: 'e1' } })).json,
    ).toMatchObject({ userId: 'e1', version: 0 });
    expect((await call('GET /people/{userId}', { pathParameters: { userId: 'nobody' } })).status).toBe(404);
  });
});

describe('people: roles (admin)', () => {
  it('changes the Cognito group, signs the person out everywhere and mirrors the profile', async () => {
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: 'employee' }] });
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    cognito.on(AdminRemoveUserFromGroupCommand).resolves({});
    cognito.on(AdminUserGlobalSignOutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    const r = await call('PATCH /people/{userId}/role', {
      claims: adminClaims('a1'),
      pathParameters: { userId: 'u1' },
      body: { role: 'extranet' },
    });
    expect(r).toEqual({ status: 200, json: { userId: 'u1', role: 'extranet' } });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)[0]?.args[0].input).toEqual({
      UserPoolId: 'us-east-1_unit',
      Username: 'u1',
      GroupName: 'extranet',
    });
    expect(cognito.commandCalls(AdminRemoveUserFromGroupCommand)[0]?.args[0].input.GroupName).toBe('employee');
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)).toHaveLength(1);
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues).toMatchObject({
      ':role_u0': 'extranet',
    });
  });

  it('an admin cannot demote or deactivate themselves; unknown people are 404; employees are 403', async () => {
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: 'admin' }] });
    expect(
      (
        await call('PATCH /people/{userId}/role', {
          claims: adminClaims('a1'),
          pathParameters: { userId: 'a1' },
          body: { role: 'employee' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await call('POST /people/{userId}/deactivate', { claims: adminClaims('a1'), pathParameters: { userId: 'a1' } }))
        .status,
    ).toBe(403);
    expect(cognito.commandCalls(AdminDisableUserCommand)).toHaveLength(0);
    cognito
      .on(AdminListGroupsForUserCommand)
      .rejects(new UserNotFoundException({ message: 'User does not exist.', $metadata: {} }));
    expect(
      (await call('POST /people/{userId}/deactivate', { claims: adminClaims('a1'), pathParameters: { userId: 'zz' } }))
        .status,
    ).toBe(404);
    expect((await call('POST /people/{userId}/deactivate', { pathParameters: { userId: 'zz' } })).status).toBe(403);
  });

  it('deactivation disables the account and revokes its sessions', async () => {
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: 'employee' }] });
    cognito.on(AdminDisableUserCommand).resolves({});
    cognito.on(AdminUserGlobalSignOutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    const r = await call('POST /people/{userId}/deactivate', {
      claims: adminClaims('a1'),
      pathParameters: { userId: 'u1' },
    });
    expect(r.json).toEqual({ userId: 'u1', status: 'deactivated' });
    expect(cognito.commandCalls(AdminDisableUserCommand)).toHaveLength(1);
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)).toHaveLength(1);
  });
});
