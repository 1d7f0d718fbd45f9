/**
 * The archive's pieces that must not lose anything: items keep every DynamoDB type through JSON, object
 * versions are replayed per key oldest first, and a changed or missing file fails verification.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { emptyManifest, sha256File, verifyArchive } from '../../../infra/tenant/archive';
import { replayOrder } from '../../../infra/tenant/export';
import { fromJsonItem, toJsonItem, type Item } from '../../../infra/tenant/item-json';

it('items survive JSON with every type: binary and binary sets as base64, number text as written, nesting', () => {
  const item: Item = {
    PK: { S: 'X#1' },
    n: { N: '12.50' },
    b: { B: new Uint8Array([0, 255, 7]) },
    bs: { BS: [new Uint8Array([1]), new Uint8Array([2, 3])] },
    ss: { SS: ['a', 'b'] },
    ns: { NS: ['1', '2'] },
    m: { M: { l: { L: [{ NULL: true }, { BOOL: false }, { M: { deep: { B: new Uint8Array([9]) } } }] } } },
  };
  const text = JSON.stringify(toJsonItem(item));
  expect(JSON.parse(text).b).toEqual({ B: 'AP8H' });
  expect(fromJsonItem(JSON.parse(text))).toEqual(item);
});

it('replays versions key by key, oldest first; equal timestamps keep S3 order reversed (S3 lists newest first)', () => {
  const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
  const listed = [
    { key: 'b', id: 'b2', lastModified: t(5) },
    { key: 'b', id: 'b1', lastModified: t(1) },
    { key: 'a', id: 'a3', lastModified: t(9) },
    { key: 'a', id: 'a2', lastModified: t(9) },
    { key: 'a', id: 'a1', lastModified: t(2) },
  ];
  expect(replayOrder(listed).map((v) => v.id)).toEqual(['a1', 'a2', 'a3', 'b1', 'b2']);
});

it('verification names every file that is missing or differs from the manifest', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tenant-archive-'));
  try {
    const m = emptyManifest('acme', { where: 'local', region: 'us-east-1', table: 't', bucket: 'b', userPoolId: 'p' });
    for (const name of ['same', 'changed', 'missing']) {
      writeFileSync(path.join(dir, name), `content of ${name}`);
      m.files[name] = { bytes: `content of ${name}`.length, sha256: await sha256File(path.join(dir, name)) };
    }
    expect(await verifyArchive(dir, m)).toEqual([]);
    writeFileSync(path.join(dir, 'changed'), 'content of chanGed');
    rmSync(path.join(dir, 'missing'));
    expect(await verifyArchive(dir, m)).toEqual(['changed', 'missing']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
