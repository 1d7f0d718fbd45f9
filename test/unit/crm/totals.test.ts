/**
 * Quote/invoice totals (CRM design §3): half-up once per line and once per tax-rate group, percent and fixed
 * discounts, discount larger than the line, three rates where per-line tax sums differ, 0- and 3-digit currencies,
 * the 10^15 bound.
 */
import type { LineInput } from '../../../shared/crm/documents-contract';
import { computeDocument, computeLine, MoneyRangeError, totalsOf } from '../../../shared/crm/totals';
import { divHalfUp } from '../../../shared/crm/money';

const line = (over: Partial<LineInput>): LineInput => ({
  name: 'Item',
  unit: 'C62',
  quantityMilli: 1000,
  unitPriceMinor: 100,
  taxRateBp: 2100,
  ...over,
});

describe('half-up rounding', () => {
  it('rounds .5 away from zero in both signs and leaves the rest to the nearest', () => {
    expect(divHalfUp(5n, 2n)).toBe(3n);
    expect(divHalfUp(-5n, 2n)).toBe(-3n);
    expect(divHalfUp(15n, 10n)).toBe(2n);
    expect(divHalfUp(-15n, 10n)).toBe(-2n);
    expect(divHalfUp(14n, 10n)).toBe(1n);
    expect(divHalfUp(-14n, 10n)).toBe(-1n);
    expect(divHalfUp(25n, 10n)).toBe(3n); // half-even would give 2
  });
});

describe('one line', () => {
  it('gross = price × quantity rounded half-up: 0.5 bani goes up', () => {
    // 1.5 × 0.01 = 0.015 RON → 1.5 bani → 2
    expect(computeLine(line({ quantityMilli: 1500, unitPriceMinor: 1 }))).toMatchObject({
      grossMinor: 2,
      discountMinor: 0,
      netMinor: 2,
    });
    // 0.333 × 3.00 = 0.999 → 99.9 bani → 100
    expect(computeLine(line({ quantityMilli: 333, unitPriceMinor: 300 })).grossMinor).toBe(100);
    // 0.001 × 4.99 = 0.499 bani → 0
    expect(computeLine(line({ quantityMilli: 1, unitPriceMinor: 499 })).grossMinor).toBe(0);
  });

  it('percent discount is rounded once, on the line gross; 0.1 % works', () => {
    expect(
      computeLine(line({ quantityMilli: 1500, unitPriceMinor: 1001, discount: { percentBp: 1000 } })),
    ).toMatchObject({ grossMinor: 1502, discountMinor: 150, netMinor: 1352 });
    // 0.1 % of 12.50 = 1.25 bani → 1; of 15.00 = 1.5 → 2
    expect(computeLine(line({ unitPriceMinor: 1250, discount: { percentBp: 10 } })).discountMinor).toBe(1);
    expect(computeLine(line({ unitPriceMinor: 1500, discount: { percentBp: 10 } })).discountMinor).toBe(2);
    expect(computeLine(line({ unitPriceMinor: 1500, discount: { percentBp: 10000 } })).netMinor).toBe(0);
  });

  it('a fixed discount larger than the line stops at zero, never negative', () => {
    expect(computeLine(line({ unitPriceMinor: 500, discount: { amountMinor: 800 } }))).toMatchObject({
      grossMinor: 500,
      discountMinor: 500,
      netMinor: 0,
    });
    expect(computeLine(line({ unitPriceMinor: 500, discount: { amountMinor: 120 } })).netMinor).toBe(380);
  });

  it('keeps the typed fields next to the computed ones', () => {
    const l = computeLine(line({ productId: '01JPROD0000000000000000000', name: 'Consultanță', unit: 'HUR' }));
    expect(l).toMatchObject({
      productId: '01JPROD0000000000000000000',
      name: 'Consultanță',
      unit: 'HUR',
      taxRateBp: 2100,
    });
  });
});

