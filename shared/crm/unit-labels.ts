/**
 * The words for units of measure (UN/ECE Rec. 20 codes, shared/crm/contract.ts UNIT_CODES) in each document
 * language: one list for the screens (web/src/i18n/crm.*.ts take theirs from here) and the PDF, so a Romanian
 * invoice prints "buc." where the screen shows "buc." — never the code "C62".
 */
import type { UnitCode } from './contract';
import type { DocLanguage } from './documents-contract';

export const UNIT_LABELS: Record<DocLanguage, Record<UnitCode, string>> = {
  en: {
    C62: 'piece',
    H87: 'piece (H87)',
    HUR: 'hour',
    DAY: 'day',
    MON: 'month',
    KGM: 'kg',
    GRM: 'g',
    LTR: 'litre',
    MTR: 'metre',
    MTK: 'm²',
    MTQ: 'm³',
    KMT: 'km',
    SET: 'set',
    XPK: 'package',
  },
  ro: {
    C62: 'buc.',
    H87: 'bucată (H87)',
    HUR: 'oră',
    DAY: 'zi',
    MON: 'lună',
    KGM: 'kg',
    GRM: 'g',
    LTR: 'litru',
    MTR: 'metru',
    MTK: 'm²',
    MTQ: 'm³',
    KMT: 'km',
    SET: 'set',
    XPK: 'pachet',
  },
};

/** The unit's word in the language; a code this list does not know (older data) prints as it is. */
export function unitText(language: DocLanguage, unit: string): string {
  return (UNIT_LABELS[language] as Record<string, string>)[unit] ?? unit;
}
