/**
 * Drives, folders and the tree: drives list (roots made on first use), node detail with breadcrumbs, children,
 * create folder, rename, move, trash, restore, trash list, search, shared with me.
 */
import type { UserContext } from '../../shared/auth/claims';
import { openKey, sealKey, type Raw } from '../../shared/data/document';
import { transaction, type EntityWrite } from '../../shared/data/transaction';
import {
  atLeast,
  LIMITS,
  RIGHT_RANK,
  SYSTEM_FOLDERS,
  type Breadcrumb,
  type DriveView,
  type NodeDetail,
  type NodeView,
  type Page,
  type Right,
  type SharedNodeView,
  type SortField,
  type SystemFolder,
} from '../../shared/drive/contract';
import {
  driveKey,
  kidsPk,
  nameKeyOf,
  nodeKey,
  nodeView,
  principalKey,
  searchPk,
  searchWords,
  sharedPk,
  trashPk,
  type DriveItem,
  type NodeItem,
} from '../../shared/drive/drive-entity';
import { nameCreate, nameDelete, searchDelete, searchHits, searchPuts } from '../../shared/drive/name-entity';
import { nodeCreate, nodePutAt, nodesIn } from '../../shared/drive/node-entity';
import { driveFromRow, DriveRoots } from '../../shared/drive/root-entity';
import { sharesIn } from '../../shared/drive/shared-entity';
import { driveRight, effectiveRight } from '../../shared/drive/rights';
import type { NodeAccess } from '../../shared/drive/access';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../../shared/http/errors';
import { membershipFromRow, myGroupsPk } from '../../shared/workgroups/membership-entity';
import {
  accessFor,
  asNode,
  batchGet,
  cancellation,
  getRaw,
  loadAccess,
  newId,
  nowIso,
  queryAll,
  queryPage,
} from './store';

const NOT_FOUND = () => new NotFoundError('No such file or folder');
const SYSTEM_NAMES: Record<SystemFolder, string> = { uploaded: 'Uploaded', created: 'Created', saved: 'Saved' };

/** The node if the person has at least `need` on it (else 404, as if it did not exist). Trashed → 404 unless allowed. */
export async function requireNode(
  user: UserContext,
  nodeId: string,
  need: Right,
  opts: { trashed?: 'deny' | 'allow' | 'only' } = {},
): Promise<NodeAccess> {
  const a = await loadAccess(user, nodeId);
  if (!a || !atLeast(a.right, 'read')) throw NOT_FOUND();
  const mode = opts.trashed ?? 'deny';
  if (mode === 'deny' && a.trashed) throw NOT_FOUND();
  if (mode === 'only' && !(a.node.trashedAt && a.node.trashRootId === a.node.nodeId))
    throw new UnprocessableError('This item is not in the trash', [
      { path: 'params.nodeId', reason: 'not in the trash' },
    ]);
  if (!atLeast(a.right, need)) throw new ForbiddenError(`You need the ${need} right on this item`);
  return a;
}

/** A live folder the person may `need` (the target of create/upload/move/copy), named `field` in errors. */
export async function requireFolder(
  user: UserContext,
  folderId: string,
  need: Right,
  field: string,
): Promise<NodeAccess> {
  const a = await loadAccess(user, folderId);
  if (!a || !atLeast(a.right, 'read') || a.trashed)
    throw new UnprocessableError('No such folder', [{ path: field, reason: 'no such folder' }]);
  if (a.node.kind !== 'folder') throw new UnprocessableError('Not a folder', [{ path: field, reason: 'not a folder' }]);
  if (!atLeast(a.right, need))
    throw new UnprocessableError(`You need the ${need} right on this folder`, [
      { path: field, reason: `needs the ${need} right` },
    ]);
  if (a.node.ancestors.length + 1 >= LIMITS.maxDepth)
    throw new UnprocessableError(`Folders nest at most ${LIMITS.maxDepth} deep`, [{ path: field, reason: 'too deep' }]);
  return a;
}

