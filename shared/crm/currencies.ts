/**
 * Active ISO 4217 currency codes → number of minor-unit digits (the exponent: RON 2 → 1 RON = 100 bani,
 * JPY 0, KWD 3). A committed table, not Intl's: it must be the same in Node and every browser.
 * Withdrawn codes (HRK 2023, SLL 2024, ZWL 2024, BGN 2026, ANG → XCG 2025) are not accepted.
 * Fund codes and precious metals (XAU, XDR, CLF, USN, …) are left out: a CRM invoices in real money.
 */
const TWO = [
  'AED', 'AFN', 'ALL', 'AMD', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BMD', 'BND', 'BOB', 'BRL',
  'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DKK', 'DOP',
  'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GTQ', 'GYD', 'HKD', 'HNL',
  'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IRR', 'JMD', 'KES', 'KGS', 'KHR', 'KPW', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR',
  'LRD', 'LSL', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN',
  'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'QAR', 'RON', 'RSD', 'RUB',
  'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB',
  'TJS', 'TMT', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'USD', 'UYU', 'UZS', 'VES', 'WST', 'XCD', 'XCG', 'YER',
  'ZAR', 'ZMW', 'ZWG',
] as const;
const ZERO = ['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'] as const;
const THREE = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'] as const;

export const CURRENCY_DIGITS: Readonly<Record<string, 0 | 2 | 3>> = Object.freeze({
  ...Object.fromEntries(TWO.map((c) => [c, 2 as const])),
  ...Object.fromEntries(ZERO.map((c) => [c, 0 as const])),
  ...Object.fromEntries(THREE.map((c) => [c, 3 as const])),
});

/** Every accepted code, sorted. */
export const CURRENCY_CODES: readonly string[] = Object.freeze(Object.keys(CURRENCY_DIGITS).sort());

export const isCurrency = (code: string): boolean => Object.prototype.hasOwnProperty.call(CURRENCY_DIGITS, code);

/** Minor digits of a known code; throws on an unknown one (validate with {@link isCurrency} first). */
export function currencyDigits(code: string): 0 | 2 | 3 {
  const d = CURRENCY_DIGITS[code];
  if (d === undefined) throw new Error(`unknown currency ${code}`);
  return d;
}

/** Defaults of a fresh portal: RON base, EUR and USD enabled too. */
export const DEFAULT_CURRENCIES = ['RON', 'EUR', 'USD'] as const;
export const DEFAULT_BASE_CURRENCY = 'RON';
