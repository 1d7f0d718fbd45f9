/**
 * The drive's upload manager: many files at once, bytes straight to S3 through presigned URLs (XHR, for
 * progress), never through the API. Small files: one PUT. Large files: multipart, a few parts in flight;
 * a failed part is retried, and when it keeps failing the file stops in "error" with a Resume that asks
 * the server which parts it already has and sends only the missing ones. Cancel aborts the requests and
 * tells the server to abort the upload. Framework-free (a tiny store for useSyncExternalStore), so the
 * logic is unit-testable with a fake transport and fake PUT.
 */

export interface UploadTarget {
  driveId: string;
  parentId: string;
}

export interface PartUrl {
  partNumber: number;
  url: string;
}

/** What the server answers when an upload starts (or is resumed). */
export interface StartedUpload {
  uploadId: string;
  mode: 'single' | 'multipart';
  /** single: the presigned PUT. */
  url?: string;
  /** Headers the PUT must send (e.g. content-type bound into the signature). */
  headers?: Record<string, string>;
  /** multipart: the size of every part but the last. */
  partSize?: number;
  /** multipart: URLs of the parts still to send. */
  parts?: PartUrl[];
}

export interface ResumeState extends StartedUpload {
  /** Parts the server already has. */
  done: { partNumber: number; etag: string }[];
}

export interface UploadTransport {
  start(
    file: { name: string; size: number; contentType: string },
    target: UploadTarget,
    signal: AbortSignal,
  ): Promise<StartedUpload>;
  resume(uploadId: string, signal: AbortSignal): Promise<ResumeState>;
  complete(
    uploadId: string,
    parts: { partNumber: number; etag: string }[],
    signal: AbortSignal,
  ): Promise<{ nodeId: string }>;
  /** Tells the server a part is stored (its ETag), so a later resume knows it even where S3 cannot list parts. */
  reportPart?(uploadId: string, partNumber: number, etag: string, signal: AbortSignal): Promise<void>;
  abort(uploadId: string): Promise<void>;
}

/** PUT bytes to a URL with progress; resolves the ETag header (quotes kept, as S3 wants them back). */
export type PutFn = (
  url: string,
  body: Blob,
  headers: Record<string, string>,
  onProgress: (loaded: number) => void,
  signal: AbortSignal,
) => Promise<string>;

export type UploadStatus = 'queued' | 'uploading' | 'finishing' | 'done' | 'error' | 'canceled';

/** An error the UI can translate: a key under drive.upload.errors plus values. */
export interface UploadProblem {
  code: string;
  message: string;
  values?: Record<string, string | number>;
}

export interface UploadItem {
  id: string;
  name: string;
  size: number;
  contentType: string;
  target: UploadTarget;
  status: UploadStatus;
  loaded: number;
  error?: UploadProblem;
  uploadId?: string;
  nodeId?: string;
  /** Whether Resume can continue it (a started multipart upload) rather than start again. */
  resumable: boolean;
}

export interface UploadSnapshot {
  items: readonly UploadItem[];
  /** Bytes sent / bytes to send over the items not canceled. */
  loaded: number;
  total: number;
  active: number;
}

interface Internal {
  item: UploadItem;
  file: Blob;
  ctrl?: AbortController;
  /** Bytes of each part in flight or done (multipart), or of the whole file (single). */
  partLoaded: Map<number, number>;
  etags: Map<number, string>;
  session?: StartedUpload;
}

export interface UploadManagerOptions {
  transport: UploadTransport;
  put: PutFn;
  /** Files uploading at once. */
  concurrentFiles?: number;
  /** Parts of one file in flight at once. */
  concurrentParts?: number;
  /** Attempts of one part before the file stops in error. */
  partAttempts?: number;
  /** Called when a file is stored (e.g. to refresh the folder listing). */
  onDone?: (item: UploadItem) => void;
  /** Wait between attempts (tests pass 0). */
  retryDelayMs?: number;
  /** Problem for an error thrown by the transport (e.g. 413 quota → a translatable code). */
  describe?: (e: unknown) => UploadProblem;
}

export const isAbort = (e: unknown) => (e as Error | undefined)?.name === 'AbortError';

