import { openCursor, sealCursor } from '../../../shared/data/cursor';
import { BadRequestError } from '../../../shared/http/errors';

describe('tamper-evident cursors', () => {
  const position = Buffer.from(JSON.stringify({ PK: 'USER#1', SK: 'TASK#9' })).toString('base64url');

  it('round-trips a position for the same list', async () => {
    const c = await sealCursor(position, 'tasks:U1');
    expect(c).not.toContain('USER#1');
    expect(await openCursor(c, 'tasks:U1')).toBe(position);
  });

  it('has no cursor after the last page and accepts none on the first', async () => {
    expect(await sealCursor(null, 's')).toBeNull();
    expect(await openCursor(undefined, 's')).toBeNull();
  });

  it('rejects an edited, forged, truncated or foreign cursor with a 400 naming the field', async () => {
    const c = (await sealCursor(position, 'tasks:U1')) as string;
    const [payload, sig] = c.split('.') as [string, string];
    const edited = Buffer.from(JSON.stringify({ p: 'eyJQSyI6IlVTRVIjMiJ9', s: 'tasks:U1' })).toString('base64url');
    for (const bad of [`${edited}.${sig}`, `${payload}.AAAA`, payload, `${payload}.${sig}.x`, 'garbage', '%%%.###']) {
      await expect(openCursor(bad, 'tasks:U1')).rejects.toMatchObject({
        status: 400,
        fields: [{ path: 'query.cursor', reason: 'invalid cursor' }],
      });
    }
    await expect(openCursor(c, 'tasks:U2')).rejects.toBeInstanceOf(BadRequestError);
  });
});
