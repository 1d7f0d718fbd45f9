/**
 * Files: uploads (single presigned PUT or multipart with resumable part listing), finalize (size and type checked
 * against S3, then node + version + quota + session removal in ONE transaction), abort, downloads and thumbnails
 * (presigned GET after the permission check), version history, restore a version, copy.
 */
import type { UserContext } from '../../shared/auth/claims';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, openKey, sealKey } from '../../shared/data/document';
import { tableName } from '../../shared/data/table';
import { epochSeconds, isExpired } from '../../shared/data/electro';
import { transaction, type EntityWrite } from '../../shared/data/transaction';
import {
  LIMITS,
  partCountFor,
  type CompleteUploadBody,
  type CreateUploadBody,
  type DownloadView,
  type NodeView,
  type Page,
  type UploadSession,
  type VersionView,
} from '../../shared/drive/contract';
import {
  nameItemKey,
  nameKeyOf,
  nodeKey,
  nodeView,
  uploadKey,
  versionKey,
  versionView,
  type NodeItem,
  type UploadItem,
  type VersionItem,
} from '../../shared/drive/drive-entity';
import { nameFromRow } from '../../shared/drive/name-entity';
import { nodePutAt, usageCharge } from '../../shared/drive/node-entity';
import { DriveUploads, uploadFromRow } from '../../shared/drive/upload-entity';
import { DriveVersions, versionsIn } from '../../shared/drive/version-entity';
import {
  abortMultipart,
  copyObject,
  createMultipart,
  deleteObjects,
  headObject,
  objectKey,
  presignGet,
  presignPart,
  presignPut,
  thumbKeyOf,
  urlExpiry,
} from '../../shared/drive/storage';
import { makeThumbnail } from '../../shared/drive/thumbnail';
import { AppError, ConflictError, NotFoundError, UnprocessableError } from '../../shared/http/errors';
import { completeParts, storedParts } from './multipart-completion';
import { createItems, nameTaken, requireFolder, requireNode, systemFolderId } from './node-service';
import {
  asNode,
  asVersion,
  cancellation,
  driveLimits,
  getRaw,
  newId,
  nowIso,
  queryPage,
  quotaExceeded,
  usedBytes,
  usedWhenRefused,
} from './store';

const NO_UPLOAD = () => new NotFoundError('No such upload (finished, aborted or expired)');

async function myUpload(user: UserContext, uploadId: string): Promise<UploadItem> {
  const u = uploadFromRow(await getRaw(uploadKey(uploadId)));
  if (!u || u.userId !== user.sub || isExpired(u.expiresAt)) throw NO_UPLOAD();
  return u;
}

async function partUrls(u: UploadItem, missing: number[]): Promise<{ partNumber: number; url: string }[]> {
  return Promise.all(
    missing
      .slice(0, LIMITS.partUrlsPerCall)
      .map(async (partNumber) => ({ partNumber, url: await presignPart(u.key, u.s3UploadId!, partNumber) })),
  );
}

function sessionView(u: UploadItem, extra: Partial<UploadSession>): UploadSession {
  return {
    uploadId: u.uploadId,
    nodeId: u.nodeId,
    versionId: u.versionId,
    newNode: u.newNode,
    parentId: u.parentId,
    name: u.name,
    size: u.size,
    contentType: u.contentType,
    mode: u.mode,
    ...(u.mode === 'multipart' ? { partSize: LIMITS.partSize, partCount: u.partCount! } : {}),
    expiresAt: new Date(u.expiresAt * 1000).toISOString(),
    ...extra,
  };
}

