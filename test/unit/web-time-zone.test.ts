import {
  displayTimeZone,
  formatDateTime,
  formatTime,
  setDisplayTimeZone,
  timeZoneOptions,
  zoneToAdopt,
} from '../../web/src/components/time';

afterEach(() => setDisplayTimeZone(undefined));

describe('zoneToAdopt: a new person takes the browser’s time zone, a chosen zone is kept', () => {
  it('never-saved preferences (version 0) on the default take the browser’s zone', () => {
    expect(zoneToAdopt({ version: 0, timeZone: 'UTC' }, 'Europe/Bucharest')).toBe('Europe/Bucharest');
  });

  it('never-saved preferences that already hold the browser’s zone need no save', () => {
    expect(zoneToAdopt({ version: 0, timeZone: 'Europe/Bucharest' }, 'Europe/Bucharest')).toBeNull();
  });

  it('saved preferences (the person chose, even UTC) are never replaced', () => {
    expect(zoneToAdopt({ version: 1, timeZone: 'UTC' }, 'Europe/Bucharest')).toBeNull();
    expect(zoneToAdopt({ version: 4, timeZone: 'America/New_York' }, 'Europe/Bucharest')).toBeNull();
  });

  it('a browser that cannot tell (or names an unknown zone) changes nothing', () => {
    expect(zoneToAdopt({ version: 0, timeZone: 'UTC' }, undefined)).toBeNull();
    expect(zoneToAdopt({ version: 0, timeZone: 'UTC' }, 'Mars/Olympus')).toBeNull();
  });
});

describe('times are displayed in the person’s zone', () => {
  const iso = '2026-12-06T22:30:00.000Z';

  it('formats in the zone set from the preferences', () => {
    setDisplayTimeZone('Europe/Bucharest'); // UTC+2 in December
    expect(formatTime(iso, 'en-GB')).toBe('00:30:00');
    expect(formatDateTime(iso, 'en-GB')).toContain('7 Dec 2026');
    setDisplayTimeZone('America/New_York'); // UTC-5
    expect(formatTime(iso, 'en-GB')).toBe('17:30:00');
    expect(displayTimeZone()).toBe('America/New_York');
  });

  it('an unknown zone is ignored (the browser’s stays)', () => {
    setDisplayTimeZone('Mars/Olympus');
    expect(displayTimeZone()).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('the picker lists IANA zones and keeps the current one', () => {
    const zones = timeZoneOptions('Europe/Bucharest');
    expect(zones).toEqual(expect.arrayContaining(['Europe/Bucharest', 'America/New_York', 'UTC']));
    expect(new Set(zones).size).toBe(zones.length);
  });
});
