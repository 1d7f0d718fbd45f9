/**
 * One-time link tokens (e-mail confirmation, password reset, invitation). Only the SHA-256 of the token
 * is stored; the token itself exists only in the e-mail.
 *
 * | access pattern                               | how                                                 |
 * |----------------------------------------------|-----------------------------------------------------|
 * | the token behind a link                      | GetItem PK=OTT#{hash}, SK=OTT                        |
 * | consume once (not used, not expired)         | UpdateItem with condition, same key                  |
 * | a subject's tokens of a purpose (resend/revoke) | Query GSI1 GSI1PK=OTT#{purpose}#{subject}, newest first |
 */
import { Entity } from 'electrodb';
import { SERVICE, entityConfig } from '../data/electro';

export const TOKEN_PURPOSES = ['verify-email', 'reset-password', 'invitation'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

export const OneTimeTokens = new Entity(
  {
    model: { entity: 'oneTimeToken', version: '1', service: SERVICE },
    attributes: {
      hash: { type: 'string', required: true, readOnly: true },
      purpose: { type: TOKEN_PURPOSES, required: true, readOnly: true },
      /** Whom the token is about: a user id or a normalized e-mail address. */
      subject: { type: 'string', required: true, readOnly: true },
      /** Purpose-specific data (e.g. the invitation's departments). */
      data: { type: 'any' },
      createdAt: { type: 'string', required: true, readOnly: true },
      expiresAt: { type: 'number', required: true },
      usedAt: { type: 'string' },
      revokedAt: { type: 'string' },
    },
    indexes: {
      byHash: {
        pk: { field: 'PK', composite: ['hash'], template: 'OTT#${hash}', casing: 'none' },
        sk: { field: 'SK', composite: [], template: 'OTT', casing: 'none' },
      },
      bySubject: {
        index: 'GSI1',
        pk: {
          field: 'GSI1PK',
          composite: ['purpose', 'subject'],
          template: 'OTT#${purpose}#${subject}',
          casing: 'none',
        },
        sk: { field: 'GSI1SK', composite: ['createdAt'], template: '${createdAt}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);