export async function startUpload(user: UserContext, body: CreateUploadBody): Promise<UploadSession> {
  const limits = await driveLimits();
  if (body.size > limits.maxFileBytes) {
    throw new AppError(
      413,
      'FILE_TOO_LARGE',
      `Files may be at most ${limits.maxFileBytes} bytes`,
      [{ path: 'size', reason: `over the maximum file size (${limits.maxFileBytes} bytes)` }],
      {
        maxFileBytes: limits.maxFileBytes,
      },
    );
  }
  const used = await usedBytes(user.sub);
  if (used + body.size > limits.quotaBytes) throw quotaExceeded(used, limits.quotaBytes, body.size);
  const parentId = body.parentId ?? (await systemFolderId(user, 'uploaded'));
  const parent = await requireFolder(user, parentId, 'edit', 'parentId');
  // Same name in the same folder = a new version of that file.
  const existing = nameFromRow(await getRaw(nameItemKey(parentId, body.name)));
  let nodeId: string;
  let newNode = true;
  if (existing) {
    if (existing.kind !== 'file')
      throw new ConflictError('A folder or document with this name is already here', {
        fields: [{ path: 'name', reason: 'name taken' }],
      });
    nodeId = existing.nodeId;
    newNode = false;
  } else nodeId = newId();
  const versionId = newId();
  const uploadId = newId();
  const key = objectKey(parent.node.driveId, nodeId, versionId);
  const multipart = body.size > 0 && (body.multipart === true || body.size > LIMITS.singlePutMaxBytes);
  const partCount = multipart ? partCountFor(body.size) : undefined;
  if (partCount && partCount > LIMITS.maxParts)
    throw new UnprocessableError('Too many parts', [{ path: 'size', reason: 'too large' }]);
  const u: UploadItem = {
    uploadId,
    userId: user.sub,
    driveId: parent.node.driveId,
    parentId,
    ancestors: [...parent.node.ancestors, parentId],
    nodeId,
    versionId,
    newNode,
    name: body.name,
    size: body.size,
    contentType: body.contentType,
    key,
    mode: multipart ? 'multipart' : 'single',
    ...(multipart ? { s3UploadId: await createMultipart(key, body.contentType), partCount, parts: {} } : {}),
    createdAt: nowIso(),
    expiresAt: epochSeconds() + LIMITS.uploadTtlSeconds,
  };
  await DriveUploads.create(u).go();
  if (multipart)
    return sessionView(u, {
      parts: await partUrls(
        u,
        Array.from({ length: partCount! }, (_x, i) => i + 1),
      ),
      uploadedParts: [],
    });
  return sessionView(u, { url: await presignPut(key, body.contentType, body.size) });
}

export async function getUpload(user: UserContext, uploadId: string): Promise<UploadSession> {
  const u = await myUpload(user, uploadId);
  if (u.mode === 'single') return sessionView(u, { url: await presignPut(u.key, u.contentType, u.size) });
  const have = await storedParts(u);
  const got = new Set(have.map((p) => p.partNumber));
  const missing = Array.from({ length: u.partCount! }, (_x, i) => i + 1).filter((n) => !got.has(n));
  return sessionView(u, { uploadedParts: have, parts: await partUrls(u, missing) });
}

export async function reportPart(user: UserContext, uploadId: string, partNumber: number, etag: string): Promise<void> {
  const u = await myUpload(user, uploadId);
  if (u.mode !== 'multipart')
    throw new UnprocessableError('This upload is a single PUT', [{ path: 'params.uploadId', reason: 'not multipart' }]);
  if (partNumber > u.partCount!)
    throw new UnprocessableError(`This upload has ${u.partCount} parts`, [
      { path: 'params.partNumber', reason: 'no such part' },
    ]);
  const size = partNumber < u.partCount! ? LIMITS.partSize : u.size - LIMITS.partSize * (u.partCount! - 1);
  // The one write not built by its entity: ElectroDB addresses a map key that is a number ("3") as a list index
  // (`parts[3]`), and parallel part reports must each SET their own key rather than rewrite the whole map.
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: uploadKey(uploadId),
      UpdateExpression: 'SET #parts.#n = :p',
      ConditionExpression: 'attribute_exists(#parts)',
      ExpressionAttributeNames: { '#parts': 'parts', '#n': String(partNumber) },
      ExpressionAttributeValues: { ':p': { etag, size } },
    }),
  );
}

