/**
 * Drive uploads through the local stack vs raw s3rver, same bytes, same client (fetch):
 *   1. 200 small files (64 KiB): POST /drive/uploads → PUT the presigned URL → POST …/complete (8 at a time),
 *      against 200 raw presigned PUTs of the same bytes to s3rver;
 *   2. one 200 MB file: multipart (8 MiB parts, 4 at a time; each part reported; complete) against a raw
 *      S3 multipart upload of the same bytes with the same part URLs flow (no API in between).
 * Prints throughput of each side and the ratio, and the gateway process's RSS sampled every 25 ms (its peak
 * during the small files and during the 200 MB file: it must not grow with file size — bytes never pass through it).
 * The local stack runs in a child process (as in the tests); s3rver lives in that process too, so its RSS
 * includes s3rver's own buffers.
 * Run: npm run bench:drive   (SMALL=200 BIG_MB=200 to change the sizes)
 */
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { spawnLocalStack } from '../../infra/local/spawn';
import type { UploadSession } from '../../shared/drive/contract';

const SMALL = Number(process.env.SMALL ?? 200);
const SMALL_BYTES = 64 * 1024;
const BIG_MB = Number(process.env.BIG_MB ?? 200);
const CONCURRENCY = 8;
const PART_CONCURRENCY = 4;

const dataDir = mkdtempSync(join(tmpdir(), 'portal-bench-drive-'));
const stack = await spawnLocalStack({
  ports: { portal: 0, api: 0, ws: 0, dynamodb: 0, s3: 0, cognito: 0, ses: 0 },
  inMemoryDb: true,
  dataDir,
  web: 'none',
  quiet: true,
  timeoutMs: 180_000,
});

/** The child process that runs the gateway (node … infra/local/serve.ts, started by this process). */
function gatewayPid(): number {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('serve.ts')) return Number(d);
    } catch {
      /* gone */
    }
  }
  throw new Error('gateway process not found');
}
const pid = gatewayPid();
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 25);
const phasePeak = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  peak = rssMb();
  const r = await fn();
  peak = Math.max(peak, rssMb());
  return [r, peak];
};

const api = stack.urls.api;
const email = `bench-drive-${Date.now()}@example.com`;
await stack.createUser(email, 'Bench-password-2026!', ['employee']);
const { idToken } = await stack.signIn(email, 'Bench-password-2026!');
const auth = { authorization: `Bearer ${idToken}` };
const call = async <T>(path: string, method: string, body?: unknown): Promise<T> => {
  const r = await fetch(`${api}${path}`, {
    method,
    headers: { ...auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
};
const s3 = new S3Client({
  region: 'us-east-1',
  endpoint: stack.urls.s3,
  forcePathStyle: true,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
});
const Bucket = stack.bucket;

async function pool<T>(items: T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < items.length) await fn(items[i++]!);
    }),
  );
}
const put = async (url: string, body: Uint8Array<ArrayBuffer>, contentType?: string) => {
  const r = await fetch(url, { method: 'PUT', headers: contentType ? { 'content-type': contentType } : {}, body });
  if (r.status !== 200) throw new Error(`PUT → ${r.status} ${await r.text()}`);
  return r.headers.get('etag') ?? '';
};

const drives = await call<{ kind: string; rootId: string }[]>('/drive/drives', 'GET');
const root = drives.find((d) => d.kind === 'user')!.rootId;
const folder = await call<{ nodeId: string }>('/drive/folders', 'POST', {
  parentId: root,
  name: `bench ${Date.now()}`,
});
const baseline = rssMb();

// ---- 1. small files ---------------------------------------------------------------------------
const small = Array.from({ length: SMALL }, (_x, i) => {
  const b = new Uint8Array(SMALL_BYTES);
  b.fill(i % 251);
  return { i, b };
});
const [stackSmallMs, smallPeak] = await phasePeak(async () => {
  const t = performance.now();
  await pool(small, CONCURRENCY, async ({ i, b }) => {
    const s = await call<UploadSession>('/drive/uploads', 'POST', {
      parentId: folder.nodeId,
      name: `small-${i}.bin`,
      size: b.length,
      contentType: 'application/octet-stream',
    });
    await put(s.url!, b, 'application/octet-stream');
    await call(`/drive/uploads/${s.uploadId}/complete`, 'POST', {});
  });
  return performance.now() - t;
});
const rawSmallMs = await (async () => {
  const t = performance.now();
  await pool(small, CONCURRENCY, async ({ i, b }) => {
    const url = await getSignedUrl(
      s3,
      new PutObjectCommand({
        Bucket,
        Key: `bench/raw/small-${i}`,
        ContentType: 'application/octet-stream',
        ContentLength: b.length,
      }),
      { expiresIn: 300 },
    );
    await put(url, b, 'application/octet-stream');
  });
  return performance.now() - t;
})();

