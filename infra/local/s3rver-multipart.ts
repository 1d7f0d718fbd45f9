/**
 * s3rver (3.7.1) completes a multipart upload without checking the parts it is given: a part that was never
 * uploaded makes it open a file that does not exist, and that stream error ends the whole local stack's
 * process; a wrong ETag is accepted. S3 answers InvalidPart (400), InvalidPartOrder (400) or NoSuchUpload (404)
 * and writes nothing. This makes the local store answer as S3 does, from the part files and the `.md5` s3rver
 * keeps beside each one, so the API's handling of those answers is exercised locally.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from './util';

interface CompletedPart {
  number: number;
  etag: string;
}
interface FilesystemStore {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  putObjectMultipart(bucket: string, uploadId: string, parts: CompletedPart[]): Promise<unknown>;
}
type S3ErrorClass = new (code: string, message: string) => Error;

let installed = false;

const read = (file: string) => readFile(file, 'utf8').catch(() => null);

export function checkMultipartPartsLikeS3(): void {
  if (installed) return;
  installed = true;
  const req = createRequire(path.join(repoRoot(), 'package.json'));
  const Store = req('s3rver/lib/stores/filesystem') as { prototype: FilesystemStore };
  const S3Error = req('s3rver/lib/models/error') as S3ErrorClass;
  const assemble = Store.prototype.putObjectMultipart;
  Store.prototype.putObjectMultipart = async function (this: FilesystemStore, bucket, uploadId, parts) {
    const dir = path.join(this.getResourcePath(bucket, undefined, 'uploads'), uploadId);
    if ((await read(path.join(dir, 'key'))) === null)
      throw new S3Error('NoSuchUpload', 'The specified upload does not exist.');
    for (let i = 1; i < parts.length; i++)
      if (parts[i]!.number <= parts[i - 1]!.number)
        throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order.');
    for (const p of parts) {
      const md5 = await read(path.join(dir, `${p.number}.md5`));
      if (md5 === null || md5.trim() !== p.etag.replace(/"/g, ''))
        throw new S3Error(
          'InvalidPart',
          'One or more of the specified parts could not be found. The part may not have been uploaded, or the ' +
            "specified entity tag may not match the part's entity tag.",
        );
    }
    return assemble.call(this, bucket, uploadId, parts);
  };
}
