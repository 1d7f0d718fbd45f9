/**
 * Drive's entities write exactly the items the hand-built rows used to: same keys, GSI strings, `__edb_e__` markers,
 * attribute names and nulls (existing data, the stream filters and the listings depend on them).
 */
import { linkRow } from '../../../shared/drive/link-entity';
import { nameRow, searchRows } from '../../../shared/drive/name-entity';
import { sharedRow } from '../../../shared/drive/shared-entity';
import { driveRow } from '../../../shared/drive/root-entity';
import { uploadRow } from '../../../shared/drive/upload-entity';
import { versionRow } from '../../../shared/drive/version-entity';

const marks = (entity: string) => ({ __edb_e__: entity, __edb_v__: '1' });

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
});
