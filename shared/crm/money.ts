/**
 * Money (issue 7, design §3): amounts are integers in MINOR units (`number`, |x| ≤ 10^15) + an ISO 4217
 * code (./currencies.ts). No float ever holds money: typed text is parsed digit by digit into a BigInt,
 * products of amounts are computed in BigInt and rounded once, half away from zero ("half-up").
 * Shared by the server (functions/crm, functions/crm-docs) and the SPA.
 *
 *   parseMajor('12,50', 'RON', 'ro') → 1250      parseMajor('1.234,5', 'EUR', 'ro') → 123450
 *   parseMajor('12.345', 'RON', 'en') → null (3 decimals for a 2-digit currency)
 *   minorToMajorString(-5, 'RON') → '-0.05'      formatMinor(123450, 'RON', 'ro') → '1.234,50 RON'
 *   divHalfUp(5n, 2n) → 3n, divHalfUp(-5n, 2n) → -3n
 *   lineAmounts({ quantityMilli: 1500, unitPriceMinor: 1001, discount: { percentBp: 1000 } }) → { gross: 1502, discount: 150, net: 1352 }
 */
import { currencyDigits, isCurrency } from './currencies';

/** Largest absolute amount in minor units (10^15: well inside Number.MAX_SAFE_INTEGER). */
export const MAX_MINOR = 1_000_000_000_000_000;
/** Largest line quantity in thousandths (10^9 → one million units). */
export const MAX_QUANTITY_MILLI = 1_000_000_000;
/** Basis points: 10000 = 100 %. */
export const MAX_BP = 10_000;

export type MoneyLocale = 'en' | 'ro';

export const isMinorAmount = (n: unknown): n is number =>
  typeof n === 'number' && Number.isSafeInteger(n) && Math.abs(n) <= MAX_MINOR;

/** n / d rounded half away from zero (d > 0). */
export function divHalfUp(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new Error('divHalfUp: divisor must be positive');
  const neg = n < 0n;
  const a = neg ? -n : n;
  const q = (a * 2n + d) / (d * 2n);
  return neg ? -q : q;
}

/**
 * Parses a typed amount into minor units. Accepts an optional sign, spaces / NBSP / apostrophes as
 * grouping, and either decimal separator: with both `.` and `,` the last one is the decimal mark; with one
 * kind only, the locale's mark is decimal, and the other mark is decimal too unless it is followed by exactly
 * three digits (then it groups thousands: en "1,250" = 1250, ro "1.250" = 1250, ro "12.50" = 12,50).
 * Returns null for anything else: letters, more decimals than the currency has, beyond 10^15 minor units.
 */
export function parseMajor(input: string, currency: string, locale: MoneyLocale = 'en'): number | null {
  if (!isCurrency(currency)) return null;
  const digits = currencyDigits(currency);
  let s = input.replace(/[\s\u00a0\u202f'’]/g, '');
  let neg = false;
  if (s.startsWith('-') || s.startsWith('−')) {
    neg = true;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  if (!/^[0-9.,]+$/.test(s) || !/[0-9]/.test(s)) return null;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let decimalMark: '.' | ',' | null = null;
  if (lastDot >= 0 && lastComma >= 0) decimalMark = lastDot > lastComma ? '.' : ',';
  else if (lastDot >= 0 || lastComma >= 0) {
    const mark = lastDot >= 0 ? '.' : ',';
    const localeMark = locale === 'ro' ? ',' : '.';
    const count = s.split(mark).length - 1;
    const after = s.length - s.lastIndexOf(mark) - 1;
    if (mark === localeMark) decimalMark = count === 1 ? mark : null;
    else decimalMark = count === 1 && after !== 3 ? mark : null;
    if (decimalMark === null && mark === localeMark) return null; // "1.2.3" in en
  }
  let intPart = s;
  let frac = '';
  if (decimalMark) {
    const at = s.lastIndexOf(decimalMark);
    intPart = s.slice(0, at);
    frac = s.slice(at + 1);
    if (frac.includes('.') || frac.includes(',')) return null;
  }
  const group = decimalMark === '.' ? ',' : decimalMark === ',' ? '.' : /[.,]/;
  // Grouping marks must separate groups of exactly three digits.
  const groups = intPart.split(group);
  if (
    groups.length > 1 &&
    (groups.slice(1).some((g) => g.length !== 3) || groups[0] === '' || (groups[0] ?? '').length > 3)
  )
    return null;
  intPart = groups.join('');
  if (/[.,]/.test(intPart)) return null;
  if (intPart === '' && frac === '') return null;
  if (frac.length > digits) {
    if (!/^0*$/.test(frac.slice(digits))) return null;
    frac = frac.slice(0, digits);
  }
  if (intPart.length > 20) return null;
  const minor =
    BigInt(intPart || '0') * 10n ** BigInt(digits) + BigInt((frac + '0'.repeat(digits)).slice(0, digits) || '0');
  if (minor > BigInt(MAX_MINOR)) return null;
  const n = Number(minor);
  return neg && n !== 0 ? -n : n;
}

/** Minor units → a plain decimal string with the currency's digits: (-5, 'RON') → '-0.05'; (7, 'JPY') → '7'. */
export function minorToMajorString(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const neg = minor < 0;
  const abs = BigInt(Math.abs(minor))
    .toString()
    .padStart(digits + 1, '0');
  const body = digits === 0 ? abs : `${abs.slice(0, abs.length - digits)}.${abs.slice(abs.length - digits)}`;
  return neg ? `-${body}` : body;
}

const formatters = new Map<string, Intl.NumberFormat>();
/**
 * Formats minor units for people: (123450, 'RON', 'ro') → '1.234,50 RON'; ('en') → 'RON 1,234.50'.
 * The amount reaches Intl as a decimal STRING (Node ≥ 20 and current browsers format it exactly).
 */
export function formatMinor(minor: number, currency: string, locale: MoneyLocale = 'en'): string {
  const digits = currencyDigits(currency);
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale === 'ro' ? 'ro-RO' : 'en-GB', {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, f);
  }
  return f.format(minorToMajorString(minor, currency) as unknown as number);
}

export type LineDiscount = { percentBp: number } | { amountMinor: number };

export interface LineInput {
  quantityMilli: number;
  unitPriceMinor: number;
  discount?: LineDiscount | null;
}

/**
 * One line's amounts (design §3 steps 1–3): gross = round(unitPrice × quantityMilli / 1000),
 * discount = round(gross × percentBp / 10000) or min(amountMinor, gross), net = gross − discount.
 */
export function lineAmounts(line: LineInput): { gross: number; discount: number; net: number } {
  const gross = divHalfUp(BigInt(line.unitPriceMinor) * BigInt(line.quantityMilli), 1000n);
  let discount = 0n;
  const d = line.discount;
  if (d && 'percentBp' in d) discount = divHalfUp(gross * BigInt(d.percentBp), 10_000n);
  else if (d && 'amountMinor' in d) discount = BigInt(d.amountMinor) < gross ? BigInt(d.amountMinor) : gross;
  return { gross: Number(gross), discount: Number(discount), net: Number(gross - discount) };
}
