/** Pure logic of presence, notifications, the digest and search (the I/O paths are covered by integration tests). */
import { presenceFrames } from '../../../functions/realtime/presence-service';
import { planNotifications } from '../../../functions/notifications/messenger-events';
import { digestChat, planDigest, type DigestRow } from '../../../functions/messenger/digest-service';
import { digestMail, roCount } from '../../../functions/messenger/digest-mail';
import { indexWrites } from '../../../functions/messenger/search-indexer';
import { keyToken, matches, tokens } from '../../../functions/messenger/search-tokens';
import { expiredSockets, presenceState, presenceView } from '../../../shared/realtime/presence-entity';
import { notificationId } from '../../../shared/notifications/notification-entity';
import type { StreamChange } from '../../../shared/runtime/feature-handler';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const future = NOW / 1000 + 3600;
const past = NOW / 1000 - 1;

describe('presence', () => {
  const item = (
    sockets: Record<string, { s: 'online' | 'away'; x: number }>,
    lastSeenAt = '2026-03-01T11:00:00.000Z',
  ) => ({
    userId: 'u1',
    lastSeenAt,
    ...Object.fromEntries(Object.entries(sockets).map(([id, e]) => [`C#${id}`, e])),
  });

  it('online if any live socket is online, away if all live ones are away, offline with none; expired sockets never count', () => {
    expect(presenceState(undefined, NOW)).toBe('offline');
    expect(presenceState(item({ a: { s: 'online', x: future } }), NOW)).toBe('online');
    expect(presenceState(item({ a: { s: 'away', x: future }, b: { s: 'online', x: future } }), NOW)).toBe('online');
    expect(presenceState(item({ a: { s: 'away', x: future }, b: { s: 'away', x: future } }), NOW)).toBe('away');
    expect(presenceState(item({ a: { s: 'online', x: past } }), NOW)).toBe('offline');
    expect(presenceState(item({ a: { s: 'online', x: past }, b: { s: 'away', x: future } }), NOW)).toBe('away');
    expect(expiredSockets(item({ a: { s: 'online', x: past }, b: { s: 'away', x: future } }), NOW)).toEqual(['a']);
    expect(presenceView('u1', item({}), NOW)).toEqual({
      userId: 'u1',
      state: 'offline',
      lastSeenAt: '2026-03-01T11:00:00.000Z',
    });
  });

  it('ignores attributes that are not well-formed sockets', () => {
    expect(
      presenceState({ 'C#x': { s: 'busy', x: future }, 'C#y': 'online', other: { s: 'online', x: future } }, NOW),
    ).toBe('offline');
  });

  it('frames only for people whose state changed across the batch (first old image vs last new image)', () => {
    const ch = (oldImage: object | undefined, newImage: object | undefined): StreamChange => ({
      eventName: 'MODIFY',
      entity: 'presence',
      oldImage: oldImage as never,
      newImage: newImage as never,
    });
    const on = item({ a: { s: 'online', x: future } });
    const two = item({ a: { s: 'online', x: future }, b: { s: 'online', x: future } });
    const away = item({ a: { s: 'away', x: future } });
    const off = item({}, '2026-03-01T12:00:00.000Z');
    // second tab: no change → no frame
    expect(presenceFrames([ch(on, two)], NOW)).toEqual([]);
    expect(presenceFrames([ch(on, away)], NOW)).toEqual([
      { type: 'presence', userId: 'u1', state: 'away', lastSeenAt: '2026-03-01T11:00:00.000Z' },
    ]);
    // online → offline → online within one batch: nothing to say
    expect(presenceFrames([ch(on, off), ch(off, on)], NOW)).toEqual([]);
    expect(presenceFrames([ch(undefined, on)], NOW)).toMatchObject([{ userId: 'u1', state: 'online' }]);
    expect(presenceFrames([ch(on, off)], NOW)).toEqual([
      { type: 'presence', userId: 'u1', state: 'offline', lastSeenAt: '2026-03-01T12:00:00.000Z' },
    ]);
  });
});

