/**
 * Calendar rooms, booking, free/busy and RSVP against the shared integration stack (issue 14):
 *  - rooms: employees list, only admins write (anonymous 401, employee 403), versioned edits, a room with meetings
 *    ahead cannot be removed (409 naming them);
 *  - 20 bookings of one room for the same slot at once: exactly one 201, nineteen 409s naming the winner's event;
 *  - a weekly booking blocks a single booking on one of its occurrences, not one between them;
 *  - free/busy of two people and a room over a week: a private recurring event is busy without its title, a declined
 *    invitation and a `free` event are not;
 *  - RSVP by an attendee (the organiser sees the answer) and by someone not invited (404).
 * Every test makes its own rooms and people; dates are in 2030 so nothing else on the shared stack is in the way.
 */
import { randomUUID } from 'node:crypto';
import { api, itStack, signUpUser, type TestUser } from '../support/local-stack-client';

jest.setTimeout(60_000);

const TZ = 'Europe/Bucharest';
let admin: TestUser;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;

const tag = () => randomUUID().slice(0, 6);

async function withProfile(role: 'employee' | 'admin', firstName: string): Promise<TestUser> {
  const u = await signUpUser(role);
  const res = await api('/people/me/profile', {
    method: 'PATCH',
    token: u.token,
    body: { firstName, lastName: `Rooms${tag()}`, version: 0 },
  });
  expect(res.status).toBe(200);
  return u;
}

async function newRoom(name = `Room ${tag()}`): Promise<string> {
  const res = await api('/calendar/rooms', { method: 'POST', token: admin.token, body: { name, capacity: 8 } });
  expect(res.status).toBe(201);
  return (res.json as { roomId: string }).roomId;
}

interface EventInput {
  title: string;
  start: string;
  end: string;
  roomId?: string;
  rrule?: string;
  private?: boolean;
  availability?: 'busy' | 'free' | 'tentative' | 'away';
  attendees?: { type: 'user'; id: string }[];
}
const createEvent = (who: TestUser, e: EventInput) =>
  api('/calendar/events', {
    method: 'POST',
    token: who.token,
    body: { calendarId: `user-${who.sub}`, timeZone: TZ, ...e },
  });

interface ConflictBody {
  error: { code: string; message: string; conflict?: { eventId: string; title?: string } };
}

beforeAll(async () => {
  [admin, alice, bob, carol] = await Promise.all([
    withProfile('admin', 'Adi'),
    withProfile('employee', 'Alice'),
    withProfile('employee', 'Bogdan'),
    withProfile('employee', 'Carla'),
  ]);
});

describe('rooms', () => {
  it('are listed to employees and written only by admins', async () => {
    const body = { name: `Sala ${tag()}`, capacity: 12, place: 'Etaj 2' };
    expect((await api('/calendar/rooms', { method: 'POST', body })).status).toBe(401);
    expect((await api('/calendar/rooms', { method: 'POST', token: alice.token, body })).status).toBe(403);
    const created = await api('/calendar/rooms', { method: 'POST', token: admin.token, body });
    expect(created.status).toBe(201);
    const room = created.json as { roomId: string; version: number };
    expect(created.json).toEqual({ roomId: room.roomId, ...body, version: 1 });

    const listed = await api('/calendar/rooms', { token: alice.token });
    expect(listed.status).toBe(200);
    expect(listed.json).toEqual(expect.arrayContaining([{ roomId: room.roomId, ...body, version: 1 }]));

    const path = `/calendar/rooms/${room.roomId}`;
    expect((await api(path, { method: 'PATCH', token: alice.token, body: { version: 1, capacity: 3 } })).status).toBe(
      403,
    );
    const edited = await api(path, { method: 'PATCH', token: admin.token, body: { version: 1, capacity: 14 } });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ capacity: 14, name: body.name, version: 2 });
    const stale = await api(path, { method: 'PATCH', token: admin.token, body: { version: 1, name: 'Old' } });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ error: { current: { capacity: 14, version: 2 } } });

    expect((await api(path, { method: 'DELETE', token: alice.token })).status).toBe(403);
    expect((await api(path, { method: 'DELETE', token: admin.token })).status).toBe(204);
    const after = (await api('/calendar/rooms', { token: alice.token })).json as { roomId: string }[];
    expect(after.map((r) => r.roomId)).not.toContain(room.roomId);
    expect((await api(path, { method: 'DELETE', token: admin.token })).status).toBe(404);
  });

  it('cannot be removed while meetings ahead book it (409 naming them)', async () => {
    const roomId = await newRoom();
    const title = `Budget review ${tag()}`;
    const booked = await createEvent(alice, { title, start: '2030-05-06T14:00', end: '2030-05-06T15:00', roomId });
    expect(booked.status).toBe(201);
    const refused = await api(`/calendar/rooms/${roomId}`, { method: 'DELETE', token: admin.token });
    expect(refused.status).toBe(409);
    expect((refused.json as ConflictBody).error.message).toContain(title);
  });
});

