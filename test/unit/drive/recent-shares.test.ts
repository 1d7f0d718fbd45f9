/** The choice behind Home's "Files shared with me recently" (shared/drive/recent-shares.ts). */
import { newestShares, type ShareRow } from '../../../shared/drive/recent-shares';

const row = (nodeId: string, sharedAt: string, over: Partial<ShareRow> = {}): ShareRow => ({
  nodeId,
  principalType: 'user',
  principalId: 'me',
  right: 'read',
  sharedBy: 'ana',
  sharedAt,
  ...over,
});

describe('newestShares', () => {
  it('orders by share time, newest first, whatever the partition order (node id)', () => {
    const rows = [row('A', '2026-12-01T00:00:00Z'), row('B', '2026-12-05T00:00:00Z'), row('C', '2026-12-03T00:00:00Z')];
    expect(newestShares(rows, 10).map((r) => r.nodeId)).toEqual(['B', 'C', 'A']);
  });

  it('answers each node once, by its newest share (to me or to my department)', () => {
    const rows = [
      row('A', '2026-12-01T00:00:00Z'),
      row('A', '2026-12-04T00:00:00Z', { principalType: 'department', principalId: 'sales', sharedBy: 'dan' }),
      row('B', '2026-12-02T00:00:00Z'),
    ];
    const out = newestShares(rows, 10);
    expect(out.map((r) => [r.nodeId, r.principalType, r.sharedBy])).toEqual([
      ['A', 'department', 'dan'],
      ['B', 'user', 'ana'],
    ]);
  });

  it('keeps the limit plus the spare rows asked for', () => {
    const rows = ['A', 'B', 'C', 'D', 'E'].map((id, i) => row(id, `2026-12-0${i + 1}T00:00:00Z`));
    expect(newestShares(rows, 2).map((r) => r.nodeId)).toEqual(['E', 'D']);
    expect(newestShares(rows, 2, 2).map((r) => r.nodeId)).toEqual(['E', 'D', 'C', 'B']);
  });
});
