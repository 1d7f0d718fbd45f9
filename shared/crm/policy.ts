/**
 * Who sees which CRM records (design §2.1). Every CRM route is `employee` (extranet gets 403 from the pipeline).
 *
 *   a record      admins; its responsible person; anyone to whom its `deptId` is visible. Otherwise 404.
 *   visible depts my own `departmentIds` when the setting `departmentVisibility` is on (default), plus the whole
 *                 subtree of every department I head (always)
 *   list scopes   mine · dept:{d} when d is visible · user:{u} when u is me or u's primary department is visible ·
 *                 all for admins. Anything else → 403 naming `query.scope`.
 *   delete        the responsible person or an admin; every other change: whoever sees the record.
 *
 * `visibility(user)` = ONE BatchGet (my profile + the settings) and the department tree (ONE Query, cached
 * CRM_TREE_CACHE_MS = 60 s per container; refetched at once when a department id it does not know turns up).
 * The pure parts (`computeVisibleDepts`, `canSee`, `scopeAllowed`) are unit-tested.
 */
import type { UserContext } from '../auth/claims';
import { batchGet } from '../data/batch-get';
import type { Raw } from '../data/document';
import { queryAll } from '../data/query';
import { DEPARTMENTS_PK } from '../departments/department-entity';
import { AppError } from '../http/errors';
import { LANGUAGES, type Language } from '../i18n/languages';
import type { SettingsView } from './contract';
import type { ScopeKey } from './keys';
import { settingsFromRow, settingsKey } from './settings-entity';
import { PROFILE_ENTITY, isEntityRow } from './entity-names';

export interface DeptNode {
  departmentId: string;
  parentId?: string | null;
  headUserId?: string | null;
}

export interface Visibility {
  userId: string;
  isAdmin: boolean;
  /** My name (for responsibleName / activity authors). */
  name: string;
  language: Language;
  departmentIds: string[];
  primaryDeptId: string | null;
  /** Departments whose records I see (admins: not used, they see everything). */
  visibleDepts: Set<string>;
  settings: SettingsView;
}

export type ParsedScope =
  { kind: 'mine' } | { kind: 'all' } | { kind: 'dept'; id: string } | { kind: 'user'; id: string };

export function parseScope(s: string | undefined): ParsedScope {
  if (!s || s === 'mine') return { kind: 'mine' };
  if (s === 'all') return { kind: 'all' };
  if (s.startsWith('dept:')) return { kind: 'dept', id: s.slice(5) };
  if (s.startsWith('user:')) return { kind: 'user', id: s.slice(5) };
  return { kind: 'mine' };
}

/** Pure: the departments a person sees. */
export function computeVisibleDepts(
  userId: string,
  departmentIds: readonly string[],
  tree: readonly DeptNode[],
  departmentVisibility: boolean,
): Set<string> {
  const out = new Set<string>(departmentVisibility ? departmentIds : []);
  const children = new Map<string, string[]>();
  for (const d of tree) if (d.parentId) children.set(d.parentId, [...(children.get(d.parentId) ?? []), d.departmentId]);
  const stack = tree.filter((d) => d.headUserId === userId).map((d) => d.departmentId);
  while (stack.length) {
    const d = stack.pop()!;
    if (out.has(d) && !departmentIds.includes(d)) continue;
    out.add(d);
    for (const c of children.get(d) ?? []) if (!out.has(c)) stack.push(c);
  }
  return out;
}

/** Pure: may this person see this record? */
export function canSee(
  vis: Pick<Visibility, 'userId' | 'isAdmin' | 'visibleDepts'>,
  rec: { responsibleId: string; deptId?: string | null },
): boolean {
  return vis.isAdmin || rec.responsibleId === vis.userId || (!!rec.deptId && vis.visibleDepts.has(rec.deptId));
}

/** Pure: may this person list this scope? `target` = the named user's departments (scope user:{id}). */
export function scopeAllowed(
  vis: Pick<Visibility, 'userId' | 'isAdmin' | 'visibleDepts'>,
  scope: ParsedScope,
  target?: { departmentIds?: readonly string[] } | null,
): boolean {
  if (vis.isAdmin) return true;
  switch (scope.kind) {
    case 'mine':
      return true;
    case 'all':
      return false;
    case 'dept':
      return vis.visibleDepts.has(scope.id);
    case 'user': {
      if (scope.id === vis.userId) return true;
      const primary = target?.departmentIds?.[0];
      return !!primary && vis.visibleDepts.has(primary);
    }
  }
}

