/**
 * "Files shared with me recently" (Home's drive widget, issue 13): the contract of `GET /drive/shared-recently?limit`
 * and the pure choice of rows, unit-tested on its own.
 *
 * The newest shares first: files, documents and folders shared with me directly or with one of my departments, by
 * share time (`sharedAt`), each node once (its newest share to me), my own nodes and trashed ones left out, with the
 * sharer's and the department's names (never an e-mail address).
 *
 * Reads (functions/drive/recent-shares-service.ts): my profile (departments); ONE Query of my "shared with" partition
 * and one per department (≤ 10), in parallel, each limited to READ_LIMIT rows, newest node ids first (a partition
 * sorts by node id, a ULID, not by share time, so the newest shares are chosen in memory from what was read); ONE BatchGet of the chosen nodes; ONE BatchGet of
 * their ancestors (trash check) with the sharers' profiles and the departments.
 */
import * as z from 'zod';
import type { NodeView, PrincipalType, Right } from './contract';

export interface RecentShareView {
  node: NodeView;
  right: Right;
  sharedAt: string;
  /** The sharer's user id and name ("" when the profile is gone). */
  sharedBy: { userId: string; name: string };
  /** How it reached me: to me, or to a department of mine (with its name). */
  via: { principalType: PrincipalType; principalId: string; name: string };
}

export interface RecentSharesView {
  items: RecentShareView[];
}

export const RECENT_SHARES_DEFAULT_LIMIT = 6;
export const recentSharesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(20).optional(),
});

/** Rows read per "shared with" partition. */
export const READ_LIMIT = 200;

export interface ShareRow {
  nodeId: string;
  principalType: PrincipalType;
  principalId: string;
  right: Right;
  sharedBy: string;
  sharedAt: string;
}

/**
 * The newest share of each node, newest first, at most `limit` (+ `spare` more, for nodes that turn out to be
 * mine or in the trash once read).
 */
export function newestShares(rows: readonly ShareRow[], limit: number, spare = 0): ShareRow[] {
  const newest = new Map<string, ShareRow>();
  for (const r of rows) {
    const had = newest.get(r.nodeId);
    if (!had || r.sharedAt > had.sharedAt) newest.set(r.nodeId, r);
  }
  return [...newest.values()]
    .sort((a, b) => b.sharedAt.localeCompare(a.sharedAt) || a.nodeId.localeCompare(b.nodeId))
    .slice(0, limit + spare);
}
