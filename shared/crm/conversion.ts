/**
 * Lead conversion, the pure part (design §4): what a lead becomes. functions/crm turns the plan into records and
 * ONE transaction (lead → converted + new records + links + activities + counters).
 *
 *   planConversion(lead, body, ctx) → ConversionPlan
 *     contact  {existingId} | {draft: {firstName?, lastName, emails[], phones[], position?, comments?}}
 *              names split from the lead's `name` (last word = last name), e-mails/phones/comments carried over;
 *              anything in body.contact.new overrides
 *     company  {existingId} | {draft: {name, vatId?, regNo?}}   name = body's or the lead's companyName (none → 422 company.new.name)
 *     deal     {title, pipelineId, currency, amountMinor}        title "{company or name} – {YYYY-MM-DD}", default pipeline,
 *              the settings' base currency, amount 0 unless given; it starts in the pipeline's first open stage
 *   A junk or already converted lead → 422 `status`.
 */
import { UnprocessableError } from '../http/errors';
import { DEFAULT_PIPELINE_ID, type ConvertBody } from './contract';
import type { LeadRecord } from './records';

export interface ContactDraft {
  firstName?: string;
  lastName: string;
  emails: string[];
  phones: string[];
  position?: string;
  comments?: string;
}
export interface CompanyDraft {
  name: string;
  vatId?: string;
  regNo?: string;
}
export interface DealDraft {
  title: string;
  pipelineId: string;
  currency: string;
  amountMinor: number;
}
export interface ConversionPlan {
  contact?: { existingId: string } | { draft: ContactDraft };
  company?: { existingId: string } | { draft: CompanyDraft };
  deal?: DealDraft;
}

/** "Ion Ștefan Popescu" → { firstName: "Ion Ștefan", lastName: "Popescu" }; one word → last name only. */
export function splitName(name: string): { firstName?: string; lastName: string } {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length <= 1) return { lastName: words[0] ?? name.trim() };
  return { firstName: words.slice(0, -1).join(' '), lastName: words[words.length - 1]! };
}

export function planConversion(
  lead: LeadRecord,
  body: ConvertBody,
  ctx: { today: string; baseCurrency: string },
): ConversionPlan {
  if (lead.status === 'junk')
    throw new UnprocessableError('A junk lead cannot be converted', [{ path: 'status', reason: 'the lead is junk' }]);
  if (lead.status === 'converted')
    throw new UnprocessableError('This lead was already converted', [{ path: 'status', reason: 'already converted' }]);
  const plan: ConversionPlan = {};
  if (body.contact) {
    if ('contactId' in body.contact) plan.contact = { existingId: body.contact.contactId };
    else {
      const o = body.contact.new;
      const split = splitName(lead.name);
      const lastName = o.lastName || split.lastName;
      if (!lastName)
        throw new UnprocessableError('The contact needs a last name', [
          { path: 'contact.new.lastName', reason: 'required' },
        ]);
      const firstName = o.firstName ?? (o.lastName ? undefined : split.firstName);
      plan.contact = {
        draft: {
          ...(firstName ? { firstName } : {}),
          lastName,
          emails: o.emails ?? lead.emails.map((e) => e.value),
          phones: o.phones ?? lead.phones.map((p) => p.display),
          ...(o.position ? { position: o.position } : {}),
          ...(lead.comments ? { comments: lead.comments } : {}),
        },
      };
    }
  }
  if (body.company) {
    if ('companyId' in body.company) plan.company = { existingId: body.company.companyId };
    else {
      const o = body.company.new;
      const name = o.name || lead.companyName;
      if (!name)
        throw new UnprocessableError('The company needs a name (the lead has no company name)', [
          { path: 'company.new.name', reason: 'required' },
        ]);
      plan.company = {
        draft: { name, ...(o.vatId ? { vatId: o.vatId } : {}), ...(o.regNo ? { regNo: o.regNo } : {}) },
      };
    }
  }
  if (body.deal) {
    const d = body.deal;
    plan.deal = {
      title: d.title || `${lead.companyName || lead.name} – ${ctx.today}`,
      pipelineId: d.pipelineId ?? DEFAULT_PIPELINE_ID,
      currency: d.currency ?? ctx.baseCurrency,
      amountMinor: d.amountMinor ?? 0,
    };
  }
  return plan;
}
