/**
 * Departments: the tree, heads and members. Access patterns (single table):
 *
 * | pattern                                  | how                                                                   |
 * |------------------------------------------|-----------------------------------------------------------------------|
 * | the whole tree (by name)                 | ONE Query GSI1 GSI1PK=DEPARTMENTS (a few hundred items: one page)     |
 * | create                                   | Put DEPT#{id}/DEPT (not exists) + parent ADD childCount 1 (exists)    |
 * | rename / move                            | ONE Query of the tree (move rule) then ONE transaction: the department |
 * |                                          | (version = read) + old parent childCount -1 + new parent childCount +1 |
 * |                                          | and a version check of every new ancestor (no cycle through a concurrent move) |
 * | set head                                 | ONE BatchGet (department + person) then Update, version = read        |
 * | delete                                   | GetItem, then ONE transaction: Delete if version = read AND no children |
 * |                                          | AND no members + parent childCount -1                                 |
 * | put a person in / take out               | ONE BatchGet (department + profile) then ONE transaction: the profile's |
 * |                                          | `departmentIds` (conditioned on its current contents) + memberCount ±1 |
 *
 * Profiles' `departmentIds` change without a version bump (like photo or role): they do not conflict with
 * the person's own text edits.
 */
import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { db, type Raw } from '../../shared/data/document';
import { tableName } from '../../shared/data/table';
import { isConditionFailure } from '../../shared/data/versioning';
import { AppError, ConflictError, NotFoundError, UnprocessableError } from '../../shared/http/errors';
import { searchKey } from '../../shared/people/profile-entity';
import {
  DEPARTMENT_LIMITS,
  checkMove,
  type CreateDepartmentBody,
  type DepartmentView,
  type MembershipAnswer,
  type UpdateDepartmentBody,
} from '../../shared/departments/contract';
import {
  DEPARTMENTS_PK,
  departmentFromRow,
  departmentKey,
  departmentRow,
  departmentView,
  isDepartmentRow,
  memberCountUpdate,
  type DepartmentRecord,
} from '../../shared/departments/department-entity';

const T = () => tableName();
export const newId = monotonicFactory();
const profileKey = (userId: string) => ({ PK: `USER#${userId}`, SK: 'PROFILE' });
const nameKeyOf = (name: string) => (searchKey(name) || '~').replace(/#/g, ' ');

// ---- reads ------------------------------------------------------------------------------------------------
/** The whole tree: one GSI1 Query (a further page only past 1 MB, i.e. thousands of departments). */
export async function loadAll(): Promise<DepartmentRecord[]> {
  const out: DepartmentRecord[] = [];
  let start: Raw | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: T(),
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': DEPARTMENTS_PK },
        ExclusiveStartKey: start,
      }),
    );
    for (const row of page.Items ?? []) if (isDepartmentRow(row)) out.push(departmentFromRow(row));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

export async function listDepartments(): Promise<{ items: DepartmentView[] }> {
  return { items: (await loadAll()).map(departmentView) };
}

async function getOne(departmentId: string, consistent = false): Promise<DepartmentRecord | null> {
  const { Item } = await db().send(
    new GetCommand({ TableName: T(), Key: departmentKey(departmentId), ConsistentRead: consistent }),
  );
  return isDepartmentRow(Item) ? departmentFromRow(Item!) : null;
}

const notFound = () => new NotFoundError('There is no such department.');
const stale = (current: DepartmentRecord | null) =>
  new ConflictError('This department was changed by someone else meanwhile. Reload, then try again.', {
    current: current ? departmentView(current) : null,
  });

function moveProblem(reason: 'self' | 'descendant' | 'unknown-parent' | 'too-deep'): UnprocessableError {
  const text = {
    self: 'A department cannot be its own parent.',
    descendant: 'A department cannot be moved under one of its own sub-departments.',
    'unknown-parent': 'There is no such parent department.',
    'too-deep': `The structure may be at most ${DEPARTMENT_LIMITS.depth} levels deep.`,
  }[reason];
  return new UnprocessableError(text, [{ path: 'parentId', reason: text }]);
}

