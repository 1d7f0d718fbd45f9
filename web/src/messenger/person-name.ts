import type { PersonRef } from '../../../shared/messenger/contract';

/** "First Last", or the fallback when the person (or their name) is not known. */
export function personName(p: Pick<PersonRef, 'firstName' | 'lastName'> | undefined, fallback: string): string {
  const n = p ? `${p.firstName} ${p.lastName}`.trim() : '';
  return n || fallback;
}
