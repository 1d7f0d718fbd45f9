/**
 * The entity names of every CRM item kind (ElectroDB's `__edb_e__` marker, which stream consumers and mixed-kind
 * reads discriminate on). Each entity file declares its own name; this is the one place that reads the marker.
 */
import type { Raw } from '../data/document';

/** The attribute ElectroDB stores an item's entity name in. */
export const ENTITY_NAME_ATTRIBUTE = '__edb_e__';

export const entityNameOf = (row: object | undefined): unknown => (row as Raw | undefined)?.[ENTITY_NAME_ATTRIBUTE];
/** The row is an item of that entity. */
export const isEntityRow = <R extends object>(row: R | undefined, entity: string): row is R =>
  entityNameOf(row) === entity;

/** The people feature's profile items (shared/people/profile-entity.ts), read beside CRM items in one BatchGet. */
export const PROFILE_ENTITY = 'profile';
