/** The chat list's second line: what the last message was, in words. */
import type { TFunction } from 'i18next';
import type { ChatSummary } from '../../../shared/messenger/contract';
import { personName } from './person-name';
import { peopleSeen } from './stores';

/** The list's line for the last message: text, "📎 file", the event, or "deleted". */
export function previewOf(c: ChatSummary, me: string, t: TFunction, names: Map<string, string>): string {
  const lm = c.lastMessage;
  // The unread count can reach the list before the summary of the message it counts (the server writes
  // the preview from its stream a moment later): "No messages yet" next to "1" would contradict itself.
  if (!lm) return c.unread > 0 ? t('messenger.list.activity') : t('messenger.list.noMessages');
  if (lm.deleted) return t('messenger.message.deleted');
  const you = lm.authorId === me ? `${t('messenger.list.you')}: ` : '';
  if (lm.kind === 'system' && lm.system) {
    const s = lm.system;
    const nameOf = (id: string) =>
      id === me ? t('messenger.list.you') : names.get(id) || personName(peopleSeen.get(id), '') || undefined;
    const who = nameOf(s.actorId);
    const whom = (s.userIds ?? []).map(nameOf);
    // names known (me, the other person, or members of a chat opened before): the full sentence
    if (who && whom.every(Boolean))
      return t(`messenger.system.${s.event}`, { who, whom: whom.join(', '), title: s.title ?? '' });
    return t(`messenger.list.event.${s.event}`, { title: s.title ?? '' });
  }
  if (lm.preview) return `${you}${lm.preview}`;
  if (lm.attachment) {
    const file =
      lm.attachment.count > 1
        ? t('messenger.list.attachmentMore', { name: lm.attachment.name, more: lm.attachment.count - 1 })
        : t('messenger.list.attachment', { name: lm.attachment.name });
    return `${you}${file}`;
  }
  // rows written before the summary said what the message was
  return t('messenger.list.activity');
}
