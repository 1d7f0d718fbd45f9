/** The chat list's last-message summary (functions/messenger/views.ts lastMessageOf): kind, file name, event. */
import type { MessageItem } from '../../../functions/messenger/message-entity';
import { lastMessageOf } from '../../../functions/messenger/views';

const base = {
  chatId: 'general',
  messageId: '01J00000000000000000000001',
  authorId: 'ana',
  clientMessageId: 'client-0001',
  text: '',
  mentions: [],
  attachments: [],
  reactions: {},
  createdAt: '2025-01-01T00:00:00.000Z',
  version: 1,
} as unknown as MessageItem;

describe('lastMessageOf', () => {
  it('text: the flattened preview', () => {
    expect(lastMessageOf({ ...base, text: 'hello\n  there' })).toEqual({
      messageId: base.messageId,
      authorId: 'ana',
      preview: 'hello there',
      at: base.createdAt,
      deleted: false,
      kind: 'text',
    });
  });

  it('attachment-only: kind attachment with the first file name and the count (never a blank preview in the list)', () => {
    const files = [
      { fileId: '01J00000000000000000000009', name: 'plan.pdf', size: 1, contentType: 'application/pdf' },
      { fileId: '01J0000000000000000000000A', name: 'x.png', size: 1, contentType: 'image/png' },
    ];
    expect(lastMessageOf({ ...base, attachments: files } as MessageItem)).toMatchObject({
      kind: 'attachment',
      preview: '',
      attachment: { name: 'plan.pdf', count: 2 },
    });
    // text with files is a text message (the preview says enough), still naming the files
    expect(lastMessageOf({ ...base, text: 'see', attachments: files } as MessageItem)).toMatchObject({
      kind: 'text',
      preview: 'see',
      attachment: { name: 'plan.pdf', count: 2 },
    });
  });

  it('system: the event, no attachment', () => {
    const m = { ...base, system: { event: 'renamed', actorId: 'ana', title: 'Launch' } } as MessageItem;
    expect(lastMessageOf(m)).toMatchObject({
      kind: 'system',
      system: { event: 'renamed', actorId: 'ana', title: 'Launch' },
    });
    expect(lastMessageOf(m).attachment).toBeUndefined();
  });

  it('deleted: no text, no file names leak', () => {
    const m = {
      ...base,
      text: 'secret',
      deletedAt: '2025-01-02T00:00:00.000Z',
      attachments: [
        { fileId: '01J00000000000000000000009', name: 'secret.pdf', size: 1, contentType: 'application/pdf' },
      ],
    } as MessageItem;
    const lm = lastMessageOf(m);
    expect(lm).toMatchObject({ deleted: true, preview: '', kind: 'text' });
    expect(JSON.stringify(lm)).not.toContain('secret');
  });
});
