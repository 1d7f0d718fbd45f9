/**
 * Line and document totals of quotes, invoices and deals (CRM design §3). Pure; BigInt inside, integer minor units
 * outside, never a float.
 *
 *   gross    = round(unitPriceMinor × quantityMilli / 1000)
 *   discount = round(gross × percentBp / 10000)  or  min(amountMinor, gross)
 *   lineNet  = gross − discount                       (the line amount shown and stored)
 *   per tax rate r:  base_r = Σ lineNet,  tax_r = round(base_r × r / 10000)
 *   net = Σ base_r,  tax = Σ tax_r,  total = net + tax
 *
 * Rounding is half-up (half away from zero), once per line amount and once per tax group: what a customer or an
 * accountant reproduces with ROUND(), and EN 16931's VAT of a category (BR-CO-17) — summing per-line rounded taxes
 * can differ by a cent per few lines. Amounts above 10^15 minor units are refused (`MoneyRangeError`).
 */
import type { LineInput, LineView, TaxGroup, Totals } from './documents-contract';
import { divHalfUp, lineAmounts, MAX_MINOR as MAX } from './money';

const MAX_MINOR = BigInt(MAX);

/** A computed amount beyond ±10^15 minor units; `path` names the offending input (`lines.3.unitPriceMinor`, `lines`). */
export class MoneyRangeError extends Error {
  constructor(readonly path: string) {
    super(`amount out of range at ${path}`);
    this.name = 'MoneyRangeError';
  }
}

const toNumber = (v: bigint, path: string): number => {
  if (v > MAX_MINOR || v < -MAX_MINOR) throw new MoneyRangeError(path);
  return Number(v);
};

/** One line's gross, discount and net (minor units). `index` only names the line in a range error. */
export function computeLine(line: LineInput, index = 0): LineView {
  // money.ts computes in BigInt; a gross beyond 10^15 (price × quantity) is refused before it becomes a number.
  const grossBig = divHalfUp(BigInt(line.unitPriceMinor) * BigInt(line.quantityMilli), 1000n);
  toNumber(grossBig, `lines.${index}.unitPriceMinor`);
  const { gross, discount, net } = lineAmounts(line);
  return { ...line, grossMinor: gross, discountMinor: discount, netMinor: net };
}

/** Tax groups ascending by rate, net, tax and total of computed lines. */
export function totalsOf(lines: readonly Pick<LineView, 'netMinor' | 'taxRateBp'>[]): Totals {
  const bases = new Map<number, bigint>();
  for (const l of lines) bases.set(l.taxRateBp, (bases.get(l.taxRateBp) ?? 0n) + BigInt(l.netMinor));
  let net = 0n;
  let tax = 0n;
  const taxGroups: TaxGroup[] = [];
  for (const rateBp of [...bases.keys()].sort((a, b) => a - b)) {
    const base = bases.get(rateBp)!;
    const t = divHalfUp(base * BigInt(rateBp), 10_000n);
    net += base;
    tax += t;
    taxGroups.push({ rateBp, base: toNumber(base, 'lines'), tax: toNumber(t, 'lines') });
  }
  return { net: toNumber(net, 'lines'), taxGroups, tax: toNumber(tax, 'lines'), total: toNumber(net + tax, 'lines') };
}

/** Computes every line and the totals. Throws `MoneyRangeError` naming the field when a value leaves ±10^15. */
export function computeDocument(lines: readonly LineInput[]): { lines: LineView[]; totals: Totals } {
  const computed = lines.map((l, i) => computeLine(l, i));
  return { lines: computed, totals: totalsOf(computed) };
}
