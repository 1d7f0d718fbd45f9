/**
 * Calendar core against the shared integration stack (issue 14): calendars, events with recurrence, attendee copies,
 * rights per person (owner, attendee, shared reader, outsider, extranet, admin), workgroup calendars (listed to
 * members; an open group's read by id), bad input, and the list's cost.
 * Every test makes its own people; dates are in 2030 (Europe/Bucharest changes to summer time on 2030-03-31).
 */
import { randomUUID } from 'node:crypto';
import { api, itStack, signUpUser, type TestUser } from '../support/local-stack-client';
import type { OccurrencePage } from '../../shared/calendar/contract';
import { occurrenceViews } from '../../shared/calendar/occurrence-page';

jest.setTimeout(60_000);

const TZ = 'Europe/Bucharest';
let admin: TestUser;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let dave: TestUser;
let partner: TestUser;

const tag = () => randomUUID().slice(0, 6);
const own = (u: TestUser) => `user-${u.sub}`;

async function withProfile(role: 'employee' | 'admin' | 'extranet', firstName: string): Promise<TestUser> {
  const u = await signUpUser(role);
  const res = await api('/people/me/profile', {
    method: 'PATCH',
    token: u.token,
    body: { firstName, lastName: `Cal${tag()}`, version: 0 },
  });
  expect(res.status).toBe(200);
  return u;
}

interface Occ {
  eventId: string;
  title: string;
  startUtc: string;
  occurrence?: string;
  myState?: string;
  private: boolean;
  version: number;
}
interface EventBody {
  eventId: string;
  version: number;
  title: string;
  rights: { edit: boolean; rsvp: boolean };
  attendees: { id: string; state: string }[];
}

const post = (u: TestUser, body: Record<string, unknown>) =>
  api<EventBody>('/calendar/events', {
    method: 'POST',
    token: u.token,
    body: { calendarId: own(u), timeZone: TZ, ...body },
  });
/** GET /calendar/events, its compact answer as one view per occurrence. */
const list = async (u: TestUser, from: string, to: string, calendarIds?: string[]) => {
  const res = await api<OccurrencePage>(
    `/calendar/events?from=${from}&to=${to}${calendarIds ? `&calendarIds=${calendarIds.join(',')}` : ''}`,
    { token: u.token },
  );
  return { ...res, json: { queries: res.json.queries, occurrences: occurrenceViews(res.json) satisfies Occ[] } };
};
const fields = (res: { json: unknown }) =>
  ((res.json as { error?: { fields?: { path: string }[] } }).error?.fields ?? []).map((f) => f.path);

beforeAll(async () => {
  [admin, alice, bob, carol, dave, partner] = await Promise.all([
    withProfile('admin', 'Adi'),
    withProfile('employee', 'Alice'),
    withProfile('employee', 'Bogdan'),
    withProfile('employee', 'Carla'),
    withProfile('employee', 'Dan'),
    withProfile('extranet', 'Petra'),
  ]);
});

describe('bad input', () => {
  it('answers 400 naming the field and writes nothing', async () => {
    const base = { title: 'Bad', start: '2030-01-07T09:00', end: '2030-01-07T10:00' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, end: '2030-01-07T08:00' }, 'end'],
      [{ ...base, timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ ...base, rrule: 'FREQ=SECONDLY' }, 'rrule'],
      [{ ...base, attendees: Array.from({ length: 10_000 }, (_, i) => ({ type: 'user', id: `u${i}` })) }, 'attendees'],
      [{ ...base, attendees: [{ type: 'user', id: 'nobody-at-all' }] }, 'attendees.0.id'],
      [{ ...base, calendarId: own(bob) }, 'calendarId'],
    ];
    for (const [body, field] of cases) {
      const res = await post(alice, body);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(fields(res)).toEqual(expect.arrayContaining([field]));
    }
    const after = await list(alice, '2030-01-01T00:00:00Z', '2030-02-01T00:00:00Z', [own(alice)]);
    expect(after.json.occurrences).toEqual([]);
  });
});

