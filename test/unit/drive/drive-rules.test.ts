/** Drive rules without I/O: the rights rule, the name / size / type schemas, and S3 keys and presigned URLs. */
import { createUploadBody, nodeName, atLeast } from '../../../shared/drive/contract';
import { effectiveRight, driveRight, inTrash } from '../../../shared/drive/rights';
import { nodeIndexKeys, searchWords, type NodeItem } from '../../../shared/drive/drive-entity';
import { objectKey, presignPut, presignGet } from '../../../shared/drive/storage';

const person = (sub: string, groups: ('employee' | 'extranet' | 'admin')[] = ['employee']) => ({
  sub,
  groups,
  isAdmin: groups.includes('admin'),
  isExtranet: groups.includes('extranet') && !groups.includes('employee') && !groups.includes('admin'),
});
const node = (id: string, driveId: string, acl: NodeItem['acl'] = {}, extra: Partial<NodeItem> = {}): NodeItem => ({
  nodeId: id,
  driveId,
  kind: 'folder',
  name: id,
  nameKey: id,
  parentId: null,
  ancestors: [],
  size: 0,
  contentType: null,
  currentVersionId: null,
  currentKey: null,
  versionCount: 0,
  version: 1,
  ownerId: 'owner',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  updatedBy: 'owner',
  acl,
  ...extra,
});
const at = '2026-01-01T00:00:00Z';

describe('rights', () => {
  it('drive base rights: owner full on My Drive, employees edit the company drive, group roles, admins full, others nothing', () => {
    expect(driveRight({ user: person('u1'), driveId: 'user:u1', groupRole: null })).toBe('full');
    expect(driveRight({ user: person('u2'), driveId: 'user:u1', groupRole: null })).toBeNull();
    expect(driveRight({ user: person('u2'), driveId: 'company', groupRole: null })).toBe('edit');
    expect(driveRight({ user: person('x', ['extranet']), driveId: 'company', groupRole: null })).toBeNull();
    expect(driveRight({ user: person('n', []), driveId: 'company', groupRole: null })).toBeNull();
    expect(driveRight({ user: person('x', ['extranet']), driveId: 'group:G', groupRole: 'member' })).toBe('edit');
    expect(driveRight({ user: person('m'), driveId: 'group:G', groupRole: 'moderator' })).toBe('full');
    expect(driveRight({ user: person('o'), driveId: 'group:G', groupRole: null })).toBeNull();
    expect(driveRight({ user: person('a', ['admin']), driveId: 'user:u1', groupRole: null })).toBe('full');
  });

  it('shares on any folder above apply; the highest right wins; department shares count; shares never reduce', () => {
    const root = node('R', 'user:u1');
    const top = node('T', 'user:u1', { 'user#u2': { right: 'read', by: 'u1', at } });
    const sub = node('S', 'user:u1', { 'department#D1': { right: 'edit', by: 'u1', at } });
    const chain = [root, top, sub];
    expect(effectiveRight({ user: person('u2'), chain, driveId: 'user:u1', departmentIds: [], groupRole: null })).toBe(
      'read',
    );
    expect(
      effectiveRight({ user: person('u2'), chain, driveId: 'user:u1', departmentIds: ['D1'], groupRole: null }),
    ).toBe('edit');
    expect(
      effectiveRight({ user: person('u3'), chain, driveId: 'user:u1', departmentIds: ['D2'], groupRole: null }),
    ).toBeNull();
    // Only above/at the node: a share on a sibling path does not leak.
    expect(
      effectiveRight({ user: person('u2'), chain: [root], driveId: 'user:u1', departmentIds: ['D1'], groupRole: null }),
    ).toBeNull();
    // The owner keeps full whatever the shares say.
    expect(
      effectiveRight({
        user: person('u1'),
        chain: [node('X', 'user:u1', { 'user#u1': { right: 'read', by: 'u1', at } })],
        driveId: 'user:u1',
        departmentIds: [],
        groupRole: null,
      }),
    ).toBe('full');
    expect(atLeast('edit', 'read')).toBe(true);
    expect(atLeast('read', 'edit')).toBe(false);
    expect(atLeast(null, 'read')).toBe(false);
  });

  it('a node is in the trash when it or a folder above it is', () => {
    expect(
      inTrash([
        node('R', 'company'),
        node('A', 'company', {}, { trashedAt: at, trashRootId: 'A' }),
        node('B', 'company'),
      ]),
    ).toBe(true);
    expect(inTrash([node('R', 'company'), node('B', 'company')])).toBe(false);
  });
});

