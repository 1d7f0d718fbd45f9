/**
 * The typed API client (shared/api): every HTTP route of the manifest is reachable through it with its
 * method and path, the checked-in route table is what the generator writes from the manifest today,
 * and public routes go without a token.
 */
import { readFileSync } from 'node:fs';
import { FEATURES } from '../../../functions/manifest';
import { createApiClient, type ApiClient, type TransportRequest } from '../../../shared/api/client';
import type { NodeDetail } from '../../../shared/drive/contract';
import type { TaskView } from '../../../shared/tasks/contract';
import { clientName, ROUTE_TABLE_PATH, routeTableSource } from '../../../shared/api/route-table-source';

interface Sent {
  path: string;
  request: TransportRequest;
}

function fakeClient() {
  const sent: Sent[] = [];
  const client = createApiClient((path, request) => {
    sent.push({ path, request });
    return Promise.resolve({ ok: true });
  });
  return { client: client as unknown as Record<string, Record<string, (input: object) => Promise<unknown>>>, sent };
}

/** `{taskId}` → `taskId-value`: a dummy for each path parameter, chosen to need URL encoding. */
const dummyParams = (path: string): Record<string, string> =>
  Object.fromEntries([...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, `${name} /x`]));

const expectedPath = (path: string): string =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(`${name} /x`));

const httpRoutes = FEATURES.flatMap((f) =>
  Object.entries(f.http).map(([id, route]) => ({ feature: f.feature, id, route })),
);

describe('typed API client', () => {
  it('reaches every HTTP route of the manifest with its method, path and access', async () => {
    expect(httpRoutes.length).toBeGreaterThan(200);
    const { client, sent } = fakeClient();
    for (const { feature, id, route } of httpRoutes) {
      const call = client[clientName(feature)]?.[id];
      expect(call).toBeInstanceOf(Function);
      await expect(call!({ params: dummyParams(route.path), body: { b: 1 } })).resolves.toEqual({ ok: true });
      const last = sent.at(-1)!;
      expect(`${last.request.method} ${last.path}`).toBe(`${route.method} ${expectedPath(route.path)}`);
      expect(last.request.anonymous).toBe(route.access === 'public');
      expect(last.request.body).toEqual({ b: 1 });
    }
    expect(sent).toHaveLength(httpRoutes.length);
  });

  it('has no method that the manifest does not declare', () => {
    const { client } = fakeClient();
    const clientRoutes = Object.entries(client).flatMap(([f, methods]) =>
      Object.keys(methods).map((id) => `${f}.${id}`),
    );
    expect(clientRoutes.sort()).toEqual(httpRoutes.map((r) => `${clientName(r.feature)}.${r.id}`).sort());
  });

  it('encodes the query, leaving out empty values, and passes the abort signal', async () => {
    const { client, sent } = fakeClient();
    const signal = new AbortController().signal;
    await client.tasks!.listMine!({ query: { role: 'responsible', status: '', cursor: undefined, limit: 20 }, signal });
    expect(sent[0]).toEqual({
      path: '/tasks?role=responsible&limit=20',
      request: { method: 'GET', body: undefined, signal, anonymous: false },
    });
    const path = (client.drive!.children as unknown as { path(i: object): string }).path({
      params: { nodeId: 'n/1' },
      query: { q: 'a&b' },
    });
    expect(path).toBe('/drive/nodes/n%2F1/children?q=a%26b');
  });

  it('is typed from the route declarations (checked by tsc; the calls below never run)', () => {
    const typed = (api: ApiClient) => {
      const task: Promise<TaskView> = api.tasks.get({ params: { taskId: 't' } });
      const node: Promise<NodeDetail> = api.drive.node({ params: { nodeId: 'n' } });
      // @ts-expect-error the path parameter is required
      void api.tasks.get({ params: {} });
      // @ts-expect-error the body must match the route's schema
      void api.me.updatePreferences({ body: { language: 'de', version: 1 } });
      // @ts-expect-error a route the manifest does not declare
      void api.tasks.archive;
      return [task, node];
    };
    expect(typed).toBeInstanceOf(Function);
  });

  it('the checked-in route table is what the generator writes from the manifest', async () => {
    const current = readFileSync(ROUTE_TABLE_PATH, 'utf8');
    // Stale? Run `npx tsx shared/api/generate-route-table.ts`.
    expect(current).toBe(await routeTableSource());
  });
});
