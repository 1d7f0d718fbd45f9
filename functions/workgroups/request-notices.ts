/**
 * The bell for join requests of closed groups:
 *  - a new request → `workgroup.request` to the group's owner and moderators;
 *  - an answer → `workgroup.request.approved` / `.declined` to the person who asked.
 * Told from the request that made the change, after it committed: the answer is known only there (the
 * request row is simply removed, approved or not, and the row does not say who answered). Idempotent: the
 * dedupe key names the request (its time) or the decision, so a retried call rings nobody twice. A failed
 * notice is logged, not thrown: the change it tells about has already happened.
 */
import type { UserContext } from '../../shared/auth/claims';
import { batchGet } from '../../shared/data';
import { notify } from '../../shared/notifications/notify';
import { loggerFor } from '../../shared/runtime/logger';
import type { GroupRecord } from '../../shared/workgroups/group-record';
import { groupPk, MEMBER_PREFIX } from '../../shared/workgroups/membership-entity';
import { queryPrefix } from './group-store';

const log = loggerFor('workgroups');
const profileKey = (userId: string) => ({ PK: `USER#${userId}`, SK: 'PROFILE' });

async function actorName(userId: string): Promise<string> {
  const [p] = await batchGet([profileKey(userId)]);
  return p ? `${String(p.firstName ?? '')} ${String(p.lastName ?? '')}`.trim() : '';
}

/** The owner and the moderators (one Query of the group's members). */
export async function groupManagers(group: GroupRecord): Promise<string[]> {
  const members = await queryPrefix(groupPk(group.groupId), MEMBER_PREFIX);
  const moderators = members.filter((m) => m.role === 'moderator' || m.role === 'owner').map((m) => String(m.userId));
  return [...new Set([group.ownerId, ...moderators])];
}

export async function noticeJoinRequest(
  group: GroupRecord,
  requester: { userId: string; firstName: string; lastName: string; requestedAt: string },
): Promise<void> {
  try {
    const to = (await groupManagers(group)).filter((id) => id !== requester.userId);
    const name = `${requester.firstName} ${requester.lastName}`.trim();
    await Promise.all(
      to.map((id) =>
        notify(id, {
          kind: 'workgroup.request',
          actorId: requester.userId,
          params: { actorName: name, groupName: group.name },
          link: `/workgroups/${group.groupId}`,
          at: new Date(requester.requestedAt),
          dedupeKey: `workgroup.request:${group.groupId}:${requester.userId}:${requester.requestedAt}:${id}`,
        }),
      ),
    );
  } catch (e) {
    log.error('join request notice failed', { error: e as Error, groupId: group.groupId });
  }
}

export async function noticeDecision(
  user: UserContext,
  group: GroupRecord,
  userId: string,
  decision: 'approve' | 'reject',
): Promise<void> {
  if (userId === user.sub) return;
  try {
    const approved = decision === 'approve';
    const at = new Date();
    await notify(userId, {
      kind: approved ? 'workgroup.request.approved' : 'workgroup.request.declined',
      actorId: user.sub,
      params: { actorName: await actorName(user.sub), groupName: group.name },
      // A declined person cannot open a closed group: the list of groups instead.
      link: approved ? `/workgroups/${group.groupId}` : '/workgroups',
      at,
      dedupeKey: `workgroup.decision:${group.groupId}:${userId}:${at.toISOString()}`,
    });
  } catch (e) {
    log.error('join decision notice failed', { error: e as Error, groupId: group.groupId });
  }
}
