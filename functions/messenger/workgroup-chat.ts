/**
 * The chat of a workgroup (`wg-{groupId}`): its members are the group's members, kept in step by the
 * stream consumer on the group's items (handler.ts `workgroupEvents`: membership rows INSERT/MODIFY/REMOVE,
 * the group item renamed / new owner / removed). The workgroups feature is never imported: the group and its
 * membership rows are read through their shared shapes (shared/workgroups/*).
 *
 * Every change is handled by RECONCILING, not by replaying the event: read the group and its members
 * (ONE Query PK=GROUP#{g}, SK BETWEEN 'GROUP' AND 'MEMBER#\uffff') and the chat and its members (ONE Query),
 * then write only the difference. So a retried, duplicated or reordered stream batch, or a group created
 * before this consumer existed, all end in the same state, and the same function backfills a chat lazily
 * when a group member opens it before any event reached it (chat-service.ts getChat).
 *
 * | step                               | DynamoDB                                                                      |
 * |------------------------------------|-------------------------------------------------------------------------------|
 * | read both sides                    | 2 Queries (in parallel)                                                       |
 * | names of people who join           | ONE BatchGet of their profiles                                                |
 * | first time: the chat               | Put chat if absent (kind workgroup, title = group name, owner = group owner)  |
 * | joins / leaves                     | TransactWrite per ≤ 45 people: member Put-if-absent / Delete-if-present, a     |
 * |                                    | system message each ("created" once, then "joined" / "left"), memberCount ±n  |
 * | renamed group / new owner          | ONE UpdateItem of the chat (+ the two member roles)                           |
 *
 * A deleted group (its GROUP item gone) empties the chat: everyone is removed, the history stays stored
 * but nobody can read it. Members who left get `chat.removed`; newcomers `chat.added`; everyone else
 * `chat.updated` and the system messages.
 */
import { strip, transaction } from '../../shared/data';
import { isConditionFailure } from '../../shared/data/versioning';
import { workgroupChatId, type ChatRole, type MessengerFrame } from '../../shared/messenger/contract';
import type { StreamChange } from '../../shared/runtime/feature-handler';
import { GROUP_ENTITY, GROUP_SK, isGroupRow, type GroupRecord } from '../../shared/workgroups/group-record';
import {
  MEMBERSHIP_ENTITY,
  MEMBER_PREFIX as GROUP_MEMBER_PREFIX,
  groupPk,
  membershipFromRow,
  membershipOf,
  type MembershipItem,
} from '../../shared/workgroups/membership-entity';
import { Chats, Members, type ChatItem, type MemberItem } from './chat-entity';
import { chatUpdatedFrames, personFor } from './chat-service';
import { newMessageFrame, push, pushEach } from './fanout';
import { Messages, type MessageItem } from './message-entity';
import { chatWithMembers, profilesOf, queryRange } from './store';
import { chatSummary, messageView } from './views';
import { memberItem, newChat, systemMessage } from './writes';

/** People per transaction: 2 items each (member + system message) + the count ≤ 100 items. */
const CHUNK = 45;

export interface GroupSide {
  group: GroupRecord;
  members: MembershipItem[];
}

/** The group and all its membership rows: ONE Query (paged past 1 MB), or null when the group is gone. */
export async function groupWithMembers(groupId: string): Promise<GroupSide | null> {
  const rows = await queryRange(groupPk(groupId), GROUP_SK, `${GROUP_MEMBER_PREFIX}\uffff`);
  const groupRaw = rows.find((x) => x.SK === GROUP_SK && isGroupRow(x));
  if (!groupRaw) return null;
  return {
    group: strip<GroupRecord>(groupRaw),
    members: rows.map(membershipFromRow).filter((m): m is MembershipItem => !!m),
  };
}

