/**
 * The task form's deadline as two fields, a day and a time (24-hour "HH:mm"), and the local
 * 'YYYY-MM-DD HH:mm:ss' the form keeps. A day without a time is due at the end of that working day.
 */

/** When a deadline given as a day alone falls due: the end of the working day. */
export const END_OF_WORKDAY = '18:00';

export interface DeadlineParts {
  /** 'YYYY-MM-DD' */
  date: string | null;
  /** 'HH:mm' */
  time: string | null;
}

/**
 * What was typed in the time field, as 'HH:mm': "17:30", "17.30", "1730", "17" and "9:05" are understood;
 * null when the field is empty; undefined when it is not a time of day.
 */
export function parseTime(typed: string): string | null | undefined {
  const text = typed.trim();
  if (text === '') return null;
  const m = /^(\d{1,2})(?:\s*[:.h]?\s*(\d{2}))?$/i.exec(text);
  if (!m) return undefined;
  const hours = Number(m[1]);
  const minutes = m[2] === undefined ? 0 : Number(m[2]);
  if (hours > 23 || minutes > 59) return undefined;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** The form's local deadline from a day and a time; no time means END_OF_WORKDAY, no day means no deadline. */
export function deadlineOf(date: string | null, time: string | null): string | null {
  if (!date) return null;
  return `${date} ${time ?? END_OF_WORKDAY}:00`;
}

/** The day and time of the form's local deadline. */
export function deadlinePartsOf(local: string | null): DeadlineParts {
  const m = local ? /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})/.exec(local) : null;
  return m ? { date: m[1]!, time: m[2]! } : { date: null, time: null };
}
