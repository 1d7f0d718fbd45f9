/** Who sees what: roles × the departmentVisibility setting × the head's subtree; extranet never reaches CRM routes. */
import { crmFeature } from '../../../functions/crm/routes';
import { accessDecision, userFromClaims } from '../../../shared/auth/claims';
import {
  canSee,
  computeVisibleDepts,
  parseScope,
  scopeAllowed,
  scopeKeyOf,
  type DeptNode,
} from '../../../shared/crm/policy';

//   P (head h)          Z
//   ├── C
//   │   └── C2
//   └── D
const tree: DeptNode[] = [
  { departmentId: 'P', parentId: null, headUserId: 'h' },
  { departmentId: 'C', parentId: 'P', headUserId: null },
  { departmentId: 'C2', parentId: 'C', headUserId: null },
  { departmentId: 'D', parentId: 'P', headUserId: 'd' },
  { departmentId: 'Z', parentId: null, headUserId: null },
];
const vis = (userId: string, depts: string[], setting = true, isAdmin = false) => ({
  userId,
  isAdmin,
  visibleDepts: computeVisibleDepts(userId, depts, tree, setting),
});

describe('visible departments', () => {
  it('members see their departments when the setting is on, nothing of them when off', () => {
    expect([...computeVisibleDepts('s', ['C'], tree, true)]).toEqual(['C']);
    expect([...computeVisibleDepts('s', ['C', 'Z'], tree, true)].sort()).toEqual(['C', 'Z']);
    expect([...computeVisibleDepts('s', ['C'], tree, false)]).toEqual([]);
  });
  it('heads see their whole subtree whatever the setting', () => {
    expect([...computeVisibleDepts('h', [], tree, false)].sort()).toEqual(['C', 'C2', 'D', 'P']);
    expect([...computeVisibleDepts('d', ['D'], tree, false)]).toEqual(['D']);
    expect([...computeVisibleDepts('h', ['Z'], tree, true)].sort()).toEqual(['C', 'C2', 'D', 'P', 'Z']);
  });
});

describe('canSee a record', () => {
  const rec = { responsibleId: 's', deptId: 'C2' };
  it.each([
    ['the responsible', vis('s', ['C2']), true],
    ['a colleague (setting on)', vis('k', ['C2']), true],
    ['a colleague (setting off)', vis('k', ['C2'], false), false],
    ['the head of an ancestor department', vis('h', [], false), true],
    ['the head of a sibling department', vis('d', ['D']), false],
    ['another department', vis('o', ['Z']), false],
    ['an admin', { userId: 'a', isAdmin: true, visibleDepts: new Set<string>() }, true],
  ] as const)('%s → %s', (_who, v, expected) => {
    expect(canSee(v, rec)).toBe(expected);
  });
  it('a record without a department is seen by its responsible and admins only', () => {
    expect(canSee(vis('h', []), { responsibleId: 's' })).toBe(false);
    expect(canSee(vis('s', []), { responsibleId: 's' })).toBe(true);
  });
});

describe('list scopes', () => {
  it('mine always; dept:{d} when visible; user:{u} when u’s primary department is visible; all for admins only', () => {
    const k = vis('k', ['C']);
    expect(scopeAllowed(k, parseScope(undefined))).toBe(true);
    expect(scopeAllowed(k, parseScope('dept:C'))).toBe(true);
    expect(scopeAllowed(k, parseScope('dept:P'))).toBe(false);
    expect(scopeAllowed(k, parseScope('all'))).toBe(false);
    expect(scopeAllowed(k, parseScope('user:s'), { departmentIds: ['C', 'Z'] })).toBe(true);
    expect(scopeAllowed(k, parseScope('user:s'), { departmentIds: ['Z', 'C'] })).toBe(false);
    expect(scopeAllowed(k, parseScope('user:k'))).toBe(true);
    expect(scopeAllowed(vis('k', ['C'], false), parseScope('dept:C'))).toBe(false);
    expect(scopeAllowed(vis('h', []), parseScope('dept:C2'))).toBe(true);
    expect(scopeAllowed({ userId: 'a', isAdmin: true, visibleDepts: new Set() }, parseScope('all'))).toBe(true);
  });
  it('scope keys of the index rows', () => {
    expect(scopeKeyOf({ userId: 'me' }, parseScope('mine'))).toBe('U#me');
    expect(scopeKeyOf({ userId: 'me' }, parseScope('all'))).toBe('A');
    expect(scopeKeyOf({ userId: 'me' }, parseScope('dept:C'))).toBe('D#C');
    expect(scopeKeyOf({ userId: 'me' }, parseScope('user:s'))).toBe('U#s');
  });
  it('every CRM route is for employees (or admins): extranet and people without a role are refused by the pipeline', () => {
    const extranet = userFromClaims({ sub: 'x', 'cognito:groups': ['extranet'] });
    const noRole = userFromClaims({ sub: 'n', 'cognito:groups': [] });
    const employee = userFromClaims({ sub: 'e', 'cognito:groups': ['employee'] });
    for (const r of Object.values(crmFeature.http)) {
      expect(['employee', 'admin']).toContain(r.access);
      expect(accessDecision(r.access, extranet)).toBe('forbidden');
      expect(accessDecision(r.access, noRole)).toBe('forbidden');
      expect(accessDecision(r.access, null)).toBe('unauthenticated');
      expect(accessDecision(r.access, employee)).toBe(r.access === 'admin' ? 'forbidden' : 'allow');
    }
  });
});
