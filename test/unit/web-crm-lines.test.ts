import type { DealLine, ProductView } from '../../shared/crm/contract';
import { draftFromLine, draftFromProduct, emptyDraft, linesFromDrafts, type LineDraft } from '../../web/src/crm/lines';

const draft = (over: Partial<LineDraft>): LineDraft => ({
  ...emptyDraft(2100, 'en'),
  name: 'Consulting',
  unitPrice: '100',
  ...over,
});

describe('deal products editor ↔ API lines', () => {
  it('turns typed text into integers (ro decimals, percent and fixed discounts)', () => {
    const r = linesFromDrafts(
      [
        draft({
          quantity: '1,5',
          unitPrice: '120,50',
          discountMode: 'percent',
          discount: '10',
          tax: '21',
          unit: 'HUR',
        }),
        draft({ quantity: '2', unitPrice: '0,29', discountMode: 'amount', discount: '0,05', tax: '11' }),
        draft({ quantity: '3', unitPrice: '1.000', tax: '0' }),
      ],
      'RON',
      'ro',
    );
    expect(r.ok).toBe(true);
    expect(r.lines).toEqual([
      {
        name: 'Consulting',
        unit: 'HUR',
        quantityMilli: 1500,
        unitPriceMinor: 12050,
        discount: { percentBp: 1000 },
        taxRateBp: 2100,
      },
      {
        name: 'Consulting',
        unit: 'C62',
        quantityMilli: 2000,
        unitPriceMinor: 29,
        discount: { amountMinor: 5 },
        taxRateBp: 1100,
      },
      { name: 'Consulting', unit: 'C62', quantityMilli: 3000, unitPriceMinor: 100000, taxRateBp: 0 },
    ]);
  });

  it('names every field that does not parse and sends nothing for that line', () => {
    const r = linesFromDrafts(
      [
        draft({ name: ' ', quantity: '0', unitPrice: '12.345', tax: '101' }),
        draft({ discountMode: 'percent', discount: 'x' }),
        draft({}),
      ],
      'RON',
      'en',
    );
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual({ 0: { name: true, quantity: true, unitPrice: true, tax: true }, 1: { discount: true } });
    expect(r.lines).toHaveLength(1);
  });

  it('a zero or empty discount is no discount; a JPY price has no decimals', () => {
    const r = linesFromDrafts(
      [
        draft({ discountMode: 'percent', discount: '0', unitPrice: '1500' }),
        draft({ discountMode: 'amount', discount: '', unitPrice: '1.5' }),
      ],
      'JPY',
      'en',
    );
    expect(r.lines[0]).toEqual({
      name: 'Consulting',
      unit: 'C62',
      quantityMilli: 1000,
      unitPriceMinor: 1500,
      taxRateBp: 2100,
    });
    expect(r.errors).toEqual({ 1: { unitPrice: true } });
  });

  it('round-trips a stored line and starts a catalog line from the product', () => {
    const stored: DealLine = {
      productId: '01J00000000000000000000000',
      name: 'Licence',
      unit: 'C62',
      quantityMilli: 2500,
      unitPriceMinor: 123456,
      discount: { amountMinor: 1000 },
      taxRateBp: 1900,
      grossMinor: 0,
      discountMinor: 0,
      netMinor: 0,
    };
    const d = draftFromLine(stored, 'EUR', 'ro');
    expect([d.quantity, d.unitPrice, d.discountMode, d.discount, d.tax]).toEqual([
      '2,5',
      '1234,56',
      'amount',
      '10,00',
      '19',
    ]);
    const back = linesFromDrafts([d], 'EUR', 'ro');
    expect(back.lines[0]).toEqual({
      productId: stored.productId,
      name: 'Licence',
      unit: 'C62',
      quantityMilli: 2500,
      unitPriceMinor: 123456,
      discount: { amountMinor: 1000 },
      taxRateBp: 1900,
    });
    const p = {
      productId: '01J00000000000000000000001',
      name: 'Hour',
      unit: 'HUR',
      priceMinor: 5000,
      currency: 'RON',
      taxRateBp: 2100,
    } as ProductView;
    expect(linesFromDrafts([draftFromProduct(p, 'en')], 'RON', 'en').lines[0]).toEqual({
      productId: p.productId,
      name: 'Hour',
      unit: 'HUR',
      quantityMilli: 1000,
      unitPriceMinor: 5000,
      taxRateBp: 2100,
    });
  });
});
