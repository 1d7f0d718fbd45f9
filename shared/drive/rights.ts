/**
 * Who may do what with a drive node (pure; the reads are in ./access.ts). The highest right that applies:
 *   - admins: `full` everywhere;
 *   - My Drive `user:{sub}`: its owner `full`;
 *   - the company drive: employees `edit` (extranet and people without a role: nothing);
 *   - a group drive: the group's owner and moderators `full`, its members `edit` (extranet members too);
 *   - shares (person or department) on the node or any folder above it.
 */
import type { UserContext } from '../auth/claims';
import { RIGHT_RANK, type Right } from './contract';
import { principalKey, type NodeItem } from './drive-entity';

export interface RightInput {
  user: Pick<UserContext, 'sub' | 'isAdmin' | 'isExtranet' | 'groups'>;
  /** The node itself and every ancestor (any order). */
  chain: NodeItem[];
  driveId: string;
  departmentIds: string[];
  /** The person's role in the drive's workgroup (group drives only). */
  groupRole: 'owner' | 'moderator' | 'member' | null;
}

const max = (a: Right | null, b: Right | null): Right | null =>
  !a ? b : !b ? a : RIGHT_RANK[a] >= RIGHT_RANK[b] ? a : b;

export function driveRight(i: Omit<RightInput, 'chain' | 'departmentIds'>): Right | null {
  const { user, driveId } = i;
  if (user.isAdmin) return 'full';
  if (driveId === `user:${user.sub}`) return 'full';
  if (driveId === 'company') return !user.isExtranet && user.groups.includes('employee') ? 'edit' : null;
  if (driveId.startsWith('group:'))
    return i.groupRole === 'owner' || i.groupRole === 'moderator' ? 'full' : i.groupRole === 'member' ? 'edit' : null;
  return null;
}

export function effectiveRight(i: RightInput): Right | null {
  let right = driveRight(i);
  if (right === 'full') return right;
  const principals = [principalKey('user', i.user.sub), ...i.departmentIds.map((d) => principalKey('department', d))];
  for (const n of i.chain) {
    for (const p of principals) right = max(right, n.acl?.[p]?.right ?? null);
  }
  return right;
}

/** The node or a folder above it is in the trash. */
export const inTrash = (chain: NodeItem[]) => chain.some((n) => !!n.trashedAt);
