/**
 * A person's profile: the portal's own record of each user (Cognito keeps only credentials and groups).
 * Shared contract: registration and invitations create profiles, the people feature edits and lists
 * them, other features read names from here.
 *
 * | access pattern                          | how                                                       |
 * |-----------------------------------------|-----------------------------------------------------------|
 * | a profile by user id                    | GetItem PK=USER#{userId}, SK=PROFILE                      |
 * | directory by first name (prefix search) | Query GSI1 GSI1PK=DIRECTORY, begins_with(GSI1SK, {first last}) |
 * | directory by last name (prefix search)  | Query GSI2 GSI2PK=DIRECTORY, begins_with(GSI2SK, {last first}) |
 * | newest first (who joined lately)        | Query GSI3 GSI3PK=JOINED, GSI3SK >= {since}, descending   |
 * | edit (optimistic version)               | UpdateItem with condition version = expected              |
 * | create (people: version 0)              | PutItem if attribute_not_exists (version 1)               |
 * | set photo keys / role / status mirror   | UpdateItem if the item exists, no version check: these do |
 * |                                          | not conflict with the person's text edits (functions/people) |
 *
 * `nameKey`/`surnameKey` are lower-cased and stripped of diacritics ("Ștefan" → "stefan") so a search
 * finds people however the name is typed. Deactivated people stay listed with their status.
 */
import type { EntityItem } from 'electrodb';
// Built on first use, not at import (shared/data/lazy-entity.ts).
import { Entity } from '../data/lazy-entity';
import { SERVICE, entityConfig } from '../data/electro';
import { LANGUAGES } from '../i18n/languages';
import { ROLES } from '../auth/roles';

export const PROFILE_STATUSES = ['active', 'deactivated'] as const;

/** Search key: lower case, no diacritics, single spaces. */
export const searchKey = (...parts: (string | undefined)[]): string =>
  parts
    .filter(Boolean)
    .join(' ')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

/** What a derived key's `set` sees of the item being written (ElectroDB types it `any`). */
type NameParts = { firstName?: string; lastName?: string };

/** The profile rows' entity name (`__edb_e__`): readable without building the entity. */
export const PROFILE_ENTITY = 'profile';

export const Profiles = new Entity(
  {
    model: { entity: PROFILE_ENTITY, version: '1', service: SERVICE },
    attributes: {
      userId: { type: 'string', required: true, readOnly: true },
      email: { type: 'string', required: true },
      firstName: { type: 'string', required: true },
      lastName: { type: 'string', required: true },
      position: { type: 'string' },
      phone: { type: 'string' },
      /** S3 keys of the photo and its thumbnail (derived from the user id, never from a file name). */
      photoKey: { type: 'string' },
      thumbnailKey: { type: 'string' },
      language: { type: LANGUAGES, required: true },
      timeZone: { type: 'string', required: true },
      role: { type: ROLES, required: true },
      status: { type: PROFILE_STATUSES, required: true },
      departmentIds: { type: 'list', items: { type: 'string' } },
      nameKey: {
        type: 'string',
        // Derived from the names (never sent by callers): a patch that changes a name must set both names.
        watch: ['firstName', 'lastName'],
        set: (_v, item: NameParts) => searchKey(item.firstName, item.lastName),
      },
      surnameKey: {
        type: 'string',
        // Derived from the names (never sent by callers): a patch that changes a name must set both names.
        watch: ['firstName', 'lastName'],
        set: (_v, item: NameParts) => searchKey(item.lastName, item.firstName),
      },
      createdAt: { type: 'string', required: true, readOnly: true },
      updatedAt: { type: 'string', required: true },
      version: { type: 'number', required: true },
    },
    indexes: {
      byUser: {
        pk: { field: 'PK', composite: ['userId'], template: 'USER#${userId}', casing: 'none' },
        sk: { field: 'SK', composite: [], template: 'PROFILE', casing: 'none' },
      },
      byFirstName: {
        index: 'GSI1',
        pk: { field: 'GSI1PK', composite: [], template: 'DIRECTORY', casing: 'none' },
        sk: { field: 'GSI1SK', composite: ['nameKey', 'userId'], template: '${nameKey}#${userId}', casing: 'none' },
      },
      byJoined: {
        index: 'GSI3',
        pk: { field: 'GSI3PK', composite: [], template: 'JOINED', casing: 'none' },
        sk: { field: 'GSI3SK', composite: ['createdAt', 'userId'], template: '${createdAt}#${userId}', casing: 'none' },
      },
      byLastName: {
        index: 'GSI2',
        pk: { field: 'GSI2PK', composite: [], template: 'DIRECTORY', casing: 'none' },
        sk: {
          field: 'GSI2SK',
          composite: ['surnameKey', 'userId'],
          template: '${surnameKey}#${userId}',
          casing: 'none',
        },
      },
    },
  },
  entityConfig(),
);

export type ProfileItem = EntityItem<typeof Profiles>;
