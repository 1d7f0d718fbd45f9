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
import { E, isKind, itemOf } from './entity-names';

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

/** Takes a name in a folder for a node (fails when the name is taken). */
export const nameCreate = (parentId: string, name: string, nodeId: string, kind: NodeKind) =>
  DriveNames.create({ ...nameItemKey(parentId, name), nodeId, kind });
/** Frees a name in a folder. */
export const nameDelete = (parentId: string, name: string) => DriveNames.delete(nameItemKey(parentId, name));

/** The stored name item of a node in a folder: exactly what `nameCreate` writes. */
export const nameRow = (parentId: string, name: string, nodeId: string, kind: NodeKind): Raw =>
  itemOf(nameCreate(parentId, name, nodeId, kind));

/** A name item of a stored row, or null when it is another kind of item. */
export const nameFromRow = (row: Raw | undefined): DriveNameItem | null =>
  row && isKind(row, E.name) ? DriveNames.parse({ Item: row }).data : null;

export const searchWordKey = (driveId: string, word: string, nodeId: string) => ({
  PK: searchPk(driveId),
  SK: `T#${word}#${nodeId}`,
});

/** The search-word writes of a node's name (one per word, ≤ 8; a put replaces the same word's item). */
export const searchPuts = (driveId: string, nodeId: string, name: string) =>
  searchWords(name).map((w) =>
    DriveSearchWords.put({ ...searchWordKey(driveId, w, nodeId), nodeId, text: searchText(name) }),
  );
/** Removes one word of a node's name from the search. */
export const searchDelete = (driveId: string, word: string, nodeId: string) =>
  DriveSearchWords.delete(searchWordKey(driveId, word, nodeId));

/** The stored search-word items of a node's name: exactly what `searchPuts` writes. */
export const searchRows = (driveId: string, nodeId: string, name: string): Raw[] =>
  searchPuts(driveId, nodeId, name).map(itemOf);

/** The node ids of stored search-word rows (other kinds are skipped). */
export const searchHits = (rows: Raw[]): string[] =>
  rows.flatMap((r) => {
    const hit = isKind(r, E.search) ? DriveSearchWords.parse({ Item: r }).data : null;
    return hit ? [hit.nodeId] : [];
  });