/** What the chat should be: pure, so the difference can be unit-tested. */
export function plan(side: GroupSide | null, chat: { chat: ChatItem; members: MemberItem[] } | null) {
  const want = new Map<string, ChatRole>(
    side ? side.members.map((m) => [m.userId, m.userId === side.group.ownerId ? 'owner' : 'member']) : [],
  );
  const have = new Map((chat?.members ?? []).map((m) => [m.userId, m]));
  return {
    create: !!side && !chat,
    add: [...want].filter(([id]) => !have.has(id)).map(([userId, role]) => ({ userId, role })),
    remove: [...have.keys()].filter((id) => !want.has(id)),
    roles: [...want]
      .filter(([id, role]) => have.has(id) && have.get(id)!.role !== role)
      .map(([userId, role]) => ({ userId, role })),
    title: side && chat && chat.chat.title !== side.group.name ? side.group.name : null,
    owner: side && chat && chat.chat.ownerId !== side.group.ownerId ? side.group.ownerId : null,
  };
}

const countBy = (chatId: string, delta: number) =>
  Chats.patch({ chatId }).add({ memberCount: delta }).set({ updatedAt: new Date().toISOString() });

const roleUpdate = (chatId: string, userId: string, role: ChatRole) =>
  Members.patch({ chatId, userId })
    .set({ role })
    .go()
    .catch((e: unknown) => {
      if (!isConditionFailure(e)) throw e;
    });

export interface SyncResult {
  added: string[];
  removed: string[];
  changed: boolean;
}

async function syncOnce(groupId: string): Promise<SyncResult> {
  const chatId = workgroupChatId(groupId);
  const [side, before] = await Promise.all([groupWithMembers(groupId), chatWithMembers(chatId)]);
  const p = plan(side, before);
  const nothing =
    !p.create && !p.add.length && !p.remove.length && !p.roles.length && p.title === null && p.owner === null;
  if (nothing) return { added: [], removed: [], changed: false };
  const now = new Date().toISOString();
  const messages: MessageItem[] = [];

  if (p.create && side) {
    const chat: ChatItem = {
      chatId,
      kind: 'workgroup',
      title: side.group.name,
      ownerId: side.group.ownerId,
      memberCount: 0,
      pins: {},
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await transaction()
      .add(newChat(chat))
      .commit()
      .catch((e: unknown) => {
        if (!isConditionFailure(e)) throw e;
      });
  }
  const current = (await chatWithMembers(chatId)) ?? before;
  if (p.title !== null || p.owner !== null) {
    await Chats.patch({ chatId })
      .set({ title: side!.group.name, ownerId: side!.group.ownerId, updatedAt: now })
      .add({ version: 1 })
      .go();
  }
  for (const r of p.roles) await roleUpdate(chatId, r.userId, r.role);

  if (p.add.length && current) {
    const profiles = await profilesOf(p.add.map((a) => a.userId));
    const anyone = current.members[0];
    const title = side?.group.name ?? current.chat.title;
    // The first members of a new chat get one "created" line; later ones "joined" each.
    const first = p.create || current.members.length === 0;
    for (let i = 0; i < p.add.length; i += CHUNK) {
      const part = p.add.slice(i, i + CHUNK);
      const created =
        first && i === 0
          ? systemMessage(chatId, 'created', side!.group.ownerId, {
              userIds: p.add.map((a) => a.userId).filter((id) => id !== side!.group.ownerId),
              title,
            })
          : null;
      const joined = first ? [] : part.map((a) => systemMessage(chatId, 'joined', a.userId));
      const rows = part.map((a) =>
        Members.create(
          memberItem({
            chatId,
            person: personFor(a.userId, profiles),
            role: a.role,
            kind: 'workgroup',
            title,
            memberCount: current.chat.memberCount + p.add.length - p.remove.length,
            now,
            lastMessage: anyone?.lastMessage,
            lastMessageId: anyone?.lastMessageId,
          }),
        ),
      );
      await transaction()
        .add(
          countBy(chatId, part.length),
          ...rows,
          ...[...(created ? [created] : []), ...joined].map((m) => Messages.create(m)),
        )
        .commit();
      if (created) messages.push(created);
      messages.push(...joined);
    }
  }
  for (let i = 0; i < p.remove.length; i += CHUNK) {
    const part = p.remove.slice(i, i + CHUNK);
    const left = part.map((userId) => systemMessage(chatId, 'left', userId, { userIds: [userId] }));
    await transaction()
      .add(
        countBy(chatId, -part.length),
        ...part.map((userId) => Members.remove({ chatId, userId })),
        ...left.map((m) => Messages.create(m)),
      )
      .commit();
    messages.push(...left);
  }

  // Frames: who left learns it, who joined gets the chat in their list, everyone sees the change.
  const after = await chatWithMembers(chatId);
  const added = p.add.map((a) => a.userId);
  if (p.remove.length) await push(p.remove, { type: 'chat.removed', chatId });
  if (after) {
    const fresh = new Set(added);
    await pushEach(
      new Map(
        after.members
          .filter((m) => fresh.has(m.userId))
          .map((m) => [m.userId, { type: 'chat.added', chatId, chat: chatSummary(m) } as MessengerFrame]),
      ),
    );
    await pushEach(chatUpdatedFrames(after.chat, after.members));
    const everyone = after.members.map((m) => m.userId);
    for (const m of messages) await push(everyone, newMessageFrame(messageView(m)));
  }
  return { added, removed: p.remove, changed: true };
}

/**
 * Brings the chat of a group in line with the group. Idempotent. A concurrent sync (the stream consumer and a
 * lazy backfill at the same moment) makes one transaction fail its conditions: read again and redo.
 */
export async function syncWorkgroupChat(groupId: string): Promise<SyncResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await syncOnce(groupId);
    } catch (e) {
      const conflict = isConditionFailure(e) || (e as { name?: string }).name === 'TransactionCanceledException';
      if (!conflict || attempt >= 3) throw e;
    }
  }
}