describe('notifications', () => {
  const msg = (extra: Record<string, unknown>, eventName: StreamChange['eventName'] = 'INSERT'): StreamChange => ({
    eventName,
    entity: 'message',
    oldImage: undefined,
    newImage: {
      chatId: 'C1',
      messageId: '01J0000000000000000000000M',
      authorId: 'author',
      text: 'Hello  @bob\nand @carol',
      mentions: [],
      createdAt: '2026-03-01T12:00:00.000Z',
      ...extra,
    },
  });

  it('a mention notifies each mentioned person once, never the author; edits and deleted messages notify nobody', () => {
    const plan = planNotifications([msg({ mentions: ['bob', 'carol', 'bob', 'author'] })]);
    expect(plan.map((p) => [p.userId, p.kind, p.actorId, p.needsMembership, p.preview])).toEqual([
      ['bob', 'chat.mention', 'author', true, 'Hello @bob and @carol'],
      ['carol', 'chat.mention', 'author', true, 'Hello @bob and @carol'],
    ]);
    expect(planNotifications([msg({ mentions: ['bob'] }, 'MODIFY')])).toEqual([]);
    expect(planNotifications([msg({ mentions: ['bob'], deletedAt: '2026-03-01T12:00:01.000Z' })])).toEqual([]);
  });

  it('a system message adding people notifies them, not the actor; other system events nobody', () => {
    const added = planNotifications([
      msg({ system: { event: 'added', actorId: 'owner', userIds: ['x', 'owner', 'y'] } }),
    ]);
    expect(added.map((p) => [p.userId, p.kind, p.actorId, p.needsMembership])).toEqual([
      ['x', 'chat.added', 'owner', false],
      ['y', 'chat.added', 'owner', false],
    ]);
    expect(
      planNotifications([msg({ system: { event: 'renamed', actorId: 'owner', title: 'T' }, mentions: ['bob'] })]),
    ).toEqual([]);
  });

  it('ids are ULIDs ordered by time; the same dedupe key gives the same id, another key another id', () => {
    const at = new Date(NOW);
    const a = notificationId(at, 'chat.mention:C1:M1:bob');
    expect(a).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(notificationId(at, 'chat.mention:C1:M1:bob')).toBe(a);
    expect(notificationId(at, 'chat.mention:C1:M1:carol')).not.toBe(a);
    expect(notificationId(new Date(NOW + 1), 'x') > notificationId(at, 'x')).toBe(true);
    expect(notificationId(at)).not.toBe(notificationId(at));
  });
});

