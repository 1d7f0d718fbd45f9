/**
 * "Shared with me" notifications, read from the table's stream (never from the sharer's request): a new
 * "shared with" row (shared/drive/shared-entity.ts, written with the node's ACL entry in one transaction)
 * → `drive.shared` for the person, or for each active member of the department, except the sharer.
 * A changed right (the same row put again: MODIFY) tells nobody; only a new share does.
 *
 * Per stream batch: ONE BatchGet of the nodes (name, kind: a node trashed or gone meanwhile notifies
 * nobody), the sharers' profiles (the name shown) and the departments (their names). A department's members
 * are the profiles whose `departmentIds` hold it: the people directory (GSI1 DIRECTORY) filtered on that id,
 * every page — a stream consumer, not a request path, and there is no per-department index of members.
 *
 * Order and duplicates: relies on no order (each record is one share INSERT, handled on its own). Each
 * notification's id comes from the share's `sharedAt` and `drive.shared:{node}:{principal}:{sharedAt}:{recipient}`
 * and is written only if absent (shared/notifications/notify.ts), so a record delivered twice rings the bell
 * once; a share removed and given again (a new sharedAt) is a new share and notifies again.
 */
import { batchGet, findByKey, queryAll, type Raw } from '../../shared/data';
import type { NodeKind } from '../../shared/drive/contract';
import { nodeKey } from '../../shared/drive/drive-entity';
import { departmentKey } from '../../shared/departments/department-entity';
import { notify, type NotifyInput } from '../../shared/notifications/notify';
import type { StreamChange } from '../../shared/runtime/feature-handler';

interface ShareImage {
  principalType: 'user' | 'department';
  principalId: string;
  nodeId: string;
  right: string;
  sharedBy: string;
  sharedAt: string;
}

const profileKey = (userId: string) => ({ PK: `USER#${userId}`, SK: 'PROFILE' });
const fullName = (p: Raw | undefined) => (p ? `${String(p.firstName ?? '')} ${String(p.lastName ?? '')}`.trim() : '');

/** Where the notification leads: a folder opens, a document opens in its editor, a file in "Shared with me". */
export function sharedItemLink(kind: NodeKind, nodeId: string): string {
  const id = encodeURIComponent(nodeId);
  return kind === 'folder'
    ? `/drive/folder/${id}`
    : kind === 'document'
      ? `/drive/documents/${id}`
      : `/drive/shared?open=${id}`;
}

/** The new shares of a batch (pure: unit-tested). */
export function newShares(changes: StreamChange[]): ShareImage[] {
  return changes
    .filter((c) => c.eventName === 'INSERT' && c.newImage)
    .map((c) => c.newImage as unknown as ShareImage)
    .filter(
      (s) =>
        (s.principalType === 'user' || s.principalType === 'department') &&
        typeof s.principalId === 'string' &&
        typeof s.nodeId === 'string' &&
        typeof s.sharedBy === 'string',
    );
}

/** Active members of a department (the directory, filtered on the department id). */
async function departmentMembers(departmentId: string): Promise<string[]> {
  const rows = await queryAll({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    FilterExpression: 'contains(departmentIds, :d) AND #s <> :off',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':pk': 'DIRECTORY', ':d': departmentId, ':off': 'deactivated' },
  });
  return rows.map((r) => String(r.userId));
}

export async function shareEvents(changes: StreamChange[]): Promise<void> {
  const shares = newShares(changes);
  if (!shares.length) return;
  const rows = await batchGet([
    ...shares.map((s) => nodeKey(s.nodeId)),
    ...shares.map((s) => profileKey(s.sharedBy)),
    ...shares.filter((s) => s.principalType === 'department').map((s) => departmentKey(s.principalId)),
  ]);
  const inputs: [string, NotifyInput][] = [];
  for (const s of shares) {
    const node = findByKey(rows, nodeKey(s.nodeId));
    if (!node || node.trashedAt) continue;
    const dept = s.principalType === 'department' ? findByKey(rows, departmentKey(s.principalId)) : undefined;
    if (s.principalType === 'department' && !dept) continue;
    const recipients = s.principalType === 'user' ? [s.principalId] : await departmentMembers(s.principalId);
    const kind = String(node.kind) as NodeKind;
    const params = {
      actorName: fullName(findByKey(rows, profileKey(s.sharedBy))),
      itemName: String(node.name ?? ''),
      itemType: kind,
      right: s.right,
      ...(dept ? { departmentName: String(dept.name ?? '') } : {}),
    };
    for (const userId of recipients) {
      if (userId === s.sharedBy) continue;
      inputs.push([
        userId,
        {
          kind: 'drive.shared',
          actorId: s.sharedBy,
          params,
          link: sharedItemLink(kind, s.nodeId),
          at: new Date(s.sharedAt),
          dedupeKey: `drive.shared:${s.nodeId}:${s.principalType}#${s.principalId}:${s.sharedAt}:${userId}`,
        },
      ]);
    }
  }
  await Promise.all(inputs.map(([userId, input]) => notify(userId, input)));
}