describe('calendars', () => {
  it('are created, renamed (versioned), listed and deleted by the rights each person has', async () => {
    const made = await api('/calendar/calendars', {
      method: 'POST',
      token: alice.token,
      body: { name: 'Side', color: 'teal' },
    });
    expect(made.status).toBe(201);
    const id = (made.json as { calendarId: string }).calendarId;
    const company = { name: `Holidays ${tag()}`, color: 'red', company: true };
    expect((await api('/calendar/calendars', { method: 'POST', token: alice.token, body: company })).status).toBe(403);
    const holidays = await api('/calendar/calendars', { method: 'POST', token: admin.token, body: company });
    expect(holidays.status).toBe(201);
    expect(
      (await api('/calendar/calendars', { method: 'POST', token: partner.token, body: { name: 'X', color: 'red' } }))
        .status,
    ).toBe(403);

    const path = `/calendar/calendars/${id}`;
    expect((await api(path, { method: 'PATCH', token: bob.token, body: { version: 1, name: 'Mine' } })).status).toBe(
      404,
    );
    const renamed = await api(path, { method: 'PATCH', token: alice.token, body: { version: 1, name: 'Side B' } });
    expect(renamed.json).toMatchObject({ name: 'Side B', version: 2, access: 'owner' });
    const stale = await api(path, { method: 'PATCH', token: alice.token, body: { version: 1, name: 'Old' } });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ error: { current: { name: 'Side B', version: 2 } } });

    const mine = (await api<{ calendarId: string; access: string }[]>('/calendar/calendars', { token: alice.token }))
      .json;
    expect(mine[0]).toMatchObject({ calendarId: own(alice), access: 'owner' });
    expect(mine.map((c) => c.calendarId)).toEqual(
      expect.arrayContaining([id, (holidays.json as { calendarId: string }).calendarId]),
    );
    const theirs = (await api<{ calendarId: string }[]>('/calendar/calendars', { token: partner.token })).json;
    expect(theirs.map((c) => c.calendarId)).toEqual([own(partner)]);

    expect((await api(`/calendar/calendars/${own(alice)}`, { method: 'DELETE', token: alice.token })).status).toBe(400);
    expect((await api(path, { method: 'DELETE', token: bob.token })).status).toBe(404);
    expect((await api(path, { method: 'DELETE', token: alice.token })).status).toBe(204);
  });
});

describe('workgroup calendars', () => {
  it('are listed to members only, yet an open group’s is read by any employee by its id; a closed one’s by nobody else', async () => {
    const group = async (visibility: 'open' | 'closed') => {
      const g = await api<{ groupId: string }>('/groups', {
        token: alice.token,
        body: { name: `Cal ${visibility} ${tag()}`, visibility },
      });
      expect(g.status).toBe(201);
      return `group-${g.json.groupId}`;
    };
    const [open, closed] = await Promise.all([group('open'), group('closed')]);
    const inGroup = async (calendarId: string) => {
      const res = await post(alice, {
        calendarId,
        title: `In ${calendarId}`,
        start: '2030-07-01T10:00',
        end: '2030-07-01T11:00',
      });
      expect(res.status).toBe(201);
      return res.json.eventId;
    };
    const [openEvent, closedEvent] = await Promise.all([inGroup(open), inGroup(closed)]);
    const range = ['2030-06-30T00:00:00Z', '2030-07-02T00:00:00Z'] as const;

    const aliceLists = (await api<{ calendarId: string }[]>('/calendar/calendars', { token: alice.token })).json;
    expect(aliceLists.map((c) => c.calendarId)).toEqual(expect.arrayContaining([open, closed]));
    const daveLists = (await api<{ calendarId: string }[]>('/calendar/calendars', { token: dave.token })).json;
    expect(daveLists.map((c) => c.calendarId)).not.toContain(open);

    // Dave, not a member, opens the open group's calendar by id: he reads it, and may not write to it.
    expect((await list(dave, ...range, [open])).json.occurrences.map((o) => o.eventId)).toEqual([openEvent]);
    expect((await api<EventBody>(`/calendar/events/${openEvent}`, { token: dave.token })).json).toMatchObject({
      title: `In ${open}`,
      rights: { edit: false },
    });
    const write = await post(dave, {
      calendarId: open,
      title: 'X',
      start: '2030-07-01T12:00',
      end: '2030-07-01T13:00',
    });
    expect(write.status).toBe(403);
    // A closed group's calendar, and an open one's for an extranet partner: nothing.
    expect((await list(dave, ...range, [closed])).json.occurrences).toEqual([]);
    expect((await api(`/calendar/events/${closedEvent}`, { token: dave.token })).status).toBe(404);
    expect((await list(partner, ...range, [open])).json.occurrences).toEqual([]);
  });
});

