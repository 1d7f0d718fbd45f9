/** The departments API as the SPA sees it: the whole tree (one request), and helpers to show it. */
import { useQuery } from '@tanstack/react-query';
import type { DepartmentView } from '../../../shared/departments/contract';
import { useApi } from '../services';

export type { DepartmentView };
export const departmentKeys = { all: ['departments'] as const };

/** The whole tree, flat (employees and admins; extranet gets 403 and does not ask). */
export function useDepartments(enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: departmentKeys.all,
    queryFn: ({ signal }) => api.departments.list({ signal }).then((r) => r.items),
    enabled,
    staleTime: 60_000,
  });
}

export interface TreeNode extends DepartmentView {
  children: TreeNode[];
  depth: number;
}

/** Nests the flat list (already in name order); departments whose parent is missing go to the top. */
export function buildTree(items: readonly DepartmentView[]): TreeNode[] {
  const nodes = new Map(items.map((d) => [d.departmentId, { ...d, children: [] as TreeNode[], depth: 0 }]));
  const roots: TreeNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId ? nodes.get(n.parentId) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  const setDepth = (list: TreeNode[], depth: number, seen: Set<string>) => {
    for (const n of list) {
      if (seen.has(n.departmentId)) continue;
      seen.add(n.departmentId);
      n.depth = depth;
      setDepth(n.children, depth + 1, seen);
    }
  };
  setDepth(roots, 0, new Set());
  return roots;
}

/** Ids of a department and everything below it (a move may not go there). */
export function subtreeIds(items: readonly DepartmentView[], id: string): Set<string> {
  const out = new Set([id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const d of items) {
      if (d.parentId && out.has(d.parentId) && !out.has(d.departmentId)) {
        out.add(d.departmentId);
        grew = true;
      }
    }
  }
  return out;
}

/** "Sales › Field sales" labels for selects. */
export function pathLabel(items: readonly DepartmentView[], id: string): string {
  const byId = new Map(items.map((d) => [d.departmentId, d]));
  const parts: string[] = [];
  for (
    let at = byId.get(id), guard = 0;
    at && guard < 30;
    at = at.parentId ? byId.get(at.parentId) : undefined, guard++
  )
    parts.unshift(at.name);
  return parts.join(' › ');
}
