/**
 * Role and account-status management by admins. Cognito holds the truth for sign-in (groups in the
 * token, enabled flag); the profile mirrors it for the directory. Every change also signs the person
 * out everywhere (refresh tokens revoked). An ID token already issued stays valid until it expires —
 * at most its lifetime (1 h in the cloud pool): see README "Roles and deactivation".
 */
import {
  AdminAddUserToGroupCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUserGlobalSignOutCommand,
  ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { UserContext } from '../../shared/auth/claims';
import { ROLES, type Role, isRole } from '../../shared/auth/roles';
import { cognitoClient } from '../../shared/aws/cognito-client';
import { AppError, ForbiddenError, NotFoundError } from '../../shared/http/errors';
import { Profiles } from '../../shared/people/profile-entity';
import { userPoolId } from '../../shared/people/cognito-users';

const poolId = userPoolId;

/** In this pool (e-mail as sign-in alias) a user's Cognito username is their sub. */
async function groupsOf(userId: string): Promise<Role[]> {
  try {
    const r = await cognitoClient().send(new AdminListGroupsForUserCommand({ UserPoolId: poolId(), Username: userId }));
    return (r.Groups ?? []).map((g) => g.GroupName ?? '').filter(isRole);
  } catch (e) {
    if ((e as Error).name === 'UserNotFoundException') throw new NotFoundError('No such person');
    throw e;
  }
}

const notSelf = (admin: UserContext, userId: string, what: string) => {
  if (admin.sub === userId) throw new ForbiddenError(`You cannot ${what} yourself; ask another administrator`);
};

/**
 * The portal must keep at least one enabled administrator. Refusing changes to oneself covers the usual
 * case; this covers the token window (an admin demoted a moment ago still holds an admin token for up
 * to an hour and could demote the last real one). ONE paginated ListUsersInGroup(admin), not a loop of reads.
 */
async function otherEnabledAdmins(userId: string): Promise<number> {
  let count = 0;
  let next: string | undefined;
  do {
    const page = await cognitoClient().send(
      new ListUsersInGroupCommand({ UserPoolId: poolId(), GroupName: 'admin', Limit: 60, NextToken: next }),
    );
    const isTarget = (u: { Username?: string; Attributes?: { Name?: string; Value?: string }[] }) =>
      u.Username === userId || u.Attributes?.some((a) => a.Name === 'sub' && a.Value === userId);
    count += (page.Users ?? []).filter((u) => u.Enabled !== false && !isTarget(u)).length;
    next = page.NextToken;
  } while (next && count === 0);
  return count;
}

export const LAST_ADMIN = () =>
  new AppError(409, 'LAST_ADMIN', 'This is the last active administrator: make someone else an administrator first.');

async function keepAnAdmin(userId: string) {
  if ((await otherEnabledAdmins(userId)) === 0) throw LAST_ADMIN();
}

async function signOutEverywhere(userId: string) {
  try {
    await cognitoClient().send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId(), Username: userId }));
  } catch (e) {
    // cognito-local (the local stack) does not implement this call; the cloud pool does.
    const unsupportedLocally =
      !!process.env.COGNITO_ENDPOINT && /Unsupported/i.test(`${(e as Error).name} ${(e as Error).message}`);
    if (!unsupportedLocally) throw e;
  }
}

/** Mirrors a change on the profile, when the person has one (people created before profiles may not). */
async function mirror(userId: string, set: { role?: Role; status?: 'active' | 'deactivated' }) {
  await Profiles.patch({ userId })
    .set({ ...set, updatedAt: new Date().toISOString() })
    .go()
    .catch((e: unknown) => {
      if (
        !/conditional request failed/i.test((e as Error).message ?? '') &&
        (e as Error).name !== 'ConditionalCheckFailedException'
      )
        throw e;
    });
}

export async function setRole(admin: UserContext, userId: string, role: Role) {
  const current = await groupsOf(userId);
  notSelf(admin, userId, 'change the role of');
  if (current.includes('admin') && role !== 'admin') await keepAnAdmin(userId);
  const c = cognitoClient();
  if (!current.includes(role))
    await c.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId(), Username: userId, GroupName: role }));
  for (const g of ROLES) {
    if (g !== role && current.includes(g))
      await c.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId(), Username: userId, GroupName: g }));
  }
  await signOutEverywhere(userId);
  await mirror(userId, { role });
  return { userId, role };
}

export async function setActive(admin: UserContext, userId: string, active: boolean) {
  const groups = await groupsOf(userId); // 404 for unknown people
  notSelf(admin, userId, active ? 'activate' : 'deactivate');
  if (!active && groups.includes('admin')) await keepAnAdmin(userId);
  const c = cognitoClient();
  if (active) await c.send(new AdminEnableUserCommand({ UserPoolId: poolId(), Username: userId }));
  else {
    await c.send(new AdminDisableUserCommand({ UserPoolId: poolId(), Username: userId }));
    await signOutEverywhere(userId);
  }
  const status = active ? 'active' : 'deactivated';
  await mirror(userId, { status });
  return { userId, status };
}