describe('meetings', () => {
  it('reach the attendee’s calendar, and each person sees what their rights allow', async () => {
    const created = await post(alice, {
      title: 'Planning',
      start: '2030-02-04T10:00',
      end: '2030-02-04T11:00',
      description: '<p>Agenda<script>alert(1)</script></p>',
      attendees: [{ type: 'user', id: bob.sub }],
      private: true,
    });
    expect(created.status).toBe(201);
    const id = created.json.eventId;
    await itStack().streamsIdle();

    const inBob = await list(bob, '2030-02-01T00:00:00Z', '2030-02-08T00:00:00Z', [own(bob)]);
    expect(inBob.json.occurrences).toEqual([
      expect.objectContaining({
        eventId: id,
        title: 'Planning',
        myState: 'pending',
        startUtc: '2030-02-04T08:00:00.000Z',
      }),
    ]);
    const invites = await api<{ items: { eventId: string }[] }>('/calendar/invitations', { token: bob.token });
    expect(invites.json.items.map((i) => i.eventId)).toContain(id);

    const asBob = await api<EventBody & { description?: string }>(`/calendar/events/${id}`, { token: bob.token });
    expect(asBob.json).toMatchObject({ title: 'Planning', rights: { edit: false, rsvp: true } });
    expect(asBob.json.description).toBe('<p>Agenda</p>');
    for (const outsider of [dave, partner, admin])
      expect((await api(`/calendar/events/${id}`, { token: outsider.token })).status).toBe(404);
    expect(
      (await api(`/calendar/events/${id}`, { method: 'PATCH', token: bob.token, body: { version: 1, title: 'X' } }))
        .status,
    ).toBe(403);

    // Carol reads Alice's calendar: the private meeting is only "busy".
    const shared = await api(`/calendar/calendars/${own(alice)}/shares`, {
      method: 'PUT',
      token: alice.token,
      body: { version: 0, shares: [{ type: 'user', id: carol.sub, access: 'read' }] },
    });
    expect(shared.status).toBe(200);
    expect(shared.json).toMatchObject({
      shares: [{ id: carol.sub, access: 'read', name: expect.stringMatching(/^Carla/) }],
    });
    const asCarol = await list(carol, '2030-02-01T00:00:00Z', '2030-02-08T00:00:00Z', [own(alice)]);
    expect(asCarol.json.occurrences).toEqual([expect.objectContaining({ eventId: id, title: '', private: true })]);
    const opened = await api<EventBody>(`/calendar/events/${id}`, { token: carol.token });
    expect(opened.json).toMatchObject({ title: '', attendees: [], rights: { edit: false, rsvp: false } });
    expect((await list(dave, '2030-02-01T00:00:00Z', '2030-02-08T00:00:00Z', [own(alice)])).json.occurrences).toEqual(
      [],
    );

    // Removing Bob takes the meeting out of his calendar.
    const edited = await api(`/calendar/events/${id}`, {
      method: 'PATCH',
      token: alice.token,
      body: { version: 1, attendees: [] },
    });
    expect(edited.status).toBe(200);
    expect(
      (await api(`/calendar/events/${id}`, { method: 'PATCH', token: alice.token, body: { version: 1, title: 'Y' } }))
        .status,
    ).toBe(409);
    await itStack().streamsIdle();
    expect((await list(bob, '2030-02-01T00:00:00Z', '2030-02-08T00:00:00Z', [own(bob)])).json.occurrences).toEqual([]);
  });
});

