/**
 * A stored version of a file (see ./drive-entity.ts for drive's access patterns).
 *
 *   Version  PK=DNODE#{n} SK=VER#{v}   versionId, number, size, contentType, key, authorId, createdAt, restoredFrom?,
 *                                      thumbKey?
 *
 * | access pattern                 | how                                                  |
 * |--------------------------------|------------------------------------------------------|
 * | versions of a node, newest first | ONE Query PK=DNODE#{n} begins_with VER# (descending) |
 */
import { Entity, type EntityItem } from 'electrodb';
import type { Raw } from '../data/document';
import { SERVICE, entityConfig } from '../data/electro';
import { E, isKind, itemOf } from './entity-names';
import { nullableString } from './nullable';

export const DriveVersions = new Entity(
  {
    model: { entity: E.version, version: '1', service: SERVICE },
    attributes: {
      nodeId: { type: 'string', required: true, readOnly: true },
      versionId: { type: 'string', required: true, readOnly: true },
      number: { type: 'number', required: true },
      size: { type: 'number', required: true },
      contentType: { type: 'string', required: true },
      key: { type: 'string', required: true },
      authorId: { type: 'string', required: true },
      createdAt: { type: 'string', required: true },
      restoredFrom: { type: 'string' },
      thumbKey: nullableString(),
    },
    indexes: {
      byNode: {
        pk: { field: 'PK', composite: ['nodeId'], template: 'DNODE#${nodeId}', casing: 'none' },
        sk: { field: 'SK', composite: ['versionId'], template: 'VER#${versionId}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type DriveVersionItem = EntityItem<typeof DriveVersions>;

/** The stored item of a put (a TransactWriteItems Put, seeding tests). */
export const versionRow = (item: DriveVersionItem): Raw => itemOf(DriveVersions.create(item));

/** A stored row → the version, or null when it is absent or another kind of item. */
export const versionFromRow = (row: Raw | undefined): DriveVersionItem | null =>
  row && isKind(row, E.version) ? DriveVersions.parse({ Item: row }).data : null;
/** The versions among stored rows (other kinds are skipped). */
export const versionsIn = (rows: Raw[]): DriveVersionItem[] => rows.flatMap((r) => versionFromRow(r) ?? []);
