/**
 * The request a route entry of the generated table (`'GET /drive/nodes/{nodeId}'`, `'… public'`) makes for
 * given params and query. Table-free, so pages that call one route with their own fetch (the embeddable CRM
 * form, the sign-in) take just this and their feature's entry.
 */
import type { HttpMethod } from '../manifest/types';

export interface RequestLine {
  method: HttpMethod;
  /** Path with its query, relative to the API base. */
  path: string;
  anonymous: boolean;
}

/** `/tasks/{taskId}` + `{ taskId: 'a b' }` → `/tasks/a%20b`. */
export function fillPath(template: string, params: Record<string, unknown> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name] ?? '')));
}

/** `?a=1&b=x` from the query's values; undefined, null and '' are left out (as the SPA always did). */
export function queryString(query: Record<string, unknown> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The request a route entry (`'GET /drive/nodes/{nodeId} public'`) makes for these params and query. */
export function requestLine(
  entry: string,
  input: { params?: Record<string, unknown>; query?: Record<string, unknown> } = {},
): RequestLine {
  const [method, template, access] = entry.split(' ') as [HttpMethod, string, string | undefined];
  return { method, path: fillPath(template, input.params) + queryString(input.query), anonymous: access === 'public' };
}