// ---- create -----------------------------------------------------------------------------------------------
export async function createDepartment(body: CreateDepartmentBody): Promise<DepartmentView> {
  const parentId = body.parentId ?? null;
  const departmentId = newId();
  if (parentId) {
    const all = await loadAll();
    if (all.length >= DEPARTMENT_LIMITS.total)
      throw new UnprocessableError(`A company may have at most ${DEPARTMENT_LIMITS.total} departments.`);
    const check = checkMove(new Map(all.map((d) => [d.departmentId, d.parentId ?? null])), departmentId, parentId);
    if (!check.ok) throw moveProblem(check.reason);
  }
  const now = new Date().toISOString();
  const d: DepartmentRecord = {
    departmentId,
    name: body.name,
    nameKey: nameKeyOf(body.name),
    ...(parentId ? { parentId } : {}),
    memberCount: 0,
    childCount: 0,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: T(), Item: departmentRow(d), ConditionExpression: 'attribute_not_exists(PK)' } },
          ...(parentId
            ? [
                {
                  Update: {
                    TableName: T(),
                    Key: departmentKey(parentId),
                    UpdateExpression: 'ADD childCount :one',
                    ConditionExpression: 'attribute_exists(PK)',
                    ExpressionAttributeValues: { ':one': 1 },
                  },
                },
              ]
            : []),
        ],
      }),
    );
  } catch (e) {
    if (isConditionFailure(e)) throw moveProblem('unknown-parent'); // the parent was deleted meanwhile
    throw e;
  }
  return departmentView(d);
}

// ---- rename / move ---------------------------------------------------------------------------------------
export async function updateDepartment(departmentId: string, body: UpdateDepartmentBody): Promise<DepartmentView> {
  const all = await loadAll();
  const byId = new Map(all.map((d) => [d.departmentId, d]));
  const current = byId.get(departmentId) ?? (await getOne(departmentId, true));
  if (!current) throw notFound();
  if (current.version !== body.version) throw stale(current);

  const oldParent = current.parentId ?? null;
  const newParent = body.parentId === undefined ? oldParent : body.parentId;
  const moving = newParent !== oldParent;
  let chain: string[] = [];
  if (moving) {
    const check = checkMove(new Map(all.map((d) => [d.departmentId, d.parentId ?? null])), departmentId, newParent);
    if (!check.ok) throw moveProblem(check.reason);
    chain = check.chain;
  }
  const name = body.name ?? current.name;
  if (!moving && name === current.name) return departmentView(current);

  const now = new Date().toISOString();
  const next: DepartmentRecord = {
    ...current,
    name,
    nameKey: nameKeyOf(name),
    updatedAt: now,
    version: current.version + 1,
  };
  if (newParent) next.parentId = newParent;
  else delete next.parentId;

  const values: Raw = {
    ':name': next.name,
    ':nk': next.nameKey,
    ':sk': `${next.nameKey}#${departmentId}`,
    ':now': now,
    ':v': current.version,
    ':next': next.version,
  };
  let update = 'SET #name = :name, nameKey = :nk, GSI1SK = :sk, updatedAt = :now, version = :next';
  if (moving && newParent) {
    update += ', parentId = :parent';
    values[':parent'] = newParent;
  }
  if (moving && !newParent) update += ' REMOVE parentId';
  const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
    {
      Update: {
        TableName: T(),
        Key: departmentKey(departmentId),
        UpdateExpression: update,
        ConditionExpression: 'version = :v',
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: values,
      },
    },
  ];
  if (moving) {
    if (oldParent)
      items.push({
        Update: {
          TableName: T(),
          Key: departmentKey(oldParent),
          UpdateExpression: 'ADD childCount :d',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':d': -1 },
        },
      });
    chain.forEach((ancestorId, i) => {
      const version = byId.get(ancestorId)!.version;
      if (i === 0)
        items.push({
          Update: {
            TableName: T(),
            Key: departmentKey(ancestorId),
            UpdateExpression: 'ADD childCount :d',
            ConditionExpression: 'version = :v',
            ExpressionAttributeValues: { ':d': 1, ':v': version },
          },
        });
      else
        items.push({
          ConditionCheck: {
            TableName: T(),
            Key: departmentKey(ancestorId),
            ConditionExpression: 'version = :v',
            ExpressionAttributeValues: { ':v': version },
          },
        });
    });
  }
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if (reasons.length === 0 || reasons[0]?.Code === 'ConditionalCheckFailed')
      throw stale(await getOne(departmentId, true));
    throw new ConflictError(
      'The structure changed meanwhile (a department above was moved or deleted). Reload, then try again.',
      { current: departmentView(current) },
    );
  }
  return departmentView(next);
}

