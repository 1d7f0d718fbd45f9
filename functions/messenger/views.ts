/** Stored items → the contract's views (shared/messenger/contract.ts). Pure functions. */
import type { UserContext } from '../../shared/auth/claims';
import type {
  AttachmentView,
  ChatDetail,
  ChatSummary,
  LastMessageView,
  MemberView,
  MessageView,
  PersonRef,
  PinView,
  Reaction,
} from '../../shared/messenger/contract';
import type { ChatItem, MemberItem, StoredPin } from './chat-entity';
import type { MessageItem } from './message-entity';
import type { ProfileItem } from './store';

export const PREVIEW_CHARS = 140;

/** Plain one-line preview of a text. */
export const preview = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW_CHARS ? `${flat.slice(0, PREVIEW_CHARS - 1)}…` : flat;
};

export const personOf = (
  p: Pick<ProfileItem, 'userId' | 'firstName' | 'lastName'> & { photoKey?: string },
): PersonRef => ({
  userId: p.userId,
  firstName: p.firstName,
  lastName: p.lastName,
  hasPhoto: !!p.photoKey,
});

export const memberPerson = (m: MemberItem): PersonRef => ({
  userId: m.userId,
  firstName: m.firstName,
  lastName: m.lastName,
  hasPhoto: !!m.hasPhoto,
});

export const memberView = (m: MemberItem): MemberView => ({
  ...memberPerson(m),
  role: m.role,
  lastReadMessageId: m.lastReadMessageId ?? '',
  joinedAt: m.joinedAt,
});

const fullName = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`.trim();

export function pinsView(pins: unknown): PinView[] {
  return Object.values((pins ?? {}) as Record<string, StoredPin>).sort((a, b) =>
    a.pinnedAt < b.pinnedAt ? -1 : a.pinnedAt > b.pinnedAt ? 1 : 0,
  );
}

export function canOf(chat: ChatItem, viewer: UserContext) {
  const manager = chat.ownerId === viewer.sub || viewer.isAdmin;
  return {
    rename: (chat.kind === 'group' && manager) || (chat.kind === 'general' && viewer.isAdmin),
    manageMembers: chat.kind === 'group' && manager,
    leave: chat.kind === 'group',
  };
}

export function chatDetail(chat: ChatItem, members: MemberItem[], viewer: UserContext): ChatDetail {
  const peer = chat.kind === 'direct' ? members.find((m) => m.userId !== viewer.sub) : undefined;
  return {
    chatId: chat.chatId,
    kind: chat.kind,
    title: chat.kind === 'direct' ? (peer ? fullName(peer) : chat.title) : chat.title,
    ownerId: chat.ownerId ?? null,
    members: [...members]
      .sort((a, b) => (a.joinedAt < b.joinedAt ? -1 : a.joinedAt > b.joinedAt ? 1 : 0))
      .map(memberView),
    pins: pinsView(chat.pins),
    can: canOf(chat, viewer),
    avatar: chat.avatarId ?? null,
    version: chat.version,
    createdAt: chat.createdAt,
  };
}

export function chatSummary(m: MemberItem): ChatSummary {
  return {
    chatId: m.chatId,
    kind: m.kind,
    title: m.kind === 'direct' && m.peer ? fullName(m.peer) : m.title,
    ...(m.peer
      ? {
          peer: {
            userId: m.peer.userId,
            firstName: m.peer.firstName,
            lastName: m.peer.lastName,
            hasPhoto: !!m.peer.hasPhoto,
          },
        }
      : {}),
    lastMessage: m.lastMessage?.messageId ? { ...m.lastMessage } : null,
    unread: Math.max(0, m.unread ?? 0),
    lastReadMessageId: m.lastReadMessageId ?? '',
    lastActivityAt: m.lastActivityAt,
    memberCount: m.memberCount,
    ...(m.avatarId ? { avatar: m.avatarId } : {}),
  };
}

const toArray = (v: unknown): string[] =>
  (v instanceof Set ? [...(v as Set<string>)] : Array.isArray(v) ? (v as string[]) : []).sort();

export function messageView(m: MessageItem): MessageView {
  const reactions: Partial<Record<Reaction, string[]>> = {};
  for (const [r, users] of Object.entries((m.reactions ?? {}) as Record<string, unknown>)) {
    const list = toArray(users);
    if (list.length) reactions[r as Reaction] = list;
  }
  return {
    messageId: m.messageId,
    chatId: m.chatId,
    authorId: m.authorId,
    clientMessageId: m.clientMessageId,
    text: m.deletedAt ? '' : m.text,
    mentions: m.deletedAt ? [] : (m.mentions ?? []),
    replyTo: m.replyTo?.messageId
      ? { messageId: m.replyTo.messageId, authorId: m.replyTo.authorId ?? '', preview: m.replyTo.preview ?? '' }
      : null,
    forwardedFrom: m.forwardedFrom?.messageId
      ? {
          authorId: m.forwardedFrom.authorId ?? '',
          chatId: m.forwardedFrom.chatId ?? '',
          messageId: m.forwardedFrom.messageId,
        }
      : null,
    attachments: m.deletedAt ? [] : ((m.attachments ?? []) as AttachmentView[]),
    reactions: m.deletedAt ? {} : reactions,
    createdAt: m.createdAt,
    editedAt: m.editedAt ?? null,
    deletedAt: m.deletedAt ?? null,
    ...(m.system ? { system: { ...m.system } } : {}),
    version: m.version,
  };
}

/** What a chat list shows as the last message (kind + file name / event so a text-less one is not a blank). */
export const lastMessageOf = (m: MessageItem): LastMessageView => {
  const text = m.deletedAt ? '' : preview(m.text ?? '');
  const files = m.deletedAt ? [] : ((m.attachments ?? []) as AttachmentView[]);
  return {
    messageId: m.messageId,
    authorId: m.authorId,
    preview: text,
    at: m.createdAt,
    deleted: !!m.deletedAt,
    kind: m.system ? 'system' : !text && files.length > 0 ? 'attachment' : 'text',
    ...(m.system ? { system: { ...m.system } } : {}),
    ...(!m.system && files.length > 0 ? { attachment: { name: files[0]!.name, count: files.length } } : {}),
  };
};
