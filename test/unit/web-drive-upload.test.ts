/**
 * The drive SPA's upload manager (web/src/drive/upload.ts) with a fake transport and a fake PUT: single
 * and multipart uploads (parts cut at the right offsets, ETags handed to complete in order), per-file and
 * overall progress, a part failing for good stops the file in "error" and Resume sends only the parts the
 * server does not have, cancel aborts the server upload, refusals up front never reach the server.
 */
import { formatBytes, nameProblem, previewKind } from '../../web/src/drive/format';
import {
  UploadManager,
  partBytes,
  type PutFn,
  type ResumeState,
  type StartedUpload,
  type UploadTransport,
} from '../../web/src/drive/upload';

const target = { driveId: 'user:me', parentId: 'root' };

function blob(size: number, name: string): File {
  const b = new Blob([new Uint8Array(size)]);
  return Object.assign(b, { name }) as unknown as File;
}

interface Harness {
  transport: UploadTransport;
  calls: string[];
  completed: { uploadId: string; parts: { partNumber: number; etag: string }[] }[];
  aborted: string[];
  serverParts: Map<number, string>;
  reported: number[];
}

function harness(opts: { partSize?: number; size: number }): Harness {
  const h: Harness = {
    calls: [],
    completed: [],
    aborted: [],
    serverParts: new Map(),
    reported: [],
    transport: undefined as unknown as UploadTransport,
  };
  const partSize = opts.partSize;
  const urls = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ partNumber: i + 1, url: `https://s3/part/${i + 1}` }));
  h.transport = {
    async start(file) {
      h.calls.push(`start ${file.name} ${file.size}`);
      if (!partSize) return { uploadId: 'up1', mode: 'single', url: 'https://s3/single' } satisfies StartedUpload;
      return { uploadId: 'up1', mode: 'multipart', partSize, parts: urls(Math.ceil(file.size / partSize)) };
    },
    async resume(uploadId) {
      h.calls.push(`resume ${uploadId}`);
      const n = Math.ceil(opts.size / partSize!);
      const done = [...h.serverParts.entries()].map(([partNumber, etag]) => ({ partNumber, etag }));
      return {
        uploadId,
        mode: 'multipart',
        partSize,
        parts: urls(n).filter((p) => !h.serverParts.has(p.partNumber)),
        done,
      } satisfies ResumeState;
    },
    async complete(uploadId, parts) {
      h.completed.push({ uploadId, parts });
      return { nodeId: 'n1' };
    },
    async abort(uploadId) {
      h.aborted.push(uploadId);
    },
    async reportPart(_uploadId, partNumber) {
      h.reported.push(partNumber);
    },
  };
  return h;
}

const settle = () => new Promise((r) => setTimeout(r, 0));
async function until(fn: () => boolean) {
  for (let i = 0; i < 200 && !fn(); i++) await settle();
  expect(fn()).toBe(true);
}

test('a small file is one PUT with its content type; progress reaches the whole size', async () => {
  const h = harness({ size: 10 });
  const seen: { url: string; size: number; headers: Record<string, string> }[] = [];
  const put: PutFn = async (url, body, headers, onProgress) => {
    seen.push({ url, size: body.size, headers });
    onProgress(5);
    onProgress(body.size);
    return '"etag-single"';
  };
  const done: string[] = [];
  const m = new UploadManager({ transport: h.transport, put, retryDelayMs: 0, onDone: (i) => done.push(i.name) });
  const f = Object.assign(new Blob([new Uint8Array(10)], { type: 'text/plain' }), { name: 'a.txt' }) as unknown as File;
  m.add([f], target);
  await until(() => m.getSnapshot().items[0]!.status === 'done');
  expect(seen).toEqual([{ url: 'https://s3/single', size: 10, headers: { 'content-type': 'text/plain' } }]);
  expect(done).toEqual(['a.txt']);
  expect(m.getSnapshot()).toMatchObject({ loaded: 10, total: 10, active: 0 });
});

