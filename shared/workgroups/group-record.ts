/**
 * The group item as other features read it (tasks: a group's stages, to place a task on its board;
 * messenger: a group's chat). functions/workgroups owns and writes it through `Groups`.
 *
 * | access pattern                 | how                                                              |
 * |--------------------------------|------------------------------------------------------------------|
 * | a group                        | GetItem PK=GROUP#{g} SK=GROUP (or one key of a BatchGet)         |
 * | open groups by name (prefix)   | ONE Query GSI1 GSI1PK=GROUPS begins_with(GSI1SK, nameKey)        |
 *
 *   Group  PK=GROUP#{groupId} SK=GROUP; GSI1PK=GROUPS GSI1SK={nameKey}#{groupId} only while open (directory)
 *
 * The directory index is sparse: its keys are attributes (`GSI1PK`, `GSI1SK`) derived from the visibility and
 * name on every put of the whole group (writers always put the whole group, see functions/workgroups).
 */
import type { EntityItem } from 'electrodb';
// Built on first use, not at import (shared/data/lazy-entity.ts).
import { Entity } from '../data/lazy-entity';
import type { Raw } from '../data/document';
import { SERVICE, entityConfig } from '../data/electro';
import { GROUP_KINDS, GROUP_VISIBILITIES } from './contract';
import { groupPk } from './membership-entity';

export const GROUP_ENTITY = 'group';
export const GROUP_SK = 'GROUP';
export const groupKey = (groupId: string) => ({ PK: groupPk(groupId), SK: GROUP_SK });
export const DIRECTORY_PK = 'GROUPS';

const isOpen = (item: Record<string, unknown>) => item.visibility === 'open';

export const Groups = new Entity(
  {
    model: { entity: GROUP_ENTITY, version: '1', service: SERVICE },
    attributes: {
      groupId: { type: 'string', required: true, readOnly: true },
      name: { type: 'string', required: true },
      nameKey: { type: 'string', required: true },
      description: { type: 'string', required: true },
      kind: { type: GROUP_KINDS, required: true },
      visibility: { type: GROUP_VISIBILITIES, required: true },
      ownerId: { type: 'string', required: true },
      projectStart: { type: 'string' },
      projectEnd: { type: 'string' },
      stages: {
        type: 'list',
        required: true,
        items: {
          type: 'map',
          properties: { stageId: { type: 'string', required: true }, title: { type: 'string', required: true } },
        },
      },
      memberCount: { type: 'number', required: true },
      version: { type: 'number', required: true },
      createdAt: { type: 'string', required: true, readOnly: true },
      updatedAt: { type: 'string', required: true },
      // The sparse directory keys: present only while the group is open.
      GSI1PK: {
        type: 'string',
        hidden: true,
        watch: ['visibility', 'nameKey'],
        set: (_v: unknown, item: Record<string, unknown>) => (isOpen(item) ? DIRECTORY_PK : undefined),
      },
      GSI1SK: {
        type: 'string',
        hidden: true,
        watch: ['visibility', 'nameKey'],
        set: (_v: unknown, item: Record<string, unknown>) =>
          isOpen(item) ? `${String(item.nameKey)}#${String(item.groupId)}` : undefined,
      },
    },
    indexes: {
      byId: {
        pk: { field: 'PK', composite: ['groupId'], template: 'GROUP#${groupId}', casing: 'none' },
        sk: { field: 'SK', composite: [], template: GROUP_SK, casing: 'none' },
      },
      directory: {
        index: 'GSI1',
        pk: { field: 'GSI1PK', composite: ['GSI1PK'], template: '${GSI1PK}', casing: 'none' },
        sk: { field: 'GSI1SK', composite: ['GSI1SK'], template: '${GSI1SK}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type GroupRecord = Omit<EntityItem<typeof Groups>, 'GSI1PK' | 'GSI1SK'>;

export const isGroupRow = (row: Record<string, unknown> | undefined): row is Raw =>
  !!row && row.__edb_e__ === GROUP_ENTITY;

/** A stored group row → the typed record (ElectroDB's parsing: keys and markers dropped). */
export function groupFromRow(row: Raw): GroupRecord {
  const { data } = Groups.parse({ Item: row });
  if (!data) throw new Error('groupFromRow: not a group item');
  return data;
}

/** The stored item of a group (seeding tests): exactly what `Groups.put` writes. */
export const groupRow = (g: GroupRecord): Raw => (Groups.put(g).params() as { Item: Raw }).Item;
