import { parseMoneyInput, parsePercent, parseQuantity, percentText, quantityText } from '../../web/src/crm/moneyInput';

describe('CRM number inputs → API integers', () => {
  it('turns typed amounts into minor units in either locale, never through a float', () => {
    expect(parseMoneyInput('12,50', 'RON', 'ro')).toEqual({ ok: true, minor: 1250, empty: false });
    expect(parseMoneyInput('12.50', 'RON', 'en')).toEqual({ ok: true, minor: 1250, empty: false });
    expect(parseMoneyInput('0.29', 'EUR', 'en')).toEqual({ ok: true, minor: 29, empty: false }); // 0.29 * 100 = 28.999… as a float
    expect(parseMoneyInput('1.234,56', 'RON', 'ro')).toEqual({ ok: true, minor: 123456, empty: false });
    expect(parseMoneyInput('1500', 'JPY', 'en')).toEqual({ ok: true, minor: 1500, empty: false });
  });

  it('refuses what is not a non-negative amount of that currency, and tells empty apart', () => {
    expect(parseMoneyInput('', 'RON', 'en')).toEqual({ ok: false, empty: true });
    expect(parseMoneyInput('abc', 'RON', 'en')).toEqual({ ok: false, empty: false });
    expect(parseMoneyInput('1,234', 'RON', 'en')).toEqual({ ok: true, minor: 123400, empty: false }); // grouping
    expect(parseMoneyInput('1.234', 'RON', 'en')).toEqual({ ok: false, empty: false }); // 3 decimals of RON
    expect(parseMoneyInput('12.345', 'RON', 'ro').ok).toBe(true); // ro: 12.345 = twelve thousand…
    expect(parseMoneyInput('12,3456', 'RON', 'ro')).toEqual({ ok: false, empty: false }); // 4 decimals
    expect(parseMoneyInput('-5', 'RON', 'en')).toEqual({ ok: false, empty: false });
    expect(parseMoneyInput('5', 'XXX', 'en')).toEqual({ ok: false, empty: false });
  });

  it('parses quantities as thousandths and percentages as basis points', () => {
    expect(parseQuantity('1,5', 'ro')).toBe(1500);
    expect(parseQuantity('2', 'en')).toBe(2000);
    expect(parseQuantity('0.001', 'en')).toBe(1);
    expect(parseQuantity('0', 'en')).toBeNull();
    expect(parseQuantity('-1', 'en')).toBeNull();
    expect(parseQuantity('1.0005', 'en')).toBeNull();
    expect(parsePercent('21', 'en')).toBe(2100);
    expect(parsePercent('12,5', 'ro')).toBe(1250);
    expect(parsePercent('100', 'en')).toBe(10000);
    expect(parsePercent('100.01', 'en')).toBeNull();
  });

  it('shows integers back the way the person types them', () => {
    expect(quantityText(1500, 'ro')).toBe('1,5');
    expect(quantityText(2000, 'en')).toBe('2');
    expect(percentText(2100, 'en')).toBe('21');
    expect(percentText(1250, 'ro')).toBe('12,5');
  });
});