export function contentTypeOf(file: { type: string }): string {
  return file.type && /^[\w.+-]+\/[\w.+-]+$/.test(file.type) ? file.type : 'application/octet-stream';
}

let seq = 0;

export class UploadManager {
  private readonly all: Internal[] = [];
  private readonly listeners = new Set<() => void>();
  private snapshot: UploadSnapshot = { items: [], loaded: 0, total: 0, active: 0 };
  private readonly o: Required<Omit<UploadManagerOptions, 'onDone' | 'describe'>> &
    Pick<UploadManagerOptions, 'onDone' | 'describe'>;

  constructor(options: UploadManagerOptions) {
    this.o = { concurrentFiles: 2, concurrentParts: 3, partAttempts: 3, retryDelayMs: 800, ...options };
  }

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  };

  getSnapshot = () => this.snapshot;

  /** Queues files for a folder; `reject` lets the caller refuse some up front (e.g. over the size limit). */
  add(
    files: readonly File[] | readonly Blob[],
    target: UploadTarget,
    reject?: (f: { name: string; size: number }) => UploadProblem | undefined,
  ): UploadItem[] {
    const added: Internal[] = [];
    for (const f of files) {
      const name = (f as File).name ?? 'file';
      const problem = reject?.({ name, size: f.size });
      const item: UploadItem = {
        id: `u${++seq}-${Date.now().toString(36)}`,
        name,
        size: f.size,
        contentType: contentTypeOf(f),
        target,
        status: problem ? 'error' : 'queued',
        loaded: 0,
        error: problem,
        resumable: false,
      };
      added.push({ item, file: f, partLoaded: new Map(), etags: new Map() });
    }
    this.all.push(...added);
    this.emit();
    this.pump();
    return added.map((a) => a.item);
  }

  cancel(id: string) {
    const u = this.find(id);
    if (!u || u.item.status === 'done' || u.item.status === 'canceled') return;
    u.ctrl?.abort();
    const uploadId = u.item.uploadId;
    this.patch(u, { status: 'canceled', error: undefined, resumable: false });
    if (uploadId) void this.o.transport.abort(uploadId).catch(() => undefined);
    this.pump();
  }

  cancelAll() {
    for (const u of [...this.all])
      if (u.item.status === 'queued' || u.item.status === 'uploading' || u.item.status === 'error')
        this.cancel(u.item.id);
  }

  /** Starts a failed file again: a multipart upload continues from the parts the server has. */
  retry(id: string) {
    const u = this.find(id);
    if (!u || u.item.status !== 'error' || u.item.error?.code === 'tooLarge') return;
    this.patch(u, { status: 'queued', error: undefined });
    this.pump();
  }

  /** Forgets finished, canceled and failed files. */
  clearFinished() {
    for (let i = this.all.length - 1; i >= 0; i--) {
      const s = this.all[i]!.item.status;
      if (s === 'done' || s === 'canceled' || s === 'error') {
        const uploadId = this.all[i]!.item.uploadId;
        if (s === 'error' && uploadId) void this.o.transport.abort(uploadId).catch(() => undefined);
        this.all.splice(i, 1);
      }
    }
    this.emit();
  }

  dispose() {
    for (const u of this.all) u.ctrl?.abort();
    this.listeners.clear();
  }

  private find(id: string) {
    return this.all.find((u) => u.item.id === id);
  }

  private patch(u: Internal, p: Partial<UploadItem>) {
    u.item = { ...u.item, ...p };
    this.emit();
  }

  private emit() {
    let loaded = 0;
    let total = 0;
    let active = 0;
    for (const u of this.all) {
      if (u.item.status === 'canceled' || (u.item.status === 'error' && u.item.error?.code === 'tooLarge')) continue;
      total += u.item.size;
      loaded += u.item.status === 'done' ? u.item.size : u.item.loaded;
      if (u.item.status === 'queued' || u.item.status === 'uploading' || u.item.status === 'finishing') active++;
    }
    this.snapshot = { items: this.all.map((u) => u.item), loaded, total, active };
    for (const l of this.listeners) l();
  }

  private pump() {
    const running = this.all.filter((u) => u.item.status === 'uploading' || u.item.status === 'finishing').length;
    let room = this.o.concurrentFiles - running;
    for (const u of this.all) {
      if (room <= 0) break;
      if (u.item.status !== 'queued') continue;
      room--;
      void this.run(u);
    }
  }

  private setLoaded(u: Internal) {
    let sum = 0;
    for (const v of u.partLoaded.values()) sum += v;
    u.item = { ...u.item, loaded: Math.min(sum, u.item.size) };
    this.emit();
  }

  private async run(u: Internal) {
    const ctrl = new AbortController();
    u.ctrl = ctrl;
    if (!(u.item.uploadId && u.item.resumable)) u.session = undefined;
    this.patch(u, { status: 'uploading' });
    try {
      let session: StartedUpload;
      if (u.item.uploadId && u.item.resumable) {
        const r = await this.o.transport.resume(u.item.uploadId, ctrl.signal);
        session = r;
        // what the server has, plus what this page already sent (its ETags came back from S3)
        for (const p of r.done) u.etags.set(p.partNumber, p.etag);
        u.partLoaded = new Map();
        const partSize = r.partSize ?? u.item.size;
        for (const n of u.etags.keys()) u.partLoaded.set(n, partBytes(u.item.size, partSize, n));
        this.setLoaded(u);
      } else {
        session = await this.o.transport.start(
          { name: u.item.name, size: u.item.size, contentType: u.item.contentType },
          u.item.target,
          ctrl.signal,
        );
        u.etags = new Map();
        u.partLoaded = new Map();
        this.patch(u, { uploadId: session.uploadId, resumable: session.mode === 'multipart' });
      }
      u.session = session;
      if (ctrl.signal.aborted) return;

      if (session.mode === 'single') {
        if (!session.url) throw problem('server', 'no upload URL');
        const headers = withContentType(session.headers, u.item.contentType);
        await this.attempt(ctrl.signal, () =>
          this.o.put(
            session.url!,
            u.file,
            headers,
            (n) => {
              u.partLoaded.set(1, n);
              this.setLoaded(u);
            },
            ctrl.signal,
          ),
        );
        u.partLoaded.set(1, u.item.size);
      } else {
        await this.sendParts(u, session, ctrl.signal);
      }
      if (ctrl.signal.aborted) return;
      this.patch(u, { status: 'finishing', loaded: u.item.size });
      const parts = [...u.etags.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([partNumber, etag]) => ({ partNumber, etag }));
      const res = await this.o.transport.complete(session.uploadId, parts, ctrl.signal);
      this.patch(u, { status: 'done', nodeId: res.nodeId, loaded: u.item.size, resumable: false });
      this.o.onDone?.(u.item);
    } catch (e) {
      if (isAbort(e) || ctrl.signal.aborted) return;
      const p = this.o.describe?.(e) ?? (isProblem(e) ? e : problem('failed', (e as Error)?.message ?? String(e)));
      // A refused finalize (quota, type or size mismatch) cannot be resumed: the upload is gone.
      const resumable =
        u.session?.mode === 'multipart' &&
        u.item.status === 'uploading' &&
        !['quota', 'tooLarge', 'tooLargeServer', 'forbidden', 'notFound'].includes(p.code);
      this.patch(u, { status: 'error', error: p, resumable, uploadId: resumable ? u.item.uploadId : undefined });
    } finally {
      if (u.ctrl === ctrl) u.ctrl = undefined;
      this.pump();
    }
  }

  /**
   * Sends the parts the server does not have yet, a few at once. The server hands out a limited number of
   * part URLs per answer and they expire in minutes: when the URLs run out (or S3 answers 403, an expired
   * URL), ask for fresh ones (the resume call) and go on; give up after rounds that send nothing.
   */
  private async sendParts(u: Internal, session: StartedUpload, signal: AbortSignal) {
    const partSize = session.partSize ?? u.item.size;
    const expected = Math.max(1, Math.ceil(u.item.size / partSize));
    let urls = session.parts ?? [];
    let idle = 0;
    for (;;) {
      const queue = urls.filter((p) => !u.etags.has(p.partNumber)).sort((a, b) => a.partNumber - b.partNumber);
      const before = u.etags.size;
      let stop = false;
      let failure: unknown;
      const worker = async () => {
        for (;;) {
          const p = queue.shift();
          if (!p || signal.aborted || stop) return;
          const start = (p.partNumber - 1) * partSize;
          const blob = u.file.slice(start, Math.min(start + partSize, u.item.size));
          try {
            const etag = await this.attempt(signal, () =>
              this.o.put(
                p.url,
                blob,
                {},
                (n) => {
                  u.partLoaded.set(p.partNumber, n);
                  this.setLoaded(u);
                },
                signal,
              ),
            );
            u.etags.set(p.partNumber, etag);
            u.partLoaded.set(p.partNumber, blob.size);
            this.setLoaded(u);
            if (etag && this.o.transport.reportPart)
              await this.o.transport.reportPart(session.uploadId, p.partNumber, etag, signal).catch(() => undefined);
          } catch (e) {
            u.partLoaded.delete(p.partNumber);
            this.setLoaded(u);
            stop = true;
            // 403 from S3: the URL expired; fresh URLs below. Anything else stops the file.
            if ((e as { status?: number }).status !== 403) failure = failure ?? e;
            return;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.o.concurrentParts, Math.max(1, queue.length)) }, worker));
      if (signal.aborted) throw new DOMException('aborted', 'AbortError');
      if (failure) throw failure;
      if (u.etags.size >= expected) return;
      idle = u.etags.size > before ? 0 : idle + 1;
      if (idle > 2) throw problem('failed', `only ${u.etags.size} of ${expected} parts sent`);
      const r = await this.o.transport.resume(session.uploadId, signal);
      for (const d of r.done) {
        if (u.etags.has(d.partNumber)) continue;
        u.etags.set(d.partNumber, d.etag);
        u.partLoaded.set(d.partNumber, partBytes(u.item.size, partSize, d.partNumber));
      }
      this.setLoaded(u);
      urls = r.parts ?? [];
    }
  }

  /** Retries a PUT that failed on the network or with a 5xx; a 4xx (expired URL, refused) fails at once. */
  private async attempt<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
    let last: unknown;
    for (let i = 0; i < this.o.partAttempts; i++) {
      if (signal.aborted) throw new DOMException('aborted', 'AbortError');
      try {
        return await fn();
      } catch (e) {
        if (isAbort(e)) throw e;
        last = e;
        const status = (e as { status?: number }).status ?? 0;
        if (status >= 400 && status < 500) break;
        if (this.o.retryDelayMs > 0) await delay(this.o.retryDelayMs * (i + 1), signal);
      }
    }
    throw last;
  }
}