// ---- head ---------------------------------------------------------------------------------------------------
export async function setHead(departmentId: string, userId: string | null, version: number): Promise<DepartmentView> {
  const keys = [departmentKey(departmentId), ...(userId ? [profileKey(userId)] : [])];
  const res = await db().send(new BatchGetCommand({ RequestItems: { [T()]: { Keys: keys, ConsistentRead: true } } }));
  const rows = res.Responses?.[T()] ?? [];
  const deptRow = rows.find((r) => r.SK === 'DEPT');
  if (!isDepartmentRow(deptRow)) throw notFound();
  const current = departmentFromRow(deptRow!);
  if (current.version !== version) throw stale(current);
  let headName: string | undefined;
  if (userId) {
    const p = rows.find((r) => r.SK === 'PROFILE');
    if (!p || p.status !== 'active' || p.role === 'extranet')
      throw new UnprocessableError('The head must be an active employee of the portal.', [
        { path: 'userId', reason: 'no such active employee' },
      ]);
    headName = `${(p.firstName as string) ?? ''} ${(p.lastName as string) ?? ''}`.trim();
  }
  const now = new Date().toISOString();
  const next: DepartmentRecord = { ...current, updatedAt: now, version: current.version + 1 };
  if (userId) Object.assign(next, { headUserId: userId, headName });
  else {
    delete next.headUserId;
    delete next.headName;
  }
  try {
    await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: departmentKey(departmentId),
        UpdateExpression: userId
          ? 'SET headUserId = :u, headName = :n, updatedAt = :now, version = :next'
          : 'SET updatedAt = :now, version = :next REMOVE headUserId, headName',
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: {
          ...(userId ? { ':u': userId, ':n': headName } : {}),
          ':now': now,
          ':next': next.version,
          ':v': version,
        },
      }),
    );
  } catch (e) {
    if (isConditionFailure(e)) throw stale(await getOne(departmentId, true));
    throw e;
  }
  return departmentView(next);
}

// ---- delete -------------------------------------------------------------------------------------------------
function refusal(d: DepartmentRecord): AppError | null {
  if ((d.childCount ?? 0) > 0)
    return new AppError(
      409,
      'DEPARTMENT_HAS_CHILDREN',
      `This department has ${d.childCount} sub-department(s). Move or delete them first.`,
      undefined,
      { current: departmentView(d) },
    );
  if ((d.memberCount ?? 0) > 0)
    return new AppError(
      409,
      'DEPARTMENT_HAS_MEMBERS',
      `This department has ${d.memberCount} member(s). Move them to another department first.`,
      undefined,
      { current: departmentView(d) },
    );
  return null;
}

export async function deleteDepartment(departmentId: string, version: number): Promise<void> {
  const current = await getOne(departmentId, true);
  if (!current) throw notFound();
  if (current.version !== version) throw stale(current);
  const refused = refusal(current);
  if (refused) throw refused;
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: T(),
              Key: departmentKey(departmentId),
              ConditionExpression:
                'version = :v AND (attribute_not_exists(childCount) OR childCount = :z) AND (attribute_not_exists(memberCount) OR memberCount = :z)',
              ExpressionAttributeValues: { ':v': version, ':z': 0 },
            },
          },
          ...(current.parentId
            ? [
                {
                  Update: {
                    TableName: T(),
                    Key: departmentKey(current.parentId),
                    UpdateExpression: 'ADD childCount :d',
                    ConditionExpression: 'attribute_exists(PK)',
                    ExpressionAttributeValues: { ':d': -1 },
                  },
                },
              ]
            : []),
        ],
      }),
    );
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    const now = await getOne(departmentId, true);
    if (!now) throw notFound();
    throw refusal(now) ?? stale(now);
  }
}

