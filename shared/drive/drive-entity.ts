/**
 * Drive items on the single table, each written by its ElectroDB entity (./*-entity.ts) in one TransactWriteItems
 * per change (shared/data `transaction()`); `__edb_e__` lets stream consumers and mixed-kind reads tell them apart.
 * The entities are in ./*-entity.ts (built when imported, so they need TABLE_NAME); this file only imports their
 * types, so tests can import its key helpers before a stack is up.
 * Shared so other features (tasks attachments) can read a node and check rights (./access.ts).
 *
 * | access pattern                                  | how                                                                    |
 * |-------------------------------------------------|------------------------------------------------------------------------|
 * | a node                                          | GetItem PK=DNODE#{n} SK=NODE                                           |
 * | a node's ancestors (+ profile, + membership)    | ONE BatchGet (permission check)                                        |
 * | a folder's children by name / size / modified   | ONE Query GSI1 / GSI2 / GSI3, PK=DKIDS#{folder} (cursor)               |
 * | a drive's trash (trashed roots, newest first)   | ONE Query GSI1 GSI1PK=DTRASH#{drive}                                   |
 * | everything trashed before T (purge schedule)    | Query GSI2 GSI2PK=DTRASHALL, GSI2SK < T                                |
 * | versions of a node, newest first                | ONE Query PK=DNODE#{n} begins_with VER# (descending)                   |
 * | public links of a node                          | ONE Query PK=DNODE#{n} begins_with LINK#                               |
 * | a public link by its token                      | ONE Query GSI1 GSI1PK=DLINK#{sha256(token)}                            |
 * | is name X taken in folder F                     | GetItem PK=DNAME#{F} SK=N#{nameKey} (put with attribute_not_exists)    |
 * | search a drive by name                          | ONE Query PK=DSEARCH#{drive} begins_with T#{word} + ONE BatchGet       |
 * | nodes shared with a person / a department       | ONE Query PK=DSHARED#{user|department}#{id} (+ ONE BatchGet of nodes)  |
 * | a drive's root and system folders               | GetItem PK=DDRIVE#{drive} SK=DRIVE (put once, attribute_not_exists)    |
 * | my usage (quota)                                | GetItem PK=DUSAGE#{u} SK=USAGE; ADD in the finalize transaction with   |
 * |                                                 | condition usedBytes <= quota - size                                    |
 * | an upload session                               | GetItem PK=DUPLOAD#{id} SK=UPLOAD (TTL a day)                          |
 *
 *   Node     PK=DNODE#{n} SK=NODE       nodeId, driveId, kind, name, nameKey, parentId, ancestors[], size, contentType,
 *                                       format?, currentVersionId, currentKey, versionCount, version, ownerId, createdAt,
 *                                       updatedAt, updatedBy, trashedAt?, trashRootId?, thumbKey?, systemFolder?,
 *                                       acl { "user#{id}" | "department#{id}": { right, by, at } }, linkCount
 *            live, with a parent:  GSI1 DKIDS#{parent} / N#{nameKey}#{n}, GSI2 DKIDS#{parent} / S#{size:14}#{n},
 *                                  GSI3 DKIDS#{parent} / M#{updatedAt}#{n}
 *            trashed directly:     GSI1 DTRASH#{drive} / {trashedAt}#{n}, GSI2 DTRASHALL / {trashedAt}#{n} (no GSI3)
 *            (nodes under a trashed folder keep their keys: the folder's trashedAt hides them, see ancestors)
 *   Version  PK=DNODE#{n} SK=VER#{v}    versionId, number, size, contentType, key, authorId, createdAt, restoredFrom?, thumbKey?
 *   Link     PK=DNODE#{n} SK=LINK#{l}   linkId, tokenHash, createdBy, createdAt, expiresAt?, passwordHash?, accessCount,
 *                                       lastAccessAt?; GSI1 DLINK#{tokenHash} / LINK
 *   Name     PK=DNAME#{parent} SK=N#{nameKey}   nodeId, kind (unique name per folder; removed while trashed)
 *   Search   PK=DSEARCH#{drive} SK=T#{word}#{n} nodeId, nameKey (one per word of the name, ≤ 8)
 *   Shared   PK=DSHARED#{type}#{id} SK=N#{n}    nodeId, driveId, right, sharedBy, sharedAt
 *   Drive    PK=DDRIVE#{drive} SK=DRIVE          driveId, rootId, systemFolders {uploaded|created|saved: nodeId}
 *   Usage    PK=DUSAGE#{u} SK=USAGE               usedBytes (every version counts against its author until purged)
 *   Upload   PK=DUPLOAD#{id} SK=UPLOAD            userId, driveId, parentId, nodeId, versionId, newNode, name, size,
 *                                                 contentType, key, mode, s3UploadId?, partCount?, expiresAt (TTL)
 */
import { createHash } from 'node:crypto';
import type { Raw } from '../data/document';
import { E, markers } from './entity-names';
import type { DriveNodeItem } from './node-entity';
import type { DriveLinkItem } from './link-entity';
import type { DriveRootItem } from './root-entity';
import type { DriveUploadItem } from './upload-entity';
import type { DriveVersionItem } from './version-entity';
import type { NodeView, PrincipalType, Right, VersionView } from './contract';

export { E };