function withContentType(headers: Record<string, string> | undefined, contentType: string): Record<string, string> {
  const h = { ...(headers ?? {}) };
  if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = contentType;
  return h;
}

/** Size of part n (1-based) of a file cut in parts of partSize. */
export function partBytes(size: number, partSize: number, n: number): number {
  return Math.max(0, Math.min(partSize, size - (n - 1) * partSize));
}

export function problem(
  code: string,
  message: string,
  values?: Record<string, string | number>,
): UploadProblem & Error {
  return Object.assign(new Error(message), { code, values });
}

function isProblem(e: unknown): e is UploadProblem {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as UploadProblem).code === 'string' &&
    typeof (e as UploadProblem).message === 'string' &&
    !('status' in e)
  );
}

function delay(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(new DOMException('aborted', 'AbortError'));
      },
      { once: true },
    );
  });
}

/** The browser's PUT: XHR for upload progress; the ETag comes back from S3 (CORS exposes it). */
export const xhrPut: PutFn = (url, body, headers, onProgress, signal) =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.getResponseHeader('ETag') ?? '');
      else reject(Object.assign(new Error(xhr.statusText || `HTTP ${xhr.status}`), { status: xhr.status }));
    };
    xhr.onerror = () => reject(Object.assign(new Error('network'), { status: 0 }));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    if (signal.aborted) {
      reject(new DOMException('aborted', 'AbortError'));
      return;
    }
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
