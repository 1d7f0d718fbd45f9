/** Small helpers shared by the local stack modules (no AWS, no emulator specifics). */
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** An error whose message is shown to the person as is (one line, no stack trace). */
export class LocalStackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalStackError';
  }
}

/**
 * The repository root: the nearest folder at or above the working directory holding
 * `functions/manifest.ts`. (No `import.meta`, so the module also loads under Jest's CommonJS transform.)
 */
export function repoRoot(start: string = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, 'functions', 'manifest.ts')) && existsSync(path.join(dir, 'package.json')))
      return dir;
    const up = path.dirname(dir);
    if (up === dir)
      throw new LocalStackError(`cannot find the portal repository above ${start} (run from the checkout)`);
    dir = up;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Resolves once `fn` resolves truthy; retries every `everyMs` until `timeoutMs`. */
export async function waitFor(
  what: string,
  fn: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 100,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      if (await fn()) return;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until)
      throw new LocalStackError(
        `${what} did not become ready within ${Math.round(timeoutMs / 1000)} s${last ? ` (${(last as Error).message})` : ''}`,
      );
    await sleep(everyMs);
  }
}

/** A free TCP port on 127.0.0.1 chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Whether a port can be bound (on all interfaces and on loopback: emulators bind either). */
export async function portIsFree(port: number): Promise<boolean> {
  const tryListen = (host: string) =>
    new Promise<boolean>((resolve) => {
      const s = net.createServer();
      s.unref();
      s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'EADDRNOTAVAIL' || e.code === 'EAFNOSUPPORT'));
      s.listen({ port, host, exclusive: true }, () => s.close(() => resolve(true)));
    });
  return (await tryListen('127.0.0.1')) && (await tryListen('0.0.0.0'));
}

/** Listens on 127.0.0.1; a taken port becomes a one-line LocalStackError naming the variable. */
export function listen(server: net.Server, port: number, envName: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? portInUse(port, envName)
          : new LocalStackError(`cannot listen on port ${port} (${envName}): ${e.message}`),
      );
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

export const portInUse = (port: number, envName: string) =>
  new LocalStackError(`port ${port} (${envName}) is in use — set ${envName} to another port`);

/** Closes an http server, dropping keep-alive connections so the port frees at once. */
export function closeServer(server: import('node:http').Server | undefined): Promise<void> {
  if (!server || !server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}

/** Collects a request body up to `limit` bytes; beyond that the rest is drained and `tooLarge` is set. */
export function readBody(
  req: import('node:http').IncomingMessage,
  limit: number,
  drainLimit = limit * 8,
): Promise<{ body: Buffer; tooLarge: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        // A client that keeps sending far beyond the cap is cut off.
        if (size > drainLimit) {
          resolve({ body: Buffer.alloc(0), tooLarge: true });
          req.destroy();
        }
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve({ body: Buffer.concat(chunks), tooLarge }));
    req.on('error', () => resolve({ body: Buffer.concat(chunks), tooLarge }));
    req.on('close', () => resolve({ body: Buffer.concat(chunks), tooLarge }));
  });
}
