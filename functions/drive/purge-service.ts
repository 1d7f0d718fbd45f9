/**
 * Deleting for good: a trashed item and everything under it — every version's S3 object (and thumbnail) first,
 * then the items (nodes, versions, links, names, search words, share rows), then the quota given back to each
 * version's author. Used by "delete for good", "empty trash" and the daily purge of items trashed 30+ days ago.
 */
import type { UserContext } from '../../shared/auth/claims';
import { LIMITS, type EmptyTrashResult } from '../../shared/drive/contract';
import { nodeKey, searchWords, TRASH_ALL_PK, trashPk, type NodeItem } from '../../shared/drive/drive-entity';
import { linksIn, DriveLinks } from '../../shared/drive/link-entity';
import { DriveNames, DriveSearchWords, searchWordKey } from '../../shared/drive/name-entity';
import { nameItemKey } from '../../shared/drive/drive-entity';
import { DriveNodes, nodesIn, usageRefund } from '../../shared/drive/node-entity';
import { DriveShares } from '../../shared/drive/shared-entity';
import { DriveVersions, versionsIn } from '../../shared/drive/version-entity';
import { deleteObjects } from '../../shared/drive/storage';
import type { JobContext } from '../../shared/runtime/feature-handler';
import { descendants, requireDriveRoot, requireNode } from './node-service';
import { queryAll as queryEvery } from '../../shared/data/query';
import { queryAll } from './store';

/** An entity's batch delete (BatchWriteItem, 25 keys a call): what DynamoDB left unprocessed is sent again. */
interface BatchDelete<K> {
  delete(keys: K[]): { go(): Promise<{ unprocessed: K[] }> };
}
async function deleteAll<K>(entity: BatchDelete<K>, keys: K[]): Promise<void> {
  let pending = keys;
  for (let attempt = 0; pending.length && attempt < 6; attempt++)
    pending = (await entity.delete(pending).go()).unprocessed;
}

/** Purges one trashed root and its subtree; answers how many nodes went. */
export async function purgeTree(root: NodeItem): Promise<number> {
  const nodes = [root, ...(root.kind === 'folder' ? await descendants(root) : [])];
  const objects: string[] = [];
  const refunds = new Map<string, number>();
  const versions: { nodeId: string; versionId: string }[] = [];
  const links: { nodeId: string; linkId: string }[] = [];
  const names: { PK: string; SK: string }[] = [];
  const words: { PK: string; SK: string }[] = [];
  const shares: { principalType: 'user' | 'department'; principalId: string; nodeId: string }[] = [];
  for (const n of nodes) {
    const part = await queryAll(nodeKey(n.nodeId).PK);
    for (const v of versionsIn(part)) {
      versions.push({ nodeId: v.nodeId, versionId: v.versionId });
      objects.push(v.key, ...(v.thumbKey ? [v.thumbKey] : []));
      refunds.set(v.authorId, (refunds.get(v.authorId) ?? 0) + v.size);
    }
    for (const l of linksIn(part)) links.push({ nodeId: l.nodeId, linkId: l.linkId });
    // The root's name was freed when it went to the trash; a descendant's is still held.
    if (n.parentId && n.nodeId !== root.nodeId) names.push(nameItemKey(n.parentId, n.name));
    for (const w of searchWords(n.name)) words.push(searchWordKey(n.driveId, w, n.nodeId));
    for (const p of Object.keys(n.acl ?? {})) {
      const [principalType, principalId] = p.split('#') as ['user' | 'department', string];
      shares.push({ principalType, principalId, nodeId: n.nodeId });
    }
  }
  await deleteObjects(objects);
  await deleteAll(DriveVersions, versions);
  await deleteAll(DriveLinks, links);
  await deleteAll(DriveNames, names);
  await deleteAll(DriveSearchWords, words);
  await deleteAll(DriveShares, shares);
  // Node items last, the root the very last: a failure midway leaves the root in the trash, and the next purge
  // finishes the job.
  await deleteAll(
    DriveNodes,
    nodes.filter((n) => n.nodeId !== root.nodeId).map((n) => ({ nodeId: n.nodeId })),
  );
  await deleteAll(DriveNodes, [{ nodeId: root.nodeId }]);
  for (const [u, bytes] of refunds) if (bytes > 0) await usageRefund(u, bytes).go();
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
  for (const n of nodesIn(rows)) deleted += await purgeTree(n);
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
  for (const n of nodesIn(expired)) purged += await purgeTree(n);
  ctx.logger.info('drive trash purged', { purged, cutoff });
  return purged;
}