export async function abortUpload(user: UserContext, uploadId: string): Promise<void> {
  const u = await myUpload(user, uploadId);
  if (u.mode === 'multipart') await abortMultipart(u.key, u.s3UploadId!);
  await deleteObjects([u.key]);
  await DriveUploads.delete({ uploadId }).go();
}

/** Refuses the finalize: the stored bytes and the session go, nothing else was written. */
async function refuseUpload(u: UploadItem, field: string, reason: string, message: string): Promise<never> {
  await deleteObjects([u.key, thumbKeyOf(u.key)]);
  await DriveUploads.delete({ uploadId: u.uploadId })
    .go()
    .catch(() => undefined);
  throw new UnprocessableError(message, [{ path: field, reason }]);
}

export async function completeUpload(user: UserContext, uploadId: string, body: CompleteUploadBody): Promise<NodeView> {
  const u = await myUpload(user, uploadId);
  if (u.mode === 'multipart') await completeParts(u, body.parts?.length ? body.parts : null);
  const head = await headObject(u.key);
  if (!head) {
    if (u.mode === 'single')
      throw new UnprocessableError('Nothing was uploaded yet: PUT the bytes to the upload URL first', [
        { path: 'uploadId', reason: 'nothing uploaded' },
      ]);
    return refuseUpload(u, 'parts', 'no object', 'The multipart upload is gone: start again');
  }
  if (head.size !== u.size)
    return refuseUpload(
      u,
      'size',
      `uploaded ${head.size} bytes, declared ${u.size}`,
      'The uploaded file is not the declared size',
    );
  if (head.contentType !== u.contentType)
    return refuseUpload(
      u,
      'contentType',
      `uploaded as ${head.contentType || 'no type'}, declared ${u.contentType}`,
      'The uploaded file is not the declared type',
    );
  const limits = await driveLimits();
  const thumbKey = await makeThumbnail(u.key, u.contentType, u.size);
  const now = nowIso();
  const version: VersionItem = {
    nodeId: u.nodeId,
    versionId: u.versionId,
    number: 1,
    size: u.size,
    contentType: u.contentType,
    key: u.key,
    authorId: user.sub,
    createdAt: now,
    thumbKey,
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    let node: NodeItem;
    const items: EntityWrite[] = [];
    if (u.newNode) {
      node = {
        nodeId: u.nodeId,
        driveId: u.driveId,
        kind: 'file',
        name: u.name,
        nameKey: nameKeyOf(u.name),
        parentId: u.parentId,
        ancestors: u.ancestors,
        size: u.size,
        contentType: u.contentType,
        currentVersionId: u.versionId,
        currentKey: u.key,
        versionCount: 1,
        version: 1,
        ownerId: user.sub,
        createdAt: now,
        updatedAt: now,
        updatedBy: user.sub,
        thumbKey,
      };
      items.push(...createItems(node));
    } else {
      const cur = asNode(await getRaw(nodeKey(u.nodeId)));
      if (!cur || cur.trashedAt)
        return refuseUpload(
          u,
          'name',
          'the file was deleted meanwhile',
          'The file this upload was a new version of was deleted meanwhile: upload again',
        );
      node = {
        ...cur,
        size: u.size,
        contentType: u.contentType,
        currentVersionId: u.versionId,
        currentKey: u.key,
        versionCount: cur.versionCount + 1,
        version: cur.version + 1,
        updatedAt: now,
        updatedBy: user.sub,
        thumbKey,
      };
      version.number = cur.versionCount + 1;
      items.push(nodePutAt(node, cur.version));
    }
    const quotaAt = items.length;
    try {
      await transaction()
        .add(...items)
        .addReturningOnConflict(usageCharge(user.sub, u.size, limits.quotaBytes))
        .add(DriveVersions.create(version), DriveUploads.remove({ uploadId: u.uploadId }))
        .commit();
      return nodeView(node);
    } catch (e) {
      const c = cancellation(e);
      if (!c) throw e;
      if (c.failed.includes(quotaAt)) {
        await deleteObjects([u.key, ...(thumbKey ? [thumbKey] : [])]);
        await DriveUploads.delete({ uploadId: u.uploadId })
          .go()
          .catch(() => undefined);
        throw quotaExceeded(await usedWhenRefused(c, quotaAt, user.sub), limits.quotaBytes, u.size);
      }
      if (c.failed.includes(quotaAt + 2)) throw NO_UPLOAD();
      if (u.newNode && c.failed.includes(1))
        return refuseUpload(
          u,
          'name',
          'name taken',
          'Something with this name was created in the folder meanwhile: upload again',
        );
      if (!c.failed.length && !c.conflict) throw e;
      // A concurrent change of the same file: read it again and retry.
    }
  }
  throw new ConflictError('The file kept changing meanwhile: try again');
}

