/**
 * The scheduler's heartbeat: one item, rewritten by the `heartbeat` schedule.
 *
 * | access pattern      | how                                     |
 * |---------------------|-----------------------------------------|
 * | read / write beat   | GetItem / PutItem PK=SYSTEM, SK=HEARTBEAT |
 */
import { Entity } from 'electrodb';
import { SERVICE, entityConfig } from '../../shared/data/electro';

export const Heartbeats = new Entity(
  {
    model: { entity: 'heartbeat', version: '1', service: SERVICE },
    attributes: {
      name: { type: 'string', required: true },
      at: { type: 'string', required: true },
    },
    indexes: {
      byName: {
        pk: { field: 'PK', composite: [], template: 'SYSTEM', casing: 'none' },
        sk: { field: 'SK', composite: ['name'], template: 'HEARTBEAT#${name}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);
