/** The task rights policy, exhaustively for every kind of person. */
import { rolesOf, taskRights } from '../../../shared/tasks/policy';
import type { TaskRights } from '../../../shared/tasks/contract';

const task = { creatorId: 'C', responsibleId: 'R', participantIds: ['P'], observerIds: ['O'], groupId: 'G' };
const none: TaskRights = {
  see: false,
  edit: false,
  delete: false,
  comment: false,
  tick: false,
  editChecklist: false,
  trackTime: false,
  move: false,
};
const all: TaskRights = {
  see: true,
  edit: true,
  delete: true,
  comment: true,
  tick: true,
  editChecklist: true,
  trackTime: true,
  move: true,
};

const cases: [string, { sub: string; isAdmin: boolean }, 'owner' | 'moderator' | 'member' | null, TaskRights][] = [
  ['creator', { sub: 'C', isAdmin: false }, null, all],
  ['responsible', { sub: 'R', isAdmin: false }, null, { ...all, edit: false, delete: false }],
  [
    'participant',
    { sub: 'P', isAdmin: false },
    null,
    { ...none, see: true, comment: true, tick: true, trackTime: true },
  ],
  ['observer', { sub: 'O', isAdmin: false }, null, { ...none, see: true, comment: true }],
  ['outsider employee', { sub: 'X', isAdmin: false }, null, none],
  ['group member', { sub: 'X', isAdmin: false }, 'member', { ...none, see: true, comment: true }],
  ['group moderator', { sub: 'X', isAdmin: false }, 'moderator', { ...none, see: true, comment: true, move: true }],
  ['group owner', { sub: 'X', isAdmin: false }, 'owner', { ...none, see: true, comment: true, move: true }],
  ['admin', { sub: 'A', isAdmin: true }, null, { ...all, trackTime: false }],
  [
    'participant who is also a group moderator',
    { sub: 'P', isAdmin: false },
    'moderator',
    { ...none, see: true, comment: true, tick: true, trackTime: true, move: true },
  ],
];

it.each(cases)('%s', (_name, user, groupRole, expected) => {
  expect(taskRights(user, task, groupRole)).toEqual(expected);
});

it('a group role does not count for a task without a group (outsider → nothing)', () => {
  expect(taskRights({ sub: 'X', isAdmin: false }, { ...task, groupId: null }, 'owner')).toEqual(none);
});

it('rolesOf lists every relation, responsible first', () => {
  expect(rolesOf({ ...task, responsibleId: 'C', observerIds: ['C'] }, 'C')).toEqual([
    'responsible',
    'creator',
    'observer',
  ]);
  expect(rolesOf(task, 'X')).toEqual([]);
});
