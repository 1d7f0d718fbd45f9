/**
 * What the seller's details still lack (pure; test/unit/web-crm-document.test.ts). Only the company name is needed
 * to issue (the portal's name stands in for it until CRM → Settings has one); a Romanian invoice should also carry
 * the seller's tax id (CIF) and registered address, and a bank account tells the buyer where to pay: those are
 * flagged on the draft, not enforced, so a new portal can issue its first invoice and complete the details later.
 */
import type { SellerSnapshot } from '../../../shared/crm/documents-contract';

export type SellerGap = 'vatId' | 'address' | 'iban';

const hasAddress = (a: SellerSnapshot['address']) =>
  typeof a === 'string' ? a.trim() !== '' : !!a && [a.street, a.city].some((x) => !!x?.trim());

export function sellerGaps(seller: SellerSnapshot): { nameMissing: boolean; recommended: SellerGap[] } {
  const recommended: SellerGap[] = [];
  if (!seller.vatId?.trim()) recommended.push('vatId');
  if (!hasAddress(seller.address)) recommended.push('address');
  if (!seller.iban?.trim()) recommended.push('iban');
  return { nameMissing: !seller.legalName?.trim(), recommended };
}