// ---- downloads and versions ---------------------------------------------------------------------

export async function download(
  user: UserContext,
  nodeId: string,
  q: { versionId?: string | undefined; inline?: boolean | undefined },
): Promise<DownloadView> {
  const a = await requireNode(user, nodeId, 'read');
  const n = a.node;
  if (n.kind === 'folder')
    throw new UnprocessableError('Folders have no content to download', [
      { path: 'params.nodeId', reason: 'a folder' },
    ]);
  let key = n.currentKey;
  let contentType = n.contentType ?? 'application/octet-stream';
  let size = n.size;
  if (q.versionId && q.versionId !== n.currentVersionId) {
    const v = asVersion(await getRaw(versionKey(nodeId, q.versionId)));
    if (!v) throw new NotFoundError('No such version of this file');
    key = v.key;
    contentType = v.contentType;
    size = v.size;
  }
  if (!key) throw new NotFoundError('This file has no content yet');
  return {
    url: await presignGet(key, n.name, contentType, q.inline ?? false),
    expiresAt: urlExpiry(),
    name: n.name,
    contentType,
    size,
  };
}

export async function thumbnail(user: UserContext, nodeId: string): Promise<DownloadView> {
  const a = await requireNode(user, nodeId, 'read');
  if (!a.node.thumbKey) throw new NotFoundError('This file has no thumbnail');
  return {
    url: await presignGet(a.node.thumbKey, `${a.node.name}.webp`, 'image/webp', true),
    expiresAt: urlExpiry(),
    name: a.node.name,
    contentType: 'image/webp',
    size: 0,
  };
}

