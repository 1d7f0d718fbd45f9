/**
 * A one-time token item (shared/security/one-time-token) as DynamoDB stores it — only the hash of the
 * token — for unit tests to answer mocked GetCommands with. Valid for 10 minutes unless `extra` says
 * otherwise (expiresAt, usedAt, revokedAt…).
 */
import { hashToken } from '../../shared/security/one-time-token';
import type { TokenPurpose } from '../../shared/security/one-time-token-entity';

export function oneTimeTokenItem(
  token: string,
  purpose: TokenPurpose,
  subject: string,
  data: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    PK: `OTT#${hashToken(token)}`,
    SK: 'OTT',
    hash: hashToken(token),
    purpose,
    subject,
    data,
    createdAt: 'x',
    expiresAt: Math.floor(Date.now() / 1000) + 600,
    __edb_e__: 'oneTimeToken',
    __edb_v__: '1',
    ...extra,
  };
}
