/**
 * Drive's entities write exactly the items the hand-built rows used to: same keys, GSI strings, `__edb_e__` markers,
 * attribute names and nulls (existing data, the stream filters and the listings depend on them).
 */
import { nodeRow, type NodeItem } from '../../../shared/drive/drive-entity';
import { linkRow } from '../../../shared/drive/link-entity';
import {
  nodeCreate,
  nodeFromRow,
  nodeItem,
  nodePutAt,
  usageCharge,
  usageRefund,
} from '../../../shared/drive/node-entity';
import { nameRow, searchRows } from '../../../shared/drive/name-entity';
import { sharedRow } from '../../../shared/drive/shared-entity';
import { driveRow } from '../../../shared/drive/root-entity';
import { uploadRow } from '../../../shared/drive/upload-entity';
import { versionRow } from '../../../shared/drive/version-entity';

const marks = (entity: string) => ({ __edb_e__: entity, __edb_v__: '1' });

const file: NodeItem = {
  nodeId: 'N1',
  driveId: 'user:u1',
  kind: 'file',
  name: 'Raport.pdf',
  nameKey: 'raport.pdf',
  parentId: 'F1',
  ancestors: ['R1', 'F1'],
  size: 1234,
  contentType: 'application/pdf',
  currentVersionId: 'V2',
  currentKey: 'drive/N1/V2',
  versionCount: 2,
  version: 5,
  ownerId: 'u1',
  createdAt: '2026-06-01T00:00:00.000Z',
  updatedAt: '2026-06-02T00:00:00.000Z',
  updatedBy: 'u2',
  thumbKey: null,
  acl: { 'department#DEP1': { right: 'edit', by: 'u1', at: '2026-06-01T10:00:00.000Z' } },
  linkCount: 1,
};

