/**
 * The data of `npm run bench:calendar` (test/bench/calendar.ts): ONE person's 5,000 events over 10 calendars, 200 of
 * them recurring, deterministic (the same events on every run), and the month it views. Pure: no stack needed, so the
 * list path can also be profiled in-process on exactly these events.
 */
import { ulid } from 'ulid';
import type { EventItem } from '../../shared/calendar/event-entity';
import { checkTiming, firstInstance, lastEndUtc, localToUtc, type Timing } from '../../shared/calendar/recurrence';

export const TOTAL = 5_000;
export const RECURRING = 200;
export const CALENDARS = 10;
const TZ = 'Europe/Bucharest';
export const FROM = localToUtc('2026-02-23T00:00', TZ);
export const TO = localToUtc('2026-04-06T00:00', TZ);

/** A deterministic pseudo-random sequence (the same data on every run). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}
const pad = (n: number) => String(n).padStart(2, '0');
const localOf = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** The i-th recurring timing: a start in the year before the month (or in it), a rule of the mix. */
function recurringTiming(i: number, rnd: () => number): Timing {
  const day = Date.UTC(2025, 3, 1) + Math.floor(rnd() * 360) * 86_400_000;
  const hour = 8 + Math.floor(rnd() * 9);
  const startMs = day + hour * 3_600_000 + (rnd() < 0.5 ? 0 : 30 * 60_000);
  const start = localOf(startMs);
  const end = localOf(startMs + (rnd() < 0.7 ? 60 : 30) * 60_000);
  const dow = new Date(startMs).getUTCDay();
  const weekday = WEEKDAYS[dow]!;
  const twoDays = `${weekday},${WEEKDAYS[(dow + 2) % 7]!}`;
  const kind = i % 10;
  const rrule =
    kind < 5
      ? // weekly on its day, sometimes with a second day, some ended by COUNT
        `FREQ=WEEKLY;BYDAY=${kind === 1 ? twoDays : weekday}${kind === 4 ? ';COUNT=20' : ''}${kind === 3 ? ';INTERVAL=2' : ''}`
      : kind < 7
        ? // on weekdays (only when it starts on one)
          ['SA', 'SU'].includes(weekday)
          ? 'FREQ=DAILY;COUNT=30'
          : 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'
        : kind < 9
          ? `FREQ=DAILY${kind === 8 ? ';COUNT=60' : ''}`
          : `FREQ=MONTHLY;BYMONTHDAY=${new Date(startMs).getUTCDate()}`;
  const exdates = kind === 0 ? [localOf(startMs + 7 * 86_400_000)] : [];
  return { start, end, timeZone: TZ, allDay: false, rrule, exdates };
}

/** The i-th single event: timed (90 %) or all-day, anywhere from June 2025 to December 2026. */
function singleTiming(rnd: () => number): Timing {
  const day = Date.UTC(2025, 5, 1) + Math.floor(rnd() * 580) * 86_400_000;
  if (rnd() < 0.1) {
    const d = new Date(day);
    const start = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    return { start, end: localOf(day + 86_400_000).slice(0, 10), timeZone: TZ, allDay: true };
  }
  const startMs = day + (8 + Math.floor(rnd() * 10)) * 3_600_000;
  return { start: localOf(startMs), end: localOf(startMs + 45 * 60_000), timeZone: TZ, allDay: false };
}

/** The bench's events: the i-th in calendar i mod 10 (calendarIds[0] is the person's own), organised by `sub`. */
export function benchEvents(sub: string, calendarIds: string[], now: string): EventItem[] {
  const events: EventItem[] = [];
  const rnd = random(14);
  for (let i = 0; i < TOTAL; i++) {
    const t = i < RECURRING ? recurringTiming(i, rnd) : singleTiming(rnd);
    checkTiming(t);
    const first = firstInstance(t);
    const e: EventItem = {
      eventId: ulid(),
      calendarId: calendarIds[i % CALENDARS]!,
      title: `Event ${i}`,
      ...(i % 4 === 0 ? { place: `Room ${i % 12}` } : {}),
      start: t.start,
      end: t.end,
      timeZone: t.timeZone,
      allDay: t.allDay,
      firstStartUtc: first.startUtc,
      firstEndUtc: first.endUtc,
      lastEndUtc: lastEndUtc(t),
      availability: i % 9 === 0 ? 'tentative' : 'busy',
      private: i % 13 === 0,
      reminders: [15],
      ...(t.rrule ? { rrule: t.rrule } : {}),
      exdates: t.exdates ?? [],
      organizerId: sub,
      organizerName: 'Bench Person',
      users: [],
      departments: [],
      guests: [],
      attachments: [],
      sequence: 0,
      version: 1,
      createdAt: now,
      updatedAt: now,
      lastActorId: sub,
    };
    events.push(e);
  }
  return events;
}
