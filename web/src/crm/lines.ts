/**
 * The deal's products editor as text the person types ↔ the API's lines (PUT /crm/deals/{id}/products).
 * Pure (unit-tested in test/unit/web-crm-lines.test.ts): every number goes through ./moneyInput.ts, so
 * "1,5" h × "120,50" RON with "10" % off becomes quantityMilli 1500, unitPriceMinor 12050, discount 1000 bp —
 * no float on the way. A line that does not parse names its field, and nothing is sent.
 */
import type { DealLine, LineInputBody, ProductView, UnitCode } from '../../../shared/crm/contract';
import type { MoneyLocale } from '../../../shared/crm/money';
import { parseMoneyInput, parsePercent, parseQuantity, percentText, quantityText } from './moneyInput';
import { minorToMajorString } from '../../../shared/crm/money';

export type DiscountMode = 'none' | 'percent' | 'amount';

export interface LineDraft {
  key: string;
  productId: string | null;
  name: string;
  unit: UnitCode;
  quantity: string;
  unitPrice: string;
  discountMode: DiscountMode;
  discount: string;
  tax: string;
}

export type LineField = 'name' | 'quantity' | 'unitPrice' | 'discount' | 'tax';

let seq = 0;
const nextKey = () => `l${++seq}`;

const amountText = (minor: number, currency: string, locale: MoneyLocale) => {
  const s = minorToMajorString(minor, currency);
  return locale === 'ro' ? s.replace('.', ',') : s;
};

export function draftFromLine(l: DealLine, currency: string, locale: MoneyLocale): LineDraft {
  const d = l.discount;
  return {
    key: nextKey(),
    productId: l.productId,
    name: l.name,
    unit: l.unit,
    quantity: quantityText(l.quantityMilli, locale),
    unitPrice: amountText(l.unitPriceMinor, currency, locale),
    discountMode: !d ? 'none' : 'percentBp' in d ? 'percent' : 'amount',
    discount: !d
      ? ''
      : 'percentBp' in d
        ? percentText(d.percentBp, locale)
        : amountText(d.amountMinor, currency, locale),
    tax: percentText(l.taxRateBp, locale),
  };
}

export function draftFromProduct(p: ProductView, locale: MoneyLocale): LineDraft {
  return {
    key: nextKey(),
    productId: p.productId,
    name: p.name,
    unit: p.unit,
    quantity: quantityText(1000, locale),
    unitPrice: amountText(p.priceMinor, p.currency, locale),
    discountMode: 'none',
    discount: '',
    tax: percentText(p.taxRateBp, locale),
  };
}

export function emptyDraft(defaultTaxBp: number, locale: MoneyLocale): LineDraft {
  return {
    key: nextKey(),
    productId: null,
    name: '',
    unit: 'C62',
    quantity: quantityText(1000, locale),
    unitPrice: '',
    discountMode: 'none',
    discount: '',
    tax: percentText(defaultTaxBp, locale),
  };
}

export interface LinesResult {
  lines: LineInputBody[];
  /** row index → field → true when that field does not parse */
  errors: Record<number, Partial<Record<LineField, true>>>;
  ok: boolean;
}

export function linesFromDrafts(drafts: readonly LineDraft[], currency: string, locale: MoneyLocale): LinesResult {
  const lines: LineInputBody[] = [];
  const errors: LinesResult['errors'] = {};
  drafts.forEach((d, i) => {
    const bad: Partial<Record<LineField, true>> = {};
    const name = d.name.trim();
    if (!name) bad.name = true;
    const quantityMilli = parseQuantity(d.quantity, locale);
    if (quantityMilli === null) bad.quantity = true;
    const price = parseMoneyInput(d.unitPrice, currency, locale);
    if (!price.ok) bad.unitPrice = true;
    const taxRateBp = parsePercent(d.tax, locale);
    if (taxRateBp === null) bad.tax = true;
    let discount: LineInputBody['discount'];
    if (d.discountMode === 'percent' && d.discount.trim() !== '') {
      const bp = parsePercent(d.discount, locale);
      if (bp === null) bad.discount = true;
      else if (bp > 0) discount = { percentBp: bp };
    } else if (d.discountMode === 'amount' && d.discount.trim() !== '') {
      const m = parseMoneyInput(d.discount, currency, locale);
      if (!m.ok) bad.discount = true;
      else if (m.minor > 0) discount = { amountMinor: m.minor };
    }
    if (Object.keys(bad).length) {
      errors[i] = bad;
      return;
    }
    lines.push({
      ...(d.productId ? { productId: d.productId } : {}),
      name,
      unit: d.unit,
      quantityMilli: quantityMilli!,
      unitPriceMinor: price.ok ? price.minor : 0,
      ...(discount ? { discount } : {}),
      taxRateBp: taxRateBp!,
    });
  });
  return { lines, errors, ok: Object.keys(errors).length === 0 };
}
