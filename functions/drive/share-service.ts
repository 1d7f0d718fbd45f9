/**
 * Sharing: shares of a node with people or departments (read / edit / full, inherited down the tree; kept on the
 * node's `acl` for the permission check and as rows per principal for "shared with me"), and public links
 * (random token stored hashed, optional expiry, optional scrypt password, revocable, access counted).
 * Public routes see only the linked node and what is under it.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { UserContext } from '../../shared/auth/claims';
import { openKey, sealKey } from '../../shared/data/document';
import { transaction } from '../../shared/data/transaction';
import {
  LIMITS,
  publicLinkPath,
  type CreateLinkBody,
  type CreatedPublicLink,
  type DownloadView,
  type Page,
  type PublicLinkView,
  type PublicNodeView,
  type PutShareBody,
  type ShareView,
} from '../../shared/drive/contract';
import {
  hashToken,
  kidsPk,
  linkKey,
  linkTokenPk,
  nodeKey,
  principalKey,
  type LinkItem,
  type NodeItem,
} from '../../shared/drive/drive-entity';
import { sharedDelete, sharedPut } from '../../shared/drive/shared-entity';
import { DriveLinks, linksIn } from '../../shared/drive/link-entity';
import { nodePutAt, nodesIn } from '../../shared/drive/node-entity';
import { presignGet, urlExpiry } from '../../shared/drive/storage';
import { departmentKey } from '../../shared/departments/department-entity';
import { AppError, ConflictError, NotFoundError, UnprocessableError } from '../../shared/http/errors';
import { hitRateLimits, sourceIp } from '../../shared/security/rate-limit';
import {
  LockedOutError,
  readLockout,
  recordFailure,
  recordSuccess,
  secondsLocked,
  type LockoutRule,
} from '../../shared/security/lockout';
import { requireNode } from './node-service';
import { asNode, batchGet, cancellation, getRaw, newId, nowIso, queryPage } from './store';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

async function hashPassword(pw: string): Promise<string> {
  const salt = randomBytes(16);
  const h = await scrypt(pw, salt, 32);
  return `scrypt$${salt.toString('base64url')}$${h.toString('base64url')}`;
}
async function passwordMatches(pw: string, stored: string): Promise<boolean> {
  const [, salt, hash] = stored.split('$');
  if (!salt || !hash) return false;
  const h = await scrypt(pw, Buffer.from(salt, 'base64url'), 32);
  const want = Buffer.from(hash, 'base64url');
  return h.length === want.length && timingSafeEqual(h, want);
}

// ---- shares -------------------------------------------------------------------------------------

async function shareViews(n: NodeItem): Promise<ShareView[]> {
  const entries = Object.entries(n.acl ?? {});
  const keys = entries.map(([p]) => {
    const [type, id] = p.split('#') as ['user' | 'department', string];
    return type === 'user' ? { PK: `USER#${id}`, SK: 'PROFILE' } : departmentKey(id);
  });
  const rows = await batchGet(keys);
  const nameOf = (type: string, id: string) => {
    const r = rows.find((x) => (type === 'user' ? x.PK === `USER#${id}` : x.PK === departmentKey(id).PK));
    if (!r) return null;
    return type === 'user'
      ? `${String(r.firstName ?? '')} ${String(r.lastName ?? '')}`.trim() || String(r.email ?? '')
      : String(r.name ?? '');
  };
  return entries
    .map(([p, e]) => {
      const [type, id] = p.split('#') as ['user' | 'department', string];
      return {
        nodeId: n.nodeId,
        principalType: type,
        principalId: id,
        principalName: nameOf(type, id),
        right: e.right,
        sharedBy: e.by,
        sharedAt: e.at,
      };
    })
    .sort((a, b) => a.sharedAt.localeCompare(b.sharedAt));
}

export async function listShares(user: UserContext, nodeId: string): Promise<ShareView[]> {
  const a = await requireNode(user, nodeId, 'full');
  return shareViews(a.node);
}

export async function putShare(user: UserContext, nodeId: string, body: PutShareBody): Promise<ShareView[]> {
  const a = await requireNode(user, nodeId, 'full');
  const n = a.node;
  const target =
    body.principalType === 'user'
      ? await getRaw({ PK: `USER#${body.principalId}`, SK: 'PROFILE' })
      : await getRaw(departmentKey(body.principalId));
  if (!target)
    throw new UnprocessableError(`No such ${body.principalType}`, [
      { path: 'principalId', reason: `no such ${body.principalType}` },
    ]);
  const p = principalKey(body.principalType, body.principalId);
  const acl = { ...(n.acl ?? {}) };
  if (!acl[p] && Object.keys(acl).length >= LIMITS.sharesPerNode)
    throw new UnprocessableError(`At most ${LIMITS.sharesPerNode} shares per item`, [
      { path: 'principalId', reason: 'too many shares' },
    ]);
  const entry = { right: body.right, by: user.sub, at: acl[p]?.at ?? nowIso() };
  acl[p] = entry;
  const next: NodeItem = { ...n, acl, version: n.version + 1 };
  try {
    await transaction()
      .add(nodePutAt(next, n.version), sharedPut(body.principalType, body.principalId, n.nodeId, n.driveId, entry))
      .commit();
  } catch (e) {
    if (cancellation(e)) throw new ConflictError('This item changed meanwhile: try again');
    throw e;
  }
  return shareViews(next);
}

export async function removeShare(
  user: UserContext,
  nodeId: string,
  type: 'user' | 'department',
  id: string,
): Promise<ShareView[]> {
  const a = await requireNode(user, nodeId, 'full');
  const n = a.node;
  const p = principalKey(type, id);
  if (!n.acl?.[p]) throw new NotFoundError('No such share on this item');
  const acl = { ...n.acl };
  delete acl[p];
  const next: NodeItem = { ...n, acl, version: n.version + 1 };
  try {
    await transaction()
      .add(nodePutAt(next, n.version), sharedDelete(type, id, n.nodeId))
      .commit();
  } catch (e) {
    if (cancellation(e)) throw new ConflictError('This item changed meanwhile: try again');
    throw e;
  }
  return shareViews(next);
}

// ---- public links (owner side) ------------------------------------------------------------------

const linkView = (l: LinkItem): PublicLinkView => ({
  linkId: l.linkId,
  nodeId: l.nodeId,
  createdBy: l.createdBy,
  createdAt: l.createdAt,
  expiresAt: l.expiresAt ?? null,
  hasPassword: !!l.passwordHash,
  accessCount: l.accessCount,
  lastAccessAt: l.lastAccessAt ?? null,
});

export async function listLinks(user: UserContext, nodeId: string): Promise<PublicLinkView[]> {
  await requireNode(user, nodeId, 'full');
  const p = await queryPage({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :l)',
    ExpressionAttributeValues: { ':pk': nodeKey(nodeId).PK, ':l': 'LINK#' },
  });
  return linksIn(p.items).map(linkView);
}

export async function createLink(user: UserContext, nodeId: string, body: CreateLinkBody): Promise<CreatedPublicLink> {
  const a = await requireNode(user, nodeId, 'full');
  const n = a.node;
  if (body.expiresAt && Date.parse(body.expiresAt) <= Date.now())
    throw new UnprocessableError('The expiry must be in the future', [{ path: 'expiresAt', reason: 'in the past' }]);
  if ((n.linkCount ?? 0) >= LIMITS.linksPerNode)
    throw new UnprocessableError(`At most ${LIMITS.linksPerNode} public links per item`, [
      { path: 'params.nodeId', reason: 'too many links' },
    ]);
  const token = randomBytes(32).toString('base64url');
  const l: LinkItem = {
    nodeId,
    linkId: newId(),
    driveId: n.driveId,
    tokenHash: hashToken(token),
    createdBy: user.sub,
    createdAt: nowIso(),
    expiresAt: body.expiresAt ? new Date(body.expiresAt).toISOString() : null,
    passwordHash: body.password ? await hashPassword(body.password) : null,
    accessCount: 0,
    lastAccessAt: null,
  };
  try {
    await transaction()
      .add(
        nodePutAt({ ...n, linkCount: (n.linkCount ?? 0) + 1, version: n.version + 1 }, n.version),
        DriveLinks.create(l),
      )
      .commit();
  } catch (e) {
    if (cancellation(e)) throw new ConflictError('This item changed meanwhile: try again');
    throw e;
  }
  return { ...linkView(l), token, path: publicLinkPath(token) };
}

export async function revokeLink(user: UserContext, nodeId: string, linkId: string): Promise<void> {
  const a = await requireNode(user, nodeId, 'full');
  const n = a.node;
  const row = await getRaw(linkKey(nodeId, linkId));
  if (!row) throw new NotFoundError('No such link');
  try {
    await transaction()
      .add(
        nodePutAt({ ...n, linkCount: Math.max(0, (n.linkCount ?? 1) - 1), version: n.version + 1 }, n.version),
        DriveLinks.delete({ nodeId, linkId }),
      )
      .commit();
  } catch (e) {
    if (cancellation(e)) throw new ConflictError('This item changed meanwhile: try again');
    throw e;
  }
}

// ---- public side --------------------------------------------------------------------------------

const LINK_GONE = () => new NotFoundError('This link does not exist, was revoked or has expired');
const PASSWORD_RULE = { bucket: 'drive-link-password', limit: 10, windowSeconds: 300 };
/**
 * Per link across every address (guesses spread over many IPs pass the per-IP rule): 10 wrong passwords in 15 min
 * lock the link's password for 1 min, then 2, 4 … up to 1 h; a right password after a lockout resets the growth.
 */
