/**
 * The glue between what a person types in the CRM's number fields and the API's integers (unit-tested in
 * test/unit/web-crm-money.test.ts). Amounts go through shared/crm/money.ts parseMajor (digits into a BigInt,
 * never parseFloat); quantities are thousandths and percentages basis points, parsed the same way (as an
 * amount of a 3-digit, resp. 2-digit currency), so "1,5" h = 1500 and "12,5" % = 1250 bp.
 */
import { isCurrency } from '../../../shared/crm/currencies';
import { minorToMajorString, parseMajor, type MoneyLocale } from '../../../shared/crm/money';

export type Parsed = { ok: true; minor: number; empty: false } | { ok: false; empty: boolean };

export function parseMoneyInput(text: string, currency: string, locale: MoneyLocale): Parsed {
  if (text.trim() === '') return { ok: false, empty: true };
  if (!isCurrency(currency)) return { ok: false, empty: false };
  const v = parseMajor(text, currency, locale);
  return v === null || v < 0 ? { ok: false, empty: false } : { ok: true, minor: v, empty: false };
}

/** "1,5" → 1500 thousandths; null unless 0 < q ≤ 10^9 thousandths with at most 3 decimals. */
export function parseQuantity(text: string, locale: MoneyLocale): number | null {
  const v = text.trim() === '' ? null : parseMajor(text, 'KWD', locale); // KWD: 3 minor digits
  return v !== null && v > 0 && v <= 1_000_000_000 ? v : null;
}

/** "21" → 2100 bp, "12,5" → 1250; null unless 0..100 % with at most 2 decimals. */
export function parsePercent(text: string, locale: MoneyLocale): number | null {
  const v = text.trim() === '' ? null : parseMajor(text, 'EUR', locale); // 2 minor digits = basis points
  return v !== null && v >= 0 && v <= 10_000 ? v : null;
}

/** Thousandths → "1.5" / "1,5" (no trailing zeros). */
export function quantityText(milli: number, locale: MoneyLocale): string {
  return trim(minorToMajorString(milli, 'KWD'), locale);
}

/** Basis points → "21" / "12,5". */
export function percentText(bp: number, locale: MoneyLocale): string {
  return trim(minorToMajorString(bp, 'EUR'), locale);
}

function trim(s: string, locale: MoneyLocale): string {
  const t = s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
  return locale === 'ro' ? t.replace('.', ',') : t;
}