export function newFolder(
  user: UserContext,
  driveId: string,
  parent: NodeItem | null,
  name: string,
  now: string,
  systemFolder?: SystemFolder,
): NodeItem {
  return {
    nodeId: newId(),
    driveId,
    kind: 'folder',
    name,
    nameKey: nameKeyOf(name),
    parentId: parent?.nodeId ?? null,
    ancestors: parent ? [...parent.ancestors, parent.nodeId] : [],
    size: 0,
    contentType: null,
    currentVersionId: null,
    currentKey: null,
    versionCount: 0,
    version: 1,
    ownerId: user.sub,
    createdAt: now,
    updatedAt: now,
    updatedBy: user.sub,
    ...(systemFolder ? { systemFolder } : {}),
  };
}

/** Writes that create a node: the node, its unique name in the folder, its search words. */
export const createItems = (n: NodeItem): EntityWrite[] => [
  nodeCreate(n),
  ...(n.parentId ? [nameCreate(n.parentId, n.name, n.nodeId, n.kind)] : []),
  ...searchPuts(n.driveId, n.nodeId, n.name),
];

// ---- drives -------------------------------------------------------------------------------------

/** A drive's root (and My Drive's system folders), made in ONE transaction the first time; a lost race re-reads. */
async function ensureDrive(user: UserContext, driveId: string, rootName: string): Promise<DriveItem> {
  const have = driveFromRow(await getRaw(driveKey(driveId)));
  if (have) return have;
  const now = nowIso();
  // A shared drive's root belongs to whoever opened the drive first (owner rights come from the drive rule, not from this).
  const root = newFolder(user, driveId, null, rootName, now);
  const items: EntityWrite[] = [nodeCreate(root)];
  const systemFolders: Partial<Record<SystemFolder, string>> = {};
  if (driveId === `user:${user.sub}`) {
    for (const s of SYSTEM_FOLDERS) {
      const f = newFolder(user, driveId, root, SYSTEM_NAMES[s], now, s);
      systemFolders[s] = f.nodeId;
      items.push(...createItems(f));
    }
  }
  const drive: DriveItem = {
    driveId,
    rootId: root.nodeId,
    ...(Object.keys(systemFolders).length ? { systemFolders } : {}),
  };
  items.push(DriveRoots.create(drive));
  try {
    await transaction()
      .add(...items)
      .commit();
    return drive;
  } catch (e) {
    if (!cancellation(e)) throw e;
    const again = driveFromRow(await getRaw(driveKey(driveId)));
    if (!again) throw e;
    return again;
  }
}

export async function myDrive(user: UserContext): Promise<DriveItem> {
  return ensureDrive(user, `user:${user.sub}`, 'My Drive');
}

/** The id of one of My Drive's system folders (the default target of uploads and new documents). */
export async function systemFolderId(user: UserContext, which: SystemFolder): Promise<string> {
  const d = await myDrive(user);
  const id = d.systemFolders?.[which];
  if (!id)
    throw new UnprocessableError(`My Drive has no ${SYSTEM_NAMES[which]} folder`, [
      { path: 'parentId', reason: 'required' },
    ]);
  return id;
}

export async function listDrives(user: UserContext): Promise<DriveView[]> {
  const out: DriveView[] = [];
  const mine = await myDrive(user);
  out.push({
    driveId: mine.driveId,
    kind: 'user',
    name: 'My Drive',
    rootId: mine.rootId,
    myRight: 'full',
    ...(mine.systemFolders ? { systemFolders: mine.systemFolders } : {}),
  });
  const companyRight = driveRight({ user, driveId: 'company', groupRole: null });
  if (companyRight) {
    const c = await ensureDrive(user, 'company', 'Company');
    out.push({ driveId: 'company', kind: 'company', name: 'Company', rootId: c.rootId, myRight: companyRight });
  }
  // My groups: ONE Query of my membership rows, ONE BatchGet of their drives; missing drives made once.
  const groups = await queryPage({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': myGroupsPk(user.sub) },
    Limit: 100,
  });
  const memberships = groups.items.flatMap((r) => membershipFromRow(r) ?? []);
  const drives = await batchGet(memberships.map((m) => driveKey(`group:${m.groupId}`)));
  const byId = new Map(drives.flatMap((r) => driveFromRow(r) ?? []).map((d) => [d.driveId, d]));
  for (const m of memberships) {
    const driveId = `group:${m.groupId}`;
    const d = byId.get(driveId) ?? (await ensureDrive(user, driveId, m.groupName));
    out.push({
      driveId,
      kind: 'group',
      name: m.groupName,
      rootId: d.rootId,
      myRight: driveRight({ user, driveId, groupRole: m.role }) ?? 'read',
    });
  }
  return out;
}