export const LINK_LOCKOUT: LockoutRule = {
  bucket: 'drive-link-password',
  limit: 10,
  windowSeconds: 900,
  baseSeconds: 60,
  maxSeconds: 3600,
  decaySeconds: 24 * 3600,
};
const linkLocked = (seconds: number) =>
  new LockedOutError(
    seconds,
    'LINK_LOCKED',
    `Too many wrong passwords were tried on this link. It is locked for ${Math.ceil(seconds / 60)} min: try again after that.`,
  );

/**
 * The link and its live node; checks expiry and password (wrong or missing → 401; 429 when rate limited per link
 * and IP, or while the link is locked after too many wrong passwords from any address — the right one waits too).
 */
async function openLink(
  token: string,
  password: string | undefined,
  event: { requestContext?: { http?: { sourceIp?: string } } },
): Promise<{ link: LinkItem; node: NodeItem }> {
  const p = await queryPage({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': linkTokenPk(hashToken(token)) },
    Limit: 1,
  });
  const link = linksIn(p.items)[0];
  if (!link) throw LINK_GONE();
  if (link.expiresAt && Date.parse(link.expiresAt) <= Date.now()) throw LINK_GONE();
  if (link.passwordHash) {
    if (!password)
      throw new AppError(
        401,
        'PASSWORD_REQUIRED',
        'This link needs a password',
        [{ path: 'password', reason: 'required' }],
        { passwordRequired: true },
      );
    const lockout = await readLockout(LINK_LOCKOUT, link.linkId);
    const locked = secondsLocked(lockout);
    if (locked > 0) throw linkLocked(locked);
    await hitRateLimits([{ rule: PASSWORD_RULE, key: `${link.linkId}|${sourceIp(event)}` }]);
    if (!(await passwordMatches(password, link.passwordHash))) {
      const lockedNow = await recordFailure(LINK_LOCKOUT, link.linkId);
      if (lockedNow > 0) throw linkLocked(lockedNow);
      throw new AppError(401, 'WRONG_PASSWORD', 'Wrong password', [{ path: 'password', reason: 'wrong password' }], {
        passwordRequired: true,
      });
    }
    await recordSuccess(LINK_LOCKOUT, link.linkId, lockout);
  }
  const node = asNode(await getRaw(nodeKey(link.nodeId)));
  if (!node) throw LINK_GONE();
  const anc = nodesIn(await batchGet(node.ancestors.map(nodeKey)));
  if (node.trashedAt || anc.some((a) => a.trashedAt)) throw LINK_GONE();
  return { link, node };
}

