/** How much of a text file its preview reads, and whether what was read is the whole file. */

/** Text previews read at most this many bytes. */
export const TEXT_PREVIEW_BYTES = 512 * 1024;

/**
 * Whether a text preview shows only part of the file. The preview asks for bytes 0…limit-1; S3 answers
 * 206 to any Range request, even for a 52-byte file, so the status alone says nothing. A file is cut only
 * when it is longer than what is shown: by the total in Content-Range when the browser may read it, by the
 * file's known size, or (neither known) when the answer filled the whole range.
 */
export function textPreviewTruncated(answer: {
  status: number;
  contentRange: string | null;
  receivedBytes: number;
  /** The file's size from its listing, when the caller has it. */
  fileSize?: number;
  limit?: number;
}): boolean {
  const limit = answer.limit ?? TEXT_PREVIEW_BYTES;
  const shown = Math.min(answer.receivedBytes, limit);
  const total = /\/(\d+)\s*$/.exec(answer.contentRange ?? '')?.[1];
  if (total !== undefined) return Number(total) > shown;
  if (answer.fileSize !== undefined && answer.fileSize > 0) return answer.fileSize > shown;
  // a whole-file answer (200, the Range ignored) is cut only past the limit; a ranged one that filled it may go on
  return answer.status === 206 ? answer.receivedBytes >= limit : answer.receivedBytes > limit;
}
