/**
 * Unique names per folder and the search words of a name (see ./drive-entity.ts for drive's access patterns).
 * Neither stores the parts of its key (folder, name key, drive, word): their PK/SK are "attributes as indexes",
 * each the only composite of its key with template `${PK}` and no casing, so the stored strings stay exactly
 * the ones drive-entity.ts computes (nameItemKey, searchPk).
 *
 *   Name    PK=DNAME#{parent} SK=N#{nameKey}   nodeId, kind (unique name per folder; removed while trashed)
 *   Search  PK=DSEARCH#{drive} SK=T#{word}#{n} nodeId, text (one per word of the name, ≤ 8)
 *
 * | access pattern          | how                                                                      |
 * |-------------------------|--------------------------------------------------------------------------|
 * | is name X taken in folder F | GetItem PK=DNAME#{F} SK=N#{nameKey} (put with attribute_not_exists) |
 * | search a drive by name  | ONE Query PK=DSEARCH#{drive} begins_with T#{word} + ONE BatchGet         |
 */
import { Entity, type EntityItem } from 'electrodb';
import type { Raw } from '../data/document';
import { SERVICE, entityConfig } from '../data/electro';
import { NODE_KINDS, type NodeKind } from './contract';
import { nameItemKey, searchPk, searchText, searchWords } from './drive-entity';
import { E, itemOf } from './entity-names';

const ownKey = { type: 'string', required: true, readOnly: true, hidden: true } as const;
const ownKeyIndex = {
  pk: { field: 'PK', composite: ['PK'], template: '${PK}', casing: 'none' },
  sk: { field: 'SK', composite: ['SK'], template: '${SK}', casing: 'none' },
} as const;

export const DriveNames = new Entity(
  {
    model: { entity: E.name, version: '1', service: SERVICE },
    attributes: {
      PK: ownKey,
      SK: ownKey,
      nodeId: { type: 'string', required: true },
      kind: { type: NODE_KINDS, required: true },
    },
    indexes: { byFolder: ownKeyIndex },
  },
  entityConfig(),
);

export const DriveSearchWords = new Entity(
  {
    model: { entity: E.search, version: '1', service: SERVICE },
    attributes: {
      PK: ownKey,
      SK: ownKey,
      nodeId: { type: 'string', required: true },
      text: { type: 'string', required: true },
    },
    indexes: { byWord: ownKeyIndex },
  },
  entityConfig(),
);

export type DriveNameItem = EntityItem<typeof DriveNames>;
export type DriveSearchWordItem = EntityItem<typeof DriveSearchWords>;

/** The stored name item of a node in a folder (put with attribute_not_exists: the name is free). */
export const nameRow = (parentId: string, name: string, nodeId: string, kind: NodeKind): Raw =>
  itemOf(DriveNames.put({ ...nameItemKey(parentId, name), nodeId, kind }));

/** The stored search-word items of a node's name (one per word, ≤ 8). */
export const searchRows = (driveId: string, nodeId: string, name: string): Raw[] =>
  searchWords(name).map((w) =>
    itemOf(DriveSearchWords.put({ PK: searchPk(driveId), SK: `T#${w}#${nodeId}`, nodeId, text: searchText(name) })),
  );
