/** Money: typed text → minor units without floats (ro/en separators, currency digits, the 10^15 bound), formatting, half-up. */
import { CURRENCY_CODES, currencyDigits, isCurrency } from '../../../shared/crm/currencies';
import {
  MAX_MINOR,
  divHalfUp,
  formatMinor,
  lineAmounts,
  minorToMajorString,
  parseMajor,
} from '../../../shared/crm/money';

describe('currencies', () => {
  it('knows the minor digits of active ISO 4217 codes and refuses withdrawn ones', () => {
    expect([
      currencyDigits('RON'),
      currencyDigits('EUR'),
      currencyDigits('JPY'),
      currencyDigits('KWD'),
      currencyDigits('HUF'),
    ]).toEqual([2, 2, 0, 3, 2]);
    expect(isCurrency('HRK')).toBe(false);
    expect(isCurrency('BGN')).toBe(false);
    expect(isCurrency('XYZ')).toBe(false);
    expect(CURRENCY_CODES.length).toBeGreaterThan(140);
    expect(() => currencyDigits('XYZ')).toThrow();
  });
});

describe('parseMajor', () => {
  it.each([
    ['12,50', 'RON', 'ro', 1250],
    ['12.50', 'RON', 'ro', 1250],
    ['12.50', 'RON', 'en', 1250],
    ['12,5', 'EUR', 'en', 1250],
    ['1.234,56', 'EUR', 'ro', 123456],
    ['1,234.56', 'USD', 'en', 123456],
    ['1 234 567,89', 'RON', 'ro', 123456789],
    ['1\u00a0234,5', 'RON', 'ro', 123450],
    ['1,250', 'USD', 'en', 125000],
    ['1.250', 'RON', 'ro', 125000],
    ['-0,05', 'RON', 'ro', -5],
    ['0', 'RON', 'en', 0],
    ['1500', 'JPY', 'en', 1500],
    ['1.005', 'KWD', 'en', 1005],
    ['10000000000000', 'RON', 'en', 1_000_000_000_000_000],
    ['12.50', 'JPY', 'en', null],
    ['12.500', 'RON', 'en', 1250],
  ] as const)('%s %s (%s) → %s', (input, cur, locale, expected) => {
    expect(parseMajor(input, cur, locale)).toBe(expected);
  });

  it.each([['abc'], [''], ['12.345'], ['1.2.3'], ['1,23,4.00'], ['12..5'], ['10000000000000.01'], ['100000000000000']])(
    'refuses %p',
    (input) => {
      expect(parseMajor(input, 'RON', 'en')).toBeNull();
    },
  );

  it('refuses unknown currencies', () => {
    expect(parseMajor('1', 'XYZ', 'en')).toBeNull();
  });

  it('is exact where floats are not (0.1 + 0.2, 2^53 region)', () => {
    expect(parseMajor('0.1', 'RON')! + parseMajor('0.2', 'RON')!).toBe(parseMajor('0.3', 'RON'));
    expect(parseMajor('9999999999999.99', 'RON')).toBe(999_999_999_999_999);
    expect(parseMajor('9999999999999.99', 'RON')! <= MAX_MINOR).toBe(true);
  });
});

describe('formatting', () => {
  it('renders minor units as decimal strings and locale money', () => {
    expect(minorToMajorString(-5, 'RON')).toBe('-0.05');
    expect(minorToMajorString(123456, 'KWD')).toBe('123.456');
    expect(minorToMajorString(7, 'JPY')).toBe('7');
    expect(formatMinor(123450, 'RON', 'ro').replace(/\s/g, ' ')).toBe('1.234,50 RON');
    expect(formatMinor(123450, 'EUR', 'en')).toBe('€1,234.50');
    expect(formatMinor(999_999_999_999_999, 'RON', 'en')).toContain('9,999,999,999,999.99');
  });
});

describe('half-up rounding of line amounts', () => {
  it('rounds half away from zero in both signs', () => {
    expect([divHalfUp(5n, 2n), divHalfUp(-5n, 2n), divHalfUp(4n, 3n), divHalfUp(-4n, 3n), divHalfUp(15n, 10n)]).toEqual(
      [3n, -3n, 1n, -1n, 2n],
    );
  });
  it('computes gross, discount and net once per line', () => {
    expect(lineAmounts({ quantityMilli: 1500, unitPriceMinor: 15050 })).toEqual({
      gross: 22575,
      discount: 0,
      net: 22575,
    });
    expect(lineAmounts({ quantityMilli: 1000, unitPriceMinor: 10000, discount: { percentBp: 1050 } })).toEqual({
      gross: 10000,
      discount: 1050,
      net: 8950,
    });
    expect(lineAmounts({ quantityMilli: 333, unitPriceMinor: 5 })).toEqual({ gross: 2, discount: 0, net: 2 }); // 1.665 → 2
    expect(lineAmounts({ quantityMilli: 1000, unitPriceMinor: 500, discount: { amountMinor: 900 } })).toEqual({
      gross: 500,
      discount: 500,
      net: 0,
    });
    expect(lineAmounts({ quantityMilli: 1_000_000_000, unitPriceMinor: 1_000_000 }).net).toBe(1_000_000_000_000);
  });
});
