/**
 * "Shared with" rows: one per (person or department, node) holding a right, for the "shared with me" listing
 * (see ./drive-entity.ts for drive's access patterns).
 *
 *   Shared  PK=DSHARED#{type}#{id} SK=N#{n}   nodeId, driveId, principalType, principalId, right, sharedBy, sharedAt
 *
 * | access pattern                         | how                                                  |
 * |----------------------------------------|------------------------------------------------------|
 * | nodes shared with a person / a department | ONE Query PK=DSHARED#{user|department}#{id} (+ ONE BatchGet of nodes) |
 */
import { Entity, type EntityItem } from 'electrodb';
import type { Raw } from '../data/document';
import { SERVICE, entityConfig } from '../data/electro';
import { PRINCIPAL_TYPES, RIGHTS, type PrincipalType } from './contract';
import type { AclEntry } from './drive-entity';
import { E, isKind, itemOf } from './entity-names';

export const DriveShares = new Entity(
  {
    model: { entity: E.shared, version: '1', service: SERVICE },
    attributes: {
      principalType: { type: PRINCIPAL_TYPES, required: true, readOnly: true },
      principalId: { type: 'string', required: true, readOnly: true },
      nodeId: { type: 'string', required: true, readOnly: true },
      driveId: { type: 'string', required: true },
      right: { type: RIGHTS, required: true },
      sharedBy: { type: 'string', required: true },
      sharedAt: { type: 'string', required: true },
    },
    indexes: {
      byPrincipal: {
        pk: {
          field: 'PK',
          composite: ['principalType', 'principalId'],
          template: 'DSHARED#${principalType}#${principalId}',
          casing: 'none',
        },
        sk: { field: 'SK', composite: ['nodeId'], template: 'N#${nodeId}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type DriveShareItem = EntityItem<typeof DriveShares>;

/** The "shared with" write of an ACL entry (a put replaces the same principal's row). */
export const sharedPut = (type: PrincipalType, id: string, nodeId: string, driveId: string, e: AclEntry) =>
  DriveShares.put({
    principalType: type,
    principalId: id,
    nodeId,
    driveId,
    right: e.right,
    sharedBy: e.by,
    sharedAt: e.at,
  });
/** Removes a principal's "shared with" row of a node. */
export const sharedDelete = (type: PrincipalType, id: string, nodeId: string) =>
  DriveShares.delete({ principalType: type, principalId: id, nodeId });

/** The stored "shared with" item of an ACL entry: exactly what `sharedPut` writes. */
export const sharedRow = (type: PrincipalType, id: string, nodeId: string, driveId: string, e: AclEntry): Raw =>
  itemOf(sharedPut(type, id, nodeId, driveId, e));

/** The "shared with" rows among stored rows (other kinds are skipped). */
export const sharesIn = (rows: Raw[]): DriveShareItem[] =>
  rows.flatMap((r) => (isKind(r, E.shared) ? (DriveShares.parse({ Item: r }).data ?? []) : []));