test('multipart: parts cut at partSize offsets, ETags sent to complete in part order', async () => {
  const h = harness({ size: 25, partSize: 10 });
  const sizes = new Map<string, number>();
  const put: PutFn = async (url, body, _h, onProgress) => {
    sizes.set(url, body.size);
    onProgress(body.size);
    return `"e${url.slice(-1)}"`;
  };
  const m = new UploadManager({ transport: h.transport, put, retryDelayMs: 0 });
  m.add([blob(25, 'big.bin')], target);
  await until(() => m.getSnapshot().items[0]!.status === 'done');
  expect(Object.fromEntries(sizes)).toEqual({
    'https://s3/part/1': 10,
    'https://s3/part/2': 10,
    'https://s3/part/3': 5,
  });
  expect(h.completed).toEqual([
    {
      uploadId: 'up1',
      parts: [
        { partNumber: 1, etag: '"e1"' },
        { partNumber: 2, etag: '"e2"' },
        { partNumber: 3, etag: '"e3"' },
      ],
    },
  ]);
  // each stored part is reported to the server (a resume then knows it even without S3 ListParts)
  expect(h.reported.sort()).toEqual([1, 2, 3]);
  expect(partBytes(25, 10, 3)).toBe(5);
});

test('a part that keeps failing stops the file in error; Resume sends only the missing parts', async () => {
  const h = harness({ size: 30, partSize: 10 });
  let failPart2 = true;
  const sent: string[] = [];
  const put: PutFn = async (url, body, _h, onProgress) => {
    if (url.endsWith('/2') && failPart2) throw Object.assign(new Error('network'), { status: 0 });
    sent.push(url);
    onProgress(body.size);
    const n = Number(url.slice(-1));
    h.serverParts.set(n, `"e${n}"`);
    return `"e${n}"`;
  };
  const m = new UploadManager({ transport: h.transport, put, retryDelayMs: 0, partAttempts: 2, concurrentParts: 1 });
  m.add([blob(30, 'x.bin')], target);
  await until(() => m.getSnapshot().items[0]!.status === 'error');
  const failed = m.getSnapshot().items[0]!;
  expect(failed.resumable).toBe(true);
  expect(failed.loaded).toBe(10);
  expect(sent).toEqual(['https://s3/part/1']);
  expect(h.completed).toEqual([]);

  failPart2 = false;
  sent.length = 0;
  m.retry(failed.id);
  await until(() => m.getSnapshot().items[0]!.status === 'done');
  expect(h.calls).toEqual(['start x.bin 30', 'resume up1']);
  expect(sent).toEqual(['https://s3/part/2', 'https://s3/part/3']);
  expect(h.completed[0]!.parts.map((p) => p.partNumber)).toEqual([1, 2, 3]);
});

