/**
 * Meeting notices and reminders against the shared integration stack (issue 14), read the way people read them:
 * the bell (GET /notifications) and the inbox (the local SES store, the .ics attachment parsed by ical.js).
 *  - an invitation: the attendee's bell and an e-mail in their language whose .ics is METHOD:REQUEST with the UID,
 *    ORGANIZER, ATTENDEEs and a VTIMEZONE; a move → an updated REQUEST with a higher SEQUENCE; the delete →
 *    METHOD:CANCEL; the organiser hears the attendee's answer with its comment;
 *  - an outside guest: the same e-mail with the link of their page; GET shows it, POST answers, the organiser's bell
 *    and the event's attendee list say so; a forged or altered link → 404 with the same words;
 *  - reminders: written for the organiser and the attendees who did not decline; run twice, and twice at once, each
 *    person gets ONE reminder, and the next occurrence's is written.
 * Dates are in 2030 so nothing else on the shared stack is in the way.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import ICAL from 'ical.js';
import type { EventView, GuestInvitationView, OccurrencePage } from '../../shared/calendar/contract';
import { occurrenceViews } from '../../shared/calendar/occurrence-page';
import type { NotificationView } from '../../shared/notifications/contract';
import { api, itStack, signUpUser, type TestUser } from '../support/local-stack-client';

jest.setTimeout(40_000);

const TZ = 'Europe/Bucharest';
const tag = () => randomUUID().slice(0, 6);

let doc: DynamoDBDocumentClient;
let ana: TestUser;
let bogdan: TestUser;
let carla: TestUser;
let anaName: string;
let bogdanName: string;

interface RawStoredMail {
  destination: { to: string[] };
  subject: string;
  body: { text: string; html: string };
  attachments?: { filename: string; contentType: string; content: string }[];
}

/** The e-mails to `address` since `since`, oldest first, waiting until `count` matching ones are there. */
async function mails(address: string, since: number, match: (m: RawStoredMail) => boolean, count = 1) {
  const until = Date.now() + 10_000;
  for (;;) {
    const res = await fetch(`${itStack().urls.mail.replace(/\/+$/, '')}/store?since=${since}`);
    const { emails } = (await res.json()) as { emails: RawStoredMail[] };
    const mine = emails.filter((m) => m.destination.to.some((t) => t.toLowerCase().includes(address)) && match(m));
    if (mine.length >= count || Date.now() > until) return mine;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The .ics attached to a mail, parsed. */
function icsOf(m: RawStoredMail | undefined) {
  const a = m?.attachments?.find((x) => x.contentType.startsWith('text/calendar'));
  expect(a).toBeDefined();
  const root = new ICAL.Component(ICAL.parse(Buffer.from(a!.content, 'base64').toString('utf8')));
  const vevent = root.getFirstSubcomponent('vevent')!;
  return {
    method: String(root.getFirstPropertyValue('method')),
    timezones: root.getAllSubcomponents('vtimezone').map((z) => String(z.getFirstPropertyValue('tzid'))),
    uid: String(vevent.getFirstPropertyValue('uid')),
    sequence: Number(vevent.getFirstPropertyValue('sequence')),
    start: vevent.getFirstProperty('dtstart')!,
    organizer: String(vevent.getFirstPropertyValue('organizer')).toLowerCase(),
    attendees: vevent.getAllProperties('attendee').map((p) => String(p.getFirstValue()).toLowerCase()),
    status: String(vevent.getFirstPropertyValue('status')),
  };
}

const notificationsOf = async (u: TestUser, eventId: string): Promise<NotificationView[]> =>
  ((await api('/notifications?limit=50', { token: u.token })).json as { items: NotificationView[] }).items.filter(
    (n) => n.link === `/calendar?event=${eventId}`,
  );

const createEvent = async (who: TestUser, body: Record<string, unknown>): Promise<EventView> => {
  const res = await api('/calendar/events', {
    method: 'POST',
    token: who.token,
    body: { calendarId: `user-${who.sub}`, timeZone: TZ, ...body },
  });
  expect(res.status).toBe(201);
  return res.json as EventView;
};

async function person(first: string, language?: 'ro'): Promise<[TestUser, string]> {
  const u = await signUpUser('employee');
  const last = `Meet${tag()}`;
  const res = await api('/people/me/profile', {
    method: 'PATCH',
    token: u.token,
    body: { firstName: first, lastName: last, version: 0 },
  });
  expect(res.status).toBe(200);
  if (language) {
    const pref = await api('/me/preferences', {
      method: 'PATCH',
      token: u.token,
      body: { language, timeZone: TZ, version: 0 },
    });
    expect(pref.status).toBe(200);
  }
  return [u, `${first} ${last}`];
}

beforeAll(async () => {
  const s = itStack();
  doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: s.urls.dynamodb,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  [[ana, anaName], [bogdan, bogdanName], [carla]] = await Promise.all([
    person('Ana'),
    person('Bogdan', 'ro'),
    person('Carla'),
  ]);
  await itStack().streamsIdle(); // the language preference reaches the profile through the stream
});
afterAll(() => doc.destroy());

describe('invitations by e-mail and the bell', () => {
  it('invites with a REQUEST .ics, updates with a higher SEQUENCE, cancels with CANCEL; the organiser hears the answer', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const title = `Weekly sync ${tag()}`;
    const ev = await createEvent(ana, {
      title,
      start: '2030-03-04T10:00',
      end: '2030-03-04T11:00',
      place: 'Sala Mare',
      rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=10',
      attendees: [{ type: 'user', id: bogdan.sub }],
    });
    await itStack().streamsIdle();

    // Bogdan's bell, and his e-mail in Romanian with the .ics
    const bell = await notificationsOf(bogdan, ev.eventId);
    expect(bell).toEqual([
      expect.objectContaining({
        kind: 'calendar.invited',
        actorId: ana.sub,
        params: expect.objectContaining({ actorName: anaName, eventTitle: title }),
      }),
    ]);
    const [invite] = await mails(bogdan.email.toLowerCase(), since, (m) => m.subject.includes(title));
    expect(invite!.subject).toBe(`Invitație: ${title}`);
    expect(invite!.body.text).toContain(`${anaName} v-a invitat la „${title}”`);
    const req = icsOf(invite);
    expect(req).toMatchObject({ method: 'REQUEST', status: 'CONFIRMED', timezones: [TZ] });
    expect(req.uid).toContain(ev.eventId);
    expect(req.organizer).toBe(`mailto:${ana.email.toLowerCase()}`);
    expect(req.attendees).toEqual([`mailto:${bogdan.email.toLowerCase()}`]);
    expect(req.start.getParameter('tzid')).toBe(TZ);
    expect(req.start.getFirstValue()?.toString()).toBe('2030-03-04T10:00:00');
    // Ana made it: no bell and no e-mail of her own invitation
    expect(await notificationsOf(ana, ev.eventId)).toEqual([]);

    // Bogdan accepts with a comment: Ana's bell says so
    const rsvp = await api(`/calendar/events/${ev.eventId}/rsvp`, {
      method: 'POST',
      token: bogdan.token,
      body: { answer: 'accepted', comment: 'Aduc cifrele' },
    });
    expect(rsvp.status).toBe(200);
    await itStack().streamsIdle();
    expect(await notificationsOf(ana, ev.eventId)).toEqual([
      expect.objectContaining({
        kind: 'calendar.answered',
        actorId: bogdan.sub,
        params: { actorName: bogdanName, eventTitle: title, answer: 'accepted', comment: 'Aduc cifrele' },
      }),
    ]);

    // Moved by an hour: an update with a higher SEQUENCE
    const moved = await api(`/calendar/events/${ev.eventId}`, {
      method: 'PATCH',
      token: ana.token,
      body: { version: ev.version, scope: 'all', start: '2030-03-04T11:00', end: '2030-03-04T12:00' },
    });
    expect(moved.status).toBe(200);
    await itStack().streamsIdle();
    const [update] = await mails(bogdan.email.toLowerCase(), since, (m) =>
      m.subject.startsWith('Invitație actualizată'),
    );
    const upd = icsOf(update);
    expect(upd).toMatchObject({ method: 'REQUEST', uid: req.uid });
    expect(upd.sequence).toBeGreaterThan(req.sequence);
    expect(upd.start.getFirstValue()?.toString()).toBe('2030-03-04T11:00:00');
    expect((await notificationsOf(bogdan, ev.eventId)).map((n) => n.kind)).toEqual([
      'calendar.changed',
      'calendar.invited',
    ]);

    // Deleted: a cancellation
    const version = (moved.json as EventView).version;
    expect(
      (await api(`/calendar/events/${ev.eventId}?version=${version}`, { method: 'DELETE', token: ana.token })).status,
    ).toBe(204);
    await itStack().streamsIdle();
    const [cancel] = await mails(bogdan.email.toLowerCase(), since, (m) => m.subject.startsWith('Anulat'));
    const can = icsOf(cancel);
    expect(can).toMatchObject({ method: 'CANCEL', uid: req.uid, status: 'CANCELLED' });
    expect(can.sequence).toBeGreaterThan(upd.sequence);
    expect((await notificationsOf(bogdan, ev.eventId))[0]).toMatchObject({
      kind: 'calendar.cancelled',
      params: expect.objectContaining({ eventTitle: title }),
    });
    // each e-mail once, though the consumer may see a record twice
    expect(await mails(bogdan.email.toLowerCase(), since, (m) => m.subject.includes(title), 4)).toHaveLength(3);
  });
});

describe('outside guests', () => {
  it('answer through their signed link; the organiser sees it; a forged link is a 404', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const guest = `guest-${tag()}@partner.example`;
    const title = `Kick-off ${tag()}`;
    const ev = await createEvent(ana, {
      title,
      start: '2030-04-02T14:00',
      end: '2030-04-02T15:00',
      attendees: [{ type: 'email', email: guest, name: 'Dana Extern' }],
    });
    await itStack().streamsIdle();
    const [mail] = await mails(guest, since, (m) => m.subject.includes(title));
    expect(icsOf(mail)).toMatchObject({ method: 'REQUEST', attendees: [`mailto:${guest}`] });
    const link = /\/calendar\/guest\/([A-Za-z0-9_.-]+)\?answer=accepted/.exec(mail!.body.text);
    expect(link).not.toBeNull();
    const token = link![1]!;
    // In the HTML part the three answers are links (buttons), not text to copy.
    const page = `${new URL(itStack().urls.portal).origin}/calendar/guest/${token}`;
    for (const answer of ['accepted', 'tentative', 'declined'])
      expect(mail!.body.html).toContain(`<a href="${page}?answer=${answer}"`);

    const view = await api(`/calendar/guest/${token}`);
    expect(view.status).toBe(200);
    expect(view.json).toEqual<GuestInvitationView>({
      title,
      start: '2030-04-02T14:00',
      end: '2030-04-02T15:00',
      timeZone: TZ,
      allDay: false,
      organizerName: anaName,
      guestEmail: guest,
      state: 'pending',
      cancelled: false,
    });

    // forged: another MAC, another event with this guest's tag, a made-up link — all the same 404
    const [eventId, guestTag, mac] = token.split('.');
    const flipped = `${mac!.slice(0, -1)}${mac!.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [
      `${eventId}.${guestTag}.${flipped}`,
      `01HZZZZZZZZZZZZZZZZZZZZZZ0.${guestTag}.${mac}`,
      'x'.repeat(40),
    ]) {
      const res = await api(`/calendar/guest/${bad}`, { method: 'POST', body: { answer: 'accepted' } });
      expect({ bad, status: res.status }).toEqual({ bad, status: 404 });
      expect(res.json.error.message).toBe('This invitation link is not valid');
    }

    const answered = await api(`/calendar/guest/${token}`, {
      method: 'POST',
      body: { answer: 'tentative', comment: 'Dacă prind trenul' },
    });
    expect(answered.status).toBe(200);
    expect((answered.json as GuestInvitationView).state).toBe('tentative');
    await itStack().streamsIdle();
    expect(await notificationsOf(ana, ev.eventId)).toEqual([
      expect.objectContaining({
        kind: 'calendar.answered',
        actorId: null,
        params: { actorName: 'Dana Extern', eventTitle: title, answer: 'tentative', comment: 'Dacă prind trenul' },
      }),
    ]);
    const seen = (await api(`/calendar/events/${ev.eventId}`, { token: ana.token })).json as EventView;
    expect(seen.attendees).toContainEqual(
      expect.objectContaining({ type: 'email', id: guest, state: 'tentative', comment: 'Dacă prind trenul' }),
    );
    expect(((await api(`/calendar/guest/${token}`)).json as GuestInvitationView).state).toBe('tentative');
  });
});

describe('one occurrence moved on its own', () => {
  it('keeps every answer and comment on it, tells the organiser nothing again, and leaves the other occurrences', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const title = `Weekly review ${tag()}`;
    const guest = `guest-${tag()}@partner.example`;
    const ev = await createEvent(ana, {
      title,
      start: '2030-06-03T10:00',
      end: '2030-06-03T11:00',
      rrule: 'FREQ=WEEKLY;COUNT=4',
      attendees: [
        { type: 'user', id: bogdan.sub },
        { type: 'user', id: carla.sub },
        { type: 'email', email: guest, name: 'Gina Extern' },
      ],
    });
    await itStack().streamsIdle();
    const rsvp = await api(`/calendar/events/${ev.eventId}/rsvp`, {
      method: 'POST',
      token: bogdan.token,
      body: { answer: 'accepted', comment: 'Vin cu laptopul' },
    });
    expect(rsvp.status).toBe(200);
    const [mail] = await mails(guest, since, (m) => m.subject.includes(title));
    const token = /\/calendar\/guest\/([A-Za-z0-9_.-]+)\?answer=accepted/.exec(mail!.body.text)![1]!;
    const guestAnswer = await api(`/calendar/guest/${token}`, {
      method: 'POST',
      body: { answer: 'tentative', comment: 'Poate online' },
    });
    expect(guestAnswer.status).toBe(200);
    await itStack().streamsIdle();

    // Ana drags the third Monday to Tuesday afternoon (scope "this").
    const moved = await api(`/calendar/events/${ev.eventId}`, {
      method: 'PATCH',
      token: ana.token,
      body: {
        version: ev.version,
        scope: 'this',
        occurrence: '2030-06-17T10:00',
        start: '2030-06-18T15:00',
        end: '2030-06-18T16:00',
      },
    });
    expect(moved.status).toBe(200);
    const override = (moved.json as EventView).eventId;
    await itStack().streamsIdle();

    const answers = (await api(`/calendar/events/${override}`, { token: ana.token })).json as EventView;
    expect(answers).toMatchObject({ seriesId: ev.eventId, start: '2030-06-18T15:00' });
    expect(answers.attendees).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: bogdan.sub, state: 'accepted', comment: 'Vin cu laptopul' }),
        expect.objectContaining({ id: carla.sub, state: 'pending' }),
        expect.objectContaining({ id: guest, state: 'tentative', comment: 'Poate online' }),
      ]),
    );
    const inBogdan = occurrenceViews(
      (
        await api<OccurrencePage>(
          `/calendar/events?from=2030-06-01T00:00:00Z&to=2030-07-01T00:00:00Z&calendarIds=user-${bogdan.sub}`,
          { token: bogdan.token },
        )
      ).json,
    );
    // Bucharest is UTC+3 in June: 10:00 is 07:00Z.
    expect(inBogdan.map((o) => [o.eventId, o.startUtc.slice(0, 16), o.myState])).toEqual([
      [ev.eventId, '2030-06-03T07:00', 'accepted'],
      [ev.eventId, '2030-06-10T07:00', 'accepted'],
      [override, '2030-06-18T12:00', 'accepted'],
      [ev.eventId, '2030-06-24T07:00', 'accepted'],
    ]);
    const invitations = (await api('/calendar/invitations', { token: bogdan.token })).json as {
      items: { eventId: string }[];
    };
    expect(invitations.items.map((i) => i.eventId)).not.toContain(override);
    // The answers were news once, on the series; the moved occurrence repeats none of them.
    expect((await notificationsOf(ana, override)).filter((n) => n.kind === 'calendar.answered')).toEqual([]);
  });
});

describe('reminders', () => {
  const remindersOf = async (eventId: string) =>
    ((
      await doc.send(
        new QueryCommand({
          TableName: itStack().tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': `CALREM#${eventId}` },
          ConsistentRead: true,
        }),
      )
    ).Items ?? []) as { userId: string; fireAt: string; occurrenceStart: string; GSI2SK: string }[];

  /** Makes the event's reminder rows due now (the stack's clock is today's): fireAt and the due index's key move into
   * the past, the occurrence stays ahead. */
  const makeDue = async (eventId: string) => {
    const past = new Date(Date.now() - 60_000).toISOString();
    for (const i of await remindersOf(eventId))
      await doc.send(
        new UpdateCommand({
          TableName: itStack().tableName,
          Key: { PK: `CALREM#${eventId}`, SK: `USER#${i.userId}` },
          UpdateExpression: 'SET fireAt = :f, GSI2SK = :k',
          ExpressionAttributeValues: { ':f': past, ':k': `${past}#${eventId}#${i.userId}` },
        }),
      );
  };
  const remindersTo = async (u: TestUser, eventId: string) =>
    (await notificationsOf(u, eventId)).filter((n) => n.kind === 'calendar.reminder');

  it('are not sent to someone deactivated: the due row is dropped, and a change writes them none', async () => {
    const [dan] = await person('Dan');
    const ev = await createEvent(ana, {
      title: `Review ${tag()}`,
      start: '2030-06-03T10:00',
      end: '2030-06-03T11:00',
      reminders: [15],
      attendees: [
        { type: 'user', id: bogdan.sub },
        { type: 'user', id: dan.sub },
      ],
    });
    await itStack().streamsIdle();
    const planned = async () => (await remindersOf(ev.eventId)).map((i) => i.userId).sort();
    expect(await planned()).toEqual([ana.sub, bogdan.sub, dan.sub].sort());

    await doc.send(
      new UpdateCommand({
        TableName: itStack().tableName,
        Key: { PK: `USER#${dan.sub}`, SK: 'PROFILE' },
        UpdateExpression: 'SET #status = :deactivated',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':deactivated': 'deactivated' },
      }),
    );
    await makeDue(ev.eventId);
    await itStack().runSchedule('calendar', 'reminders');
    await itStack().streamsIdle();
    expect(await remindersTo(bogdan, ev.eventId)).toHaveLength(1);
    expect(await remindersTo(dan, ev.eventId)).toEqual([]);
    expect(await planned()).toEqual([]);

    // Moved: the reminders are planned again, for everyone but Dan.
    const moved = await api(`/calendar/events/${ev.eventId}`, {
      method: 'PATCH',
      token: ana.token,
      body: { version: ev.version, start: '2030-06-04T10:00', end: '2030-06-04T11:00' },
    });
    expect(moved.status).toBe(200);
    await itStack().streamsIdle();
    expect(await planned()).toEqual([ana.sub, bogdan.sub].sort());
  });

  it('go to the organiser and attendees who did not decline, once each even when the schedule runs twice and twice at once', async () => {
    const title = `Standup ${tag()}`;
    const ev = await createEvent(ana, {
      title,
      start: '2030-05-06T09:00',
      end: '2030-05-06T09:15',
      rrule: 'FREQ=DAILY;COUNT=3',
      reminders: [15],
      attendees: [
        { type: 'user', id: bogdan.sub },
        { type: 'user', id: carla.sub },
      ],
    });
    await itStack().streamsIdle();
    const declined = await api(`/calendar/events/${ev.eventId}/rsvp`, {
      method: 'POST',
      token: carla.token,
      body: { answer: 'declined' },
    });
    expect(declined.status).toBe(200);
    await itStack().streamsIdle();

    const items = await remindersOf(ev.eventId);
    // 09:00 in Bucharest (UTC+3 in May) is 06:00Z: the first reminder at 05:45Z
    expect(items.map((i) => [i.userId, i.fireAt]).sort()).toEqual(
      [
        [ana.sub, '2030-05-06T05:45:00.000Z'],
        [bogdan.sub, '2030-05-06T05:45:00.000Z'],
      ].sort(),
    );

    // Make them due now (the stack's clock is today's): fireAt and the due index's key move into the past, the
    // occurrence stays ahead.
    const past = new Date(Date.now() - 60_000).toISOString();
    for (const i of items)
      await doc.send(
        new UpdateCommand({
          TableName: itStack().tableName,
          Key: { PK: `CALREM#${ev.eventId}`, SK: `USER#${i.userId}` },
          UpdateExpression: 'SET fireAt = :f, GSI2SK = :k',
          ExpressionAttributeValues: { ':f': past, ':k': `${past}#${ev.eventId}#${i.userId}` },
        }),
      );

    await Promise.all([itStack().runSchedule('calendar', 'reminders'), itStack().runSchedule('calendar', 'reminders')]);
    await itStack().runSchedule('calendar', 'reminders');
    await itStack().streamsIdle();

    for (const u of [ana, bogdan]) {
      const reminders = (await notificationsOf(u, ev.eventId)).filter((n) => n.kind === 'calendar.reminder');
      expect(reminders).toEqual([
        expect.objectContaining({
          actorId: null,
          params: { eventTitle: title, startsAt: '2030-05-06T06:00:00.000Z' },
        }),
      ]);
    }
    expect((await notificationsOf(carla, ev.eventId)).filter((n) => n.kind === 'calendar.reminder')).toEqual([]);
    // the next occurrence's reminders (the day after, the same local time)
    expect((await remindersOf(ev.eventId)).map((i) => [i.userId, i.fireAt, i.occurrenceStart]).sort()).toEqual(
      [
        [ana.sub, '2030-05-07T05:45:00.000Z', '2030-05-07T06:00:00.000Z'],
        [bogdan.sub, '2030-05-07T05:45:00.000Z', '2030-05-07T06:00:00.000Z'],
      ].sort(),
    );
  });
});