/** The root of a drive the person may read (for trash and search). */
export async function requireDriveRoot(user: UserContext, driveId: string, need: Right): Promise<NodeAccess> {
  const d = driveFromRow(await getRaw(driveKey(driveId)));
  if (!d) throw new NotFoundError('No such drive');
  const a = await loadAccess(user, d.rootId);
  if (!a || !atLeast(a.right, need)) throw new NotFoundError('No such drive');
  return a;
}

// ---- one node -----------------------------------------------------------------------------------

export async function nodeDetail(user: UserContext, nodeId: string): Promise<NodeDetail> {
  const a = await requireNode(user, nodeId, 'read', { trashed: 'allow' });
  // A crumb for each ancestor the person may read on its own (a share deeper down does not reveal the folders above).
  const breadcrumbs: Breadcrumb[] = [];
  const chain: NodeItem[] = [];
  for (const anc of a.ancestors) {
    chain.push(anc);
    const r = effectiveRight({
      user,
      chain,
      driveId: anc.driveId,
      departmentIds: a.departmentIds,
      groupRole: a.groupRole,
    });
    if (r)
      breadcrumbs.push({
        nodeId: anc.nodeId,
        name: anc.name,
        ...(anc.systemFolder ? { systemFolder: anc.systemFolder } : {}),
      });
  }
  return { node: nodeView(a.node), breadcrumbs, myRight: a.right! };
}

const SORT_INDEX: Record<SortField, { index: string; pk: string; prefix: string }> = {
  name: { index: 'GSI1', pk: 'GSI1PK', prefix: 'N#' },
  size: { index: 'GSI2', pk: 'GSI2PK', prefix: 'S#' },
  modified: { index: 'GSI3', pk: 'GSI3PK', prefix: 'M#' },
};

export async function listChildren(
  user: UserContext,
  folderId: string,
  q: {
    sort?: SortField | undefined;
    order?: 'asc' | 'desc' | undefined;
    cursor?: string | undefined;
    limit?: number | undefined;
  },
): Promise<Page<NodeView>> {
  const a = await requireNode(user, folderId, 'read');
  if (a.node.kind !== 'folder')
    throw new UnprocessableError('Not a folder', [{ path: 'params.nodeId', reason: 'not a folder' }]);
  const sort = q.sort ?? 'name';
  const order = q.order ?? (sort === 'modified' ? 'desc' : 'asc');
  const s = SORT_INDEX[sort];
  const scope = `drive:kids:${folderId}:${sort}:${order}`;
  const page = await queryPage({
    IndexName: s.index,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': s.pk },
    ExpressionAttributeValues: { ':pk': kidsPk(folderId) },
    ScanIndexForward: order === 'asc',
    Limit: q.limit ?? LIMITS.pageSize,
    ExclusiveStartKey: await openKey(q.cursor, scope),
  });
  return {
    items: nodesIn(page.items).map(nodeView),
    cursor: await sealKey(page.lastKey, scope),
  };
}

export async function createFolder(user: UserContext, body: { parentId: string; name: string }): Promise<NodeView> {
  const parent = await requireFolder(user, body.parentId, 'edit', 'parentId');
  const f = newFolder(user, parent.node.driveId, parent.node, body.name, nowIso());
  try {
    await transaction()
      .add(...createItems(f))
      .commit();
  } catch (e) {
    if (cancellation(e)) throw nameTaken();
    throw e;
  }
  return nodeView(f);
}

export const nameTaken = (field = 'name') =>
  new ConflictError('Something with this name is already in this folder', {
    fields: [{ path: field, reason: 'name taken' }],
  });

/** Stale version → 409 carrying the current node. */
async function stale(nodeId: string): Promise<never> {
  const cur = asNode(await getRaw(nodeKey(nodeId)));
  throw new ConflictError('This was changed by someone else meanwhile. Reload, then try again.', {
    current: cur ? nodeView(cur) : null,
  });
}

/** Writes that replace a node's search words (old name → new name). */
const searchSwap = (n: NodeItem, oldName: string): EntityWrite[] => {
  const newW = new Set(searchWords(n.name));
  return [
    ...searchWords(oldName)
      .filter((w) => !newW.has(w))
      .map((w) => searchDelete(n.driveId, w, n.nodeId)),
    ...searchPuts(n.driveId, n.nodeId, n.name),
  ];
};