describe('recurrence through the API', () => {
  it('edits this, following and all occurrences of a weekly series across the DST change', async () => {
    const range = ['2030-03-11T00:00:00Z', '2030-04-15T00:00:00Z'] as const;
    const created = await post(alice, {
      title: 'Weekly',
      start: '2030-03-18T09:00',
      end: '2030-03-18T10:00',
      rrule: 'FREQ=WEEKLY;COUNT=4',
    });
    expect(created.status).toBe(201);
    const id = created.json.eventId;
    const starts = async () =>
      (await list(alice, ...range, [own(alice)])).json.occurrences.map((o) => `${o.startUtc.slice(0, 16)} ${o.title}`);
    // 09:00 local: 07:00Z before 31 March, 06:00Z after.
    expect(await starts()).toEqual([
      '2030-03-18T07:00 Weekly',
      '2030-03-25T07:00 Weekly',
      '2030-04-01T06:00 Weekly',
      '2030-04-08T06:00 Weekly',
    ]);

    const moved = await api<EventBody>(`/calendar/events/${id}`, {
      method: 'PATCH',
      token: alice.token,
      body: {
        version: 1,
        scope: 'this',
        occurrence: '2030-03-25T09:00',
        start: '2030-03-25T11:00',
        end: '2030-03-25T12:00',
      },
    });
    expect(moved.status).toBe(200);
    expect(await starts()).toEqual([
      '2030-03-18T07:00 Weekly',
      '2030-03-25T09:00 Weekly',
      '2030-04-01T06:00 Weekly',
      '2030-04-08T06:00 Weekly',
    ]);

    const following = await api<EventBody>(`/calendar/events/${id}`, {
      method: 'PATCH',
      token: alice.token,
      body: { version: 2, scope: 'following', occurrence: '2030-04-01T09:00', title: 'Weekly (new room)' },
    });
    expect(following.status).toBe(200);
    expect(await starts()).toEqual([
      '2030-03-18T07:00 Weekly',
      '2030-03-25T09:00 Weekly',
      '2030-04-01T06:00 Weekly (new room)',
      '2030-04-08T06:00 Weekly (new room)',
    ]);

    const all = await api(`/calendar/events/${following.json.eventId}`, {
      method: 'PATCH',
      token: alice.token,
      body: {
        version: 1,
        scope: 'all',
        occurrence: '2030-04-08T09:00',
        start: '2030-04-08T08:00',
        end: '2030-04-08T09:00',
      },
    });
    expect(all.status).toBe(200);
    expect((await starts()).slice(2)).toEqual([
      '2030-04-01T05:00 Weekly (new room)',
      '2030-04-08T05:00 Weekly (new room)',
    ]);

    const deleted = await api(`/calendar/events/${id}?version=3&scope=this&occurrence=2030-03-18T09:00`, {
      method: 'DELETE',
      token: alice.token,
    });
    expect(deleted.status).toBe(204);
    expect((await starts())[0]).toBe('2030-03-25T09:00 Weekly');
  });
});

