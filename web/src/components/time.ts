/**
 * Dates and times shown in the interface language and in the person's time zone (their preferences: GET /me).
 * The signed-in layout sets the zone once /me answers (`setDisplayTimeZone`); until then, and signed out, the
 * browser's zone is used.
 */
let displayZone: string | undefined;

/** The browser's IANA time zone, or undefined where the runtime cannot tell. */
export function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Times are displayed in this zone from now on (an unknown zone is ignored: the browser's stays). */
export function setDisplayTimeZone(tz: string | undefined): void {
  displayZone = tz && isTimeZone(tz) ? tz : undefined;
}

/** The zone times are displayed in: the person's, or the browser's before it is known. */
export function displayTimeZone(): string | undefined {
  return displayZone ?? browserTimeZone();
}

/** Format options that show an instant in the person's zone (every module's date formatting goes through this). */
export const inZone = (opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormatOptions =>
  displayZone ? { ...opts, timeZone: displayZone } : opts;

/** Dates shown in the interface language. */
export function formatTime(iso: string, lng: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lng, inZone({ hour: '2-digit', minute: '2-digit', second: '2-digit' })).format(d);
}

export function formatDateTime(iso: string, lng: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lng, inZone({ dateStyle: 'medium', timeStyle: 'medium' })).format(d);
}

/** "3 minutes ago" / "acum 3 minute". */
export function formatRelative(iso: string, lng: string, now = Date.now()): string {
  const d = new Date(iso).getTime();
  if (Number.isNaN(d)) return iso;
  const secs = Math.round((d - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(lng, { numeric: 'auto' });
  const abs = Math.abs(secs);
  if (abs < 60) return rtf.format(secs, 'second');
  if (abs < 3600) return rtf.format(Math.round(secs / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(secs / 3600), 'hour');
  return rtf.format(Math.round(secs / 86400), 'day');
}

/**
 * Whether a person's time zone should be set to the browser's: only while they never saved preferences
 * (version 0: nobody chose a zone), and only when it differs. A zone the person chose is never overwritten.
 */
export function zoneToAdopt(prefs: { version: number; timeZone: string }, browser: string | undefined): string | null {
  if (prefs.version !== 0 || !browser || !isTimeZone(browser)) return null;
  return browser === prefs.timeZone ? null : browser;
}

/** Every IANA zone the browser knows (for the picker), with the current one kept even if the list lacks it. */
export function timeZoneOptions(current?: string): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  const all = intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [];
  const zones = all.includes('UTC') ? all : [...all, 'UTC'];
  return current && !zones.includes(current) ? [current, ...zones] : zones;
}
