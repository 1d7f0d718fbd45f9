/** Lead conversion plans: field carry-over, combinations, existing records, junk / converted → 422 status. */
import { convertBody } from '../../../shared/crm/contract';
import { planConversion, splitName } from '../../../shared/crm/conversion';
import type { LeadRecord } from '../../../shared/crm/records';

const lead = (over: Partial<LeadRecord> = {}): LeadRecord => ({
  id: '01HLEAD0000000000000000000',
  type: 'lead',
  version: 3,
  responsibleId: 's',
  responsibleName: 'Sorina S',
  deptId: 'C',
  createdBy: 's',
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
  lastActorId: 's',
  name: 'Ioana Maria Ionescu',
  companyName: 'SC Gama SRL',
  emails: [{ value: 'Ioana@Gama.ro', norm: 'ioana@gama.ro' }],
  phones: [{ display: '0722 123 456', e164: '+40722123456' }],
  source: 'web_form',
  status: 'in_progress',
  comments: 'Vrea ofertă',
  ...over,
});
const ctx = { today: '2026-11-27', baseCurrency: 'RON' };
const body = (b: unknown) => convertBody.parse(b);

describe('planConversion', () => {
  it('carries name (split), e-mails, phones and comments to a new contact, the company name to a new company, and makes a deal', () => {
    const plan = planConversion(
      lead(),
      body({ version: 3, contact: { new: {} }, company: { new: {} }, deal: {} }),
      ctx,
    );
    expect(plan.contact).toEqual({
      draft: {
        firstName: 'Ioana Maria',
        lastName: 'Ionescu',
        emails: ['Ioana@Gama.ro'],
        phones: ['0722 123 456'],
        comments: 'Vrea ofertă',
      },
    });
    expect(plan.company).toEqual({ draft: { name: 'SC Gama SRL' } });
    expect(plan.deal).toEqual({
      title: 'SC Gama SRL – 2026-11-27',
      pipelineId: 'default',
      currency: 'RON',
      amountMinor: 0,
    });
  });
  it('overrides win; a lead without a company titles the deal with the person', () => {
    const plan = planConversion(
      lead({ companyName: undefined }),
      body({
        version: 3,
        contact: { new: { lastName: 'Popa', emails: ['x@y.ro'], position: 'CFO' } },
        deal: { title: 'Contract', currency: 'EUR', amountMinor: 500, pipelineId: '01HZZZZZZZZZZZZZZZZZZZZZZ4' },
      }),
      ctx,
    );
    expect(plan.contact).toEqual({
      draft: {
        lastName: 'Popa',
        emails: ['x@y.ro'],
        phones: ['0722 123 456'],
        position: 'CFO',
        comments: 'Vrea ofertă',
      },
    });
    expect(plan.company).toBeUndefined();
    expect(plan.deal).toEqual({
      title: 'Contract',
      pipelineId: '01HZZZZZZZZZZZZZZZZZZZZZZ4',
      currency: 'EUR',
      amountMinor: 500,
    });
    expect(planConversion(lead({ companyName: undefined }), body({ version: 3, deal: {} }), ctx).deal?.title).toBe(
      'Ioana Maria Ionescu – 2026-11-27',
    );
  });
  it('existing contact / company are reused (repeat customer)', () => {
    const plan = planConversion(
      lead(),
      body({
        version: 3,
        contact: { contactId: '01HZZZZZZZZZZZZZZZZZZZZZZ1' },
        company: { companyId: '01HZZZZZZZZZZZZZZZZZZZZZZ2' },
      }),
      ctx,
    );
    expect(plan).toEqual({
      contact: { existingId: '01HZZZZZZZZZZZZZZZZZZZZZZ1' },
      company: { existingId: '01HZZZZZZZZZZZZZZZZZZZZZZ2' },
    });
  });
  it('junk and converted leads → 422 naming status; a company without a name → 422 company.new.name', () => {
    const fields = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return {
          status: (e as { status: number }).status,
          fields: (e as { fields: { path: string }[] }).fields.map((x) => x.path),
        };
      }
      return null;
    };
    expect(fields(() => planConversion(lead({ status: 'junk' }), body({ version: 3, deal: {} }), ctx))).toEqual({
      status: 422,
      fields: ['status'],
    });
    expect(fields(() => planConversion(lead({ status: 'converted' }), body({ version: 3, deal: {} }), ctx))).toEqual({
      status: 422,
      fields: ['status'],
    });
    expect(
      fields(() => planConversion(lead({ companyName: undefined }), body({ version: 3, company: { new: {} } }), ctx)),
    ).toEqual({ status: 422, fields: ['company.new.name'] });
  });
  it('the body needs at least one part', () => {
    const r = convertBody.safeParse({ version: 1 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['contact']);
  });
  it('splitName', () => {
    expect(splitName('Popescu')).toEqual({ lastName: 'Popescu' });
    expect(splitName(' Ana  Pop ')).toEqual({ firstName: 'Ana', lastName: 'Pop' });
  });
});
