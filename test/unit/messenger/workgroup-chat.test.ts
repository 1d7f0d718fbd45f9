/** The workgroup chat's reconciliation plan and which stream records start it (functions/messenger/workgroup-chat.ts). */
import type { ChatItem, MemberItem } from '../../../functions/messenger/chat-entity';
import { groupsTouched, plan, type GroupSide } from '../../../functions/messenger/workgroup-chat';
import type { StreamChange } from '../../../shared/runtime/feature-handler';
import type { GroupRecord } from '../../../shared/workgroups/group-record';
import type { MembershipItem } from '../../../shared/workgroups/membership-entity';

const G = '01J0000000000000000000000G';
const group = (over: Partial<GroupRecord> = {}): GroupRecord =>
  ({
    groupId: G,
    name: 'Rollout',
    nameKey: 'rollout',
    description: '',
    kind: 'group',
    visibility: 'open',
    ownerId: 'olga',
    stages: [],
    memberCount: 0,
    version: 1,
    createdAt: '',
    updatedAt: '',
    ...over,
  }) as GroupRecord;
const ms = (userId: string, role: MembershipItem['role'] = 'member', extranet = false): MembershipItem => ({
  groupId: G,
  userId,
  role,
  extranet,
  joinedAt: '',
  groupName: 'Rollout',
  nameKey: 'rollout',
  kind: 'group',
  visibility: 'open',
});
const side = (members: MembershipItem[], over: Partial<GroupRecord> = {}): GroupSide => ({
  group: group(over),
  members,
});
const chat = (members: [string, 'owner' | 'member'][], over: Partial<ChatItem> = {}) => ({
  chat: {
    chatId: `wg-${G}`,
    kind: 'workgroup',
    title: 'Rollout',
    ownerId: 'olga',
    memberCount: members.length,
    pins: {},
    version: 1,
    createdAt: '',
    updatedAt: '',
    ...over,
  } as ChatItem,
  members: members.map(([userId, role]) => ({ userId, role }) as MemberItem),
});

describe('plan', () => {
  it('a new group: create the chat with the owner as owner and everyone else (extranet too) as members', () => {
    const p = plan(side([ms('olga', 'owner'), ms('mihai', 'moderator'), ms('ext', 'member', true)]), null);
    expect(p).toMatchObject({ create: true, remove: [], roles: [], title: null, owner: null });
    expect(p.add).toEqual([
      { userId: 'olga', role: 'owner' },
      { userId: 'mihai', role: 'member' },
      { userId: 'ext', role: 'member' },
    ]);
  });

  it('in step: nothing to do (a retried batch writes nothing)', () => {
    const p = plan(
      side([ms('olga', 'owner'), ms('mihai')]),
      chat([
        ['olga', 'owner'],
        ['mihai', 'member'],
      ]),
    );
    expect(p).toEqual({ create: false, add: [], remove: [], roles: [], title: null, owner: null });
  });

  it('joins, leaves, a rename and an ownership transfer at once', () => {
    const p = plan(
      side([ms('olga', 'moderator'), ms('ovidiu', 'owner'), ms('new')], { name: 'Launch', ownerId: 'ovidiu' }),
      chat([
        ['olga', 'owner'],
        ['ovidiu', 'member'],
        ['gone', 'member'],
      ]),
    );
    expect(p.add).toEqual([{ userId: 'new', role: 'member' }]);
    expect(p.remove).toEqual(['gone']);
    expect(p.roles).toEqual([
      { userId: 'olga', role: 'member' },
      { userId: 'ovidiu', role: 'owner' },
    ]);
    expect(p).toMatchObject({ create: false, title: 'Launch', owner: 'ovidiu' });
  });

  it('the group is gone: everyone leaves the chat, nothing is created', () => {
    expect(
      plan(
        null,
        chat([
          ['olga', 'owner'],
          ['mihai', 'member'],
        ]),
      ),
    ).toEqual({ create: false, add: [], remove: ['olga', 'mihai'], roles: [], title: null, owner: null });
    expect(plan(null, null)).toMatchObject({ create: false, add: [], remove: [] });
  });
});

describe('groupsTouched', () => {
  const row = (m: MembershipItem) => ({ ...m, __edb_e__: 'groupMember', __edb_v__: '1' });
  const change = (
    eventName: StreamChange['eventName'],
    entity: string,
    newImage?: Record<string, unknown>,
    oldImage?: Record<string, unknown>,
  ): StreamChange => ({ eventName, entity, newImage, oldImage });

  it('membership inserts / removals and role changes count; summary rewrites (rename) of membership rows do not', () => {
    const H = '01J0000000000000000000000H';
    const changes = [
      change('INSERT', 'groupMember', row(ms('a'))),
      change('REMOVE', 'groupMember', undefined, { ...row(ms('b')), groupId: H }),
      change(
        'MODIFY',
        'groupMember',
        { ...row(ms('c')), groupName: 'New', groupId: '01J0000000000000000000000K' },
        { ...row(ms('c')), groupId: '01J0000000000000000000000K' },
      ),
    ];
    expect(groupsTouched(changes)).toEqual([G, H]);
    expect(groupsTouched([change('MODIFY', 'groupMember', row(ms('c', 'owner')), row(ms('c', 'moderator')))])).toEqual([
      G,
    ]);
  });

  it('the group item: a rename, a new owner or its removal count; stage edits do not', () => {
    const g = { ...group(), __edb_e__: 'group' };
    expect(groupsTouched([change('MODIFY', 'group', { ...g, stages: [{ stageId: 'x', title: 'y' }] }, g)])).toEqual([]);
    expect(groupsTouched([change('MODIFY', 'group', { ...g, name: 'Launch' }, g)])).toEqual([G]);
    expect(groupsTouched([change('MODIFY', 'group', { ...g, ownerId: 'ovidiu' }, g)])).toEqual([G]);
    expect(groupsTouched([change('REMOVE', 'group', undefined, g)])).toEqual([G]);
  });
});
