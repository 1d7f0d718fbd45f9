/**
 * Stream consumer `invoicePaid` (crmRecord MODIFY): an invoice whose status became `paid` → a bell notification
 * (`crm.invoice.paid` {number, dealTitle}) to its responsible person (the deal's), unless they marked it themselves.
 *
 * Order and duplicates: each record is judged on its own images (status became paid), nothing else is read.
 * The notification's id is derived from the dedupe key `crm-paid#{id}` AND its time, which is the paid change's
 * `updatedAt` (it used to be the consumer's clock, so a batch delivered twice made two notifications): a second
 * delivery hits the same item and the conditional Put writes nothing.
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
      ...(typeof n.updatedAt === 'string' ? { at: new Date(n.updatedAt) } : {}),
      dedupeKey: `crm-paid#${String(n.id)}`,
    });
    ctx.logger.info('invoice paid notified', { docId: n.id, to });
  }
}
