/**
 * The calendar's Romanian speaks like the rest of the portal: the familiar form ("Alege", "Salvează", "ta"), as the
 * sign-in, the drive, the messenger and the people pages do, and ș / ț with the comma below (the cedilla forms ş / ţ
 * are another language's letters: spell-checkers and screen readers stumble on them).
 */
import calendarRo from '../../web/src/i18n/calendar.ro';

function strings(node: unknown, path = ''): [string, string][] {
  if (typeof node === 'string') return [[path, node]];
  if (node && typeof node === 'object')
    return Object.entries(node).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

const all = strings(calendarRo);
/** The polite form's verbs ("Alegeți", "puteți") and pronouns ("vă", "dvs."). */
const FORMAL = /\p{L}+(?:ați|eți|iți|âți)(?!\p{L})|(?<!\p{L})(?:vă|v-a|v-ați|dvs\.?|dumneavoastră)(?!\p{L})/giu;
/** Words that only look formal: a noun, and other apps' own menu labels quoted as those apps write them (iOS, Outlook). */
const NOT_ADDRESS = ['Invitați din afară', 'Adăugați cont', 'Adăugați calendar'];

describe('the calendar in Romanian', () => {
  it('has a few hundred strings to check', () => {
    expect(all.length).toBeGreaterThan(300);
  });

  it('writes ș and ț with the comma below, never the cedilla', () => {
    expect(all.filter(([, s]) => /[şţŞŢ]/.test(s)).map(([k]) => k)).toEqual([]);
  });

  it('speaks in the familiar form, like the rest of the portal', () => {
    const formal = all.flatMap(([key, s]) => {
      const text = NOT_ADDRESS.reduce((t, quoted) => t.replaceAll(quoted, ''), s);
      return (text.match(FORMAL) ?? []).map((word) => `${key}: ${word}`);
    });
    expect(formal).toEqual([]);
  });
});
