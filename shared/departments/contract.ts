/**
 * Company structure (issue 3, item 5: invitations "optionally into departments"): request bodies (zod)
 * and what the API answers. Shared by functions/departments, functions/invitations and the SPA.
 * Routes are declared in functions/departments/routes.ts.
 *
 * HTTP (employees read, admins change; extranet → 403):
 *   GET    /departments                                  the whole tree, flat (one GSI1 Query)      → { items: DepartmentView[] }
 *   POST   /departments                                  create (admin)                             → DepartmentView (201)
 *   PATCH  /departments/{departmentId}                   rename / move (admin; versioned, 409 stale,
 *                                                        422 under itself or its own descendant)   → DepartmentView
 *   PUT    /departments/{departmentId}/head              set or clear the head (admin; versioned)   → DepartmentView
 *   DELETE /departments/{departmentId}?version=          delete (admin; 409 while it has sub-departments
 *                                                        or members)                               → 204
 *   PUT    /departments/{departmentId}/members/{userId}  put a person in (admin; ≤ 10 per person)   → { userId, departmentIds }
 *   DELETE /departments/{departmentId}/members/{userId}  take a person out (admin)                  → { userId, departmentIds }
 */
import * as z from 'zod';

export const ULID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export const USER_ID_RE = /^[A-Za-z0-9-]{1,64}$/;

export const DEPARTMENT_LIMITS = {
  nameChars: 100,
  /** Departments one person belongs to (also the most an invitation may carry). */
  perPerson: 10,
  /** Levels below the top: a move checks every ancestor's version in one transaction (≤ 100 items). */
  depth: 20,
  /** A company has at most a few hundred departments: the whole tree is one Query. */
  total: 1000,
} as const;

const plainName = z
  .string()
  .trim()
  .max(DEPARTMENT_LIMITS.nameChars, { message: `at most ${DEPARTMENT_LIMITS.nameChars} characters` })
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message: 'contains characters that are not allowed' })
  .pipe(z.string().min(1, { message: 'required' }));

export const departmentId = z.string().regex(ULID_RE, { message: 'not a department id' });
export const userId = z.string().regex(USER_ID_RE, { message: 'not a user id' });
const version = z.number().int().min(1);

/** Up to 10 distinct department ids (invitations, people). */
export const departmentIdList = z
  .array(departmentId)
  .max(DEPARTMENT_LIMITS.perPerson, { message: `at most ${DEPARTMENT_LIMITS.perPerson} departments` })
  .refine((ids) => new Set(ids).size === ids.length, { message: 'lists a department twice' });

export const createDepartmentBody = z.strictObject({
  name: plainName,
  /** null or absent: a top-level department. */
  parentId: departmentId.nullable().optional(),
});
export const updateDepartmentBody = z.strictObject({
  name: plainName.optional(),
  /** null: move to the top level; absent: stay where it is. */
  parentId: departmentId.nullable().optional(),
  version,
});
export const setHeadBody = z.strictObject({ userId: userId.nullable(), version });
export const departmentParams = z.strictObject({ departmentId });
export const memberParams = z.strictObject({ departmentId, userId });
export const deleteDepartmentQuery = z.strictObject({ version: z.coerce.number().int().min(1) });

export type CreateDepartmentBody = z.output<typeof createDepartmentBody>;
export type UpdateDepartmentBody = z.output<typeof updateDepartmentBody>;

export interface DepartmentView {
  departmentId: string;
  name: string;
  parentId: string | null;
  headUserId: string | null;
  /** The head's name when they were made head (a snapshot, refreshed when the head is set again). */
  headName: string | null;
  memberCount: number;
  childCount: number;
  version: number;
  updatedAt: string;
}

export interface MembershipAnswer {
  userId: string;
  departmentIds: string[];
}

/**
 * The pure move rule: may `id` go under `newParentId`, given each department's parent? Refuses itself
 * and its own descendants (a cycle) and a tree deeper than the limit. Returns the new parent's ancestors
 * (nearest first, the new parent included) on success.
 */
export function checkMove(
  parents: ReadonlyMap<string, string | null>,
  id: string,
  newParentId: string | null,
  maxDepth: number = DEPARTMENT_LIMITS.depth,
): { ok: true; chain: string[] } | { ok: false; reason: 'self' | 'descendant' | 'unknown-parent' | 'too-deep' } {
  if (newParentId === null) return { ok: true, chain: [] };
  if (newParentId === id) return { ok: false, reason: 'self' };
  const chain: string[] = [];
  for (let at: string | null = newParentId; at !== null;) {
    if (at === id) return { ok: false, reason: 'descendant' };
    if (!parents.has(at)) return { ok: false, reason: 'unknown-parent' };
    if (chain.includes(at)) return { ok: false, reason: 'descendant' }; // a stored cycle: never extend it
    chain.push(at);
    at = parents.get(at) ?? null;
  }
  // depth of the moved department's subtree below it counts too
  const below = subtreeHeight(parents, id);
  if (chain.length + below > maxDepth) return { ok: false, reason: 'too-deep' };
  return { ok: true, chain };
}

/** How many levels hang below `id` (0 for a leaf). */
export function subtreeHeight(parents: ReadonlyMap<string, string | null>, id: string): number {
  const children = new Map<string, string[]>();
  for (const [child, parent] of parents) if (parent) children.set(parent, [...(children.get(parent) ?? []), child]);
  let height = 0;
  let level = children.get(id) ?? [];
  const seen = new Set<string>([id]);
  while (level.length) {
    height++;
    const next: string[] = [];
    for (const c of level) {
      if (seen.has(c)) continue;
      seen.add(c);
      next.push(...(children.get(c) ?? []));
    }
    level = next;
  }
  return height;
}
