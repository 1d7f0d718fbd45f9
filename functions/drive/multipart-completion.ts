/**
 * Completing a multipart upload (the S3 side of POST /drive/uploads/{id}/complete). The parts are checked
 * against what the store holds before S3 is asked to assemble them, and whatever S3 refuses is answered 422
 * naming the part (`parts.{i}` when the client listed the parts, else `parts`) — never a 500. The session is
 * kept, so the client can upload the part again and complete.
 *
 * What the store holds: ListParts (S3), or where the store cannot list parts (s3rver, the local stack) the
 * parts the client reported with PUT …/parts/{n}.
 * S3's completion errors (InvalidPart, InvalidPartOrder, EntityTooSmall, MalformedXML, …) are 4xx and map to 422;
 * NoSuchUpload falls through to the caller's "is the object there?" check (a completion that already
 * succeeded, or a session that is gone). A 5xx from real S3 (after the SDK's retries) is the store's outage,
 * answered 503; the local emulator answers 500 for a part it does not hold, so there it is a 422 too.
 */
import { AppError, UnprocessableError, type FieldProblem } from '../../shared/http/errors';
import { completeMultipart, listParts } from '../../shared/drive/storage';
import type { UploadItem } from '../../shared/drive/drive-entity';

export interface PartRef {
  partNumber: number;
  etag: string;
}
export interface StoredPart extends PartRef {
  size: number;
}

/** S3's minimum size of every part but the last. */
const MIN_PART_BYTES = 5 * 1024 * 1024;
/** S3 ignores double quotes when it compares ETags. */
const sameEtag = (a: string, b: string) => a.replace(/"/g, '') === b.replace(/"/g, '');

const reportedParts = (u: UploadItem): StoredPart[] =>
  Object.entries(u.parts ?? {})
    .map(([n, p]) => ({ partNumber: Number(n), etag: p.etag, size: p.size }))
    .sort((a, b) => a.partNumber - b.partNumber);

/** What the store holds: listed by S3, null when S3 no longer knows the upload, or the reported parts. */
async function partsInStore(u: UploadItem): Promise<{ parts: StoredPart[] | null; listable: boolean }> {
  const listed = await listParts(u.key, u.s3UploadId!);
  if (listed === 'unsupported') return { parts: reportedParts(u), listable: false };
  return { parts: listed, listable: true };
}

/** Parts the store holds (for a resume or a completion without a list): [] when S3 no longer knows the upload. */
export async function storedParts(u: UploadItem): Promise<StoredPart[]> {
  return (await partsInStore(u)).parts ?? [];
}

const refuse = (message: string, fields: FieldProblem[]): never => {
  throw new UnprocessableError(message, fields);
};

/**
 * Assembles the upload's parts in S3: `listed` are the parts from the request body (null: the store's own list).
 * Throws 422 naming the part the store does not hold, or holds with another ETag, or that S3 refuses.
 */
export async function completeParts(u: UploadItem, listed: PartRef[] | null): Promise<void> {
  const partCount = u.partCount!;
  const store = await partsInStore(u);
  const fromBody = listed !== null && listed.length > 0;
  const pathOf = (i: number, field?: 'partNumber' | 'etag') =>
    fromBody ? `parts.${i}${field ? `.${field}` : ''}` : 'parts';
  const named = (fromBody ? listed : (store.parts ?? [])).map((p, i) => ({ ...p, i }));

  const seen = new Set<number>();
  for (const p of named) {
    if (p.partNumber > partCount)
      refuse('Unexpected part numbers', [
        { path: pathOf(p.i, 'partNumber'), reason: `this upload has ${partCount} parts` },
      ]);
    if (seen.has(p.partNumber))
      refuse('A part is listed twice', [{ path: pathOf(p.i, 'partNumber'), reason: `part ${p.partNumber} twice` }]);
    seen.add(p.partNumber);
  }
  const missing = Array.from({ length: partCount }, (_x, i) => i + 1).filter((n) => !seen.has(n));
  if (missing.length)
    refuse(`Parts not uploaded yet: ${missing.slice(0, 10).join(', ')}`, [
      { path: 'parts', reason: `missing part ${missing[0]}` },
    ]);

  const held = store.parts ? new Map(store.parts.map((p) => [p.partNumber, p])) : null;
  if (held && fromBody) {
    for (const p of named) {
      const h = held.get(p.partNumber);
      if (!h) refuse(`Part ${p.partNumber} was not uploaded`, [{ path: pathOf(p.i), reason: 'not uploaded' }]);
      else if (!sameEtag(h.etag, p.etag))
        refuse(`Part ${p.partNumber} is not the part stored`, [
          { path: pathOf(p.i, 'etag'), reason: `not the ETag of the stored part ${p.partNumber}` },
        ]);
    }
  }

  const ordered = [...named].sort((a, b) => a.partNumber - b.partNumber);
  try {
    await completeMultipart(u.key, u.s3UploadId!, ordered);
  } catch (e) {
    const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    const name = err.name ?? 'Error';
    if (name === 'NoSuchUpload') return;
    const status = err.$metadata?.httpStatusCode ?? 500;
    if (status >= 500 && store.listable)
      throw new AppError(503, 'STORE_UNAVAILABLE', 'The file store could not assemble the parts: try again');
    // Which part: a too-small one for EntityTooSmall, else S3 does not say.
    const small =
      name === 'EntityTooSmall'
        ? ordered.find(
            (p) => p.partNumber < partCount && (held?.get(p.partNumber)?.size ?? MIN_PART_BYTES) < MIN_PART_BYTES,
          )
        : undefined;
    refuse(`S3 refused the parts (${name})`, [
      small
        ? { path: pathOf(small.i), reason: `part ${small.partNumber} is smaller than 5 MiB` }
        : { path: 'parts', reason: name },
    ]);
  }
}
