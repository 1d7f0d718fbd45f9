/**
 * Stream consumer `invoicePaid` (crmRecord MODIFY): an invoice whose status became `paid` → a bell notification
 * (`crm.invoice.paid` {number, dealTitle}) to its responsible person (the deal's), unless they marked it themselves.
 * Idempotent: the dedupe key is the invoice id (a record seen twice notifies once).
 */
import type { JobContext, StreamChange } from '../../shared/runtime/feature-handler';
import { notify } from '../../shared/notifications/notify';

export async function invoicePaid(changes: StreamChange[], ctx: JobContext): Promise<void> {
  for (const c of changes) {
    const n = c.newImage;
    if (!n || n.type !== 'invoice' || n.status !== 'paid' || c.oldImage?.status === 'paid') continue;
    const to = n.responsibleId as string | undefined;
    const actor = (n.lastActorId as string | undefined) ?? null;
    if (!to || to === actor) continue;
    await notify(to, {
      kind: 'crm.invoice.paid',
      actorId: actor,
      params: { number: String(n.number ?? ''), dealTitle: String(n.dealTitle ?? '') },
      link: `/crm/invoices/${String(n.id)}`,
      dedupeKey: `crm-paid#${String(n.id)}`,
    });
    ctx.logger.info('invoice paid notified', { docId: n.id, to });
  }
}
