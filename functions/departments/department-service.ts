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
import { monotonicFactory } from 'ulid';
import {
  batchGet,
  failedConditions,
  isConditionFailure,
  queryAll,
  transaction,
  type EntityItem,
} from '../../shared/data';
import { AppError, ConflictError, NotFoundError, UnprocessableError } from '../../shared/http/errors';
import { Profiles, searchKey } from '../../shared/people/profile-entity';
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
  Departments,
  departmentFromRow,
  departmentKey,
  departmentView,
  isDepartmentRow,
  memberCountWrite,
  type DepartmentRecord,
} from '../../shared/departments/department-entity';

export const newId = monotonicFactory();
const profileKey = (userId: string) => ({ PK: `USER#${userId}`, SK: 'PROFILE' });
type ProfileItem = EntityItem<typeof Profiles>;
const nameKeyOf = (name: string) => (searchKey(name) || '~').replace(/#/g, ' ');

// ---- reads ------------------------------------------------------------------------------------------------
/** The whole tree: one GSI1 Query (a further page only past 1 MB, i.e. thousands of departments). */
export async function loadAll(): Promise<DepartmentRecord[]> {
  const rows = await queryAll({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': DEPARTMENTS_PK },
  });
  return rows.filter(isDepartmentRow).map(departmentFromRow);
}

export async function listDepartments(): Promise<{ items: DepartmentView[] }> {
  return { items: (await loadAll()).map(departmentView) };
}

async function getOne(departmentId: string, consistent = false): Promise<DepartmentRecord | null> {
  const { data } = await Departments.get({ departmentId }).go({ consistent });
  return data;
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
    const tx = transaction().add(Departments.create(d));
    if (parentId) tx.add(Departments.patch({ departmentId: parentId }).add({ childCount: 1 }));
    await tx.commit();
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

  const changes = Departments.patch({ departmentId }).set({
    name: next.name,
    nameKey: next.nameKey,
    updatedAt: now,
    version: next.version,
    ...(moving && newParent ? { parentId: newParent } : {}),
  });
  const tx = transaction().add(
    (moving && !newParent ? changes.remove(['parentId']) : changes).where((a, o) => o.eq(a.version, current.version)),
  );
  if (moving) {
    if (oldParent) tx.add(Departments.patch({ departmentId: oldParent }).add({ childCount: -1 }));
    chain.forEach((ancestorId, i) => {
      const version = byId.get(ancestorId)!.version;
      // The new parent counts one more child; every further ancestor only must not have moved meanwhile.
      if (i === 0)
        tx.add(
          Departments.patch({ departmentId: ancestorId })
            .add({ childCount: 1 })
            .where((a, o) => o.eq(a.version, version)),
        );
      else
        tx.check(
          Departments.patch({ departmentId: ancestorId })
            .set({})
            .where((a, o) => o.eq(a.version, version)),
        );
    });
  }
  try {
    await tx.commit();
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    const failed = failedConditions(e);
    if (failed.length === 0 || failed[0]?.index === 0) throw stale(await getOne(departmentId, true));
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
  const rows = await batchGet(keys, { consistentRead: true });
  const deptRow = rows.find((r) => r.SK === 'DEPT');
  if (!isDepartmentRow(deptRow)) throw notFound();
  const current = departmentFromRow(deptRow);
  if (current.version !== version) throw stale(current);
  let headName: string | undefined;
  if (userId) {
    const p = profileFromRows(rows);
    if (!p || p.status !== 'active' || p.role === 'extranet')
      throw new UnprocessableError('The head must be an active employee of the portal.', [
        { path: 'userId', reason: 'no such active employee' },
      ]);
    headName = `${p.firstName ?? ''} ${p.lastName ?? ''}`.trim();
  }
  const now = new Date().toISOString();
  const next: DepartmentRecord = { ...current, updatedAt: now, version: current.version + 1 };
  if (userId) Object.assign(next, { headUserId: userId, headName });
  else {
    delete next.headUserId;
    delete next.headName;
  }
  try {
    const head = Departments.patch({ departmentId });
    await (
      userId && headName !== undefined
        ? head.set({ headUserId: userId, headName, updatedAt: now, version: next.version })
        : head.set({ updatedAt: now, version: next.version }).remove(['headUserId', 'headName'])
    )
      .where((a, o) => o.eq(a.version, version))
      .go();
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
    const tx = transaction().add(
      Departments.delete({ departmentId }).where(
        (a, o) =>
          `${o.eq(a.version, version)} AND (${o.notExists(a.childCount)} OR ${o.eq(a.childCount, 0)}) AND (${o.notExists(a.memberCount)} OR ${o.eq(a.memberCount, 0)})`,
      ),
    );
    if (current.parentId) tx.add(Departments.patch({ departmentId: current.parentId }).add({ childCount: -1 }));
    await tx.commit();
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    const now = await getOne(departmentId, true);
    if (!now) throw notFound();
    throw refusal(now) ?? stale(now);
  }
}

// ---- members --------------------------------------------------------------------------------------------------
/** The profile among a batchGet's rows, parsed by its entity. */
function profileFromRows(rows: Record<string, unknown>[]): ProfileItem | null {
  const row = rows.find((r) => r.SK === 'PROFILE' && r.__edb_e__ === Profiles.schema.model.entity);
  return row ? Profiles.parse({ Item: row }).data : null;
}

async function departmentAndProfile(
  departmentId: string,
  userId: string,
): Promise<{ dept: DepartmentRecord; profile: ProfileItem }> {
  const rows = await batchGet([departmentKey(departmentId), profileKey(userId)], { consistentRead: true });
  const deptRow = rows.find((r) => r.SK === 'DEPT');
  if (!isDepartmentRow(deptRow)) throw notFound();
  const profile = profileFromRows(rows);
  if (!profile) throw new NotFoundError('There is no such person in the portal.');
  return { dept: departmentFromRow(deptRow), profile };
}

const idsOf = (profile: ProfileItem): string[] => profile.departmentIds ?? [];
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
      await transaction()
        .add(
          Profiles.patch({ userId })
            .append({ departmentIds: [departmentId] })
            .set({ updatedAt: new Date().toISOString() })
            .where((a, o) => {
              // "fewer than the limit": the list has no element at index limit - 1 (or no list at all).
              const full = a.departmentIds[DEPARTMENT_LIMITS.perPerson - 1];
              const notFull = full ? o.notExists(full) : 'attribute_not_exists(nothing)';
              return `NOT ${o.contains(a.departmentIds, departmentId)} AND ${notFull}`;
            }),
          memberCountWrite(departmentId, 1),
        )
        .commit();
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
      await transaction()
        .add(
          Profiles.patch({ userId })
            .data((a, o) => {
              o.remove(a.departmentIds[at]);
              o.set(a.updatedAt, new Date().toISOString());
            })
            .where((a, o) => {
              const slot = a.departmentIds[at];
              return slot ? o.eq(slot, departmentId) : 'attribute_exists(nothing)';
            }),
          memberCountWrite(departmentId, -1),
        )
        .commit();
      return { userId, departmentIds: ids.filter((id) => id !== departmentId) };
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
  }
  throw changedMeanwhile();
}