describe('digest', () => {
  const row = (userId: string, chatId: string, extra: Partial<DigestRow> = {}): DigestRow =>
    ({
      chatId,
      userId,
      role: 'member',
      joinedAt: 'x',
      lastReadMessageId: '',
      unread: 2,
      firstName: 'F',
      lastName: 'L',
      hasPhoto: false,
      kind: 'group',
      title: `Chat ${chatId}`,
      memberCount: 3,
      lastMessageId: 'M',
      lastMessage: { messageId: 'M', authorId: 'ana', preview: 'hi', at: 'x', deleted: false },
      lastActivityAt: '2026-03-01T10:00:00.000Z',
      GSI3SK: `2026-03-01T10:10:00.000Z#${userId}#${chatId}`,
      ...extra,
    }) as DigestRow;
  const profiles = new Map([
    ['bob', { userId: 'bob', email: 'bob@x', firstName: 'Bob', language: 'ro', status: 'active' }],
    ['carol', { userId: 'carol', email: 'carol@x', firstName: 'Carol', language: 'en', status: 'active' }],
    ['dan', { userId: 'dan', email: 'dan@x', status: 'deactivated' }],
    ['ana', { userId: 'ana', firstName: 'Ana', lastName: 'Pop' }],
  ]);

  it('groups rows per person (one mail each, newest activity first) and drops connected, read, inactive and unknown people', () => {
    const rows = [
      row('bob', 'G1', { lastActivityAt: '2026-03-01T09:00:00.000Z' }),
      row('bob', 'G2', { lastActivityAt: '2026-03-01T11:00:00.000Z' }),
      row('carol', 'G1'),
      row('carol', 'G3', { unread: 0 }),
      row('eve', 'G1'),
      row('dan', 'G1'),
      row('online', 'G1'),
    ];
    const plan = planDigest(rows, new Set(['online']), profiles);
    expect([...plan.mail].map(([u, list]) => [u, list.map((r) => r.chatId)])).toEqual([
      ['bob', ['G2', 'G1']],
      ['carol', ['G1']],
    ]);
    expect(plan.drop.map((d) => [d.row.userId, d.row.chatId, d.reason])).toEqual([
      ['carol', 'G3', 'read'],
      ['eve', 'G1', 'no-profile'],
      ['dan', 'G1', 'inactive'],
      ['online', 'G1', 'connected'],
    ]);
  });

  it('a direct chat is named after the other person; deleted previews are not shown', () => {
    const dm = row('bob', 'dm-x', {
      kind: 'direct',
      title: '',
      peer: { userId: 'ana', firstName: 'Ana', lastName: 'Pop', hasPhoto: false },
    });
    expect(digestChat(dm, profiles)).toMatchObject({ title: 'Ana Pop', sender: 'Ana Pop', preview: 'hi' });
    const gone = row('bob', 'G', {
      lastMessage: { messageId: 'M', authorId: 'ana', preview: 'secret', at: 'x', deleted: true },
    });
    expect(digestChat(gone, profiles).preview).toBe('');
  });

  it('Romanian counts and the mail in both languages, with a link per chat', () => {
    expect([1, 2, 19, 20, 101, 119, 120].map((n) => roCount(n, 'mesaj necitit', 'mesaje necitite'))).toEqual([
      '1 mesaj necitit',
      '2 mesaje necitite',
      '19 mesaje necitite',
      '20 de mesaje necitite',
      '101 mesaje necitite',
      '119 mesaje necitite',
      '120 de mesaje necitite',
    ]);
    const chats = [
      { chatId: 'G2', title: 'Echipa <b>', kind: 'group', unread: 21, sender: 'Ana Pop', preview: 'hi' },
      { chatId: 'dm-y', title: 'Ana Pop', kind: 'direct', unread: 1, sender: 'Ana Pop', preview: '' },
    ];
    const ro = digestMail({ lang: 'ro', firstName: 'Bob', chats, portalUrl: 'https://acme.example.com/' });
    expect(ro.subject).toBe('22 de mesaje necitite în 2 conversații');
    expect(ro.text).toContain(
      'Echipa <b>: 21 de mesaje necitite, cel mai recent de la Ana Pop: „hi”\nDeschide: https://acme.example.com/messenger/G2',
    );
    expect(ro.text).toContain(
      'Ana Pop: 1 mesaj necitit, cel mai recent de la Ana Pop\nDeschide: https://acme.example.com/messenger/dm-y',
    );
    expect(ro.html).toContain('Echipa &lt;b&gt;');
    expect(ro.html).toContain('href="https://acme.example.com/messenger/G2"');
    const en = digestMail({ lang: 'en', firstName: '', chats: chats.slice(1), portalUrl: 'https://acme.example.com' });
    expect(en.subject).toBe('1 unread message in 1 chat');
    expect(en.text.startsWith('Hello,')).toBe(true);
    expect(en.text).toContain('Open the chat: https://acme.example.com/messenger/dm-y');
  });
});