/** A node inside the linked one (or the linked one itself), live; anything else → 404. */
async function inside(link: LinkItem, root: NodeItem, nodeId: string | undefined): Promise<NodeItem> {
  if (!nodeId || nodeId === root.nodeId) return root;
  const n = asNode(await getRaw(nodeKey(nodeId)));
  if (!n || !n.ancestors.includes(link.nodeId)) throw new NotFoundError('Not in this shared folder');
  const between = n.ancestors.slice(n.ancestors.indexOf(link.nodeId) + 1);
  const rows = nodesIn(await batchGet(between.map(nodeKey)));
  if (n.trashedAt || rows.some((r) => r.trashedAt) || rows.length !== between.length)
    throw new NotFoundError('Not in this shared folder');
  return n;
}

const publicView = (n: NodeItem, isRoot = false): PublicNodeView => ({
  nodeId: n.nodeId,
  kind: n.kind,
  name: n.name,
  size: n.size,
  contentType: n.contentType,
  updatedAt: n.updatedAt,
  ...(isRoot ? { isRoot: true } : {}),
});

type Ev = { requestContext?: { http?: { sourceIp?: string } } };

export async function publicOpen(
  token: string,
  body: { password?: string | undefined },
  event: Ev,
): Promise<PublicNodeView> {
  const { link, node } = await openLink(token, body.password, event);
  await DriveLinks.patch({ nodeId: link.nodeId, linkId: link.linkId })
    .add({ accessCount: 1 })
    .set({ lastAccessAt: nowIso() })
    .go();
  return publicView(node, true);
}

