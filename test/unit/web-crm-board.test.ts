import { appendPage, moveCard, replaceCard, type BoardCard, type BoardColumnState } from '../../web/src/crm/board';

const card = (id: string, stageId: string, amount: number, currency = 'RON'): BoardCard => ({
  id,
  stageId,
  amountMinor: amount,
  currency,
});

function board(): BoardColumnState<BoardCard>[] {
  return [
    {
      stageId: 'new',
      totals: { n: 3, amounts: { RON: 1500, EUR: 700 } },
      items: [card('a', 'new', 1000), card('b', 'new', 500), card('c', 'new', 700, 'EUR')],
      cursor: null,
    },
    { stageId: 'work', totals: { n: 1, amounts: { RON: 200 } }, items: [card('d', 'work', 200)], cursor: 'next' },
    { stageId: 'won', totals: { n: 0, amounts: {} }, items: [], cursor: null },
  ];
}

describe('deals board optimistic move', () => {
  it('moves the card to the top of the target column and shifts count and per-currency totals', () => {
    const before = board();
    const after = moveCard(before, 'c', 'work');
    expect(after[0]!.items.map((i) => i.id)).toEqual(['a', 'b']);
    expect(after[0]!.totals).toEqual({ n: 2, amounts: { RON: 1500 } });
    expect(after[1]!.items.map((i) => i.id)).toEqual(['c', 'd']);
    expect(after[1]!.items[0]!.stageId).toBe('work');
    expect(after[1]!.totals).toEqual({ n: 2, amounts: { RON: 200, EUR: 700 } });
    expect(after[1]!.cursor).toBe('next');
  });

  it('leaves the snapshot untouched, so a refused move (409/422) is undone by putting it back', () => {
    const before = board();
    const copy = JSON.parse(JSON.stringify(before)) as BoardColumnState<BoardCard>[];
    const after = moveCard(before, 'a', 'won');
    expect(after).not.toEqual(before);
    expect(before).toEqual(copy);
    expect(after[2]!.totals).toEqual({ n: 1, amounts: { RON: 1000 } });
  });

  it('is a no-op for the same column, an unknown card or an unknown stage', () => {
    const before = board();
    expect(moveCard(before, 'a', 'new')).toBe(before);
    expect(moveCard(before, 'zz', 'work')).toBe(before);
    expect(moveCard(before, 'a', 'nope')).toBe(before);
  });

  it('never shows a negative count even when the totals lagged behind the cards', () => {
    const before = board();
    before[1]!.totals = { n: 0, amounts: {} };
    const after = moveCard(before, 'd', 'won');
    expect(after[1]!.totals.n).toBe(0);
    expect(after[1]!.totals.amounts).toEqual({ RON: -200 });
  });

  it('moves a card without an amount: only the count changes', () => {
    const before = board();
    before[0]!.items.push({ id: 'x', stageId: 'new', amountMinor: null, currency: null });
    const after = moveCard(before, 'x', 'won');
    expect(after[2]!.totals).toEqual({ n: 1, amounts: {} });
    expect(after[0]!.totals).toEqual({ n: 2, amounts: { RON: 1500, EUR: 700 } });
  });

  it('replaces a card in place and appends a next page without repeating cards', () => {
    const b = replaceCard(board(), { ...card('d', 'work', 999) });
    expect(b[1]!.items[0]!.amountMinor).toBe(999);
    const more = appendPage(b, 'work', [card('d', 'work', 999), card('e', 'work', 1)], null);
    expect(more[1]!.items.map((i) => i.id)).toEqual(['d', 'e']);
    expect(more[1]!.cursor).toBeNull();
  });
});