export async function listVersions(
  user: UserContext,
  nodeId: string,
  q: { cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<VersionView>> {
  const a = await requireNode(user, nodeId, 'read');
  const scope = `drive:versions:${nodeId}`;
  const page = await queryPage({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :v)',
    ExpressionAttributeValues: { ':pk': nodeKey(nodeId).PK, ':v': 'VER#' },
    ScanIndexForward: false,
    Limit: q.limit ?? LIMITS.pageSize,
    ExclusiveStartKey: await openKey(q.cursor, scope),
  });
  return {
    items: versionsIn(page.items).map((v) => versionView(v, a.node.currentVersionId)),
    cursor: await sealKey(page.lastKey, scope),
  };
}

/** A new version with the bytes of an older one (S3 CopyObject to a new key; charged to the quota). */
export async function restoreVersion(user: UserContext, nodeId: string, versionId: string): Promise<NodeView> {
  const a = await requireNode(user, nodeId, 'edit');
  const n = a.node;
  const v = asVersion(await getRaw(versionKey(nodeId, versionId)));
  if (!v) throw new NotFoundError('No such version of this file');
  const limits = await driveLimits();
  const newVersionId = newId();
  const key = objectKey(n.driveId, nodeId, newVersionId);
  await copyObject(v.key, key, v.contentType);
  const thumbKey = v.thumbKey ? await makeThumbnail(key, v.contentType, v.size) : null;
  const now = nowIso();
  const next: NodeItem = {
    ...n,
    size: v.size,
    contentType: v.contentType,
    currentVersionId: newVersionId,
    currentKey: key,
    versionCount: n.versionCount + 1,
    version: n.version + 1,
    updatedAt: now,
    updatedBy: user.sub,
    thumbKey,
  };
  const nv: VersionItem = {
    nodeId,
    versionId: newVersionId,
    number: n.versionCount + 1,
    size: v.size,
    contentType: v.contentType,
    key,
    authorId: user.sub,
    createdAt: now,
    restoredFrom: versionId,
    thumbKey,
  };
  try {
    await transaction()
      .add(nodePutAt(next, n.version))
      .addReturningOnConflict(usageCharge(user.sub, v.size, limits.quotaBytes))
      .add(DriveVersions.create(nv))
      .commit();
  } catch (e) {
    await deleteObjects([key, ...(thumbKey ? [thumbKey] : [])]);
    const c = cancellation(e);
    if (c?.failed.includes(1)) throw quotaExceeded(await usedWhenRefused(c, 1, user.sub), limits.quotaBytes, v.size);
    if (c) throw new ConflictError('The file changed meanwhile: reload and try again');
    throw e;
  }
  return nodeView(next);
}

const copyName = (name: string) => {
  const dot = name.lastIndexOf('.');
  const [base, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  return `${base} (copy)${ext}`.slice(0, LIMITS.nameChars);
};

/** Copies a file or document (its current version) into a folder: ONE transaction (node + version + quota). */
export async function copyNode(
  user: UserContext,
  nodeId: string,
  body: { parentId: string; name?: string | undefined },
): Promise<NodeView> {
  const a = await requireNode(user, nodeId, 'read');
  const src = a.node;
  if (src.kind === 'folder' || !src.currentKey)
    throw new UnprocessableError('Only files and documents can be copied', [
      { path: 'params.nodeId', reason: 'a folder' },
    ]);
  const target = await requireFolder(user, body.parentId, 'edit', 'parentId');
  let name = body.name ?? src.name;
  if (!body.name && nameFromRow(await getRaw(nameItemKey(target.node.nodeId, name)))) name = copyName(name);
  const limits = await driveLimits();
  const id = newId();
  const vid = newId();
  const key = objectKey(target.node.driveId, id, vid);
  const contentType = src.contentType ?? 'application/octet-stream';
  await copyObject(src.currentKey, key, contentType);
  const thumbKey = src.thumbKey ? await makeThumbnail(key, contentType, src.size) : null;
  const now = nowIso();
  const node: NodeItem = {
    nodeId: id,
    driveId: target.node.driveId,
    kind: src.kind,
    name,
    nameKey: nameKeyOf(name),
    parentId: target.node.nodeId,
    ancestors: [...target.node.ancestors, target.node.nodeId],
    size: src.size,
    contentType,
    ...(src.format ? { format: src.format } : {}),
    currentVersionId: vid,
    currentKey: key,
    versionCount: 1,
    version: 1,
    ownerId: user.sub,
    createdAt: now,
    updatedAt: now,
    updatedBy: user.sub,
    thumbKey,
  };
  const items = createItems(node);
  const quotaAt = items.length;
  try {
    await transaction()
      .add(...items)
      .addReturningOnConflict(usageCharge(user.sub, src.size, limits.quotaBytes))
      .add(
        DriveVersions.create({
          nodeId: id,
          versionId: vid,
          number: 1,
          size: src.size,
          contentType,
          key,
          authorId: user.sub,
          createdAt: now,
          thumbKey,
        }),
      )
      .commit();
  } catch (e) {
    await deleteObjects([key, ...(thumbKey ? [thumbKey] : [])]);
    const c = cancellation(e);
    if (c?.failed.includes(quotaAt))
      throw quotaExceeded(await usedWhenRefused(c, quotaAt, user.sub), limits.quotaBytes, src.size);
    if (c) throw nameTaken();
    throw e;
  }
  return nodeView(node);
}
