/**
 * The portal origin: `GET /config.json` (what CDK writes next to the SPA in the cloud) and the SPA,
 * either the built `web/dist` with the production security headers, Vite in middleware mode
 * (`web/vite.config.ts`), or nothing.
 */
import { existsSync, createReadStream, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { PortalConfig } from '../../shared/config/portal-config';

export type WebMode = 'dist' | 'dev' | 'none';

export type { PortalConfig };

export interface PortalServerOptions {
  root: string;
  web: WebMode;
  config: PortalConfig;
  /** Origins the SPA talks to besides itself (API, WebSocket, Cognito, S3), for the CSP. */
  origins: { api: string; ws: string; cognito: string; s3: string };
  log?: (line: string) => void;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function securityHeaders(o: PortalServerOptions['origins']): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `connect-src 'self' ${o.api} ${o.ws} ${o.cognito} ${o.s3}`,
    `img-src 'self' data: blob: ${o.s3}`,
    `media-src 'self' blob: ${o.s3}`,
    `frame-src 'self' ${o.s3}`,
    "style-src 'self' 'unsafe-inline'",
    "script-src 'self'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'DENY',
    'permissions-policy': 'camera=(self), microphone=(self), geolocation=(), payment=(), usb=()',
  };
}

/** The embeddable CRM web form page: framed by any site (CSP `frame-ancestors *`, no X-Frame-Options). */
export const FORM_PAGE = '/crm-form.html';
export function formPageHeaders(o: PortalServerOptions['origins']): Record<string, string> {
  const { 'x-frame-options': _deny, ...rest } = securityHeaders(o);
  return {
    ...rest,
    'content-security-policy': rest['content-security-policy']!.replace("frame-ancestors 'none'", 'frame-ancestors *'),
  };
}

/** Text files are sent gzipped when the browser accepts it, as CloudFront does in the cloud. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.map', '.webmanifest']);
const gzipped = new Map<string, { mtimeMs: number; body: Buffer }>();
function gzippedFile(file: string, mtimeMs: number): Buffer {
  const hit = gzipped.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.body;
  const body = gzipSync(readFileSync(file));
  gzipped.set(file, { mtimeMs, body });
  return body;
}

const PLACEHOLDER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portal (local)</title></head>
<body style="font-family:system-ui;margin:3rem"><h1>Portal local stack</h1>
<p>The API runs; the SPA is not built yet (no <code>web/vite.config.ts</code> or <code>web/dist</code>).</p>
<p><a href="/config.json">/config.json</a></p></body></html>`;

export interface PortalServer {
  server: http.Server;
  close(): Promise<void>;
}

export async function createPortalServer(opts: PortalServerOptions): Promise<PortalServer> {
  const dist = path.join(opts.root, 'web', 'dist');
  const viteConfig = path.join(opts.root, 'web', 'vite.config.ts');
  const headers = securityHeaders(opts.origins);
  const formHeaders = formPageHeaders(opts.origins);
  const configBody = JSON.stringify(opts.config, null, 2);
  let vite:
    | {
        middlewares: (req: http.IncomingMessage, res: http.ServerResponse, next: (err?: unknown) => void) => void;
        close(): Promise<void>;
      }
    | undefined;

  const serveConfig = (res: http.ServerResponse) => {
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(configBody);
  };

  const serveDist = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://local');
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      rel = '/';
    }
    let file = path.join(dist, path.normalize(rel).replace(/^([/\\])+/, ''));
    if (!file.startsWith(dist)) file = path.join(dist, 'index.html');
    const isFile = (() => {
      try {
        return statSync(file).isFile();
      } catch {
        return false;
      }
    })();
    // SPA fallback: any path without a file (and not asking for an asset) gets index.html.
    if (!isFile) {
      if (path.extname(rel) && rel.startsWith('/assets/')) {
        res.writeHead(404, { 'content-type': 'text/plain', ...headers });
        res.end('Not found');
        return;
      }
      file = path.join(dist, 'index.html');
    }
    const ext = path.extname(file);
    const immutable = file.includes(`${path.sep}assets${path.sep}`);
    const head = {
      'content-type': MIME[ext] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...(rel === FORM_PAGE ? formHeaders : headers),
    };
    if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      let body: Buffer;
      try {
        body = gzippedFile(file, statSync(file).mtimeMs);
      } catch {
        res.destroy();
        return;
      }
      res.writeHead(200, {
        ...head,
        'content-encoding': 'gzip',
        vary: 'accept-encoding',
        'content-length': body.length,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    res.writeHead(200, head);
    if (req.method === 'HEAD') return res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname === '/config.json' && (req.method === 'GET' || req.method === 'HEAD')) return serveConfig(res);
    if (opts.web === 'dist' && existsSync(path.join(dist, 'index.html'))) return serveDist(req, res);
    if (opts.web === 'dev' && vite) {
      return vite.middlewares(req, res, () => {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('Not found');
      });
    }
    if (opts.web === 'none') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Not Found' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(PLACEHOLDER);
  });

  if (opts.web === 'dev' && existsSync(viteConfig)) {
    try {
      const { createServer } = await import('vite');
      const v = await createServer({
        configFile: viteConfig,
        root: path.join(opts.root, 'web'),
        // HMR's WebSocket shares the portal port (no extra port to collide with).
        server: { middlewareMode: true, ws: { server } },
        appType: 'spa',
        logLevel: 'warn',
      });
      vite = v as unknown as typeof vite;
    } catch (e) {
      opts.log?.(`Vite could not start (${(e as Error).message.split('\n')[0]}); serving a placeholder page`);
    }
  }
  return {
    server,
    async close() {
      await vite?.close().catch(() => undefined);
    },
  };
}
