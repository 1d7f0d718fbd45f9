/**
 * Deleting for good: a trashed item and everything under it — every version's S3 object (and thumbnail) first,
 * then the items (nodes, versions, links, names, search words, share rows), then the quota given back to each
 * version's author. Used by "delete for good", "empty trash" and the daily purge of items trashed 30+ days ago.
 */
import type { UserContext } from '../../shared/auth/claims';
import type { Raw } from '../../shared/data/document';
import { strip } from '../../shared/data/document';
import { LIMITS, type EmptyTrashResult } from '../../shared/drive/contract';
import {
  nameItemKey,
  nodeKey,
  searchPk,
  searchWords,
  sharedKey,
  TRASH_ALL_PK,
  trashPk,
  type NodeItem,
  type VersionItem,
} from '../../shared/drive/drive-entity';
import { deleteObjects } from '../../shared/drive/storage';
import type { JobContext } from '../../shared/runtime/feature-handler';
import { descendants, requireDriveRoot, requireNode } from './node-service';
import { queryAll as queryEvery } from '../../shared/data/query';
import { deleteKeys, queryAll, refundUsage } from './store';

/** Purges one trashed root and its subtree; answers how many nodes went. */
export async function purgeTree(root: NodeItem): Promise<number> {
  const nodes = [root, ...(root.kind === 'folder' ? await descendants(root) : [])];
  const keys: Raw[] = [];
  const objects: string[] = [];
  const refunds = new Map<string, number>();
  for (const n of nodes) {
    const part = await queryAll(nodeKey(n.nodeId).PK);
    for (const r of part) {
      keys.push({ PK: r.PK, SK: r.SK });
      if (r.__edb_e__ === 'driveVersion') {
        const v = strip<VersionItem>(r);
        objects.push(v.key, ...(v.thumbKey ? [v.thumbKey] : []));
        refunds.set(v.authorId, (refunds.get(v.authorId) ?? 0) + v.size);
      }
    }
    // The root's name was freed when it went to the trash; a descendant's is still held.
    if (n.parentId && n.nodeId !== root.nodeId) keys.push(nameItemKey(n.parentId, n.name));
    for (const w of searchWords(n.name)) keys.push({ PK: searchPk(n.driveId), SK: `T#${w}#${n.nodeId}` });
    for (const p of Object.keys(n.acl ?? {})) {
      const [type, id] = p.split('#') as ['user' | 'department', string];
      keys.push(sharedKey(type, id, n.nodeId));
    }
  }
  await deleteObjects(objects);
  // Node items last: a failure midway leaves the root in the trash, and the next purge finishes the job.
  const rootKey = nodeKey(root.nodeId);
  await deleteKeys(keys.filter((k) => !(k.PK === rootKey.PK && k.SK === rootKey.SK)));
  await deleteKeys([rootKey]);
  for (const [u, bytes] of refunds) await refundUsage(u, bytes);
  return nodes.length;
}

export async function purgeOne(user: UserContext, nodeId: string): Promise<void> {
  const a = await requireNode(user, nodeId, 'full', { trashed: 'only' });
  await purgeTree(a.node);
}

export async function emptyTrash(user: UserContext, driveId: string): Promise<EmptyTrashResult> {
  await requireDriveRoot(user, driveId, 'full');
  const rows = await queryAll(trashPk(driveId), 'GSI1', 'GSI1PK');
  let deleted = 0;
  for (const r of rows) deleted += await purgeTree(strip<NodeItem>(r));
  return { deleted };
}

/** The daily schedule: everything trashed more than LIMITS.trashDays ago. */
export async function purgeExpired(ctx: JobContext, now = Date.now()): Promise<number> {
  const cutoff = new Date(now - LIMITS.trashDays * 86_400_000).toISOString();
  let purged = 0;
  const expired = await queryEvery({
    IndexName: 'GSI2',
    KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :cut',
    ExpressionAttributeValues: { ':pk': TRASH_ALL_PK, ':cut': cutoff },
  });
  for (const r of expired) purged += await purgeTree(strip<NodeItem>(r));
  ctx.logger.info('drive trash purged', { purged, cutoff });
  return purged;
}
