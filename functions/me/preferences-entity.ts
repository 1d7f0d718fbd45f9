/**
 * A person's interface preferences, edited by them, versioned.
 *
 * | access pattern            | how                                       |
 * |---------------------------|-------------------------------------------|
 * | my preferences            | GetItem PK=USER#{sub}, SK=PREFERENCES      |
 * | save (optimistic version) | Put if absent (version 1) / Update if version = expected |
 */
import { Entity } from 'electrodb';
import { SERVICE, entityConfig } from '../../shared/data/electro';
import { LANGUAGES } from '../../shared/i18n/languages';

export const Preferences = new Entity(
  {
    model: { entity: 'userPreferences', version: '1', service: SERVICE },
    attributes: {
      userId: { type: 'string', required: true, readOnly: true },
      language: { type: LANGUAGES, required: true },
      timeZone: { type: 'string', required: true },
      version: { type: 'number', required: true },
      updatedAt: { type: 'string', required: true },
    },
    indexes: {
      byUser: {
        pk: { field: 'PK', composite: ['userId'], template: 'USER#${userId}', casing: 'none' },
        sk: { field: 'SK', composite: [], template: 'PREFERENCES', casing: 'none' },
      },
    },
  },
  entityConfig(),
);