test('cancel aborts the PUT and the server upload; the file leaves the overall total', async () => {
  const h = harness({ size: 20 });
  const put: PutFn = (_url, _body, _h, onProgress, signal) =>
    new Promise((_resolve, reject) => {
      onProgress(4);
      signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  const m = new UploadManager({ transport: h.transport, put, retryDelayMs: 0 });
  const [item] = m.add([blob(20, 'slow.bin')], target);
  await until(() => m.getSnapshot().loaded === 4);
  m.cancel(item!.id);
  await settle();
  expect(m.getSnapshot().items[0]!.status).toBe('canceled');
  expect(h.aborted).toEqual(['up1']);
  expect(m.getSnapshot()).toMatchObject({ total: 0, active: 0 });
});

test('a file refused up front (over the size limit) never reaches the server; others go on', async () => {
  const h = harness({ size: 5 });
  const put: PutFn = async (_u, body, _h, p) => {
    p(body.size);
    return '"e"';
  };
  const m = new UploadManager({ transport: h.transport, put, retryDelayMs: 0 });
  m.add([blob(500, 'huge.bin'), blob(5, 'ok.bin')], target, (f) =>
    f.size > 100 ? { code: 'tooLarge', message: 'too large', values: { max: '100 B' } } : undefined,
  );
  await until(() => m.getSnapshot().items[1]!.status === 'done');
  expect(m.getSnapshot().items[0]).toMatchObject({ status: 'error', error: { code: 'tooLarge' } });
  expect(h.calls).toEqual(['start ok.bin 5']);
  expect(m.getSnapshot()).toMatchObject({ loaded: 5, total: 5 });
});

test('at most two files upload at once; the rest wait their turn', async () => {
  const h = harness({ size: 1 });
  const pending: (() => void)[] = [];
  const put: PutFn = (_u, body, _h, p) =>
    new Promise((resolve) => {
      pending.push(() => {
        p(body.size);
        resolve('"e"');
      });
    });
  const m = new UploadManager({ transport: h.transport, put, retryDelayMs: 0, concurrentFiles: 2 });
  m.add([blob(1, 'a'), blob(1, 'b'), blob(1, 'c')], target);
  await until(() => pending.length === 2);
  expect(m.getSnapshot().items.map((i) => i.status)).toEqual(['uploading', 'uploading', 'queued']);
  pending.shift()!();
  await until(() => pending.length === 2);
  pending.splice(0).forEach((f) => f());
  await until(() => m.getSnapshot().items.every((i) => i.status === 'done'));
});

test('multipart: when the URLs handed out run out or expire (403), fresh ones are asked for and the upload goes on', async () => {
  const h = harness({ size: 40, partSize: 10 });
  // the server hands out only two URLs at the start; resume re-signs the missing ones
  const start = h.transport.start.bind(h.transport);
  h.transport.start = async (f, t, s) => {
    const r = await start(f, t, s);
    return { ...r, parts: r.parts!.slice(0, 2) };
  };
  let expired = true;
  const sent: string[] = [];
  const put: PutFn = async (url, body, _h, onProgress) => {
    if (url.endsWith('/3') && expired) {
      expired = false;
      throw Object.assign(new Error('expired'), { status: 403 });
    }
    sent.push(url);
    onProgress(body.size);
    const n = Number(url.slice(-1));
    h.serverParts.set(n, `"e${n}"`);
    return `"e${n}"`;
  };
  const m = new UploadManager({ transport: h.transport, put, retryDelayMs: 0, concurrentParts: 1 });
  m.add([blob(40, 'four.bin')], target);
  await until(() => m.getSnapshot().items[0]!.status === 'done');
  expect(sent).toEqual(['https://s3/part/1', 'https://s3/part/2', 'https://s3/part/3', 'https://s3/part/4']);
  expect(h.calls.filter((c) => c.startsWith('resume')).length).toBe(2);
  expect(h.completed[0]!.parts.map((p) => p.partNumber)).toEqual([1, 2, 3, 4]);
});

test('names are checked as the server does; files get the right preview; sizes read well', () => {
  expect(nameProblem('  ')).toBe('required');
  expect(nameProblem('a/b')).toBe('slash');
  expect(nameProblem('a\\b')).toBe('slash');
  expect(nameProblem('a\u0007b')).toBe('control');
  expect(nameProblem('..')).toBe('dots');
  expect(nameProblem('x'.repeat(256))).toBe('tooLong');
  expect(nameProblem(' Report 2026.pdf ')).toBeUndefined();
  expect(previewKind('a.md', 'text/plain')).toBe('markdown');
  expect(previewKind('a.png', 'image/png')).toBe('image');
  expect(previewKind('scan.tiff', 'image/tiff')).toBe('none');
  expect(previewKind('x', 'application/pdf')).toBe('pdf');
  expect(previewKind('a.mp3', 'audio/mpeg')).toBe('audio');
  expect(previewKind('a.mp4', 'video/mp4')).toBe('video');
  expect(previewKind('data.json', 'application/octet-stream')).toBe('text');
  expect(previewKind('a.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('none');
  expect(formatBytes(0)).toBe('0 B');
  expect(formatBytes(1536)).toBe('1.5 KB');
  expect(formatBytes(20 * 1024 * 1024)).toBe('20 MB');
  expect(formatBytes(1536, 'ro')).toBe('1,5 KB');
});