export async function publicChildren(
  token: string,
  body: { password?: string | undefined; nodeId?: string | undefined; cursor?: string | undefined },
  event: Ev,
): Promise<Page<PublicNodeView>> {
  const { link, node } = await openLink(token, body.password, event);
  const folder = await inside(link, node, body.nodeId);
  if (folder.kind !== 'folder')
    throw new UnprocessableError('Not a folder', [{ path: 'nodeId', reason: 'not a folder' }]);
  const scope = `drive:public:${link.linkId}:${folder.nodeId}`;
  const page = await queryPage({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': kidsPk(folder.nodeId) },
    Limit: LIMITS.pageSize,
    ExclusiveStartKey: await openKey(body.cursor, scope).catch(() => {
      throw new UnprocessableError('The cursor is invalid', [{ path: 'cursor', reason: 'invalid cursor' }]);
    }),
  });
  return {
    items: nodesIn(page.items).map((n) => publicView(n)),
    cursor: await sealKey(page.lastKey, scope),
  };
}

export async function publicDownload(
  token: string,
  body: { password?: string | undefined; nodeId?: string | undefined; inline?: boolean | undefined },
  event: Ev,
): Promise<DownloadView> {
  const { link, node } = await openLink(token, body.password, event);
  const n = await inside(link, node, body.nodeId);
  if (n.kind === 'folder' || !n.currentKey)
    throw new UnprocessableError('Folders have no content to download', [{ path: 'nodeId', reason: 'a folder' }]);
  const contentType = n.contentType ?? 'application/octet-stream';
  return {
    url: await presignGet(n.currentKey, n.name, contentType, body.inline ?? false),
    expiresAt: urlExpiry(),
    name: n.name,
    contentType,
    size: n.size,
  };
}
