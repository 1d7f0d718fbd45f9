/**
 * GET /drive/shared-recently: the newest files and folders shared with me (Home's drive widget). What it answers and
 * the reads it makes are described in shared/drive/recent-shares.ts.
 */
import type { UserContext } from '../../shared/auth/claims';
import type { Raw } from '../../shared/data/document';
import { departmentKey, DEPARTMENT_ENTITY } from '../../shared/departments/department-entity';
import { nodeKey, nodeView, sharedPk } from '../../shared/drive/drive-entity';
import { nodesIn } from '../../shared/drive/node-entity';
import {
  READ_LIMIT,
  RECENT_SHARES_DEFAULT_LIMIT,
  newestShares,
  type RecentSharesView,
  type ShareRow,
} from '../../shared/drive/recent-shares';
import { sharesIn } from '../../shared/drive/shared-entity';
import { batchGet, getRaw, queryPage } from './store';

/** A profile's key; profiles and departments come back in the same BatchGet as the ancestors. */
const profileKey = (userId: string) => ({ PK: `USER#${userId}`, SK: 'PROFILE' });
const PROFILE_ENTITY = 'profile';
/** Nodes read beyond the limit, for ones that turn out to be mine or in the trash. */
const SPARE = 4;

const entityOf = (r: Raw) => r.__edb_e__;
const personName = (p: Raw | undefined) =>
  p
    ? `${typeof p.firstName === 'string' ? p.firstName : ''} ${typeof p.lastName === 'string' ? p.lastName : ''}`.trim()
    : '';

export async function sharedRecently(user: UserContext, q: { limit?: number | undefined }): Promise<RecentSharesView> {
  const limit = q.limit ?? RECENT_SHARES_DEFAULT_LIMIT;
  const me = await getRaw(profileKey(user.sub));
  const depts = Array.isArray(me?.departmentIds) ? (me.departmentIds as string[]).slice(0, 10) : [];
  const pages = await Promise.all(
    [sharedPk('user', user.sub), ...depts.map((d) => sharedPk('department', d))].map((pk) =>
      queryPage({
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        // Node ids are ULIDs: past READ_LIMIT rows, keep the newest nodes rather than the oldest.
        ScanIndexForward: false,
        Limit: READ_LIMIT,
      }),
    ),
  );
  const rows: ShareRow[] = sharesIn(pages.flatMap((p) => p.items));
  const chosen = newestShares(rows, limit, SPARE);
  if (!chosen.length) return { items: [] };

  const nodes = new Map(nodesIn(await batchGet(chosen.map((r) => nodeKey(r.nodeId)))).map((n) => [n.nodeId, n]));
  const ancestorIds = [...new Set([...nodes.values()].flatMap((n) => n.ancestors))];
  const people = [...new Set(chosen.map((r) => r.sharedBy))];
  const deptIds = [...new Set(chosen.filter((r) => r.principalType === 'department').map((r) => r.principalId))];
  const extra = await batchGet([
    ...ancestorIds.map(nodeKey),
    ...people.map(profileKey),
    ...deptIds.map((d) => departmentKey(d)),
  ]);
  const ancestors = new Map(nodesIn(extra).map((n) => [n.nodeId, n]));
  const profiles = new Map(
    extra.filter((r) => entityOf(r) === PROFILE_ENTITY).map((r) => [r.userId as string, r] as const),
  );
  const deptNames = new Map(
    extra.filter((r) => entityOf(r) === DEPARTMENT_ENTITY).map((r) => [r.departmentId as string, r.name as string]),
  );

  const items: RecentSharesView['items'] = [];
  for (const r of chosen) {
    const n = nodes.get(r.nodeId);
    // Mine, gone, or in the trash (itself or a folder above it): not "shared with me".
    if (!n || n.ownerId === user.sub || n.trashedAt) continue;
    if (n.ancestors.some((id) => !ancestors.has(id) || ancestors.get(id)!.trashedAt)) continue;
    items.push({
      node: nodeView(n),
      right: r.right,
      sharedAt: r.sharedAt,
      sharedBy: { userId: r.sharedBy, name: personName(profiles.get(r.sharedBy)) },
      via: {
        principalType: r.principalType,
        principalId: r.principalId,
        name: r.principalType === 'department' ? (deptNames.get(r.principalId) ?? '') : personName(me),
      },
    });
    if (items.length === limit) break;
  }
  return { items };
}
