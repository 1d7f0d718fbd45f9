/**
 * The SPA reaches the API only through the typed client (shared/api/client.ts): no hand-built API path may
 * remain in web/src. Two checks:
 * - every string or template literal starting with an API path prefix of the manifest (`/tasks`, `/crm`, …)
 *   must be a page of the SPA's own router (many SPA pages share a prefix with the API: `/tasks/:taskId`);
 * - the raw transport (web/src/api/client.ts) is used only where the app creates and wraps it, and a direct
 *   `fetch` to the API base takes its path from `requestLine` of the route table.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FEATURES } from '../../../functions/manifest';

const WEB = 'web/src';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

const files = sourceFiles(WEB).map((path) => ({
  path: relative('.', path),
  // comments may name API routes; only code counts
  code: readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1'),
}));

const apiPrefixes = [
  ...new Set(FEATURES.flatMap((f) => Object.values(f.http).map((r) => `/${r.path.split('/')[1]}`))),
].sort();

/** String and template literals (one line) that start with an API prefix. */
function apiLikeLiterals(code: string): string[] {
  const alternatives = apiPrefixes.map((p) => p.slice(1).replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')).join('|');
  const start = `/(?:${alternatives})(?=[/?'"\`]|\\$\\{)`;
  const re = new RegExp(`'(${start}[^'\\n]*)'|"(${start}[^"\\n]*)"|\`(${start}[^\`]*)\``, 'g');
  return [...code.matchAll(re)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/**
 * The SPA router's pages: `<Route path="…">` anywhere in web/src; a relative path inside web/src/<dir>/ sits
 * under that directory's splat route (`/crm/*` → `deals/:id` is `/crm/deals/:id`).
 */
function spaRoutes(): string[][] {
  const routes: string[] = [];
  for (const f of files)
    for (const m of f.code.matchAll(/<Route\b[^>]*\bpath="([^"]+)"/g)) {
      const path = m[1]!;
      if (path.startsWith('/')) routes.push(path);
      else if (path !== '*') routes.push(`/${f.path.split('/')[2]}/${path}`);
    }
  return routes.map((r) => r.split('/').slice(1));
}

const segmentMatches = (literal: string, route: string) =>
  literal.includes('${') || route.startsWith(':') || literal === route;

function isSpaPage(literal: string, routes: string[][]): boolean {
  const segments = literal
    .split('?')[0]!
    .replace(/\$\{[^}]*\}/g, '${}')
    .split('/')
    .slice(1);
  return routes.some((route) => {
    // `/crm/*` hands its sub-paths to the nested routes listed above: on its own it is just the index page
    const fixed = route.at(-1) === '*' ? route.slice(0, -1) : route;
    const optional = fixed.filter((s) => s.endsWith('?')).length;
    if (segments.length < fixed.length - optional || segments.length > fixed.length) return false;
    return segments.every((s, i) => segmentMatches(s, fixed[i]!));
  });
}

describe('no hand-built API paths in web/src', () => {
  const routes = spaRoutes();

  it('finds the API prefixes and the SPA pages it checks against', () => {
    expect(apiPrefixes).toEqual(expect.arrayContaining(['/tasks', '/drive', '/crm', '/chats', '/people']));
    expect(routes.map((r) => `/${r.join('/')}`)).toEqual(
      expect.arrayContaining(['/tasks/:taskId', '/crm/deals/:id', '/drive/folder/:nodeId']),
    );
  });

  it('tells an API path from a page of the SPA', () => {
    expect(isSpaPage('/tasks/${task.taskId}', routes)).toBe(true);
    expect(isSpaPage('/crm/deals', routes)).toBe(true);
    expect(isSpaPage('/tasks/${enc(taskId)}/comments', routes)).toBe(false);
    expect(isSpaPage('/chats/${chatId}/messages', routes)).toBe(false);
    expect(isSpaPage('/crm/records/${id}/activities', routes)).toBe(false);
    expect(apiLikeLiterals('api(`/drive/nodes/${enc(id)}/children?${q}`)')).toEqual([
      '/drive/nodes/${enc(id)}/children?${q}',
    ]);
  });

  it('has no literal API path: every literal under an API prefix is a page of the SPA', () => {
    const declared = new Set(routes.map((r) => `/${r.join('/')}`));
    // a page, a route declaration, or the base of pages that add an id (`/crm/quotes` + `/${id}`)
    const spaPath = (literal: string) =>
      isSpaPage(literal, routes) || declared.has(literal) || isSpaPage(`${literal}/\${}`, routes);
    const found = files.flatMap((f) =>
      apiLikeLiterals(f.code)
        .filter((literal) => !spaPath(literal))
        .map((literal) => `${f.path}: ${literal}`),
    );
    expect(found).toEqual([]);
  });

  it('reaches the raw transport only where the app creates it and wraps it in the typed client', () => {
    const allowed = new Set([`${WEB}/api/client.ts`, `${WEB}/services.ts`, `${WEB}/App.tsx`]);
    const users = files
      .filter((f) =>
        /\bcreateApi\b|\btype Api\b|[{,]\s*Api\s*[},]|useServices\(\)\.api\b|\{[^}]*\bapi\b[^}]*\}\s*=\s*useServices\(\)/.test(
          f.code,
        ),
      )
      .map((f) => f.path)
      .filter((p) => !allowed.has(p));
    expect(users).toEqual([]);
  });

  it('builds a direct fetch to the API from the route table (requestLine), never from a literal path', () => {
    const direct = files.flatMap((f) =>
      f.code
        .split('\n')
        .filter((line) => /\bfetch\(/.test(line) && /apiUrl|\$\{api\}/.test(line) && !/\$\{line\.path\}/.test(line))
        .map((line) => `${f.path}: ${line.trim()}`),
    );
    expect(direct).toEqual([]);
  });
});