// ---- 2. one big file --------------------------------------------------------------------------
const bigSize = BIG_MB * 1024 * 1024;
const big = new Uint8Array(bigSize);
for (let i = 0; i < bigSize; i += 4096) big[i] = (i >> 12) % 251;
const [stackBigMs, bigPeak] = await phasePeak(async () => {
  const t = performance.now();
  const s = await call<UploadSession>('/drive/uploads', 'POST', {
    parentId: folder.nodeId,
    name: 'big.bin',
    size: bigSize,
    contentType: 'application/octet-stream',
  });
  const ps = s.partSize!;
  await pool(s.parts!, PART_CONCURRENCY, async (p) => {
    const etag = await put(p.url, big.subarray((p.partNumber - 1) * ps, Math.min(bigSize, p.partNumber * ps)));
    await call(`/drive/uploads/${s.uploadId}/parts/${p.partNumber}`, 'PUT', { etag });
  });
  const node = await call<{ size: number }>(`/drive/uploads/${s.uploadId}/complete`, 'POST', {});
  if (node.size !== bigSize) throw new Error('wrong size');
  return performance.now() - t;
});
const [rawBigMs, rawBigPeak] = await phasePeak(async () => {
  const t = performance.now();
  const Key = 'bench/raw/big';
  const { UploadId } = await s3.send(
    new CreateMultipartUploadCommand({ Bucket, Key, ContentType: 'application/octet-stream' }),
  );
  const ps = 8 * 1024 * 1024;
  const n = Math.ceil(bigSize / ps);
  const parts: { PartNumber: number; ETag: string }[] = [];
  await pool(
    Array.from({ length: n }, (_x, i) => i + 1),
    PART_CONCURRENCY,
    async (PartNumber) => {
      const url = await getSignedUrl(s3, new UploadPartCommand({ Bucket, Key, UploadId, PartNumber }), {
        expiresIn: 300,
      });
      parts.push({
        PartNumber,
        ETag: await put(url, big.subarray((PartNumber - 1) * ps, Math.min(bigSize, PartNumber * ps))),
      });
    },
  );
  parts.sort((a, b) => a.PartNumber - b.PartNumber);
  await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } }));
  return performance.now() - t;
});
clearInterval(sampler);

const mb = (bytes: number, msx: number) => `${(bytes / 1024 / 1024 / (msx / 1000)).toFixed(1)} MB/s`;
console.log(
  `\nDrive upload benchmark (local stack in a child process; fetch client; ${CONCURRENCY} files / ${PART_CONCURRENCY} parts at a time)`,
);
console.table({
  [`${SMALL} × 64 KiB: portal (start + PUT + complete)`]: {
    ms: Math.round(stackSmallMs),
    'files/s': +(SMALL / (stackSmallMs / 1000)).toFixed(1),
    throughput: mb(SMALL * SMALL_BYTES, stackSmallMs),
  },
  [`${SMALL} × 64 KiB: raw s3rver PUT`]: {
    ms: Math.round(rawSmallMs),
    'files/s': +(SMALL / (rawSmallMs / 1000)).toFixed(1),
    throughput: mb(SMALL * SMALL_BYTES, rawSmallMs),
  },
  [`1 × ${BIG_MB} MB: portal (multipart + report parts + complete)`]: {
    ms: Math.round(stackBigMs),
    'files/s': '',
    throughput: mb(bigSize, stackBigMs),
  },
  [`1 × ${BIG_MB} MB: raw s3rver multipart`]: {
    ms: Math.round(rawBigMs),
    'files/s': '',
    throughput: mb(bigSize, rawBigMs),
  },
});
console.log(
  `ratio portal/raw: small files ${(stackSmallMs / rawSmallMs).toFixed(2)}×, ${BIG_MB} MB file ${(stackBigMs / rawBigMs).toFixed(2)}×`,
);
console.log(
  `gateway process RSS: idle ${baseline.toFixed(0)} MB, peak during small files ${smallPeak.toFixed(0)} MB, peak during the ${BIG_MB} MB file ${bigPeak.toFixed(0)} MB (s3rver is in the same process)`,
);
// The control: the same bytes PUT straight to s3rver, no API call at all. If the portal's peak is no higher,
// what growth there is belongs to s3rver's buffering, not to the gateway or the Lambdas.
console.log(
  `  control: peak during the raw ${BIG_MB} MB multipart to s3rver (no gateway request) ${rawBigPeak.toFixed(0)} MB → portal's extra over it: ${(bigPeak - rawBigPeak).toFixed(0)} MB`,
);

await stack.stop();
rmSync(dataDir, { recursive: true, force: true });
