/**
 * Task attachments: drive files linked to a task (PK=TASK#{t} SK=ATTACH#{nodeId}). Attaching checks the DRIVE's
 * rights (shared/drive/access.ts: I must be able to read the file); from then on anyone who may see the task may
 * download it (a 5-minute presigned GET of the file's current version, made only after the task check). A file
 * trashed or deleted in the drive stays listed but answers 404 on download ("no longer in the drive").
 *
 * Calls: list = task GetItem + ONE Query (+ ONE BatchGet of names); attach = task GetItem + drive check (GetItem +
 * BatchGet) + ONE Query COUNT + ONE TransactWrite (attachment + history, task still there); download = task GetItem +
 * attachment GetItem + node GetItem + ONE BatchGet (its folders: trashed?) + presign.
 */
import type { UserContext } from '../../shared/auth/claims';
import { openKey, sealKey } from '../../shared/data/document';
import { loadAccess, readableFile } from '../../shared/drive/access';
import type { DownloadView } from '../../shared/drive/contract';
import { presignGet, urlExpiry } from '../../shared/drive/storage';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../../shared/http/errors';
import { reply } from '../../shared/runtime/feature-handler';
import { LIMITS, type AttachmentView, type PeoplePage } from '../../shared/tasks/contract';
import { query, transaction } from '../../shared/data';
import { isRace, peopleMap } from './store';
import { TaskAttachments, type AttachmentItem } from './attachment-entity';
import { historyWrite } from './history-entity';
import { Tasks, taskPk } from './task-entity';
import { access, newId, type Ctx } from './task-service';

const canRemove = (ctx: Ctx, user: UserContext, a: AttachmentItem) =>
  user.isAdmin || a.attachedBy === user.sub || ctx.roles.includes('creator');

const view = (ctx: Ctx, user: UserContext, a: AttachmentItem): AttachmentView => ({
  nodeId: a.nodeId,
  name: a.name,
  size: a.size,
  contentType: a.contentType,
  attachedBy: a.attachedBy,
  attachedAt: a.attachedAt,
  canRemove: canRemove(ctx, user, a),
});

const historyPut = (taskId: string, userId: string, at: string, from: string | null, to: string | null) =>
  historyWrite({ taskId, historyId: newId(), userId, at, field: 'attachments', from, to });

export async function listAttachments(
  user: UserContext,
  taskId: string,
  q: { cursor?: string | undefined; limit?: number | undefined },
): Promise<PeoplePage<AttachmentView>> {
  const ctx = await access(user, taskId);
  const scope = `tasks:attachments:${taskId}`;
  const page = await query({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
    ExpressionAttributeValues: { ':pk': taskPk(taskId), ':p': 'ATTACH#' },
    Limit: q.limit ?? LIMITS.pageSize,
    ExclusiveStartKey: await openKey(q.cursor, scope),
  });
  const items = page.items
    .map((r) => TaskAttachments.parse({ Item: r }).data)
    .filter((a): a is AttachmentItem => !!a)
    .map((a) => view(ctx, user, a));
  return { items, people: await peopleMap(items.map((a) => a.attachedBy)), cursor: await sealKey(page.lastKey, scope) };
}

export async function attachFile(user: UserContext, taskId: string, nodeId: string) {
  const ctx = await access(user, taskId);
  if (!ctx.rights.tick)
    throw new ForbiddenError(
      'Only the creator, the responsible person, participants or an administrator may attach files',
    );
  const file = await readableFile(user, nodeId);
  if (!file)
    throw new UnprocessableError('No drive file you may read has this id', [
      { path: 'nodeId', reason: 'no such file you may read' },
    ]);
  const count = await query({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
    ExpressionAttributeValues: { ':pk': taskPk(taskId), ':p': 'ATTACH#' },
    Select: 'COUNT',
  });
  if (count.count >= LIMITS.attachments)
    throw new UnprocessableError(`A task has at most ${LIMITS.attachments} attachments`, [
      { path: 'nodeId', reason: 'too many attachments' },
    ]);
  const now = new Date().toISOString();
  const item: AttachmentItem = {
    taskId,
    nodeId,
    name: file.node.name,
    size: file.node.size,
    contentType: file.node.contentType ?? 'application/octet-stream',
    attachedBy: user.sub,
    attachedAt: now,
  };
  try {
    await transaction()
      .add(TaskAttachments.create(item))
      // The task must still exist.
      .check(Tasks.patch({ taskId }).set({}))
      .add(historyPut(taskId, user.sub, now, null, item.name))
      .commit();
  } catch (e) {
    if (!isRace(e)) throw e;
    throw new ConflictError('This file is already attached to the task (or the task was deleted meanwhile)');
  }
  return reply(201, view(ctx, user, item));
}

async function attachmentOf(taskId: string, nodeId: string): Promise<AttachmentItem> {
  const { data } = await TaskAttachments.get({ taskId, nodeId }).go();
  if (!data) throw new NotFoundError('No such attachment');
  return data;
}

export async function detachFile(user: UserContext, taskId: string, nodeId: string) {
  const ctx = await access(user, taskId);
  const a = await attachmentOf(taskId, nodeId);
  if (!canRemove(ctx, user, a))
    throw new ForbiddenError('Only whoever attached the file, the task’s creator or an administrator may remove it');
  try {
    await transaction()
      .add(
        TaskAttachments.remove({ taskId, nodeId }),
        historyPut(taskId, user.sub, new Date().toISOString(), a.name, null),
      )
      .commit();
  } catch (e) {
    if (!isRace(e)) throw e;
    throw new NotFoundError('No such attachment');
  }
  return reply(204);
}

/** Anyone who may see the task: the file's current version, if it is still in the drive (not trashed). */
export async function downloadAttachment(user: UserContext, taskId: string, nodeId: string): Promise<DownloadView> {
  await access(user, taskId);
  await attachmentOf(taskId, nodeId);
  // The drive's rights are not the question here (the task's are); only whether the file is still live.
  const a = await loadAccess(user, nodeId);
  const n = a?.node;
  if (!a || a.trashed || !n || n.kind === 'folder' || !n.currentKey)
    throw new NotFoundError('This file is no longer in the drive');
  const contentType = n.contentType ?? 'application/octet-stream';
  return {
    url: await presignGet(n.currentKey, n.name, contentType, false),
    expiresAt: urlExpiry(),
    name: n.name,
    contentType,
    size: n.size,
  };
}
