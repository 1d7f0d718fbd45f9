/**
 * A drive (one per person): its root folder and system folders, put once (see ./drive-entity.ts).
 *
 *   Drive  PK=DDRIVE#{drive} SK=DRIVE   driveId, rootId, systemFolders {uploaded|created|saved: nodeId}
 *
 * | access pattern                  | how                                                     |
 * |---------------------------------|---------------------------------------------------------|
 * | a drive's root and system folders | GetItem PK=DDRIVE#{drive} SK=DRIVE (put with attribute_not_exists) |
 */
import { Entity, type EntityItem } from 'electrodb';
import type { Raw } from '../data/document';
import { SERVICE, entityConfig } from '../data/electro';
import { E, isKind, itemOf } from './entity-names';

export const DriveRoots = new Entity(
  {
    model: { entity: E.drive, version: '1', service: SERVICE },
    attributes: {
      driveId: { type: 'string', required: true, readOnly: true },
      rootId: { type: 'string', required: true },
      systemFolders: {
        type: 'map',
        properties: { uploaded: { type: 'string' }, created: { type: 'string' }, saved: { type: 'string' } },
      },
    },
    indexes: {
      byDrive: {
        pk: { field: 'PK', composite: ['driveId'], template: 'DDRIVE#${driveId}', casing: 'none' },
        sk: { field: 'SK', composite: [], template: 'DRIVE', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type DriveRootItem = EntityItem<typeof DriveRoots>;

/** The stored item of a put (a TransactWriteItems Put, seeding tests). */
export const driveRow = (item: DriveRootItem): Raw => itemOf(DriveRoots.put(item));

/** A stored row → the drive, or null when it is absent or another kind of item. */
export const driveFromRow = (row: Raw | undefined): DriveRootItem | null =>
  row && isKind(row, E.drive) ? DriveRoots.parse({ Item: row }).data : null;
