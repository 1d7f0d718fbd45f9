/**
 * A drive node (file, folder or document) and a person's usage counter (see ./drive-entity.ts for drive's access
 * patterns and the key helpers). The node's GSI keys are computed (`N#{nameKey}#{n}`, `S#{size:14}#{n}`…) and
 * sparse (children listings while live under a parent, the trash while trashed directly, nothing otherwise): each
 * is an "attribute as index", the only composite of its key with template `${GSI1PK}` and no casing, so the stored
 * strings are exactly `nodeIndexKeys(n)` and an absent one leaves the node out of that index. Hidden: reads through
 * the entity never return them.
 *
 *   Node   PK=DNODE#{n} SK=NODE   nodeId, driveId, kind, name, nameKey, parentId, ancestors[], size, contentType,
 *                                 format?, currentVersionId, currentKey, versionCount, version, ownerId, createdAt,
 *                                 updatedAt, updatedBy, trashedAt?, trashRootId?, thumbKey?, systemFolder?, acl?,
 *                                 linkCount?; GSI1–GSI3 from nodeIndexKeys
 *   Usage  PK=DUSAGE#{u} SK=USAGE usedBytes (its PK/SK are attributes as indexes, so no userId is stored)
 *
 * | access pattern                                  | how                                                          |
 * |-------------------------------------------------|--------------------------------------------------------------|
 * | a node                                          | GetItem PK=DNODE#{n} SK=NODE                                 |
 * | a folder's children by name / size / modified   | ONE Query GSI1 / GSI2 / GSI3, PK=DKIDS#{folder} (cursor)     |
 * | a drive's trash (trashed roots, newest first)   | ONE Query GSI1 GSI1PK=DTRASH#{drive}                         |
 * | everything trashed before T (purge schedule)    | Query GSI2 GSI2PK=DTRASHALL, GSI2SK < T                      |
 * | my usage (quota)                                | GetItem PK=DUSAGE#{u} SK=USAGE; ADD in the write's transaction |
 * |                                                 | with condition usedBytes <= quota - size                     |
 */
import { CustomAttributeType, type EntityItem } from 'electrodb';
// Built on first use, not at import (shared/data/lazy-entity.ts).
import { Entity } from '../data/lazy-entity';
import type { Raw } from '../data/document';
import { SERVICE, entityConfig } from '../data/electro';
import { DOCUMENT_FORMATS, NODE_KINDS, SYSTEM_FOLDERS } from './contract';
import { nodeIndexKeys, usageKey, type AclEntry, type NodeIndexKeys } from './drive-entity';
import { E, isKind, itemOf } from './entity-names';
import { nullableString } from './nullable';

const indexKey = { type: 'string', hidden: true } as const;
const gsi = (n: 1 | 2 | 3) =>
  ({
    index: `GSI${n}`,
    pk: { field: `GSI${n}PK`, composite: [`GSI${n}PK`], template: `\${GSI${n}PK}`, casing: 'none' },
    sk: { field: `GSI${n}SK`, composite: [`GSI${n}SK`], template: `\${GSI${n}SK}`, casing: 'none' },
  }) as const;

export const DriveNodes = new Entity(
  {
    model: { entity: E.node, version: '1', service: SERVICE },
    attributes: {
      nodeId: { type: 'string', required: true, readOnly: true },
      driveId: { type: 'string', required: true },
      kind: { type: NODE_KINDS, required: true },
      name: { type: 'string', required: true },
      nameKey: { type: 'string', required: true },
      /** null for a drive's root. */
      parentId: { ...nullableString(), required: true },
      /** Root first. */
      ancestors: { type: 'list', items: { type: 'string' }, required: true },
      size: { type: 'number', required: true },
      contentType: { ...nullableString(), required: true },
      format: { type: DOCUMENT_FORMATS },
      currentVersionId: { ...nullableString(), required: true },
      currentKey: { ...nullableString(), required: true },
      versionCount: { type: 'number', required: true },
      version: { type: 'number', required: true },
      ownerId: { type: 'string', required: true },
      createdAt: { type: 'string', required: true },
      updatedAt: { type: 'string', required: true },
      updatedBy: { type: 'string', required: true },
      trashedAt: nullableString(),
      trashRootId: nullableString(),
      thumbKey: nullableString(),
      systemFolder: { type: SYSTEM_FOLDERS },
      /** "user#{id}" | "department#{id}" → the share. */
      acl: { type: CustomAttributeType<Record<string, AclEntry>>('any') },
      linkCount: { type: 'number' },
      GSI1PK: indexKey,
      GSI1SK: indexKey,
      GSI2PK: indexKey,
      GSI2SK: indexKey,
      GSI3PK: indexKey,
      GSI3SK: indexKey,
    },
    indexes: {
      byId: {
        pk: { field: 'PK', composite: ['nodeId'], template: 'DNODE#${nodeId}', casing: 'none' },
        sk: { field: 'SK', composite: [], template: 'NODE', casing: 'none' },
      },
      byName: gsi(1),
      bySize: gsi(2),
      byModified: gsi(3),
    },
  },
  entityConfig(),
);

/** A node as the services handle it (its index keys are derived, never carried). */
export type DriveNodeItem = Omit<EntityItem<typeof DriveNodes>, keyof NodeIndexKeys>;

/** The write of a whole node with its index keys (keys a node no longer has are gone: a Put replaces the item). */
export const nodePut = (n: DriveNodeItem) => DriveNodes.put({ ...n, ...nodeIndexKeys(n) });
/** A new node (fails when the id exists). */
export const nodeCreate = (n: DriveNodeItem) => DriveNodes.create({ ...n, ...nodeIndexKeys(n) });
/** The node, only if it still has the version that was read. */
export const nodePutAt = (n: DriveNodeItem, readVersion: number) =>
  nodePut(n).where(({ version }, { eq }) => eq(version, readVersion));

/** The stored item of a node: exactly what `nodePut` writes. */
export const nodeItem = (n: DriveNodeItem): Raw => itemOf(nodePut(n));

/** A stored row → the node, or null when it is another kind of item (mixed-kind queries and batch reads). */
export const nodeFromRow = (row: Raw | undefined): DriveNodeItem | null =>
  row && isKind(row, E.node) ? DriveNodes.parse({ Item: row }).data : null;

/** The nodes among stored rows (other kinds are skipped). */
export const nodesIn = (rows: Raw[]): DriveNodeItem[] => rows.flatMap((r) => nodeFromRow(r) ?? []);

export const DriveUsage = new Entity(
  {
    model: { entity: E.usage, version: '1', service: SERVICE },
    attributes: {
      PK: { type: 'string', required: true, readOnly: true, hidden: true },
      SK: { type: 'string', required: true, readOnly: true, hidden: true },
      usedBytes: { type: 'number' },
    },
    indexes: {
      byUser: {
        pk: { field: 'PK', composite: ['PK'], template: '${PK}', casing: 'none' },
        sk: { field: 'SK', composite: ['SK'], template: '${SK}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

/** Charges `size` bytes to a person: the condition fails when it would go over the quota. */
export const usageCharge = (userId: string, size: number, quotaBytes: number) =>
  DriveUsage.update(usageKey(userId))
    .add({ usedBytes: size })
    .where(({ usedBytes }, { notExists, lte }) => `${notExists(usedBytes)} OR ${lte(usedBytes, quotaBytes - size)}`);

/** Gives bytes back (purge). */
export const usageRefund = (userId: string, size: number) =>
  DriveUsage.update(usageKey(userId)).add({ usedBytes: -size });
