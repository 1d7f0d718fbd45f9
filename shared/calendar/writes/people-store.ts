/** People's names and departments for the calendar's views (each helper names its cost). */
import { batchGet, findByKey, type Raw } from '../../data';
import type { PeopleMap, PersonRef } from '../contract';
import { departmentsOf, profileKey } from '../policy';
import { PROFILE_ENTITY } from '../../people/profile-entity';

export const isProfileRow = (r: Raw | undefined): r is Raw => !!r && r.__edb_e__ === PROFILE_ENTITY;

export const fullName = (r: Raw | undefined): string =>
  `${typeof r?.firstName === 'string' ? r.firstName : ''} ${typeof r?.lastName === 'string' ? r.lastName : ''}`.trim();

export const personRef = (r: Raw): PersonRef => ({
  name: fullName(r),
  ...(typeof r.thumbnailKey === 'string' || typeof r.photoKey === 'string' ? { hasPhoto: true } : {}),
});

export interface Person {
  userId: string;
  name: string;
  departmentIds: string[];
  timeZone?: string;
  active: boolean;
}

const personOf = (r: Raw): Person => ({
  userId: String(r.userId),
  name: fullName(r),
  departmentIds: departmentsOf(r),
  ...(typeof r.timeZone === 'string' ? { timeZone: r.timeZone } : {}),
  active: r.status !== 'deactivated',
});

/** ONE BatchGet (none for nobody): the people among `ids` who have a profile. */
export async function people(ids: Iterable<string>): Promise<Map<string, Person>> {
  const unique = [...new Set(ids)].filter(Boolean);
  const out = new Map<string, Person>();
  if (!unique.length) return out;
  const rows = await batchGet(unique.map(profileKey));
  for (const id of unique) {
    const row = findByKey(rows, profileKey(id));
    if (isProfileRow(row)) out.set(id, personOf(row));
  }
  return out;
}

/** ONE BatchGet: one person (null when they have no profile). */
export async function person(userId: string): Promise<Person | null> {
  return (await people([userId])).get(userId) ?? null;
}

/** A PeopleMap from stored names (no reads). */
export function peopleMapOf(entries: Iterable<[string, string]>): PeopleMap {
  const out: PeopleMap = {};
  for (const [id, name] of entries) if (id && !(id in out)) out[id] = { name };
  return out;
}
