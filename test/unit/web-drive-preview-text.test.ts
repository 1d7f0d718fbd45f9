/**
 * The text preview's "Only the beginning of the file is shown." (web/src/drive/preview-text.ts): S3 answers
 * 206 to the preview's Range request even for a tiny file, so the note must follow the file's length.
 */
import { TEXT_PREVIEW_BYTES, textPreviewTruncated } from '../../web/src/drive/preview-text';

const LIMIT = TEXT_PREVIEW_BYTES;

test.each([
  ['a 52-byte file answered 206 with its Content-Range', 206, 'bytes 0-51/52', 52, 52, false],
  ['a 52-byte file answered 206, Content-Range not exposed, size known', 206, null, 52, 52, false],
  ['a 52-byte file answered 206, nothing else known', 206, null, 52, undefined, false],
  ['a 52-byte file answered 200 (Range ignored)', 200, null, 52, 52, false],
  ['a file of exactly the limit', 206, `bytes 0-${LIMIT - 1}/${LIMIT}`, LIMIT, LIMIT, false],
  ['a 1 MB file answered 206 with its Content-Range', 206, `bytes 0-${LIMIT - 1}/1048576`, LIMIT, 1048576, true],
  ['a 1 MB file, Content-Range not exposed, size known', 206, null, LIMIT, 1048576, true],
  ['a 1 MB file, nothing known but a full range', 206, null, LIMIT, undefined, true],
  ['a 1 MB file answered 200 whole (Range ignored)', 200, null, 1048576, undefined, true],
  ['an empty file', 206, null, 0, 0, false],
] as const)('%s', (_what, status, contentRange, receivedBytes, fileSize, truncated) => {
  expect(textPreviewTruncated({ status, contentRange, receivedBytes, fileSize })).toBe(truncated);
});