// ---- members --------------------------------------------------------------------------------------------------
async function departmentAndProfile(
  departmentId: string,
  userId: string,
): Promise<{ dept: DepartmentRecord; profile: Raw }> {
  const res = await db().send(
    new BatchGetCommand({
      RequestItems: { [T()]: { Keys: [departmentKey(departmentId), profileKey(userId)], ConsistentRead: true } },
    }),
  );
  const rows = res.Responses?.[T()] ?? [];
  const deptRow = rows.find((r) => r.SK === 'DEPT');
  if (!isDepartmentRow(deptRow)) throw notFound();
  const profile = rows.find((r) => r.SK === 'PROFILE');
  if (!profile) throw new NotFoundError('There is no such person in the portal.');
  return { dept: departmentFromRow(deptRow!), profile };
}

const idsOf = (profile: Raw): string[] =>
  Array.isArray(profile.departmentIds) ? (profile.departmentIds as string[]) : [];
const changedMeanwhile = () =>
  new ConflictError("This person's departments changed meanwhile. Reload, then try again.");

export async function addMember(departmentId: string, userId: string): Promise<MembershipAnswer> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const { profile } = await departmentAndProfile(departmentId, userId);
    if (profile.role === 'extranet')
      throw new UnprocessableError('External partners are not placed in departments.', [
        { path: 'userId', reason: 'an external partner' },
      ]);
    const ids = idsOf(profile);
    if (ids.includes(departmentId)) return { userId, departmentIds: ids };
    if (ids.length >= DEPARTMENT_LIMITS.perPerson)
      throw new UnprocessableError(`A person can be in at most ${DEPARTMENT_LIMITS.perPerson} departments.`, [
        { path: 'userId', reason: `already in ${DEPARTMENT_LIMITS.perPerson} departments` },
      ]);
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: T(),
                Key: profileKey(userId),
                UpdateExpression:
                  'SET departmentIds = list_append(if_not_exists(departmentIds, :empty), :add), updatedAt = :now',
                ConditionExpression:
                  'attribute_exists(PK) AND NOT contains(departmentIds, :id) AND (attribute_not_exists(departmentIds) OR size(departmentIds) < :max)',
                ExpressionAttributeValues: {
                  ':empty': [],
                  ':add': [departmentId],
                  ':id': departmentId,
                  ':max': DEPARTMENT_LIMITS.perPerson,
                  ':now': new Date().toISOString(),
                },
              },
            },
            { Update: memberCountUpdate(departmentId, 1) },
          ],
        }),
      );
      return { userId, departmentIds: [...ids, departmentId] };
    } catch (e) {
      if (!isConditionFailure(e)) throw e; // a concurrent change: read again and decide again
    }
  }
  throw changedMeanwhile();
}

export async function removeMember(departmentId: string, userId: string): Promise<MembershipAnswer> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const { profile } = await departmentAndProfile(departmentId, userId);
    const ids = idsOf(profile);
    const at = ids.indexOf(departmentId);
    if (at < 0) return { userId, departmentIds: ids };
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: T(),
                Key: profileKey(userId),
                UpdateExpression: `REMOVE departmentIds[${at}] SET updatedAt = :now`,
                ConditionExpression: `departmentIds[${at}] = :id`,
                ExpressionAttributeValues: { ':id': departmentId, ':now': new Date().toISOString() },
              },
            },
            { Update: memberCountUpdate(departmentId, -1) },
          ],
        }),
      );
      return { userId, departmentIds: ids.filter((id) => id !== departmentId) };
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
  }
  throw changedMeanwhile();
}
