/**
 * New colleagues (Home's "New colleagues"): the active people whose profile was created lately, newest first.
 *
 * | route              | DynamoDB                                                                          |
 * |--------------------|-----------------------------------------------------------------------------------|
 * | GET /people/newest | ONE Query GSI3 GSI3PK=JOINED, GSI3SK >= {since}, descending, filter status=active |
 *
 * Employees only, like the directory it is a view of (extranet partners see no directory).
 */
import type { z } from 'zod';
import { Profiles } from '../../shared/people/profile-entity';
import type { NewcomerEntry } from '../../shared/people/profile-view';
import { directoryEntryOf } from './profile-service';
import type { newestQuery } from './routes';

/** "Recently": joined within this many days. */
export const NEWCOMER_DAYS = 60;
export const NEWCOMERS_DEFAULT = 6;

export async function listNewest(
  input: z.output<typeof newestQuery>,
  now = Date.now(),
): Promise<{ items: NewcomerEntry[]; since: string }> {
  const since = new Date(now - NEWCOMER_DAYS * 86_400_000).toISOString();
  const page = await Profiles.query
    .byJoined({})
    .gte({ createdAt: since })
    .where(({ status }, { eq }) => eq(status, 'active'))
    .go({ order: 'desc', limit: input.limit ?? NEWCOMERS_DEFAULT, pages: 1 });
  const items = await Promise.all(
    page.data.map(async (p): Promise<NewcomerEntry> => ({ ...(await directoryEntryOf(p)), joinedAt: p.createdAt })),
  );
  return { items, since };
}