export const nodeKey = (nodeId: string) => ({ PK: `DNODE#${nodeId}`, SK: 'NODE' });
export const versionKey = (nodeId: string, versionId: string) => ({ PK: `DNODE#${nodeId}`, SK: `VER#${versionId}` });
export const linkKey = (nodeId: string, linkId: string) => ({ PK: `DNODE#${nodeId}`, SK: `LINK#${linkId}` });
export const nameKeyOf = (name: string) => name.normalize('NFC').toLowerCase();
export const nameItemKey = (parentId: string, name: string) => ({
  PK: `DNAME#${parentId}`,
  SK: `N#${nameKeyOf(name)}`,
});
export const driveKey = (driveId: string) => ({ PK: `DDRIVE#${driveId}`, SK: 'DRIVE' });
export const usageKey = (userId: string) => ({ PK: `DUSAGE#${userId}`, SK: 'USAGE' });
export const uploadKey = (uploadId: string) => ({ PK: `DUPLOAD#${uploadId}`, SK: 'UPLOAD' });
export const sharedPk = (type: PrincipalType, id: string) => `DSHARED#${type}#${id}`;
export const searchPk = (driveId: string) => `DSEARCH#${driveId}`;
export const kidsPk = (parentId: string) => `DKIDS#${parentId}`;
export const trashPk = (driveId: string) => `DTRASH#${driveId}`;
export const TRASH_ALL_PK = 'DTRASHALL';
export const linkTokenPk = (tokenHash: string) => `DLINK#${tokenHash}`;
export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
export const profileKey = (userId: string) => ({ PK: `USER#${userId}`, SK: 'PROFILE' });
export const principalKey = (type: PrincipalType, id: string) => `${type}#${id}`;

/** Words of a name for search: lower case, no diacritics, split on anything not a letter or digit. */
export function searchWords(name: string): string[] {
  const words = name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return [...new Set(words)].slice(0, 8);
}
export const searchText = (name: string) => searchWords(name).join(' ');

export interface AclEntry {
  right: Right;
  by: string;
  at: string;
}

/** A node (the entity and its layout are in ./node-entity.ts). */
export type NodeItem = DriveNodeItem;

export type VersionItem = DriveVersionItem;

export type LinkItem = DriveLinkItem;

export type UploadItem = DriveUploadItem;

export type DriveItem = DriveRootItem;

const pad = (n: number) => String(Math.max(0, Math.floor(n))).padStart(14, '0');

/** The GSI key attributes a node carries (absent ones leave it out of that index). */
export interface NodeIndexKeys {
  GSI1PK?: string;
  GSI1SK?: string;
  GSI2PK?: string;
  GSI2SK?: string;
  GSI3PK?: string;
  GSI3SK?: string;
}

/** The index keys of a node: children listings while live, the trash while trashed directly. */
export function nodeIndexKeys(n: NodeItem): NodeIndexKeys {
  if (n.trashedAt && n.trashRootId === n.nodeId) {
    return {
      GSI1PK: trashPk(n.driveId),
      GSI1SK: `${n.trashedAt}#${n.nodeId}`,
      GSI2PK: TRASH_ALL_PK,
      GSI2SK: `${n.trashedAt}#${n.nodeId}`,
    };
  }
  if (!n.parentId) return {};
  return {
    GSI1PK: kidsPk(n.parentId),
    GSI1SK: `N#${n.nameKey}#${n.nodeId}`,
    GSI2PK: kidsPk(n.parentId),
    GSI2SK: `S#${pad(n.size)}#${n.nodeId}`,
    GSI3PK: kidsPk(n.parentId),
    GSI3SK: `M#${n.updatedAt}#${n.nodeId}`,
  };
}

/**
 * The stored item of a node, for tests that seed the table without the drive's environment (the entity needs
 * TABLE_NAME when imported). The drive itself writes nodes only through ./node-entity.ts; its layout test holds
 * this equal to what the entity writes.
 */
export const nodeRow = (n: NodeItem): Raw => ({ ...nodeKey(n.nodeId), ...nodeIndexKeys(n), ...n, ...markers(E.node) });

export function nodeView(n: NodeItem): NodeView {
  return {
    nodeId: n.nodeId,
    driveId: n.driveId,
    kind: n.kind,
    name: n.name,
    parentId: n.parentId,
    ancestors: n.ancestors,
    size: n.size,
    contentType: n.contentType,
    ...(n.format ? { format: n.format } : {}),
    currentVersionId: n.currentVersionId,
    versionCount: n.versionCount,
    version: n.version,
    ownerId: n.ownerId,
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
    updatedBy: n.updatedBy,
    trashedAt: n.trashedAt ?? null,
    trashRootId: n.trashRootId ?? null,
    hasThumbnail: !!n.thumbKey,
    ...(n.systemFolder ? { systemFolder: n.systemFolder } : {}),
    shared: Object.keys(n.acl ?? {}).length > 0 || (n.linkCount ?? 0) > 0,
  };
}

export function versionView(v: VersionItem, currentVersionId: string | null): VersionView {
  return {
    versionId: v.versionId,
    nodeId: v.nodeId,
    number: v.number,
    size: v.size,
    contentType: v.contentType,
    authorId: v.authorId,
    createdAt: v.createdAt,
    ...(v.restoredFrom ? { restoredFrom: v.restoredFrom } : {}),
    current: v.versionId === currentVersionId,
  };
}
