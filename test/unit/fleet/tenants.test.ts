import * as fs from 'node:fs';
import * as path from 'node:path';
import { contextArgs, loadTenants, parseTenants, TenantsFileError } from '../../../infra/fleet/tenants';
import { tempDir } from './fleet-fixtures';

const acme = { slug: 'acme', domain: 'acme.example', adminEmail: 'it@acme.example' };

function problemsOf(raw: unknown): string[] {
  try {
    parseTenants(raw, 'tenants.json');
  } catch (e) {
    if (e instanceof TenantsFileError) return e.problems;
    throw e;
  }
  throw new Error('expected the file to be refused');
}

describe('tenants file', () => {
  it('maps a tenant to the context keys of the app, with the defaults applied', () => {
    const [globex, initech] = parseTenants({
      defaults: { region: 'eu-central-1', maxConcurrency: 50, options: { licenceVersion: '2026-01' } },
      tenants: [
        {
          slug: 'globex',
          domain: 'globex.example',
          adminEmail: 'ops@globex.example',
          mailFrom: 'portal@globex.example',
          authDomainPrefix: 'globex-sso',
          maxConcurrency: 100,
          options: { googleSecretName: 'portal/globex/google', promoCodes: ['A1', 'B2'], wsAccessLogs: true },
        },
        { slug: 'initech', domain: 'initech.example', adminEmail: 'it@initech.example', region: 'eu-west-1' },
      ],
    });

    expect(globex!.region).toBe('eu-central-1');
    expect(contextArgs(globex!)).toEqual([
      '-c',
      'tenant=globex',
      '-c',
      'domainName=globex.example',
      '-c',
      'adminEmail=ops@globex.example',
      '-c',
      'mailFrom=portal@globex.example',
      '-c',
      'authDomainPrefix=globex-sso',
      '-c',
      'maxConcurrency=100',
      '-c',
      'googleSecretName=portal/globex/google',
      '-c',
      'wsAccessLogs=true',
      '-c',
      'licenceVersion=2026-01',
      '-c',
      'promoCodes=A1,B2',
    ]);
    expect(initech!.region).toBe('eu-west-1');
    expect(contextArgs(initech!)).toEqual(expect.arrayContaining(['maxConcurrency=50', 'licenceVersion=2026-01']));
  });

  it('passes keys it does not model through options.context', () => {
    const [t] = parseTenants({ tenants: [{ ...acme, options: { context: { someNewKey: 'acme-7f3a' } } }] });
    expect(contextArgs(t!).slice(-2)).toEqual(['-c', 'someNewKey=acme-7f3a']);
  });

  it('names the tenant and the field of each problem', () => {
    const problems = problemsOf({
      tenants: [
        acme,
        { slug: 'beta', domain: 'Beta.Example', adminEmail: 'it@beta.example' },
        { slug: 'gamma', domain: 'gamma.example', adminEmial: 'it@gamma.example' },
        { ...acme, maxConcurrency: 0 },
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'tenant "beta" (tenants[1]) → domain: must be a lower-case domain name such as acme.example',
        expect.stringMatching(/^tenant "gamma" \(tenants\[2\]\) → adminEmail: is required$/),
        'tenant "gamma" (tenants[2]): unknown field(s) adminEmial',
        expect.stringMatching(/^tenant "acme" \(tenants\[3\]\) → maxConcurrency: /),
        'tenant "acme" (tenants[3]) → slug: duplicates tenants[0]',
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('applies the app’s own slug rule', () => {
    expect(problemsOf({ tenants: [{ ...acme, slug: 'aws-shop' }] })).toEqual([
      'tenant "aws-shop" (tenants[0]) → slug: tenant "aws-shop" must not contain "aws", "amazon" or "cognito" (Cognito domain prefix rule)',
    ]);
  });

  it('refuses an options.context key that hides a modelled field', () => {
    const [problem] = problemsOf({ tenants: [{ ...acme, options: { context: { domainName: 'x.example' } } }] });
    expect(problem).toMatch(/^tenant "acme" \(tenants\[0\]\) → options\.context\.domainName: .*set that field/);
  });

  it('says which file is not JSON', () => {
    const file = path.join(tempDir(), 'tenants.json');
    fs.writeFileSync(file, '{ "tenants": [ ');
    expect(() => loadTenants(file)).toThrow(new RegExp(`^${file}:\\n  - not valid JSON`));
  });

  it('accepts the example file shipped with the repository', () => {
    const tenants = loadTenants(path.join(process.cwd(), 'infra/tenants.example.json'));
    expect(tenants.map((t) => t.slug)).toEqual(['acme', 'globex']);
  });
});
