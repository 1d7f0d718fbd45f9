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

/** The stored item an entity's put writes (its keys and `__edb_e__` markers come from the entity). */
export const itemOf = (write: EntityWrite): Raw => (write.params() as { Item: Raw }).Item;
