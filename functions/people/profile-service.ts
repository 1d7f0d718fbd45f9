/**
 * Profiles as the people feature reads and edits them (entity: shared/people/profile-entity.ts).
 *
 * | route                        | DynamoDB                                                                 |
 * |------------------------------|--------------------------------------------------------------------------|
 * | GET /people/me/profile       | GetItem USER#{sub}/PROFILE (absent → draft from the token, version 0)     |
 * | PATCH /people/me/profile     | v0: Put if absent; else UpdateItem if version = expected (+1 GetItem only when one name is sent alone, or on 409) |
 * | GET /people/{userId}         | GetItem                                                                   |
 * | GET /people                  | ONE Query: GSI1 (first name, default) or GSI2 (`by=last`), begins_with(searchKey(q)), signed cursor |
 *
 * Directory: one search box, one index per request. Searching "first OR last" in one request would need two
 * Queries merged under a compound cursor; instead the caller picks the name (`by`), and a two-word query
 * ("stefan pop") narrows within it because the keys hold both names ("stefan pop" / "pop stefan").
 */
import type { z } from 'zod';
import type { UserContext } from '../../shared/auth/claims';
import type { Role } from '../../shared/auth/roles';
import { openCursor, sealCursor } from '../../shared/data/cursor';
import { versionedWrite } from '../../shared/data/versioning';
import { NotFoundError, ValidationError } from '../../shared/http/errors';
import { DEFAULT_LANGUAGE } from '../../shared/i18n/languages';
import { Profiles, searchKey, type ProfileItem } from '../../shared/people/profile-entity';
import type { directoryQuery, profileInput } from './routes';
import { presignedGet } from './photo-store';

import type { DirectoryEntry, ProfileView } from '../../shared/people/profile-view';

export type { DirectoryEntry, ProfileView };

export const DEFAULT_TIME_ZONE = 'UTC';
export const DEFAULT_PAGE = 20;

/** The most privileged role among the token's groups; no group at all counts as the least reach. */
export function roleOf(user: UserContext): Role {
  if (user.groups.includes('admin')) return 'admin'; // the role held, whether or not this session has MFA
  if (user.groups.includes('employee')) return 'employee';
  return 'extranet';
}

export function profileView(p: ProfileItem): ProfileView {
  return {
    userId: p.userId,
    email: p.email,
    firstName: p.firstName,
    lastName: p.lastName,
    position: p.position ?? '',
    phone: p.phone ?? '',
    language: p.language,
    timeZone: p.timeZone,
    role: p.role,
    status: p.status,
    hasPhoto: !!p.photoKey,
    version: p.version,
    updatedAt: p.updatedAt,
  };
}

export function draftProfile(user: UserContext): ProfileView {
  return {
    userId: user.sub,
    email: user.email,
    firstName: '',
    lastName: '',
    position: '',
    phone: '',
    language: DEFAULT_LANGUAGE,
    timeZone: DEFAULT_TIME_ZONE,
    role: roleOf(user),
    status: 'active',
    hasPhoto: false,
    version: 0,
    updatedAt: null,
  };
}

export async function readProfile(userId: string): Promise<ProfileItem | null> {
  const { data } = await Profiles.get({ userId }).go();
  return data;
}

export async function getMyProfile(user: UserContext): Promise<ProfileView> {
  const p = await readProfile(user.sub);
  return p ? profileView(p) : draftProfile(user);
}

export async function updateMyProfile(user: UserContext, input: z.output<typeof profileInput>): Promise<ProfileView> {
  const updatedAt = new Date().toISOString();
  const current = () => getMyProfile(user);
  if (input.version === 0) {
    const missing = (['firstName', 'lastName'] as const).filter((k) => !input[k]);
    if (missing.length)
      throw new ValidationError(missing.map((path) => ({ path, reason: 'required when the profile is created' })));
    const created = await versionedWrite(
      () =>
        Profiles.create({
          userId: user.sub,
          email: user.email,
          firstName: input.firstName!,
          lastName: input.lastName!,
          ...(input.position ? { position: input.position } : {}),
          ...(input.phone ? { phone: input.phone } : {}),
          language: DEFAULT_LANGUAGE,
          timeZone: DEFAULT_TIME_ZONE,
          role: roleOf(user),
          status: 'active',
          createdAt: updatedAt,
          updatedAt,
          version: 1,
        }).go(),
      current,
    );
    return profileView(created.data);
  }
  // The directory keys are derived from both names: a change of one name needs the other one too.
  let names: { firstName?: string; lastName?: string } = {};
  if (input.firstName !== undefined || input.lastName !== undefined) {
    if (input.firstName !== undefined && input.lastName !== undefined)
      names = { firstName: input.firstName, lastName: input.lastName };
    else {
      const p = await readProfile(user.sub);
      names = { firstName: input.firstName ?? p?.firstName ?? '', lastName: input.lastName ?? p?.lastName ?? '' };
    }
  }
  const set = {
    ...names,
    ...(input.position !== undefined ? { position: input.position } : {}),
    ...(input.phone !== undefined ? { phone: input.phone } : {}),
    version: input.version + 1,
    updatedAt,
  };
  const updated = await versionedWrite(
    () =>
      Profiles.patch({ userId: user.sub })
        .set(set)
        .where(({ version }, { eq }) => eq(version, input.version))
        .go({ response: 'all_new' }),
    current,
  );
  return profileView(updated.data as ProfileItem);
}

/** One person's card. Extranet partners see only themselves; anyone else is "not found" to them. */
export async function getPerson(user: UserContext, userId: string): Promise<ProfileView> {
  if (user.isExtranet && userId !== user.sub) throw new NotFoundError('No such person');
  const p = await readProfile(userId);
  if (!p) {
    if (userId === user.sub) return draftProfile(user);
    throw new NotFoundError('No such person');
  }
  return profileView(p);
}

/** A profile as the directory shows it (the photo's thumbnail presigned). */
export async function directoryEntryOf(p: ProfileItem): Promise<DirectoryEntry> {
  return {
    userId: p.userId,
    firstName: p.firstName,
    lastName: p.lastName,
    position: p.position ?? '',
    email: p.email,
    role: p.role,
    status: p.status,
    hasPhoto: !!p.photoKey,
    departmentIds: p.departmentIds ?? [],
    ...(p.thumbnailKey ? { thumbnailUrl: await presignedGet(p.thumbnailKey) } : {}),
  };
}

export async function listPeople(
  input: z.output<typeof directoryQuery>,
): Promise<{ items: DirectoryEntry[]; cursor: string | null }> {
  const by = input.by ?? 'first';
  // '#' separates the name from the user id inside the sort key: never part of a search.
  const prefix = searchKey(input.q ?? '').replace(/#/g, '');
  const scope = `people:${by}:${prefix}`;
  const position = await openCursor(input.cursor, scope);
  const limit = input.limit ?? DEFAULT_PAGE;
  const query =
    by === 'last'
      ? prefix
        ? Profiles.query.byLastName({}).begins({ surnameKey: prefix })
        : Profiles.query.byLastName({})
      : prefix
        ? Profiles.query.byFirstName({}).begins({ nameKey: prefix })
        : Profiles.query.byFirstName({});
  const page = await query.go({ cursor: position, limit, pages: 1 });
  const items = await Promise.all(page.data.map(directoryEntryOf));
  return { items, cursor: await sealCursor(page.cursor, scope) };
}