describe('booking a room', () => {
  it('lets exactly one of 20 simultaneous bookings of the same slot win; the others are told which event', async () => {
    const roomId = await newRoom();
    const people = [alice, bob, carol];
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        createEvent(people[i % people.length]!, {
          title: `Sprint planning ${i}`,
          start: '2030-03-04T10:00',
          end: '2030-03-04T11:00',
          roomId,
        }),
      ),
    );
    const wins = answers.filter((a) => a.status === 201);
    const losses = answers.filter((a) => a.status === 409);
    expect({ wins: wins.length, losses: losses.length }).toEqual({ wins: 1, losses: 19 });
    const winner = wins[0]!.json as { eventId: string; title: string };
    for (const loss of losses) {
      const { error } = loss.json as ConflictBody;
      expect({ message: error.message, eventId: error.conflict?.eventId }).toEqual({
        message: expect.stringContaining(`${winner.title}”, 4 Mar 2030, 10:00–11:00`),
        eventId: winner.eventId,
      });
    }
  });

  it('a weekly booking blocks a single booking on one of its occurrences, not between them', async () => {
    const roomId = await newRoom();
    const weekly = await createEvent(alice, {
      title: `Weekly sync ${tag()}`,
      start: '2030-03-04T10:00',
      end: '2030-03-04T11:00',
      rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=8',
      roomId,
    });
    expect(weekly.status).toBe(201);
    const weeklyEvent = weekly.json as { eventId: string; title: string };

    // The third Monday, half an hour into its occurrence.
    const onOccurrence = await createEvent(bob, {
      title: 'Interview',
      start: '2030-03-18T10:30',
      end: '2030-03-18T11:30',
      roomId,
    });
    expect(onOccurrence.status).toBe(409);
    const { error } = onOccurrence.json as ConflictBody;
    expect(error.conflict?.eventId).toBe(weeklyEvent.eventId);
    expect(error.message).toContain(weeklyEvent.title);
    expect(error.message).toContain('18 Mar 2030');

    // After the DST change (31 March) the series keeps 10:00 local time: 10:00 on 8 April is still taken.
    const afterDst = await createEvent(bob, {
      title: 'Interview 2',
      start: '2030-04-08T10:00',
      end: '2030-04-08T10:30',
      roomId,
    });
    expect(afterDst.status).toBe(409);

    for (const between of [
      { start: '2030-03-20T10:00', end: '2030-03-20T11:00' }, // a Wednesday
      { start: '2030-03-18T11:00', end: '2030-03-18T12:00' }, // right after an occurrence
      { start: '2030-04-29T10:00', end: '2030-04-29T11:00' }, // a Monday after the 8th (last) occurrence
    ]) {
      const res = await createEvent(bob, { title: `Between ${between.start}`, ...between, roomId });
      expect({ between, status: res.status }).toEqual({ between, status: 201 });
    }
  });
});

interface BusyBlock {
  startUtc: string;
  endUtc: string;
  availability: string;
}
interface FreeBusy {
  users: Record<string, BusyBlock[]>;
  rooms: Record<string, BusyBlock[]>;
}