describe('drive items keep their stored layout', () => {
  it('a version: PK=DNODE#{n} SK=VER#{v}, a cleared thumbnail stays null', () => {
    const v = {
      nodeId: 'N1',
      versionId: 'V1',
      number: 2,
      size: 10,
      contentType: 'text/plain',
      key: 'drive/N1/V1',
      authorId: 'u1',
      createdAt: '2026-06-01T00:00:00.000Z',
      restoredFrom: 'V0',
      thumbKey: null,
    };
    expect(versionRow(v)).toEqual({ PK: 'DNODE#N1', SK: 'VER#V1', ...v, ...marks('driveVersion') });
  });

  it('a public link: keyed under its node and found by its token hash on GSI1', () => {
    const l = {
      nodeId: 'N1',
      linkId: 'L1',
      driveId: 'D1',
      tokenHash: 'h4sh',
      createdBy: 'u1',
      createdAt: '2026-06-01T00:00:00.000Z',
      expiresAt: null,
      passwordHash: null,
      accessCount: 0,
      lastAccessAt: null,
    };
    expect(linkRow(l)).toEqual({
      PK: 'DNODE#N1',
      SK: 'LINK#L1',
      GSI1PK: 'DLINK#h4sh',
      GSI1SK: 'LINK',
      ...l,
      ...marks('driveLink'),
    });
  });

  it('a drive: PK=DDRIVE#{d} SK=DRIVE with its system folders', () => {
    const d = { driveId: 'D1', rootId: 'R1', systemFolders: { uploaded: 'F1', created: 'F2', saved: 'F3' } };
    expect(driveRow(d)).toEqual({ PK: 'DDRIVE#D1', SK: 'DRIVE', ...d, ...marks('driveRoot') });
  });

  it('a multipart upload session: PK=DUPLOAD#{id} SK=UPLOAD, an empty parts map and the TTL kept', () => {
    const u = {
      uploadId: 'U1',
      userId: 'u1',
      driveId: 'D1',
      parentId: 'F1',
      ancestors: ['R1', 'F1'],
      nodeId: 'N1',
      versionId: 'V1',
      newNode: true,
      name: 'a.bin',
      size: 20_000_000,
      contentType: 'application/octet-stream',
      key: 'drive/N1/V1',
      mode: 'multipart' as const,
      s3UploadId: 's3u',
      partCount: 2,
      parts: {},
      createdAt: '2026-06-01T00:00:00.000Z',
      expiresAt: 1_780_000_000,
    };
    expect(uploadRow(u)).toEqual({ PK: 'DUPLOAD#U1', SK: 'UPLOAD', ...u, ...marks('driveUpload') });
  });

  it('a unique name: PK=DNAME#{folder} SK=N#{name key} holding only the node and its kind', () => {
    expect(nameRow('F1', 'Raport Anual.PDF', 'N1', 'file')).toEqual({
      PK: 'DNAME#F1',
      SK: 'N#raport anual.pdf',
      nodeId: 'N1',
      kind: 'file',
      ...marks('driveName'),
    });
  });

  it('search words: one item per word without diacritics, each holding the whole searchable text', () => {
    expect(searchRows('D1', 'N1', 'Ședință buget')).toEqual([
      { PK: 'DSEARCH#D1', SK: 'T#sedinta#N1', nodeId: 'N1', text: 'sedinta buget', ...marks('driveSearch') },
      { PK: 'DSEARCH#D1', SK: 'T#buget#N1', nodeId: 'N1', text: 'sedinta buget', ...marks('driveSearch') },
    ]);
  });

  it('a "shared with" row per department: PK=DSHARED#department#{id} SK=N#{n}', () => {
    expect(
      sharedRow('department', 'DEP1', 'N1', 'D1', { right: 'edit', by: 'u1', at: '2026-06-01T00:00:00.000Z' }),
    ).toEqual({
      PK: 'DSHARED#department#DEP1',
      SK: 'N#N1',
      nodeId: 'N1',
      driveId: 'D1',
      principalType: 'department',
      principalId: 'DEP1',
      right: 'edit',
      sharedBy: 'u1',
      sharedAt: '2026-06-01T00:00:00.000Z',
      ...marks('driveShared'),
    });
  });

  it('a live node under a folder: listed by name, size and modified on GSI1–GSI3, cleared values kept as null', () => {
    expect(nodeItem(file)).toEqual({
      PK: 'DNODE#N1',
      SK: 'NODE',
      GSI1PK: 'DKIDS#F1',
      GSI1SK: 'N#raport.pdf#N1',
      GSI2PK: 'DKIDS#F1',
      GSI2SK: 'S#00000000001234#N1',
      GSI3PK: 'DKIDS#F1',
      GSI3SK: 'M#2026-06-02T00:00:00.000Z#N1',
      ...file,
      ...marks('driveNode'),
    });
  });

  it("a node trashed directly: in its drive's trash and the purge index, out of the listings (no GSI3)", () => {
    const trashed = { ...file, trashedAt: '2026-06-03T00:00:00.000Z', trashRootId: 'N1' };
    const row = nodeItem(trashed);
    expect(row).toMatchObject({
      GSI1PK: 'DTRASH#user:u1',
      GSI1SK: '2026-06-03T00:00:00.000Z#N1',
      GSI2PK: 'DTRASHALL',
      GSI2SK: '2026-06-03T00:00:00.000Z#N1',
      trashedAt: '2026-06-03T00:00:00.000Z',
      trashRootId: 'N1',
    });
    expect(row).not.toHaveProperty('GSI3PK');
    expect(row).not.toHaveProperty('GSI3SK');
  });

  it('a drive root (no parent) carries no index keys; a restored node stores its cleared trash fields as null', () => {
    const root: NodeItem = { ...file, nodeId: 'R1', kind: 'folder', parentId: null, ancestors: [], acl: {} };
    expect(Object.keys(nodeItem(root)).filter((k) => k.startsWith('GSI'))).toEqual([]);
    expect(nodeItem(root)).toMatchObject({ parentId: null, acl: {} });
    expect(nodeItem({ ...file, trashedAt: null, trashRootId: null })).toMatchObject({
      trashedAt: null,
      trashRootId: null,
      GSI1PK: 'DKIDS#F1',
    });
  });

  it('the seeding helper nodeRow (tests without the drive environment) writes what the entity writes', () => {
    const cases: NodeItem[] = [
      file,
      { ...file, trashedAt: '2026-06-03T00:00:00.000Z', trashRootId: 'N1' },
      { ...file, parentId: null, ancestors: [] },
      { ...file, kind: 'document', format: 'markdown', systemFolder: undefined },
    ];
    for (const n of cases) expect(nodeItem(n)).toEqual(nodeRow(n));
  });

  it('a stored node reads back as the node without its index keys; other kinds of rows are not nodes', () => {
    expect(nodeFromRow(nodeItem(file))).toEqual(file);
    expect(
      nodeFromRow(
        versionRow({
          nodeId: 'N1',
          versionId: 'V1',
          number: 1,
          size: 1,
          contentType: 'a/b',
          key: 'k',
          authorId: 'u',
          createdAt: 'c',
        }),
      ),
    ).toBeNull();
    expect(nodeFromRow(undefined)).toBeNull();
  });

  it('node writes: a new node only where none is, a replacement only at the version that was read', () => {
    expect(nodeCreate(file).params()).toMatchObject({
      ConditionExpression: 'attribute_not_exists(#PK) AND attribute_not_exists(#SK)',
    });
    expect(nodePutAt(file, 4).params()).toMatchObject({
      Item: nodeItem(file),
      ConditionExpression: '#version = :version0',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':version0': 4 },
    });
  });

  it('usage: a charge adds the bytes and marks the counter, refused past the quota; a refund only adds', () => {
    expect(usageCharge('u1', 100, 1000).params()).toEqual({
      TableName: 'portal-unit',
      Key: { PK: 'DUSAGE#u1', SK: 'USAGE' },
      UpdateExpression: 'SET #__edb_e__ = :__edb_e___u0, #__edb_v__ = :__edb_v___u0 ADD #usedBytes :usedBytes_u0',
      ConditionExpression: 'attribute_not_exists(#usedBytes) OR #usedBytes <= :usedBytes0',
      ExpressionAttributeNames: { '#usedBytes': 'usedBytes', '#__edb_e__': '__edb_e__', '#__edb_v__': '__edb_v__' },
      ExpressionAttributeValues: {
        ':usedBytes_u0': 100,
        ':usedBytes0': 900,
        ':__edb_e___u0': 'driveUsage',
        ':__edb_v___u0': '1',
      },
    });
    expect(usageRefund('u1', 40).params()).toMatchObject({
      Key: { PK: 'DUSAGE#u1', SK: 'USAGE' },
      ExpressionAttributeValues: { ':usedBytes_u0': -40 },
    });
    expect(usageRefund('u1', 40).params()).not.toHaveProperty('ConditionExpression');
  });
});
