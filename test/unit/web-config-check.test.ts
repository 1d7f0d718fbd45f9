/**
 * The SPA checks /config.json with config-check.ts against the JSON Schema that web/vite.config.ts derives
 * from the shared Zod schema. Both must accept and refuse the same files, field by field.
 */
import * as z from 'zod';
import { portalConfigSchema } from '../../shared/config/portal-config';
import { checkConfig, type JsonSchema } from '../../web/src/config-check';

// As the Vite plugin builds it.
const jsonSchema = z.toJSONSchema(portalConfigSchema, { io: 'output' }) as JsonSchema;

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

const cases: [string, unknown][] = [
  ['a local config', valid],
  [
    'a cloud config (no hosted UI key, no endpoints)',
    { ...valid, stage: 'cloud', cognitoEndpoint: null, hostedUiDomain: undefined },
  ],
  ['a hosted UI domain', { ...valid, hostedUiDomain: 'portal-acme.auth.eu-central-1.amazoncognito.com' }],
  ['an unknown extra key (dropped)', { ...valid, extra: 1 }],
  ['URLs with surrounding spaces (trimmed)', { ...valid, apiUrl: '  https://api.example.com  ' }],
  ['not an object', 'config'],
  ['null', null],
  ['an array', [valid]],
  ['an empty object', {}],
  ['apiUrl not a URL', { ...valid, apiUrl: 'api.example.com' }],
  ['apiUrl a number', { ...valid, apiUrl: 4000 }],
  ['wsUrl http', { ...valid, wsUrl: 'http://127.0.0.1:4001' }],
  ['region empty', { ...valid, region: '' }],
  ['userPoolId without underscore', { ...valid, userPoolId: 'localpool' }],
  ['userPoolClientId missing', { ...valid, userPoolClientId: undefined }],
  ['cognitoEndpoint missing', { ...valid, cognitoEndpoint: undefined }],
  ['cognitoEndpoint not a URL', { ...valid, cognitoEndpoint: 'localhost' }],
  ['hostedUiDomain a number', { ...valid, hostedUiDomain: 5 }],
  ['mailViewerUrl a boolean', { ...valid, mailViewerUrl: false }],
  ['tenant empty', { ...valid, tenant: '' }],
  ['stage unknown', { ...valid, stage: 'prod' }],
  ['several problems', { ...valid, apiUrl: 'x', stage: 'prod', tenant: 42 }],
];

describe('config check agrees with the shared Zod schema', () => {
  it.each(cases)('%s', (_name, input) => {
    const zod = portalConfigSchema.safeParse(input);
    const ours = checkConfig(input, jsonSchema);
    expect(ours.success).toBe(zod.success);
    if (zod.success && ours.success) expect(ours.data).toEqual(zod.data);
    if (!zod.success && !ours.success) {
      expect(ours.issues.map((i) => i.path).sort()).toEqual(zod.error.issues.map((i) => i.path.join('.')).sort());
    }
  });

  it('covers every field of the schema', () => {
    expect(Object.keys(jsonSchema.properties ?? {}).sort()).toEqual(Object.keys(portalConfigSchema.shape).sort());
  });

  it('refuses a schema it cannot check instead of passing the file', () => {
    expect(() =>
      checkConfig(
        { a: 1 },
        JSON.parse('{"type":"object","properties":{"a":{"type":"number","maximum":3}}}') as JsonSchema,
      ),
    ).toThrow(/unsupported JSON Schema keyword "maximum"/);
    expect(() =>
      checkConfig({ a: 'x' }, { type: 'object', properties: { a: { type: 'string', format: 'email' } } }),
    ).toThrow(/unsupported format "email"/);
  });
});
