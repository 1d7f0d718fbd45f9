import type { Raw } from '../data/document';
import type { EntityWrite } from '../data/transaction';

/** The `__edb_e__` names of drive's item kinds (stream filters and mixed-kind reads tell rows apart by them). */
export const E = {
  node: 'driveNode',
  version: 'driveVersion',
  link: 'driveLink',
  name: 'driveName',
  search: 'driveSearch',
  shared: 'driveShared',
  drive: 'driveRoot',
  usage: 'driveUsage',
  upload: 'driveUpload',
} as const;

/** ElectroDB's entity-name attribute on every stored item. */
const ENTITY_NAME = '__edb_e__';

/** Is this stored row of that entity (any entity name, e.g. another feature's `groupMember`)? */
export const isKind = (row: Raw, entity: string): boolean => row[ENTITY_NAME] === entity;

/** The stored item an entity's put writes (its keys and `__edb_e__` markers come from the entity). */
export const itemOf = (write: EntityWrite): Raw => (write.params() as { Item: Raw }).Item;

/** ElectroDB's markers of an entity's item (only for seeding helpers that cannot import the entity). */
export const markers = (entity: string): Raw => ({ [ENTITY_NAME]: entity, __edb_v__: '1' });
