/**
 * Profile photo: presigned upload, then a check of what actually arrived (size, declared type, magic
 * bytes), re-encoding and a thumbnail, and the keys set on the profile. The photo is not a versioned
 * edit (it does not conflict with the text fields): it replaces the previous one, whose objects are deleted.
 */
import { ulid } from 'ulid';
import type { UserContext } from '../../shared/auth/claims';
import { NotFoundError, UnprocessableError } from '../../shared/http/errors';
import { Profiles } from '../../shared/people/profile-entity';
import { readProfile } from './profile-service';
import {
  FULL_PX,
  THUMB_PX,
  URL_TTL_SECONDS,
  deleteKeys,
  fullKey,
  headObject,
  loadSharp,
  presignedGet,
  presignedPut,
  putBytes,
  readBytes,
  sniffImageType,
  thumbKey,
  uploadKey,
} from './photo-store';
import { MAX_PHOTO_BYTES, PHOTO_TYPES, type PhotoType } from './routes';

export async function startPhotoUpload(user: UserContext, input: { contentType: PhotoType; size: number }) {
  const uploadId = ulid();
  const url = await presignedPut(uploadKey(user.sub, uploadId), input.contentType, input.size);
  return {
    uploadId,
    url,
    method: 'PUT' as const,
    headers: { 'content-type': input.contentType },
    expiresAt: new Date(Date.now() + URL_TTL_SECONDS * 1000).toISOString(),
    maxBytes: MAX_PHOTO_BYTES,
  };
}

export async function completePhotoUpload(user: UserContext, uploadId: string, log?: { warn: (msg: string) => void }) {
  const profile = await readProfile(user.sub);
  if (!profile)
    throw new UnprocessableError('Save your name on your profile before adding a photo', [
      { path: 'uploadId', reason: 'profile not created yet' },
    ]);
  const key = uploadKey(user.sub, uploadId);
  const head = await headObject(key);
  if (!head) throw new NotFoundError('No upload with this id (it may have expired or never been sent)');
  const refuse = async (reason: string) => {
    await deleteKeys([key]);
    return new UnprocessableError(`The photo was refused: ${reason}`, [{ path: 'uploadId', reason }]);
  };
  if (head.size <= 0 || head.size > MAX_PHOTO_BYTES)
    throw await refuse(`size must be 1 byte to ${MAX_PHOTO_BYTES / 1024 / 1024} MB`);
  if (!(PHOTO_TYPES as readonly string[]).includes(head.contentType))
    throw await refuse('not a JPEG, PNG or WebP image');
  const sniffed = sniffImageType(await readBytes(key, 'bytes=0-15'));
  if (sniffed !== head.contentType) throw await refuse(`the file content is not ${head.contentType}`);

  let photoKey = key;
  let thumbnailKey: string | undefined;
  const sharp = await loadSharp();
  if (sharp) {
    const original = await readBytes(key);
    try {
      const img = sharp(original, { limitInputPixels: 40_000_000, failOn: 'error' }).rotate();
      const [full, thumb] = await Promise.all([
        img
          .clone()
          .resize(FULL_PX, FULL_PX, { fit: 'inside', withoutEnlargement: true })
          .webp({ quality: 85 })
          .toBuffer(),
        img.clone().resize(THUMB_PX, THUMB_PX, { fit: 'cover' }).webp({ quality: 80 }).toBuffer(),
      ]);
      photoKey = fullKey(user.sub, uploadId);
      thumbnailKey = thumbKey(user.sub, uploadId);
      await Promise.all([putBytes(photoKey, full, 'image/webp'), putBytes(thumbnailKey, thumb, 'image/webp')]);
      await deleteKeys([key]);
    } catch (e) {
      if ((e as Error).name === 'S3ServiceException' || (e as { $metadata?: unknown }).$metadata) throw e;
      throw await refuse('the image cannot be decoded');
    }
  } else {
    log?.warn('sharp is not available: photo stored without a thumbnail');
  }

  const { data } = await Profiles.patch({ userId: user.sub })
    .set({ photoKey, ...(thumbnailKey ? { thumbnailKey } : {}), updatedAt: new Date().toISOString() })
    .go({ response: 'all_new' });
  if (!thumbnailKey) await Profiles.patch({ userId: user.sub }).remove(['thumbnailKey']).go();
  // The previous photo's objects (best effort: a leftover object is harmless, its key is unguessable).
  await deleteKeys([profile.photoKey, profile.thumbnailKey].filter((k) => k !== photoKey && k !== thumbnailKey)).catch(
    () => undefined,
  );
  return {
    hasPhoto: true,
    thumbnail: !!thumbnailKey,
    photoUrl: await presignedGet(photoKey),
    ...(thumbnailKey ? { thumbnailUrl: await presignedGet(thumbnailKey) } : {}),
    version: data.version ?? profile.version,
  };
}

export async function photoUrl(user: UserContext, userId: string, size: 'thumb' | 'full') {
  if (user.isExtranet && userId !== user.sub) throw new NotFoundError('No such person');
  const p = await readProfile(userId);
  if (!p?.photoKey) throw new NotFoundError('This person has no photo');
  const key = size === 'thumb' ? (p.thumbnailKey ?? p.photoKey) : p.photoKey;
  return { url: await presignedGet(key), expiresAt: new Date(Date.now() + URL_TTL_SECONDS * 1000).toISOString() };
}