export async function renameNode(
  user: UserContext,
  nodeId: string,
  body: { version: number; name: string },
): Promise<NodeView> {
  const a = await requireNode(user, nodeId, 'edit');
  const n = a.node;
  if (!n.parentId)
    throw new UnprocessableError('A drive root cannot be renamed', [{ path: 'params.nodeId', reason: 'drive root' }]);
  if (n.systemFolder)
    throw new UnprocessableError('System folders cannot be renamed', [
      { path: 'params.nodeId', reason: 'system folder' },
    ]);
  if (n.version !== body.version) return stale(nodeId);
  const next: NodeItem = {
    ...n,
    name: body.name,
    nameKey: nameKeyOf(body.name),
    version: n.version + 1,
    updatedAt: nowIso(),
    updatedBy: user.sub,
  };
  const items: EntityWrite[] = [nodePutAt(next, n.version)];
  if (next.nameKey !== n.nameKey)
    items.push(nameDelete(n.parentId, n.name), nameCreate(n.parentId, next.name, n.nodeId, n.kind));
  items.push(...searchSwap(next, n.name));
  try {
    await transaction()
      .add(...items)
      .commit();
  } catch (e) {
    const c = cancellation(e);
    if (!c) throw e;
    if (c.failed.includes(0)) return stale(nodeId);
    throw nameTaken();
  }
  return nodeView(next);
}

/** Every node under a folder (live or not), breadth first: ONE Query per folder (moves and purges only). */
export async function descendants(root: NodeItem, cap = Infinity): Promise<NodeItem[]> {
  const out: NodeItem[] = [];
  const queue = [root.nodeId];
  while (queue.length) {
    const id = queue.shift()!;
    // Stop reading once the cap is passed (moves refuse more than MOVE_MAX_DESCENDANTS).
    const kids = await queryAll(
      kidsPk(id),
      'GSI1',
      'GSI1PK',
      Number.isFinite(cap) ? { maxItems: cap + 1 - out.length } : {},
    );
    for (const n of nodesIn(kids)) {
      out.push(n);
      if (out.length > cap) return out;
      if (n.kind === 'folder') queue.push(n.nodeId);
    }
  }
  return out;
}

/** Most nodes a folder move rewrites (the move is ONE transaction: the folder + its descendants' paths). */
export const MOVE_MAX_DESCENDANTS = 95;

export async function moveNode(
  user: UserContext,
  nodeId: string,
  body: { version: number; parentId: string },
): Promise<NodeView> {
  const a = await requireNode(user, nodeId, 'edit');
  const n = a.node;
  if (!n.parentId)
    throw new UnprocessableError('A drive root cannot be moved', [{ path: 'params.nodeId', reason: 'drive root' }]);
  if (n.systemFolder)
    throw new UnprocessableError('System folders cannot be moved', [
      { path: 'params.nodeId', reason: 'system folder' },
    ]);
  if (body.parentId === n.nodeId)
    throw new UnprocessableError('A folder cannot be moved into itself', [
      { path: 'parentId', reason: 'is the item itself' },
    ]);
  const target = await requireFolder(user, body.parentId, 'edit', 'parentId');
  if (target.node.ancestors.includes(n.nodeId))
    throw new UnprocessableError('A folder cannot be moved into a folder inside it', [
      { path: 'parentId', reason: 'inside the item itself' },
    ]);
  if (target.node.driveId !== n.driveId)
    throw new UnprocessableError('Items move only inside their drive (copy them to another drive)', [
      { path: 'parentId', reason: 'another drive' },
    ]);
  if (n.version !== body.version) return stale(nodeId);
  if (target.node.nodeId === n.parentId) return nodeView(n);
  const newAnc = [...target.node.ancestors, target.node.nodeId];
  const subtree = n.kind === 'folder' ? await descendants(n, MOVE_MAX_DESCENDANTS) : [];
  if (subtree.length > MOVE_MAX_DESCENDANTS) {
    throw new UnprocessableError(
      `This folder holds more than ${MOVE_MAX_DESCENDANTS} items: move its contents in smaller steps`,
      [{ path: 'params.nodeId', reason: 'too many items inside' }],
    );
  }
  const now = nowIso();
  const next: NodeItem = {
    ...n,
    parentId: target.node.nodeId,
    ancestors: newAnc,
    version: n.version + 1,
    updatedAt: now,
    updatedBy: user.sub,
  };
  const items: EntityWrite[] = [
    nodePutAt(next, n.version),
    nameDelete(n.parentId, n.name),
    nameCreate(target.node.nodeId, n.name, n.nodeId, n.kind),
  ];
  const depthBase = n.ancestors.length + 1;
  for (const d of subtree) {
    const rel = d.ancestors.slice(depthBase - 1); // from n down to d's parent
    items.push(nodePutAt({ ...d, ancestors: [...newAnc, ...rel], version: d.version + 1 }, d.version));
  }
  try {
    await transaction()
      .add(...items)
      .commit();
  } catch (e) {
    const c = cancellation(e);
    if (!c) throw e;
    if (c.failed.includes(0)) return stale(nodeId);
    if (c.failed.includes(2)) throw nameTaken('parentId');
    throw new ConflictError('Something inside this folder changed meanwhile. Try again.');
  }
  return nodeView(next);
}

