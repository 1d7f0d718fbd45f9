/**
 * Types of the typed API client, read from the route declarations (`functions/<feature>/routes.ts`):
 * path params, query and body are the `z.input` of the route's zod schemas, the answer is the route's
 * declared `answer` (shared/api/answer.ts). Type-only: nothing here exists at run time.
 */
import type { z } from 'zod';
import type { HttpMethod } from '../manifest/types';
import type { AnswerOf } from './answer';

/** One route as the client sees it: the parts of an `HttpRouteSpec` it reads. */
interface RouteShape {
  method: HttpMethod;
  path: string;
  access: string;
}

/** `{ params: … }` (required unless every field is optional) when the route declares that schema. */
type Part<K extends 'params' | 'query' | 'body', R> = R extends { [P in K]: infer S extends z.ZodType }
  ? object extends z.input<S>
    ? { [P in K]?: z.input<S> }
    : { [P in K]: z.input<S> }
  : { [P in K]?: never };

/** What a call takes: the route's params, query and body, and an optional AbortSignal. */
export type CallInput<R> = Part<'params', R> & Part<'query', R> & Part<'body', R> & { signal?: AbortSignal };

/** What `.path()` takes: params and query only. */
export type PathInput<R> = Part<'params', R> & Part<'query', R>;

type Args<I> = object extends I ? [input?: I] : [input: I];

export interface RouteCall<R> {
  /** Calls the route and resolves with its answer; failures reject with ApiError (web/src/api/client.ts). */
  (...args: Args<CallInput<R>>): Promise<AnswerOf<R>>;
  /** The path with its query that a call requests, relative to the API base (for query keys). */
  path(...args: Args<PathInput<R>>): string;
}

/** Every route of one feature as a method: `api.tasks.get({ params: { taskId } })`. */
export type FeatureClient<H> = { [K in keyof H]: RouteCall<H[K]> };

/** `'GET /tasks/{taskId}'`, with ` public` appended for routes called without a token. */
export type RouteEntry<R> = R extends RouteShape
  ? R['access'] extends 'public'
    ? `${R['method']} ${R['path']} public`
    : `${R['method']} ${R['path']}`
  : never;

/** The run-time table of one feature: route id → its entry (checked against the declaration). */
export type RouteTableOf<H> = { readonly [K in keyof H]: RouteEntry<H[K]> };
