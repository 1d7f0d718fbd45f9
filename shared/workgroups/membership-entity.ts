/**
 * Group membership: the shared read contract. functions/workgroups writes these rows; other features
 * (tasks: "is this person a member of the task's group?") read them through this module without
 * importing functions/workgroups.
 *
 * | access pattern                         | how                                                               |
 * |----------------------------------------|-------------------------------------------------------------------|
 * | is U a member of G (and which role)    | GetItem PK=GROUP#{G} SK=MEMBER#{U}  (or one key of a BatchGet)     |
 * | members of G                           | Query PK=GROUP#{G}, begins_with(SK, 'MEMBER#')                     |
 * | my groups, by name                     | Query GSI1 GSI1PK=USER#{U}#GROUPS (GSI1SK = {nameKey}#{groupId})   |
 *
 * Rows carry a summary of the group (name, kind, visibility) so "my groups" needs no second read; the
 * workgroups feature rewrites them when a group is renamed or changes visibility.
 */
import type { EntityItem } from 'electrodb';
// Built on first use, not at import (shared/data/lazy-entity.ts).
import { Entity } from '../data/lazy-entity';
import { SERVICE, entityConfig } from '../data/electro';
import { GROUP_KINDS, GROUP_ROLES, GROUP_VISIBILITIES } from './contract';

export const MEMBERSHIP_ENTITY = 'groupMember';
export const groupPk = (groupId: string) => `GROUP#${groupId}`;
export const memberSk = (userId: string) => `MEMBER#${userId}`;
export const MEMBER_PREFIX = 'MEMBER#';
export const myGroupsPk = (userId: string) => `USER#${userId}#GROUPS`;

export const Memberships = new Entity(
  {
    model: { entity: MEMBERSHIP_ENTITY, version: '1', service: SERVICE },
    attributes: {
      groupId: { type: 'string', required: true, readOnly: true },
      userId: { type: 'string', required: true, readOnly: true },
      role: { type: GROUP_ROLES, required: true },
      extranet: { type: 'boolean', required: true },
      joinedAt: { type: 'string', required: true },
      groupName: { type: 'string', required: true },
      nameKey: { type: 'string', required: true },
      kind: { type: GROUP_KINDS, required: true },
      visibility: { type: GROUP_VISIBILITIES, required: true },
    },
    indexes: {
      byGroup: {
        pk: { field: 'PK', composite: ['groupId'], template: 'GROUP#${groupId}', casing: 'none' },
        sk: { field: 'SK', composite: ['userId'], template: 'MEMBER#${userId}', casing: 'none' },
      },
      byUser: {
        index: 'GSI1',
        pk: { field: 'GSI1PK', composite: ['userId'], template: 'USER#${userId}#GROUPS', casing: 'none' },
        sk: { field: 'GSI1SK', composite: ['nameKey', 'groupId'], template: '${nameKey}#${groupId}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type MembershipItem = EntityItem<typeof Memberships>;

/** The stored item of a membership (seeding tests): exactly what `Memberships.put` writes. */
export function membershipRow(m: MembershipItem): Record<string, unknown> {
  return (Memberships.put(m).params() as { Item: Record<string, unknown> }).Item;
}

/** A stored row → the membership, or null when it is another kind of item. */
export function membershipFromRow(row: Record<string, unknown> | undefined): MembershipItem | null {
  if (!row || row.__edb_e__ !== MEMBERSHIP_ENTITY) return null;
  return Memberships.parse({ Item: row }).data;
}

/** ONE GetItem: U's membership of G, or null. */
export async function membershipOf(groupId: string, userId: string): Promise<MembershipItem | null> {
  return (await Memberships.get({ groupId, userId }).go()).data;
}
