/**
 * The deals Kanban's optimistic move, pure (unit-tested in test/unit/web-crm-board.test.ts): a card leaves its
 * column (count −1, its amount off its currency's total) and lands first in the target column (the server
 * orders a column by the last move, newest first), count +1 and amount on. The caller keeps the board it had
 * before (the snapshot) and puts it back when the server refuses the move (409 / 422), then refetches.
 */

export interface BoardTotals {
  n: number;
  /** currency code → minor units */
  amounts: Record<string, number>;
}

/** The fields of a board card the move needs (a RecordSummary of a deal has them). */
export interface BoardCard {
  id: string;
  stageId: string | null;
  currency: string | null;
  amountMinor: number | null;
}

export interface BoardColumnState<T extends BoardCard> {
  stageId: string;
  totals: BoardTotals;
  items: T[];
  cursor: string | null;
}

function addAmount(
  amounts: Record<string, number>,
  currency: string | null,
  delta: number | null,
): Record<string, number> {
  if (!currency || !delta) return amounts;
  const next = { ...amounts };
  const v = (next[currency] ?? 0) + delta;
  if (v === 0) delete next[currency];
  else next[currency] = v;
  return next;
}

/** Where a card is now (undefined when no loaded column holds it). */
export function findCard<T extends BoardCard>(
  columns: readonly BoardColumnState<T>[],
  id: string,
): { column: BoardColumnState<T>; card: T } | undefined {
  for (const column of columns) {
    const card = column.items.find((c) => c.id === id);
    if (card) return { column, card };
  }
  return undefined;
}

/**
 * The board after moving card `id` to `toStageId`. Unchanged (the same array) when the card is not on the
 * board, the target column does not exist, or it is already there.
 */
export function moveCard<T extends BoardCard>(
  columns: BoardColumnState<T>[],
  id: string,
  toStageId: string,
): BoardColumnState<T>[] {
  const found = findCard(columns, id);
  if (!found || found.column.stageId === toStageId || !columns.some((c) => c.stageId === toStageId)) return columns;
  const { card } = found;
  const moved: T = { ...card, stageId: toStageId };
  return columns.map((c) => {
    if (c.stageId === found.column.stageId) {
      return {
        ...c,
        items: c.items.filter((i) => i.id !== id),
        totals: {
          n: Math.max(0, c.totals.n - 1),
          amounts: addAmount(c.totals.amounts, card.currency, card.amountMinor === null ? null : -card.amountMinor),
        },
      };
    }
    if (c.stageId === toStageId) {
      return {
        ...c,
        items: [moved, ...c.items],
        totals: { n: c.totals.n + 1, amounts: addAmount(c.totals.amounts, card.currency, card.amountMinor) },
      };
    }
    return c;
  });
}

/** Replace one card (e.g. with the server's answer after a move: new version). */
export function replaceCard<T extends BoardCard>(columns: BoardColumnState<T>[], card: T): BoardColumnState<T>[] {
  return columns.map((c) =>
    c.items.some((i) => i.id === card.id) ? { ...c, items: c.items.map((i) => (i.id === card.id ? card : i)) } : c,
  );
}

/** Append a further page of one column ("more"), skipping cards already shown (a move may have brought them). */
export function appendPage<T extends BoardCard>(
  columns: BoardColumnState<T>[],
  stageId: string,
  items: T[],
  cursor: string | null,
): BoardColumnState<T>[] {
  return columns.map((c) => {
    if (c.stageId !== stageId) return c;
    const seen = new Set(c.items.map((i) => i.id));
    return { ...c, items: [...c.items, ...items.filter((i) => !seen.has(i.id))], cursor };
  });
}

/** Is this API error one where the optimistic move must be undone (the server kept the old stage)? */
export const isRefusal = (status: number) =>
  status === 409 || status === 422 || status === 404 || status === 403 || status === 400;
