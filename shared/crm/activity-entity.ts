/**
 * A record's timeline entries (entity crmActivity): PK = CRM#{recordId}, SK = ACT#{activityId} (a ULID, so the
 * partition reads in time order). System kinds (stage, document, email, …) are written in the transaction of the
 * change they describe; manual kinds (note, call, meeting, task) carry a `version`.
 *
 * | access pattern            | how |
 * |---|---|
 * | a record's timeline       | ONE Query PK = CRM#{id} begins_with ACT# (newest first) |
 * | an activity               | GetItem |
 * | add with a change         | Put in the change's transaction |
 * | my open todos, soonest due | ONE Query GSI1 CRMTODO#{authorId} (sparse: only open todos carry the keys; ./attention.ts) |
 */
import { Entity, type EntityItem } from 'electrodb';
import { entityConfig, SERVICE } from '../data/electro';

export const ACTIVITY_ENTITY = 'crmActivity';

const buildActivities = () =>
  new Entity(
    {
      model: { entity: ACTIVITY_ENTITY, version: '1', service: SERVICE },
      attributes: {
        recordId: { type: 'string', required: true },
        activityId: { type: 'string', required: true },
        kind: { type: 'string', required: true },
        by: { type: 'string', required: true },
        byName: { type: 'string', required: true },
        at: { type: 'string', required: true },
        text: { type: 'string' },
        dueAt: { type: 'string' },
        done: { type: 'boolean' },
        durationMin: { type: 'number' },
        outcome: { type: 'string' },
        place: { type: 'string' },
        meta: { type: 'any' },
        version: { type: 'number' },
        /** When a manual activity's text was last edited. */
        editedAt: { type: 'string' },
        /** An open todo's GSI1 keys (attention.ts `plannedKeys`); removed when it is done. Plain attributes, not an
         * ElectroDB index, so a patch can SET or REMOVE them without naming GSI1PK twice. */
        plannedKey: { type: 'string', field: 'GSI1PK' },
        plannedSort: { type: 'string', field: 'GSI1SK' },
      },
      indexes: {
        primary: {
          pk: { field: 'PK', composite: ['recordId'], template: 'CRM#${recordId}', casing: 'none' },
          sk: { field: 'SK', composite: ['activityId'], template: 'ACT#${activityId}', casing: 'none' },
        },
      },
    },
    entityConfig(),
  );

let built: ReturnType<typeof buildActivities> | undefined;
/** Built on first use (the table name is read then, not at import). */
export const Activities = () => (built ??= buildActivities());

export type ActivityItem = EntityItem<ReturnType<typeof Activities>>;
