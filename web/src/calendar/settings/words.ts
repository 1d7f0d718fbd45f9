/** Words the calendar's settings screens share: weekday names in the interface language, reminders in words. */
import type { TFunction } from 'i18next';

/** Minutes before the start offered as default reminders (up to a week). */
export const REMINDER_CHOICES = [0, 5, 10, 15, 30, 60, 120, 1_440, 2_880, 10_080] as const;

/** 0 = Sunday … 6 = Saturday, e.g. "Mon" / "lun.". 2023-01-01 was a Sunday. */
export function weekdayName(day: number, lang: string, width: 'short' | 'long' = 'short'): string {
  return new Intl.DateTimeFormat(lang, { weekday: width, timeZone: 'UTC' }).format(Date.UTC(2023, 0, 1 + day));
}

/** "15 minutes before", "1 day before", "At the start". */
export function reminderLabel(minutes: number, t: TFunction): string {
  if (minutes === 0) return t('calendar.settings.reminderOptions.at');
  if (minutes % 1_440 === 0) return t('calendar.settings.reminderOptions.days', { count: minutes / 1_440 });
  if (minutes % 60 === 0) return t('calendar.settings.reminderOptions.hours', { count: minutes / 60 });
  return t('calendar.settings.reminderOptions.minutes', { count: minutes });
}
