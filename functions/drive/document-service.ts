/**
 * Documents: rich text (HTML) or Markdown edited in the browser. Each save is a version (its own S3 object);
 * a save states the version it was based on and a stale one gets 409 carrying the current content, so two
 * people editing at once never lose each other's text (the SPA shows a merge view).
 */
import type { UserContext } from '../../shared/auth/claims';
import { DOCUMENT_CONTENT_TYPES, type CreateDocumentBody, type DocumentView } from '../../shared/drive/contract';
import { transaction } from '../../shared/data/transaction';
import {
  nameKeyOf,
  nodeKey,
  nodeView,
  versionKey,
  type NodeItem,
  type VersionItem,
} from '../../shared/drive/drive-entity';
import { nodePutAt, usageCharge } from '../../shared/drive/node-entity';
import { DriveVersions } from '../../shared/drive/version-entity';
import { deleteObjects, getObjectText, objectKey, putObject } from '../../shared/drive/storage';
import { ConflictError, NotFoundError, UnprocessableError } from '../../shared/http/errors';
import { createItems, nameTaken, requireFolder, requireNode, systemFolderId } from './node-service';
import {
  asNode,
  asVersion,
  cancellation,
  driveLimits,
  getRaw,
  newId,
  nowIso,
  quotaExceeded,
  usedWhenRefused,
} from './store';

const docView = async (n: NodeItem, versionId: string, key: string): Promise<DocumentView> => ({
  node: nodeView(n),
  versionId,
  format: n.format!,
  content: await getObjectText(key),
});

export async function createDocument(user: UserContext, body: CreateDocumentBody): Promise<DocumentView> {
  const parentId = body.parentId ?? (await systemFolderId(user, 'created'));
  const parent = await requireFolder(user, parentId, 'edit', 'parentId');
  const content = body.content ?? '';
  const size = Buffer.byteLength(content, 'utf8');
  const limits = await driveLimits();
  const id = newId();
  const vid = newId();
  const key = objectKey(parent.node.driveId, id, vid);
  const contentType = DOCUMENT_CONTENT_TYPES[body.format];
  const now = nowIso();
  const node: NodeItem = {
    nodeId: id,
    driveId: parent.node.driveId,
    kind: 'document',
    name: body.name,
    nameKey: nameKeyOf(body.name),
    parentId,
    ancestors: [...parent.node.ancestors, parentId],
    size,
    contentType,
    format: body.format,
    currentVersionId: vid,
    currentKey: key,
    versionCount: 1,
    version: 1,
    ownerId: user.sub,
    createdAt: now,
    updatedAt: now,
    updatedBy: user.sub,
  };
  const version: VersionItem = {
    nodeId: id,
    versionId: vid,
    number: 1,
    size,
    contentType,
    key,
    authorId: user.sub,
    createdAt: now,
  };
  await putObject(key, content, contentType);
  const items = createItems(node);
  const quotaAt = items.length;
  try {
    await transaction()
      .add(...items)
      .addReturningOnConflict(usageCharge(user.sub, size, limits.quotaBytes))
      .add(DriveVersions.create(version))
      .commit();
  } catch (e) {
    await deleteObjects([key]);
    const c = cancellation(e);
    if (c?.failed.includes(quotaAt))
      throw quotaExceeded(await usedWhenRefused(c, quotaAt, user.sub), limits.quotaBytes, size);
    if (c) throw nameTaken();
    throw e;
  }
  return { node: nodeView(node), versionId: vid, format: body.format, content };
}

export async function getDocument(user: UserContext, nodeId: string, versionId?: string): Promise<DocumentView> {
  const a = await requireNode(user, nodeId, 'read');
  const n = a.node;
  if (n.kind !== 'document' || !n.currentVersionId || !n.currentKey)
    throw new UnprocessableError('Not a document', [{ path: 'params.nodeId', reason: 'not a document' }]);
  if (!versionId || versionId === n.currentVersionId) return docView(n, n.currentVersionId, n.currentKey);
  const v = asVersion(await getRaw(versionKey(nodeId, versionId)));
  if (!v) throw new NotFoundError('No such version of this document');
  return docView(n, v.versionId, v.key);
}

async function conflict(nodeId: string): Promise<never> {
  const n = asNode(await getRaw(nodeKey(nodeId)));
  const current = n?.currentVersionId && n.currentKey ? await docView(n, n.currentVersionId, n.currentKey) : null;
  throw new ConflictError(
    'Someone else saved this document meanwhile: merge your changes into theirs, then save again.',
    { current },
  );
}

export async function saveDocument(
  user: UserContext,
  nodeId: string,
  body: { baseVersionId: string; content: string },
): Promise<DocumentView> {
  const a = await requireNode(user, nodeId, 'edit');
  const n = a.node;
  if (n.kind !== 'document' || !n.format)
    throw new UnprocessableError('Not a document', [{ path: 'params.nodeId', reason: 'not a document' }]);
  if (n.currentVersionId !== body.baseVersionId) {
    const known = asVersion(await getRaw(versionKey(nodeId, body.baseVersionId)));
    if (!known)
      throw new UnprocessableError('No such version of this document', [
        { path: 'baseVersionId', reason: 'no such version' },
      ]);
    return conflict(nodeId);
  }
  const size = Buffer.byteLength(body.content, 'utf8');
  const limits = await driveLimits();
  const vid = newId();
  const key = objectKey(n.driveId, nodeId, vid);
  const contentType = DOCUMENT_CONTENT_TYPES[n.format];
  const now = nowIso();
  const next: NodeItem = {
    ...n,
    size,
    currentVersionId: vid,
    currentKey: key,
    versionCount: n.versionCount + 1,
    version: n.version + 1,
    updatedAt: now,
    updatedBy: user.sub,
  };
  const version: VersionItem = {
    nodeId,
    versionId: vid,
    number: n.versionCount + 1,
    size,
    contentType,
    key,
    authorId: user.sub,
    createdAt: now,
  };
  await putObject(key, body.content, contentType);
  try {
    await transaction()
      .add(nodePutAt(next, n.version))
      .addReturningOnConflict(usageCharge(user.sub, size, limits.quotaBytes))
      .add(DriveVersions.create(version))
      .commit();
  } catch (e) {
    await deleteObjects([key]);
    const c = cancellation(e);
    if (c?.failed.includes(1)) throw quotaExceeded(await usedWhenRefused(c, 1, user.sub), limits.quotaBytes, size);
    if (c) return conflict(nodeId);
    throw e;
  }
  return { node: nodeView(next), versionId: vid, format: n.format, content: body.content };
}
