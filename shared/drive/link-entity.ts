/**
 * A public link to a node (see ./drive-entity.ts for drive's access patterns).
 *
 *   Link  PK=DNODE#{n} SK=LINK#{l}   linkId, driveId, tokenHash, createdBy, createdAt, expiresAt?, passwordHash?,
 *                                    accessCount, lastAccessAt?; GSI1 DLINK#{tokenHash} / LINK
 *
 * | access pattern            | how                                        |
 * |---------------------------|--------------------------------------------|
 * | public links of a node    | ONE Query PK=DNODE#{n} begins_with LINK#   |
 * | a public link by its token | ONE Query GSI1 GSI1PK=DLINK#{sha256(token)} |
 */
import { Entity, type EntityItem } from 'electrodb';
import type { Raw } from '../data/document';
import { SERVICE, entityConfig } from '../data/electro';
import { E, isKind, itemOf } from './entity-names';
import { nullableString } from './nullable';

export const DriveLinks = new Entity(
  {
    model: { entity: E.link, version: '1', service: SERVICE },
    attributes: {
      nodeId: { type: 'string', required: true, readOnly: true },
      linkId: { type: 'string', required: true, readOnly: true },
      driveId: { type: 'string', required: true },
      tokenHash: { type: 'string', required: true, readOnly: true },
      createdBy: { type: 'string', required: true },
      createdAt: { type: 'string', required: true },
      expiresAt: nullableString(),
      passwordHash: nullableString(),
      accessCount: { type: 'number', required: true },
      lastAccessAt: nullableString(),
    },
    indexes: {
      byNode: {
        pk: { field: 'PK', composite: ['nodeId'], template: 'DNODE#${nodeId}', casing: 'none' },
        sk: { field: 'SK', composite: ['linkId'], template: 'LINK#${linkId}', casing: 'none' },
      },
      byToken: {
        index: 'GSI1',
        pk: { field: 'GSI1PK', composite: ['tokenHash'], template: 'DLINK#${tokenHash}', casing: 'none' },
        sk: { field: 'GSI1SK', composite: [], template: 'LINK', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type DriveLinkItem = EntityItem<typeof DriveLinks>;

/** The stored item of a put (a TransactWriteItems Put, seeding tests). */
export const linkRow = (item: DriveLinkItem): Raw => itemOf(DriveLinks.put(item));

/** The links among stored rows (other kinds are skipped). */
export const linksIn = (rows: Raw[]): DriveLinkItem[] =>
  rows.flatMap((r) => (isKind(r, E.link) ? (DriveLinks.parse({ Item: r }).data ?? []) : []));
