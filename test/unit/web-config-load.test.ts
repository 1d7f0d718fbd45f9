/**
 * web/src/config.ts reads /config.json once per page load: the boot effect (mounted twice by StrictMode,
 * aborted on the first unmount) and any later caller share one request, and a failed read is read again
 * on "Retry".
 */
import { portalConfigSchema } from '../../shared/config/portal-config';
import * as z from 'zod';

jest.mock('virtual:portal-config-schema', () => z.toJSONSchema(portalConfigSchema, { io: 'output' }), {
  virtual: true,
});

const valid = {
  apiUrl: 'http://127.0.0.1:4000',
  wsUrl: 'ws://127.0.0.1:4001',
  region: 'eu-central-1',
  userPoolId: 'local_6aB3x9',
  userPoolClientId: 'client123',
  cognitoEndpoint: 'http://127.0.0.1:9229',
  hostedUiDomain: null,
  mailViewerUrl: null,
  tenant: 'acme',
  stage: 'local',
};

type Loader = typeof import('../../web/src/config').loadConfig;

const answer = async (_url: RequestInfo | URL, _init?: RequestInit) =>
  new Response(JSON.stringify(valid), { status: 200 });
let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;
let loadConfig: Loader;

beforeEach(() => {
  fetchMock = jest.fn(answer);
  global.fetch = fetchMock as unknown as typeof fetch;
  // a fresh module is a fresh page load
  jest.isolateModules(() => {
    ({ loadConfig } = jest.requireActual<typeof import('../../web/src/config')>('../../web/src/config'));
  });
});

test('the StrictMode double mount (first mount aborted) asks for /config.json once and never cancels it', async () => {
  const firstMount = new AbortController();
  const first = loadConfig(firstMount.signal);
  firstMount.abort();
  const second = loadConfig(new AbortController().signal);

  await expect(first).rejects.toMatchObject({ name: 'AbortError' });
  await expect(second).resolves.toMatchObject({ tenant: 'acme', apiUrl: 'http://127.0.0.1:4000' });
  expect(fetchMock).toHaveBeenCalledTimes(1);
  // the request itself carries no abort signal: no caller can cancel it for the others
  expect(fetchMock.mock.calls[0]![1]?.signal).toBeUndefined();
});

test('later callers get the same configuration without another request', async () => {
  const a = await loadConfig();
  const b = await loadConfig();
  expect(b).toBe(a);
  expect(fetchMock).toHaveBeenCalledTimes(1);
});

test('a failed read is not kept: Retry asks again and gets the configuration', async () => {
  fetchMock.mockResolvedValueOnce(new Response('nope', { status: 503, statusText: 'Service Unavailable' }));
  await expect(loadConfig()).rejects.toMatchObject({ name: 'ConfigError', message: expect.stringContaining('503') });
  await expect(loadConfig()).resolves.toMatchObject({ tenant: 'acme' });
  expect(fetchMock).toHaveBeenCalledTimes(2);
});
