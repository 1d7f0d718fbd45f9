/**
 * Deal stage moves (drag and drop) and product lines.
 *
 * | route | reads | writes |
 * |---|---|---|
 * | POST /crm/deals/{id}/stage | visibility ∥ GetItem deal, then GetItem pipeline | ONE transaction from shared/crm/deal-transition.ts (pipeline version check, deal condition version + pipelineId, counters, funnel, won report, activity) |
 * | PUT /crm/deals/{id}/products | visibility ∥ GetItem deal, then ONE BatchGet of the named products | ONE transaction (amount = Σ line net; counters follow) |
 */
import type { UserContext } from '../../shared/auth/claims';
import type { DealLine, LineInputBody } from '../../shared/crm/contract';
import { dealTransition } from '../../shared/crm/deal-transition';
import { lineAmounts, MAX_MINOR } from '../../shared/crm/money';
import { readPipeline } from '../../shared/crm/pipeline-entity';
import { recordWriteItems } from '../../shared/crm/records';
import { batchGet } from '../../shared/data/batch-get';
import type { Raw } from '../../shared/data/document';
import { UnprocessableError } from '../../shared/http/errors';
import { expectVersion, loadVisible, viewOf, writeRecord } from './common';
import { productKey } from './product-service';
import { isEntityRow } from '../../shared/crm/entity-names';
import { PRODUCT_ENTITY } from '../../shared/crm/product-entity';

export async function moveDeal(
  user: UserContext,
  id: string,
  body: { version: number; stageId: string; lostReason?: string | undefined },
) {
  const { vis, rec } = await loadVisible(user, id, ['deal']);
  expectVersion(rec, body.version);
  const pipeline = await readPipeline(rec.pipelineId);
  if (!pipeline)
    throw new UnprocessableError('The deal’s pipeline no longer exists', [{ path: 'stageId', reason: 'no pipeline' }]);
  const { update, items } = dealTransition(
    rec,
    pipeline,
    body.stageId,
    { id: vis.userId, name: vis.name },
    new Date().toISOString(),
    body.lostReason ? { lostReason: body.lostReason } : {},
  );
  if (!items.length) return viewOf(rec);
  await writeRecord(items, id);
  return viewOf(update);
}

export async function setDealProducts(
  user: UserContext,
  id: string,
  body: { version: number; lines: LineInputBody[] },
) {
  const { vis, rec } = await loadVisible(user, id, ['deal']);
  expectVersion(rec, body.version);
  const productIds = [...new Set(body.lines.map((l) => l.productId).filter((x): x is string => !!x))];
  const products = new Map<string, Raw>();
  for (const row of await batchGet(productIds.map(productKey)))
    if (isEntityRow(row, PRODUCT_ENTITY)) products.set(row.productId as string, row);
  let total = 0;
  const lines: DealLine[] = body.lines.map((l, i) => {
    if (l.productId) {
      const p = products.get(l.productId);
      if (!p)
        throw new UnprocessableError('No such product', [{ path: `lines.${i}.productId`, reason: 'no such product' }]);
      if (p.currency !== rec.currency)
        throw new UnprocessableError(`The product is priced in ${p.currency as string}, the deal in ${rec.currency}`, [
          { path: `lines.${i}.productId`, reason: 'another currency (no FX)' },
        ]);
    }
    const a = lineAmounts(l);
    if (a.gross > MAX_MINOR)
      throw new UnprocessableError('Line amount too large', [
        { path: `lines.${i}.quantityMilli`, reason: 'amount over 10^15 minor units' },
      ]);
    total += a.net;
    return {
      productId: l.productId ?? null,
      name: l.name,
      unit: l.unit,
      quantityMilli: l.quantityMilli,
      unitPriceMinor: l.unitPriceMinor,
      discount: l.discount ?? null,
      taxRateBp: l.taxRateBp,
      grossMinor: a.gross,
      discountMinor: a.discount,
      netMinor: a.net,
    };
  });
  if (total > MAX_MINOR)
    throw new UnprocessableError('Deal total too large', [{ path: 'lines', reason: 'total over 10^15 minor units' }]);
  const now = new Date().toISOString();
  const next = {
    ...rec,
    lines,
    amountMinor: lines.length ? total : rec.amountMinor,
    version: rec.version + 1,
    updatedAt: now,
    lastActorId: vis.userId,
  };
  if (next.stageKind === 'won') next.wonAmountMinor = next.amountMinor;
  await writeRecord(recordWriteItems(rec, next), id);
  return viewOf(next);
}
