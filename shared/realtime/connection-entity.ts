/**
 * WebSocket connections: one item per open connection, expiring after API Gateway's 2-hour maximum.
 *
 * | access pattern                  | how                                         |
 * |---------------------------------|---------------------------------------------|
 * | a connection by id ($disconnect)| GetItem / DeleteItem PK=CONN#{id}, SK=CONN  |
 * | all connections of a user       | Query GSI1 GSI1PK=USER#{sub}#CONNS          |
 * | every live connection (fan-out) | Query GSI2 GSI2PK=CONNS (GSI2SK={userId}#{connectionId}) |
 *
 * The tenant's sockets share one GSI2 partition: each tenant is its own stack, so this is one company's
 * online sockets (hundreds, a few KB each). A chat fan-out reads it with ONE Query and filters it by the
 * member set in memory instead of one Query per member.
 */
// Built on first use, not at import (shared/data/lazy-entity.ts).
import { Entity } from '../data/lazy-entity';
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
        sk: {
          field: 'GSI1SK',
          composite: ['connectedAt', 'connectionId'],
          template: '${connectedAt}#${connectionId}',
          casing: 'none',
        },
      },
      all: {
        index: 'GSI2',
        pk: { field: 'GSI2PK', composite: [], template: 'CONNS', casing: 'none' },
        sk: {
          field: 'GSI2SK',
          composite: ['userId', 'connectionId'],
          template: '${userId}#${connectionId}',
          casing: 'none',
        },
      },
    },
  },
  entityConfig(),
);