export async function trashNode(user: UserContext, nodeId: string, version: number): Promise<NodeView> {
  const a = await requireNode(user, nodeId, 'edit');
  const n = a.node;
  if (!n.parentId)
    throw new UnprocessableError('A drive root cannot be deleted', [{ path: 'params.nodeId', reason: 'drive root' }]);
  if (n.systemFolder)
    throw new UnprocessableError('System folders cannot be deleted', [
      { path: 'params.nodeId', reason: 'system folder' },
    ]);
  if (n.version !== version) return stale(nodeId);
  const now = nowIso();
  const next: NodeItem = {
    ...n,
    trashedAt: now,
    trashRootId: n.nodeId,
    version: n.version + 1,
    updatedAt: now,
    updatedBy: user.sub,
  };
  try {
    await transaction().add(nodePutAt(next, n.version), nameDelete(n.parentId, n.name)).commit();
  } catch (e) {
    if (cancellation(e)?.failed.includes(0)) return stale(nodeId);
    throw e;
  }
  return nodeView(next);
}

export async function restoreNode(user: UserContext, nodeId: string): Promise<NodeView> {
  const a = await requireNode(user, nodeId, 'edit', { trashed: 'only' });
  const n = a.node;
  // Back where it was; if that folder was deleted for good meanwhile, to the drive's root.
  const parent = a.ancestors.find((x) => x.nodeId === n.parentId);
  if (parent && a.ancestors.some((x) => x.trashedAt)) {
    throw new ConflictError(
      `Its folder "${a.ancestors.find((x) => x.trashedAt)!.name}" is in the trash: restore that first`,
    );
  }
  let next: NodeItem = {
    ...n,
    trashedAt: null,
    trashRootId: null,
    version: n.version + 1,
    updatedAt: nowIso(),
    updatedBy: user.sub,
  };
  if (parent) next = { ...next, ancestors: [...parent.ancestors, parent.nodeId] };
  if (!parent) {
    const d = driveFromRow(await getRaw(driveKey(n.driveId)));
    if (!d) throw NOT_FOUND();
    const root = asNode(await getRaw(nodeKey(d.rootId)));
    if (!root) throw NOT_FOUND();
    if (n.kind === 'folder') {
      const sub = await descendants(n, 1);
      if (sub.length)
        throw new ConflictError('Its folder was deleted for good: move its contents out of the trash one by one');
    }
    next = { ...next, parentId: root.nodeId, ancestors: [root.nodeId] };
  }
  try {
    await transaction()
      .add(nodePutAt(next, n.version), nameCreate(next.parentId!, n.name, n.nodeId, n.kind))
      .commit();
  } catch (e) {
    const c = cancellation(e);
    if (!c) throw e;
    if (c.failed.includes(0)) return stale(nodeId);
    throw new ConflictError('Something with this name is already in its folder: rename that first', {
      fields: [{ path: 'name', reason: 'name taken' }],
    });
  }
  return nodeView(next);
}