describe('search', () => {
  it('tokenises without case or diacritics, splits on punctuation, drops 1-letter words, keeps each once', () => {
    expect(tokens('Ședința de MÂINE, la 10:30 — proiectul „Alfa”! a e-mail ședința')).toEqual([
      'sedinta',
      'de',
      'maine',
      'la',
      '10',
      '30',
      'proiectul',
      'alfa',
      'mail',
    ]);
    expect(tokens('x'.repeat(60))).toEqual(['x'.repeat(40)]);
    expect(tokens(Array.from({ length: 300 }, (_, i) => `w${i}`).join(' '))).toHaveLength(200);
    expect(tokens('!!! ?')).toEqual([]);
  });

  it('looks up the longest query word and requires every word as a prefix', () => {
    expect(keyToken(['de', 'proiect', 'alfa'])).toBe('proiect');
    expect(keyToken([])).toBeUndefined();
    expect(matches('Proiectul Alfa e gata', ['proi', 'alf'])).toBe(true);
    expect(matches('Proiectul Alfa e gata', ['proi', 'beta'])).toBe(false);
    expect(matches('Ședința', ['sedin'])).toBe(true);
  });

  it('index writes: new words put, removed words deleted, deleted and system messages leave the index', () => {
    const img = (text: string, extra: object = {}) => ({ chatId: 'C1', messageId: 'M1', text, ...extra });
    const ch = (eventName: StreamChange['eventName'], oldImage?: object, newImage?: object): StreamChange => ({
      eventName,
      entity: 'message',
      oldImage: oldImage as never,
      newImage: newImage as never,
    });
    const summary = (ws: ReturnType<typeof indexWrites>) =>
      ws
        .map((w) =>
          'PutRequest' in w
            ? `put ${w.PutRequest.Item.PK} ${w.PutRequest.Item.SK} ${w.PutRequest.Item.GSI1PK}`
            : `del ${w.DeleteRequest.Key.PK} ${w.DeleteRequest.Key.SK}`,
        )
        .sort();
    expect(summary(indexWrites([ch('INSERT', undefined, img('Salut echipa'))]))).toEqual([
      'put SRCH#ec echipa#M1 SRCHCHAT#C1',
      'put SRCH#sa salut#M1 SRCHCHAT#C1',
    ]);
    expect(summary(indexWrites([ch('MODIFY', img('Salut echipa'), img('Salut lume'))]))).toEqual([
      'del SRCH#ec echipa#M1',
      'put SRCH#lu lume#M1 SRCHCHAT#C1',
    ]);
    // reactions only: nothing
    expect(indexWrites([ch('MODIFY', img('Salut'), img('Salut', { reactions: { like: ['x'] } }))])).toEqual([]);
    expect(summary(indexWrites([ch('MODIFY', img('Salut'), img('', { deletedAt: 'x' }))]))).toEqual([
      'del SRCH#sa salut#M1',
    ]);
    expect(indexWrites([ch('INSERT', undefined, img('Ana joined', { system: { event: 'joined' } }))])).toEqual([]);
  });

  it('index writes follow the message as stored now: an insert replayed after its edit puts back no removed word', () => {
    const img = (text: string) => ({ chatId: 'C1', messageId: 'M1', text });
    const ch = (eventName: StreamChange['eventName'], oldImage?: object, newImage?: object): StreamChange => ({
      eventName,
      entity: 'message',
      oldImage: oldImage as never,
      newImage: newImage as never,
    });
    const stored = (text: string | undefined) => () => (text === undefined ? undefined : img(text));
    const summary = (ws: ReturnType<typeof indexWrites>) =>
      ws.map((w) => ('PutRequest' in w ? `put ${w.PutRequest.Item.SK}` : `del ${w.DeleteRequest.Key.SK}`)).sort();
    const insert = ch('INSERT', undefined, img('planul vechi'));
    const edit = ch('MODIFY', img('planul vechi'), img('planul nou'));
    // Delivered again after the edit: the word the edit removed is deleted, not put back.
    expect(summary(indexWrites([insert], stored('planul nou')))).toEqual(['del vechi#M1', 'put planul#M1']);
    // In order, or reversed, or twice: the same end state (the current text's words).
    expect(summary(indexWrites([edit, insert], stored('planul nou')))).toEqual([
      'del vechi#M1',
      'put nou#M1',
      'put planul#M1',
    ]);
    // The message is gone: every touched word goes.
    expect(summary(indexWrites([insert, edit], stored(undefined)))).toEqual([
      'del nou#M1',
      'del planul#M1',
      'del vechi#M1',
    ]);
  });
});