/** Which groups a batch of stream records touches (membership rows any change; the group: name, owner, gone). */
export function groupsTouched(changes: StreamChange[]): string[] {
  const ids = new Set<string>();
  for (const c of changes) {
    const img = (c.newImage ?? c.oldImage) as Record<string, unknown> | undefined;
    const groupId = typeof img?.groupId === 'string' ? img.groupId : undefined;
    if (!groupId) continue;
    if (c.entity === MEMBERSHIP_ENTITY) {
      const [n, o] = [membershipFromRow(c.newImage), membershipFromRow(c.oldImage)];
      // a renamed group rewrites every membership row's summary: the group item's own event covers that
      if (c.eventName === 'MODIFY' && n && o && n.role === o.role) continue;
      ids.add(groupId);
    } else if (c.entity === GROUP_ENTITY) {
      const [n, o] = [c.newImage as Partial<GroupRecord> | undefined, c.oldImage as Partial<GroupRecord> | undefined];
      if (c.eventName === 'MODIFY' && n?.name === o?.name && n?.ownerId === o?.ownerId) continue;
      ids.add(groupId);
    }
  }
  return [...ids];
}

export async function onWorkgroupChanges(changes: StreamChange[]): Promise<void> {
  for (const groupId of groupsTouched(changes)) await syncWorkgroupChat(groupId);
}

/**
 * GET /chats/{chatId} for a workgroup chat no event has reached yet (a group created before the messenger
 * followed groups): a member of the group gets the chat created and joined on the spot. Anyone else gets the
 * same 404 as for any chat they are not in. Costs one GetItem of the membership, only on that miss.
 */
export async function backfillIfGroupMember(groupId: string, userId: string): Promise<boolean> {
  const m = await membershipOf(groupId, userId);
  if (!m) return false;
  await syncWorkgroupChat(groupId);
  return true;
}
