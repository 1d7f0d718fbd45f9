/**
 * Who may do what with a task (pure). Inputs: the person, the task's people and group, and the person's
 * role in that group (null when not a member or the task has no group).
 *
 *   see            creator, responsible, participants, observers, admins, members of the task's group
 *   edit / delete  creator, admins                          (core fields: title, people, deadline, ...)
 *   comment        everyone who sees it
 *   tick           creator, responsible, participants, admins
 *   editChecklist  creator, responsible, admins              (add / remove items)
 *   trackTime      creator, responsible, participants        (time is personal: admins do not log it)
 *   move           creator, responsible, admins, the group's owner and moderators (board stage)
 *
 * Status changes are the status machine's (./status-machine.ts). Someone who may not see a task gets 404.
 */
import type { GroupRole } from '../workgroups/contract';
import type { TaskRights, TaskRole } from './contract';

export interface PolicyUser {
  sub: string;
  isAdmin: boolean;
}

export interface PolicyTask {
  creatorId: string;
  responsibleId: string;
  participantIds: readonly string[];
  observerIds: readonly string[];
  groupId?: string | null | undefined;
}

export function rolesOf(task: PolicyTask, userId: string): TaskRole[] {
  const roles: TaskRole[] = [];
  if (task.responsibleId === userId) roles.push('responsible');
  if (task.participantIds.includes(userId)) roles.push('participant');
  if (task.creatorId === userId) roles.push('creator');
  if (task.observerIds.includes(userId)) roles.push('observer');
  return roles;
}

export function taskRights(user: PolicyUser, task: PolicyTask, groupRole: GroupRole | null): TaskRights {
  const roles = rolesOf(task, user.sub);
  const creator = roles.includes('creator');
  const responsible = roles.includes('responsible');
  const participant = roles.includes('participant');
  const member = !!task.groupId && groupRole !== null;
  const see = user.isAdmin || roles.length > 0 || member;
  const worker = creator || responsible || participant;
  return {
    see,
    edit: see && (creator || user.isAdmin),
    delete: see && (creator || user.isAdmin),
    comment: see,
    tick: see && (worker || user.isAdmin),
    editChecklist: see && (creator || responsible || user.isAdmin),
    trackTime: see && worker,
    move:
      see &&
      (creator || responsible || user.isAdmin || (member && (groupRole === 'owner' || groupRole === 'moderator'))),
  };
}
