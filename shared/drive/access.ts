/**
 * "May this person read / edit drive node N?" — for functions/drive and for other features (tasks attach
 * drive files: `fileDownload(user, nodeId)` checks the right and answers a short presigned GET of the current
 * version, or null when the person may not see the file — answer 404 then, as for a node that does not exist).
 *
 * Cost: ONE GetItem (the node) + ONE BatchGet (its ancestors, the person's profile for department shares,
 * and the group membership for a group drive).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet as sharedBatchGet } from '../data/batch-get';
import type { UserContext } from '../auth/claims';
import { db, type Raw } from '../data/document';
import { tableName } from '../data/table';
import { groupPk, memberSk, membershipFromRow } from '../workgroups/membership-entity';
import { atLeast, type DownloadView, type NodeView, type Right } from './contract';
import { nodeKey, nodeView, profileKey, type NodeItem } from './drive-entity';
import { nodeFromRow } from './node-entity';
import { effectiveRight, inTrash } from './rights';
import { presignGet, urlExpiry } from './storage';

export type AccessUser = Pick<UserContext, 'sub' | 'isAdmin' | 'isExtranet' | 'groups'>;

export interface NodeAccess {
  node: NodeItem;
  /** Ancestors, root first. */
  ancestors: NodeItem[];
  right: Right | null;
  /** The node or a folder above it is in the trash. */
  trashed: boolean;
  departmentIds: string[];
  groupRole: 'owner' | 'moderator' | 'member' | null;
}

export async function getRaw(key: Raw): Promise<Raw | undefined> {
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: key }));
  return r.Item as Raw | undefined;
}

/** Any keys, deduplicated, chunks of 100, unprocessed keys retried: the one BatchGet of shared/data. */
export const batchGet = (keys: Raw[]): Promise<Raw[]> => sharedBatchGet(keys);

/** A stored row → the node, or null when it is absent or another kind of item. */
export const asNode = nodeFromRow;

export const groupIdOf = (driveId: string) => (driveId.startsWith('group:') ? driveId.slice(6) : null);

/** Rights of a person on an already-read node (the BatchGet of its ancestors, profile and membership). */
export async function accessFor(user: AccessUser, node: NodeItem): Promise<NodeAccess> {
  const gid = groupIdOf(node.driveId);
  const keys: Raw[] = [
    ...node.ancestors.map(nodeKey),
    profileKey(user.sub),
    ...(gid ? [{ PK: groupPk(gid), SK: memberSk(user.sub) }] : []),
  ];
  const rows = await batchGet(keys);
  const byKey = new Map(rows.map((r) => [`${String(r.PK)}|${String(r.SK)}`, r]));
  const ancestors = node.ancestors.flatMap((id) => asNode(byKey.get(`DNODE#${id}|NODE`)) ?? []);
  const profile = byKey.get(`USER#${user.sub}|PROFILE`);
  const departmentIds = Array.isArray(profile?.departmentIds) ? (profile.departmentIds as string[]) : [];
  const member = gid ? membershipFromRow(byKey.get(`GROUP#${gid}|MEMBER#${user.sub}`)) : null;
  const groupRole = member?.role ?? null;
  const chain = [...ancestors, node];
  return {
    node,
    ancestors,
    right: effectiveRight({ user, chain, driveId: node.driveId, departmentIds, groupRole }),
    trashed: inTrash(chain),
    departmentIds,
    groupRole,
  };
}

/** The node and the person's right on it, or null when it does not exist. */
export async function loadAccess(user: AccessUser, nodeId: string): Promise<NodeAccess | null> {
  const node = asNode(await getRaw(nodeKey(nodeId)));
  return node ? accessFor(user, node) : null;
}

/** A live (not trashed) file or document the person may at least `need`; null otherwise. */
export async function readableFile(
  user: AccessUser,
  nodeId: string,
  need: Right = 'read',
): Promise<{ node: NodeView; right: Right } | null> {
  const a = await loadAccess(user, nodeId);
  if (!a || a.trashed || !atLeast(a.right, need) || a.node.kind === 'folder' || !a.node.currentKey) return null;
  return { node: nodeView(a.node), right: a.right! };
}

/** Permission check, then a short presigned GET of the current version; null = not found for this person. */
export async function fileDownload(
  user: AccessUser,
  nodeId: string,
  opts: { inline?: boolean } = {},
): Promise<DownloadView | null> {
  const a = await loadAccess(user, nodeId);
  if (!a || a.trashed || !atLeast(a.right, 'read') || a.node.kind === 'folder' || !a.node.currentKey) return null;
  const n = a.node;
  const contentType = n.contentType ?? 'application/octet-stream';
  return {
    url: await presignGet(n.currentKey!, n.name, contentType, opts.inline ?? false),
    expiresAt: urlExpiry(),
    name: n.name,
    contentType,
    size: n.size,
  };
}
