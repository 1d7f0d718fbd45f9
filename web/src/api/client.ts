/**
 * The transport under the typed API client (shared/api/client.ts; components get it from useApi()).
 * The portal API over fetch: `Authorization: Bearer <ID token>`, JSON in and out, errors of the shape
 * `{ error: { code, message, fields?, requestId } }` turned into ApiError. A 401 renews the token once
 * and retries; a second 401 ends the session.
 */
import type { PortalConfig } from '../config';
import type { SessionStore } from '../auth/session';

export interface FieldProblem {
  path: string;
  reason: string;
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    readonly fields?: FieldProblem[],
    /** The whole `error` object (e.g. `current` on a 409). */
    readonly body?: Record<string, unknown>,
  ) {
    super(message);
  }
  get isNetwork() {
    return this.status === 0;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Public routes (e.g. /health) go without a token. */
  anonymous?: boolean;
  signal?: AbortSignal;
}

export type Api = <T>(path: string, opts?: RequestOptions) => Promise<T>;

export function createApi(config: PortalConfig, session: SessionStore): Api {
  const base = config.apiUrl.replace(/\/$/, '');

  async function once<T>(path: string, opts: RequestOptions, token: string | undefined): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method: opts.method ?? 'GET',
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: opts.signal,
      });
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
      throw new ApiError(0, 'NETWORK', (e as Error).message);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const err = (json as { error?: Record<string, unknown> } | undefined)?.error;
      throw new ApiError(
        res.status,
        typeof err?.code === 'string' ? err.code : `HTTP_${res.status}`,
        typeof err?.message === 'string' ? err.message : res.statusText || `HTTP ${res.status}`,
        typeof err?.requestId === 'string' ? err.requestId : (res.headers.get('apigw-requestid') ?? undefined),
        Array.isArray(err?.fields) ? (err.fields as FieldProblem[]) : undefined,
        err,
      );
    }
    return json as T;
  }

  return async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    if (opts.anonymous) return once<T>(path, opts, undefined);
    const token = await session.idToken();
    try {
      return await once<T>(path, opts, token);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
      const renewed = await session.refresh();
      try {
        return await once<T>(path, opts, renewed.idToken);
      } catch (e2) {
        if (e2 instanceof ApiError && e2.status === 401) session.signOut('expired');
        throw e2;
      }
    }
  };
}