export async function listTrash(
  user: UserContext,
  q: { driveId: string; cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<NodeView>> {
  await requireDriveRoot(user, q.driveId, 'read');
  const scope = `drive:trash:${q.driveId}`;
  const page = await queryPage({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': trashPk(q.driveId) },
    ScanIndexForward: false,
    Limit: q.limit ?? LIMITS.pageSize,
    ExclusiveStartKey: await openKey(q.cursor, scope),
  });
  return { items: nodesIn(page.items).map(nodeView), cursor: await sealKey(page.lastKey, scope) };
}

/** Keeps nodes that are live (neither they nor a folder above them is in the trash): ONE BatchGet of ancestors. */
async function liveOnly(nodes: NodeItem[]): Promise<NodeItem[]> {
  const ids = [...new Set(nodes.flatMap((n) => n.ancestors))];
  const anc = new Map(nodesIn(await batchGet(ids.map(nodeKey))).map((n) => [n.nodeId, n]));
  return nodes.filter((n) => !n.trashedAt && n.ancestors.every((id) => anc.has(id) && !anc.get(id)!.trashedAt));
}

export async function searchDrive(
  user: UserContext,
  q: { driveId: string; q: string; cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<NodeView>> {
  await requireDriveRoot(user, q.driveId, 'read');
  const words = searchWords(q.q);
  if (!words.length)
    throw new UnprocessableError('Search needs letters or digits', [{ path: 'query.q', reason: 'no words' }]);
  const [first, ...rest] = words;
  const scope = `drive:search:${q.driveId}:${words.join(' ')}`;
  const values: Raw = { ':pk': searchPk(q.driveId), ':w': `T#${first}` };
  rest.forEach((w, i) => (values[`:r${i}`] = w));
  const page = await queryPage({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :w)',
    ...(rest.length
      ? {
          FilterExpression: rest.map((_w, i) => `contains(#t, :r${i})`).join(' AND '),
          ExpressionAttributeNames: { '#t': 'text' },
        }
      : {}),
    ExpressionAttributeValues: values,
    Limit: q.limit ?? LIMITS.pageSize,
    ExclusiveStartKey: await openKey(q.cursor, scope),
  });
  const ids = [...new Set(searchHits(page.items))];
  const nodes = nodesIn(await batchGet(ids.map(nodeKey)));
  const live = await liveOnly(nodes);
  const order = new Map(ids.map((id, i) => [id, i]));
  live.sort((x, y) => order.get(x.nodeId)! - order.get(y.nodeId)!);
  return { items: live.map(nodeView), cursor: await sealKey(page.lastKey, scope) };
}

/**
 * Shared with me: ONE Query of my person partition (cursor); on the first page also ONE Query per department
 * I belong to (≤ 10, in parallel, first 50 each); then ONE BatchGet of the nodes (+ one of their ancestors).
 */
export async function sharedWithMe(
  user: UserContext,
  q: { cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<SharedNodeView>> {
  const scope = `drive:shared:${user.sub}`;
  const start = await openKey(q.cursor, scope);
  const profile = await getRaw({ PK: `USER#${user.sub}`, SK: 'PROFILE' });
  const depts = !start && Array.isArray(profile?.departmentIds) ? (profile.departmentIds as string[]) : [];
  const [mine, ...deptPages] = await Promise.all([
    queryPage({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': sharedPk('user', user.sub) },
      Limit: q.limit ?? LIMITS.pageSize,
      ExclusiveStartKey: start,
    }),
    ...depts.map((d) =>
      queryPage({
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': sharedPk('department', d) },
        Limit: LIMITS.pageSize,
      }),
    ),
  ]);
  const rows = sharesIn([...mine!.items, ...deptPages.flatMap((p) => p.items)]);
  const nodes = nodesIn(await batchGet(rows.map((r) => nodeKey(r.nodeId))));
  const live = new Map((await liveOnly(nodes)).map((n) => [n.nodeId, n]));
  const best = new Map<string, SharedNodeView>();
  for (const r of rows) {
    const n = live.get(r.nodeId);
    if (!n || n.ownerId === user.sub) continue;
    const v: SharedNodeView = {
      node: nodeView(n),
      right: r.right,
      sharedBy: r.sharedBy,
      sharedAt: r.sharedAt,
      via: { principalType: r.principalType, principalId: r.principalId },
    };
    const had = best.get(n.nodeId);
    if (!had || RIGHT_RANK[v.right] > RIGHT_RANK[had.right]) best.set(n.nodeId, v);
  }
  return { items: [...best.values()], cursor: await sealKey(mine!.lastKey, scope) };
}

export { principalKey, accessFor };