describe('this and following after an occurrence was edited on its own', () => {
  it('moves the edited occurrence to the new series: shown once, at its own time, and deleted with the new series', async () => {
    const range = ['2030-09-01T00:00:00Z', '2030-10-06T00:00:00Z'] as const;
    const created = await post(alice, {
      title: 'Review',
      start: '2030-09-02T09:00',
      end: '2030-09-02T10:00',
      rrule: 'FREQ=WEEKLY;COUNT=5',
    });
    expect(created.status).toBe(201);
    const id = created.json.eventId;
    const moved = await api<EventBody>(`/calendar/events/${id}`, {
      method: 'PATCH',
      token: alice.token,
      body: {
        version: 1,
        scope: 'this',
        occurrence: '2030-09-23T09:00',
        start: '2030-09-24T14:00',
        end: '2030-09-24T15:00',
      },
    });
    expect(moved.status).toBe(200);
    const following = await api<EventBody>(`/calendar/events/${id}`, {
      method: 'PATCH',
      token: alice.token,
      body: {
        version: 2,
        scope: 'following',
        occurrence: '2030-09-09T09:00',
        start: '2030-09-09T10:00',
        end: '2030-09-09T11:00',
        title: 'Review (later)',
      },
    });
    expect(following.status).toBe(200);
    const shown = async () =>
      (await list(alice, ...range, [own(alice)])).json.occurrences.map((o) =>
        `${o.startUtc.slice(0, 16)} ${o.title} ${o.eventId === moved.json.eventId ? 'edited' : ''}`.trim(),
      );
    // Bucharest is UTC+3 in September: the new series at 10:00 is 07:00Z; its 23 September slot is the edited one's.
    expect(await shown()).toEqual([
      '2030-09-02T06:00 Review',
      '2030-09-09T07:00 Review (later)',
      '2030-09-16T07:00 Review (later)',
      '2030-09-24T11:00 Review edited',
      '2030-09-30T07:00 Review (later)',
    ]);
    const edited = await api<EventBody & { seriesId?: string; recurrenceId?: string }>(
      `/calendar/events/${moved.json.eventId}`,
      { token: alice.token },
    );
    expect(edited.json).toMatchObject({ seriesId: following.json.eventId, recurrenceId: '2030-09-23T10:00' });

    const deleted = await api(`/calendar/events/${following.json.eventId}?version=1`, {
      method: 'DELETE',
      token: alice.token,
    });
    expect(deleted.status).toBe(204);
    expect(await shown()).toEqual(['2030-09-02T06:00 Review']);
  });
});

describe('the list', () => {
  it('costs one Query per calendar, one for task deadlines and one access read', async () => {
    const ids = [own(alice)];
    for (let i = 0; i < 4; i++) {
      const res = await api<{ calendarId: string }>('/calendar/calendars', {
        method: 'POST',
        token: alice.token,
        body: { name: `Cal ${i}`, color: 'green' },
      });
      ids.push(res.json.calendarId);
      expect(
        (
          await post(alice, {
            calendarId: res.json.calendarId,
            title: `In ${i}`,
            start: '2030-05-06T09:00',
            end: '2030-05-06T10:00',
          })
        ).status,
      ).toBe(201);
    }
    const res = await list(alice, '2030-05-01T00:00:00Z', '2030-06-01T00:00:00Z', ids);
    expect(res.status).toBe(200);
    expect(res.json.occurrences.map((o) => o.title).sort()).toEqual(['In 0', 'In 1', 'In 2', 'In 3']);
    expect(res.json.queries).toBe(ids.length + 1 + 1);
  });

  it('gives settings defaults, then saves them versioned', async () => {
    const first = await api('/calendar/settings', { token: dave.token });
    expect(first.json).toMatchObject({ workStart: '09:00', version: 0 });
    const body = {
      version: 0,
      weekStart: 1,
      workDays: [1, 2, 3, 4, 5],
      workStart: '08:00',
      workEnd: '16:00',
      defaultReminders: [10],
    };
    const saved = await api('/calendar/settings', { method: 'PUT', token: dave.token, body });
    expect(saved.json).toMatchObject({ workStart: '08:00', weekStart: 1, version: 1 });
    expect((await api('/calendar/settings', { method: 'PUT', token: dave.token, body })).status).toBe(409);
  });
});