describe('document totals', () => {
  it('tax per rate group differs from the sum of per-line rounded taxes (EN 16931 BR-CO-17)', () => {
    // Three lines of 0.07 at 21 %: per line 1.47 bani → 1, summed = 3; per group 0.21 × 21 % = 4.41 → 4.
    const lines = [line({ unitPriceMinor: 7 }), line({ unitPriceMinor: 7 }), line({ unitPriceMinor: 7 })];
    const perLine = lines
      .map((l) => Number(divHalfUp(BigInt(computeLine(l).netMinor) * 2100n, 10_000n)))
      .reduce((a, b) => a + b, 0);
    const { totals } = computeDocument(lines);
    expect(perLine).toBe(3);
    expect(totals).toEqual({ net: 21, taxGroups: [{ rateBp: 2100, base: 21, tax: 4 }], tax: 4, total: 25 });
  });

  it('three rates (21 %, 11 %, 0 %) are grouped, sorted by rate, and add up exactly', () => {
    const { lines, totals } = computeDocument([
      line({
        name: 'Laptop',
        quantityMilli: 2000,
        unitPriceMinor: 349_999,
        discount: { percentBp: 500 },
        taxRateBp: 2100,
      }),
      line({ name: 'Carte', quantityMilli: 3000, unitPriceMinor: 4_550, taxRateBp: 1100 }),
      line({
        name: 'Export service',
        quantityMilli: 1500,
        unitPriceMinor: 10_000,
        discount: { amountMinor: 2_500 },
        taxRateBp: 0,
      }),
      line({ name: 'Mouse', quantityMilli: 1000, unitPriceMinor: 9_999, taxRateBp: 2100 }),
    ]);
    // 2 × 3499.99 = 6999.98; −5 % = 349.999 → 350.00 ; net 6649.98
    expect(lines[0]).toMatchObject({ grossMinor: 699_998, discountMinor: 35_000, netMinor: 664_998 });
    expect(lines[2]).toMatchObject({ grossMinor: 15_000, discountMinor: 2_500, netMinor: 12_500 });
    expect(totals.taxGroups).toEqual([
      { rateBp: 0, base: 12_500, tax: 0 },
      { rateBp: 1100, base: 13_650, tax: 1_502 }, // 136.50 × 11 % = 15.015 → 15.02
      { rateBp: 2100, base: 674_997, tax: 141_749 }, // 6749.97 × 21 % = 1417.4937 → 1417.49
    ]);
    expect(totals.net).toBe(12_500 + 13_650 + 674_997);
    expect(totals.tax).toBe(1_502 + 141_749);
    expect(totals.total).toBe(totals.net + totals.tax);
  });

  it('a 0-digit currency (JPY) and a 3-digit one (KWD) round at their own minor unit', () => {
    // JPY: 1.5 × ¥333 = 499.5 → ¥500; 10 % tax of 500 = 50
    expect(computeDocument([line({ quantityMilli: 1500, unitPriceMinor: 333, taxRateBp: 1000 })]).totals).toEqual({
      net: 500,
      taxGroups: [{ rateBp: 1000, base: 500, tax: 50 }],
      tax: 50,
      total: 550,
    });
    // KWD: 0.5 × 1.255 KWD (1255 fils) = 627.5 → 628 fils; 5 % = 31.4 → 31
    expect(computeDocument([line({ quantityMilli: 500, unitPriceMinor: 1255, taxRateBp: 500 })]).totals).toEqual({
      net: 628,
      taxGroups: [{ rateBp: 500, base: 628, tax: 31 }],
      tax: 31,
      total: 659,
    });
  });

  it('no lines → zero totals and no groups', () => {
    expect(totalsOf([])).toEqual({ net: 0, taxGroups: [], tax: 0, total: 0 });
  });

  it('refuses amounts beyond 10^15 minor units, naming the line or the totals', () => {
    // 10^15 at quantity 1 is the bound itself: allowed (net), but the tax on top leaves the range.
    expect(() => computeLine(line({ unitPriceMinor: 1e15, quantityMilli: 1000 }), 0)).not.toThrow();
    expect(() => computeLine(line({ unitPriceMinor: 1e15, quantityMilli: 2000 }), 3)).toThrow(
      expect.objectContaining({ path: 'lines.3.unitPriceMinor' }),
    );
    expect(() => computeDocument([line({ unitPriceMinor: 1e15, quantityMilli: 1000, taxRateBp: 2100 })])).toThrow(
      MoneyRangeError,
    );
    expect(() =>
      computeDocument([line({ unitPriceMinor: 6e14 }), line({ unitPriceMinor: 6e14, taxRateBp: 0 })]),
    ).toThrow(expect.objectContaining({ path: 'lines' }));
    // Just below the bound, exact (no float drift in 15-digit sums).
    const big = computeDocument([
      line({ unitPriceMinor: 499_999_999_999_999, taxRateBp: 0 }),
      line({ unitPriceMinor: 500_000_000_000_001, taxRateBp: 0 }),
    ]).totals;
    expect(big.total).toBe(1e15);
  });
});
