import type { DocumentView } from '../../shared/crm/documents-contract';
import { DEFAULT_SETTINGS } from '../../shared/crm/settings-entity';
import { noSellerName, withPortalCompanyName } from '../../functions/crm-docs/seller';
import { docSteps, stepperActive, type StepState } from '../../web/src/crm/doc-steps';
import { sellerGaps } from '../../web/src/crm/seller-gaps';

type Facts = Pick<DocumentView, 'type' | 'status' | 'number' | 'sentAt' | 'paidAt'>;
const invoice = (over: Partial<Facts>): Facts => ({
  type: 'invoice',
  status: 'draft',
  number: null,
  sentAt: null,
  paidAt: null,
  ...over,
});
const states = (f: Facts) => Object.fromEntries((docSteps(f) ?? []).map((s) => [s.key, s.state]));
const AT = '2026-12-01T10:00:00.000Z';

describe('document status steps follow what happened', () => {
  it('a draft invoice: draft is the step in progress, nothing is done', () => {
    expect(states(invoice({}))).toEqual({ draft: 'current', issued: 'todo', sent: 'todo', paid: 'todo' });
  });

  it('an issued invoice never sent: sending is next, "Sent" is not ticked', () => {
    const s = states(invoice({ status: 'issued', number: 'INV2026-000001' }));
    expect(s).toEqual({ draft: 'done', issued: 'done', sent: 'current', paid: 'todo' });
  });

  it('an invoice paid without being sent: "Sent" shows as skipped, not done', () => {
    const f = invoice({ status: 'paid', number: 'INV2026-000001', paidAt: AT });
    expect(states(f)).toEqual({ draft: 'done', issued: 'done', sent: 'skipped', paid: 'done' });
    expect(stepperActive(docSteps(f)!)).toBe(4);
  });

  it('an invoice sent by e-mail and then paid: every step done', () => {
    const f = invoice({ status: 'paid', number: 'INV2026-000001', sentAt: AT, paidAt: AT });
    expect(Object.values(states(f))).toEqual<StepState[]>(['done', 'done', 'done', 'done']);
  });

  it('a sent invoice: paying is next', () => {
    const f = invoice({ status: 'sent', number: 'INV2026-000001', sentAt: AT });
    expect(states(f)).toEqual({ draft: 'done', issued: 'done', sent: 'done', paid: 'current' });
    expect(stepperActive(docSteps(f)!)).toBe(3);
  });

  it('quotes: accepted without sending skips "Sent"; declined ends on "Declined"; cancelled shows no steps', () => {
    const quote = (over: Partial<Facts>) => invoice({ type: 'quote', number: 'QUO2026-000001', ...over });
    expect(states(quote({ status: 'accepted' }))).toEqual({ draft: 'done', sent: 'skipped', accepted: 'done' });
    expect(states(quote({ status: 'sent', sentAt: AT }))).toEqual({ draft: 'done', sent: 'done', accepted: 'current' });
    expect(states(quote({ status: 'declined', sentAt: AT }))).toEqual({
      draft: 'done',
      sent: 'done',
      declined: 'done',
    });
    expect(docSteps(quote({ status: 'cancelled' }))).toBeNull();
  });
});

describe('the seller on a fresh portal', () => {
  const settings = (seller: typeof DEFAULT_SETTINGS.seller) => ({ ...DEFAULT_SETTINGS, seller });

  it('takes the portal’s company name when the CRM settings have none, keeping the other details', () => {
    const seeded = withPortalCompanyName(settings({ iban: 'RO49AAAA1B31007593840000' }), ' Demo Company SRL ');
    expect(seeded.seller).toEqual({ legalName: 'Demo Company SRL', iban: 'RO49AAAA1B31007593840000' });
  });

  it('keeps the name set in CRM → Settings, and stays empty when the portal has no name either', () => {
    expect(withPortalCompanyName(settings({ legalName: 'Legal SRL' }), 'Portal Name').seller.legalName).toBe(
      'Legal SRL',
    );
    expect(withPortalCompanyName(settings({}), undefined).seller.legalName).toBeUndefined();
  });

  it('without any name the refusal names the field and where to fix it', () => {
    const e = noSellerName('issuing');
    expect(e.status).toBe(422);
    expect(e.message).toContain('CRM → Settings → Company details');
    expect(e.fields).toEqual([{ path: 'seller.legalName', reason: expect.stringContaining('CRM → Settings') }]);
  });

  it('the draft names what is missing: only the name blocks issuing; tax id, address, bank account are flagged', () => {
    expect(sellerGaps({ legalName: 'Demo Company SRL' })).toEqual({
      nameMissing: false,
      recommended: ['vatId', 'address', 'iban'],
    });
    expect(sellerGaps({ legalName: '', vatId: 'RO1', address: { city: 'Cluj' }, iban: 'RO49' })).toEqual({
      nameMissing: true,
      recommended: [],
    });
    expect(sellerGaps({ legalName: 'X', vatId: 'RO1', address: { country: 'RO' }, iban: 'RO49' }).recommended).toEqual([
      'address',
    ]);
  });
});
