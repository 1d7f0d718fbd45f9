import * as z from 'zod';
import { FEATURES, handlerPath } from '../../functions/manifest';
import { routeKey, type HttpRouteSpec } from '../../shared/manifest/types';

const httpRoutes = FEATURES.flatMap((f) =>
  Object.entries(f.http).map(([id, r]) => ({ feature: f.feature, id, r: r as HttpRouteSpec })),
);

describe('manifest', () => {
  it('has unique feature names, route keys and WebSocket routes', () => {
    const names = FEATURES.map((f) => f.feature);
    expect(new Set(names).size).toBe(names.length);
    const keys = httpRoutes.map(({ r }) => routeKey(r));
    expect(new Set(keys).size).toBe(keys.length);
    const ws = FEATURES.flatMap((f) => Object.values(f.ws).map((w) => w.route));
    expect(new Set(ws).size).toBe(ws.length);
    expect(FEATURES.filter((f) => f.wsAuthorizer)).toHaveLength(ws.length ? 1 : 0);
  });

  it('declares path parameters and their schema together', () => {
    for (const { feature, id, r } of httpRoutes) {
      expect(r.path).toMatch(/^\/[a-z0-9/{}_-]*$/i);
      const inPath = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const inSchema = r.params instanceof z.ZodObject ? Object.keys(r.params.shape).sort() : [];
      expect({ route: `${feature}.${id}`, params: inSchema }).toEqual({ route: `${feature}.${id}`, params: inPath });
    }
  });

  it('gives bodies only to methods that carry one', () => {
    for (const { r } of httpRoutes) if (r.method === 'GET' || r.method === 'DELETE') expect(r.body).toBeUndefined();
  });

  it('names a handler module exporting `handler` for every feature', async () => {
    for (const f of FEATURES) {
      const mod = (await import(`../../${handlerPath(f.feature)}`)) as { handler?: unknown };
      expect(typeof mod.handler).toBe('function');
    }
  });

  it('schedules run at least every minute and stream consumers name entities', () => {
    for (const f of FEATURES) {
      for (const s of Object.values(f.schedules)) expect(s.everyMinutes).toBeGreaterThanOrEqual(1);
      for (const s of Object.values(f.streams)) expect(s.entities.length).toBeGreaterThan(0);
    }
  });
});