describe('free/busy and RSVP', () => {
  it('shows when people and a room are busy over a week, without titles', async () => {
    // People of their own: the tests above booked in the same week.
    const [alice, bob] = await Promise.all([withProfile('employee', 'Ana'), withProfile('employee', 'Bianca')]);
    const roomId = await newRoom();
    const secret = `Therapy ${tag()}`;
    // Alice: a private daily event 08:00–08:30 (Bucharest, UTC+2 in March) all week.
    expect(
      (
        await createEvent(alice, {
          title: secret,
          start: '2030-03-04T08:00',
          end: '2030-03-04T08:30',
          rrule: 'FREQ=DAILY;COUNT=5',
          private: true,
        })
      ).status,
    ).toBe(201);
    // Alice: something marked free (not busy).
    expect(
      (
        await createEvent(alice, {
          title: 'Optional reading',
          start: '2030-03-05T15:00',
          end: '2030-03-05T16:00',
          availability: 'free',
        })
      ).status,
    ).toBe(201);
    // Alice invites Bob to a meeting in the room on Wednesday 12:00–13:00; Bob declines.
    const meeting = await createEvent(alice, {
      title: 'Roadmap',
      start: '2030-03-06T12:00',
      end: '2030-03-06T13:00',
      roomId,
      attendees: [{ type: 'user', id: bob.sub }],
    });
    expect(meeting.status).toBe(201);
    const meetingId = (meeting.json as { eventId: string }).eventId;
    await itStack().streamsIdle(); // the attendee copies are written from the stream
    const declined = await api(`/calendar/events/${meetingId}/rsvp`, {
      method: 'POST',
      token: bob.token,
      body: { answer: 'declined', comment: 'On leave' },
    });
    expect(declined.status).toBe(200);
    // Bob accepts another meeting on Thursday 09:00–10:00.
    const other = await createEvent(carol, {
      title: 'One to one',
      start: '2030-03-07T09:00',
      end: '2030-03-07T10:00',
      attendees: [{ type: 'user', id: bob.sub }],
    });
    expect(other.status).toBe(201);
    await itStack().streamsIdle();
    const otherId = (other.json as { eventId: string }).eventId;
    expect(
      (
        await api(`/calendar/events/${otherId}/rsvp`, {
          method: 'POST',
          token: bob.token,
          body: { answer: 'accepted' },
        })
      ).status,
    ).toBe(200);

    const range = 'from=2030-03-04T00:00:00Z&to=2030-03-11T00:00:00Z';
    const res = await api(`/calendar/free-busy?${range}&userIds=${alice.sub},${bob.sub}&roomIds=${roomId}`, {
      token: carol.token,
    });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(secret);
    expect(res.text).not.toContain('Roadmap');
    const view = res.json as FreeBusy;
    const daily = ['04', '05', '06', '07', '08'].map((d) => ({
      startUtc: `2030-03-${d}T06:00:00.000Z`,
      endUtc: `2030-03-${d}T06:30:00.000Z`,
      availability: 'busy',
    }));
    const roadmap = { startUtc: '2030-03-06T10:00:00.000Z', endUtc: '2030-03-06T11:00:00.000Z', availability: 'busy' };
    expect(view.users[alice.sub]).toEqual([daily[0], daily[1], daily[2], roadmap, daily[3], daily[4]]);
    expect(view.users[bob.sub]).toEqual([
      { startUtc: '2030-03-07T07:00:00.000Z', endUtc: '2030-03-07T08:00:00.000Z', availability: 'busy' },
    ]);
    expect(view.rooms[roomId]).toEqual([roadmap]);
  });

  it('takes an answer only from an attendee; the organiser sees it', async () => {
    const meeting = await createEvent(alice, {
      title: `Retro ${tag()}`,
      start: '2030-06-03T16:00',
      end: '2030-06-03T17:00',
      attendees: [{ type: 'user', id: bob.sub }],
    });
    expect(meeting.status).toBe(201);
    const eventId = (meeting.json as { eventId: string }).eventId;
    await itStack().streamsIdle();
    const path = `/calendar/events/${eventId}/rsvp`;

    const notInvited = await api(path, { method: 'POST', token: carol.token, body: { answer: 'accepted' } });
    expect(notInvited.status).toBe(404);

    const answered = await api(path, {
      method: 'POST',
      token: bob.token,
      body: { answer: 'tentative', comment: 'Might be late' },
    });
    expect(answered.status).toBe(200);
    const mine = (answered.json as { attendees: { id: string; state: string; comment?: string }[] }).attendees;
    expect(mine.find((a) => a.id === bob.sub)).toMatchObject({ state: 'tentative', comment: 'Might be late' });

    const seen = await api(`/calendar/events/${eventId}`, { token: alice.token });
    expect(seen.status).toBe(200);
    const attendees = (seen.json as { attendees: { id: string; state: string; comment?: string }[] }).attendees;
    expect(attendees.find((a) => a.id === bob.sub)).toMatchObject({ state: 'tentative', comment: 'Might be late' });
  });
});
