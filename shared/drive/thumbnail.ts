/**
 * Image thumbnails (LIMITS.thumbnailPx, WebP) made with sharp when an image version is stored. sharp is a native
 * module: loaded lazily by a computed name so esbuild leaves it out of the bundle (CDK installs it beside the
 * bundle for the Lambda's platform: the manifest's nativeModules). No sharp, or an undecodable image → no thumbnail.
 */
import { LIMITS } from './contract';
import { getObjectBytes, putObject, thumbKeyOf } from './storage';

type SharpFn = typeof import('sharp').default;
let sharpLoaded: Promise<SharpFn | null> | undefined;
function loadSharp(): Promise<SharpFn | null> {
  const name = 'sharp';
  sharpLoaded ??= import(/* webpackIgnore: true */ name).then(
    (m: { default?: SharpFn }) => m.default ?? (m as unknown as SharpFn),
    () => null,
  );
  return sharpLoaded;
}

export const THUMBNAIL_TYPES = /^image\/(png|jpeg|gif|webp|avif|tiff)$/;

/** Makes `{key}.thumb.webp` for an image version; answers its key, or null when there is none. */
export async function makeThumbnail(key: string, contentType: string, size: number): Promise<string | null> {
  if (!THUMBNAIL_TYPES.test(contentType) || size <= 0 || size > LIMITS.thumbnailSourceMaxBytes) return null;
  const sharp = await loadSharp();
  if (!sharp) return null;
  try {
    const bytes = await getObjectBytes(key);
    const thumb = await sharp(bytes, { limitInputPixels: 60_000_000, failOn: 'error' })
      .rotate()
      .resize(LIMITS.thumbnailPx, LIMITS.thumbnailPx, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
    const tk = thumbKeyOf(key);
    await putObject(tk, thumb, 'image/webp');
    return tk;
  } catch {
    return null;
  }
}