describe('names, sizes, types', () => {
  it.each([
    ['report.pdf', true],
    ['  spaced  ', true],
    ['Ștefan — notițe.md', true],
    ['a/b', false],
    ['a\\b', false],
    ['..', false],
    ['.', false],
    ['', false],
    ['   ', false],
    ['tab\there', false],
    ['nul\u0000', false],
    ['x'.repeat(256), false],
  ])('%j valid: %s', (name, ok) => {
    expect(nodeName.safeParse(name).success).toBe(ok);
  });

  it('upload bodies: negative or fractional sizes and malformed types are refused, naming the field', () => {
    const base = { name: 'a.txt', size: 1, contentType: 'text/plain' };
    const field = (b: unknown) => {
      const r = createUploadBody.safeParse(b);
      return r.success ? null : r.error.issues.map((i) => i.path.join('.'));
    };
    expect(field(base)).toBeNull();
    expect(field({ ...base, size: -1 })).toEqual(['size']);
    expect(field({ ...base, size: 1.5 })).toEqual(['size']);
    expect(field({ ...base, contentType: 'text' })).toEqual(['contentType']);
    expect(field({ ...base, name: '../../etc/passwd' })).toEqual(['name']);
    expect(field({ ...base, extra: 1 })).not.toBeNull();
    expect(createUploadBody.parse({ ...base, contentType: 'Text/Plain' }).contentType).toBe('text/plain');
  });

  it('search words: lower case, no diacritics, split on punctuation, unique', () => {
    expect(searchWords('Raport Ștefan-2026 raport.PDF')).toEqual(['raport', 'stefan', '2026', 'pdf']);
  });

  it('index keys: live nodes list under their folder; a trashed root moves to the trash indexes', () => {
    const live = node('N', 'company', {}, { parentId: 'P', nameKey: 'doc', size: 42 });
    expect(nodeIndexKeys(live)).toMatchObject({ GSI1PK: 'DKIDS#P', GSI1SK: 'N#doc#N', GSI2SK: 'S#00000000000042#N' });
    const trashed = { ...live, trashedAt: at, trashRootId: 'N' };
    expect(nodeIndexKeys(trashed)).toEqual({
      GSI1PK: 'DTRASH#company',
      GSI1SK: `${at}#N`,
      GSI2PK: 'DTRASHALL',
      GSI2SK: `${at}#N`,
    });
  });
});

describe('S3 keys and presigned URLs', () => {
  beforeAll(() => {
    process.env.BUCKET_NAME = 'drive-bucket';
  });

  it('keys are made of server ids only', () => {
    expect(objectKey('user:abc-1', '01HNODE', '01HVER')).toBe('drive/user-abc-1/01HNODE/01HVER');
    expect(objectKey('group:01HG', 'N', 'V')).toBe('drive/group-01HG/N/V');
  });

  it('a presigned PUT signs the content type and length and expires in 5 minutes', async () => {
    const url = new URL(await presignPut('drive/company/N/V', 'text/plain', 123));
    expect(url.pathname).toContain('drive/company/N/V');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-SignedHeaders')!.split(';')).toEqual(
      expect.arrayContaining(['content-length', 'content-type', 'host']),
    );
  });

  it('a presigned GET names the file as an attachment unless inline is safe for its type', async () => {
    const att = new URL(await presignGet('k', 'a "b".html', 'text/html', true));
    expect(att.searchParams.get('response-content-disposition')).toMatch(/^attachment; filename="a _b_.html"/);
    expect(att.searchParams.get('response-content-type')).toBe('text/plain');
    const pdf = new URL(await presignGet('k', 'x.pdf', 'application/pdf', true));
    expect(pdf.searchParams.get('response-content-disposition')).toMatch(/^inline;/);
  });
});
