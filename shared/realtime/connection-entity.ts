/**
 * WebSocket connections: one item per open connection, expiring after API Gateway's 2-hour maximum.
 *
 * | access pattern                  | how                                         |
 * |---------------------------------|---------------------------------------------|
 * | a connection by id ($disconnect)| GetItem / DeleteItem PK=CONN#{id}, SK=CONN  |
 * | all connections of a user       | Query GSI1 GSI1PK=USER#{sub}#CONNS          |
 */
import { Entity } from 'electrodb';
import { SERVICE, entityConfig } from '../data/electro';

export const CONNECTION_TTL_SECONDS = 2 * 60 * 60;

export const Connections = new Entity(
  {
    model: { entity: 'connection', version: '1', service: SERVICE },
    attributes: {
      connectionId: { type: 'string', required: true },
      userId: { type: 'string', required: true },
      connectedAt: { type: 'string', required: true },
      expiresAt: { type: 'number', required: true },
    },
    indexes: {
      byId: {
        pk: { field: 'PK', composite: ['connectionId'], template: 'CONN#${connectionId}', casing: 'none' },
        sk: { field: 'SK', composite: [], template: 'CONN', casing: 'none' },
      },
      byUser: {
        index: 'GSI1',
        pk: { field: 'GSI1PK', composite: ['userId'], template: 'USER#${userId}#CONNS', casing: 'none' },
        sk: { field: 'GSI1SK', composite: ['connectedAt', 'connectionId'], template: '${connectedAt}#${connectionId}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);