export function scopeKeyOf(vis: Pick<Visibility, 'userId'>, scope: ParsedScope): ScopeKey {
  switch (scope.kind) {
    case 'mine':
      return `U#${vis.userId}`;
    case 'all':
      return 'A';
    case 'dept':
      return `D#${scope.id}`;
    case 'user':
      return `U#${scope.id}`;
  }
}

export const scopeForbidden = () =>
  new AppError(403, 'FORBIDDEN', 'You may not list this scope', [
    { path: 'query.scope', reason: 'not visible to you' },
  ]);

// ---------------------------------------------------------------- reads

let treeCache: { at: number; nodes: DeptNode[]; ids: Set<string> } | null = null;
const treeTtl = () => Number(process.env.CRM_TREE_CACHE_MS ?? 60_000);

/** The department tree: ONE Query (GSI1 DEPARTMENTS), cached; `mustKnow` ids not in the cache force a refetch. */
export async function departmentTree(mustKnow: readonly string[] = []): Promise<DeptNode[]> {
  const now = Date.now();
  // A department the cache does not know forces a reload, at most once a second (a deleted department stays unknown).
  if (
    treeCache &&
    now - treeCache.at < treeTtl() &&
    (now - treeCache.at < 1000 || mustKnow.every((id) => treeCache!.ids.has(id)))
  )
    return treeCache.nodes;
  const rows = await queryAll<{ departmentId: string; parentId?: string; headUserId?: string }>({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': DEPARTMENTS_PK },
    ProjectionExpression: 'departmentId, parentId, headUserId',
  });
  const nodes: DeptNode[] = rows.map((it) => ({
    departmentId: it.departmentId,
    parentId: it.parentId ?? null,
    headUserId: it.headUserId ?? null,
  }));
  treeCache = { at: now, nodes, ids: new Set(nodes.map((n) => n.departmentId)) };
  return nodes;
}

/** Test hook: forget the cached tree. */
export const resetDepartmentTreeCache = () => {
  treeCache = null;
};

export const profileKey = (userId: string) => ({ PK: `USER#${userId}`, SK: 'PROFILE' });
export const fullName = (p: Raw | undefined): string =>
  p ? `${(p.firstName as string) ?? ''} ${(p.lastName as string) ?? ''}`.trim() : '';
export const languageOf = (p: Raw | undefined): Language =>
  (LANGUAGES as readonly string[]).includes((p?.language as string) ?? '') ? (p!.language as Language) : 'en';

/**
 * ONE BatchGet (my profile + the CRM settings + `alsoProfiles`, e.g. the user of scope user:{id} or a new
 * responsible) and, for non-admins, the department tree (cached). Returns the profiles read too.
 */
export async function visibility(
  user: Pick<UserContext, 'sub' | 'isAdmin'>,
  alsoProfiles: readonly string[] = [],
): Promise<Visibility & { profiles: Map<string, Raw> }> {
  const ids = [...new Set([user.sub, ...alsoProfiles])];
  const keys = [settingsKey, ...ids.map(profileKey)];
  const rows = await batchGet(keys);
  const profiles = new Map<string, Raw>();
  for (const r of rows) if (isEntityRow(r, PROFILE_ENTITY)) profiles.set(r.userId as string, r);
  const settings = settingsFromRow(rows.find((r) => r.PK === settingsKey.PK && r.SK === settingsKey.SK));
  const me = profiles.get(user.sub);
  const departmentIds = ((me?.departmentIds as string[] | undefined) ?? []).filter(Boolean);
  const tree = user.isAdmin ? [] : await departmentTree(departmentIds);
  return {
    userId: user.sub,
    isAdmin: user.isAdmin,
    name: fullName(me) || (user.sub as string),
    language: languageOf(me),
    departmentIds,
    primaryDeptId: departmentIds[0] ?? null,
    visibleDepts: user.isAdmin
      ? new Set()
      : computeVisibleDepts(user.sub, departmentIds, tree, settings.departmentVisibility),
    settings,
    profiles,
  };
}

/** For canSee on a record of a department the cached tree does not know yet: refresh once, recompute. */
export async function refreshFor(vis: Visibility, deptId: string | null | undefined): Promise<Visibility> {
  if (vis.isAdmin || !deptId || vis.visibleDepts.has(deptId)) return vis;
  const tree = await departmentTree([deptId]);
  return {
    ...vis,
    visibleDepts: computeVisibleDepts(vis.userId, vis.departmentIds, tree, vis.settings.departmentVisibility),
  };
}
