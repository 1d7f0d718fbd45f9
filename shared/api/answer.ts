/**
 * The answer type of an HTTP route, declared next to the route in `functions/<feature>/routes.ts`:
 * `answer: answer<TaskView>()`. Type-only in effect: the value is one shared empty object, so route
 * tables stay free of view code while the typed client (shared/api/client.ts) reads the type.
 */
declare const ANSWER: unique symbol;

export interface Answer<T> {
  readonly [ANSWER]?: T;
}

const MARKER: Answer<never> = Object.freeze({});

export const answer = <T>(): Answer<T> => MARKER as Answer<T>;

/** What a route answers: its declared `answer`, else `unknown` (the SPA does not read it). */
export type AnswerOf<R> = R extends { answer: Answer<infer T> } ? T : unknown;
