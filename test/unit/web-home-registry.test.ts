/**
 * Home's widget registry: who sees which widget, in which order — the real registry (every module's line) and a
 * made-up one that exercises visibility rules (employees only, admins only) and ordering.
 */
import { lazy } from 'react';
import type { Me } from '../../shared/api/shell-views';
import { HOME_WIDGETS, isEmployee, widgetsFor, type HomeWidget } from '../../web/src/home/registry';

const person = (groups: string[]): Me => ({
  sub: 'u1',
  email: 'u1@example.com',
  groups,
  name: 'Ana Pop',
  firstName: 'Ana',
  lastName: 'Pop',
  hasPhoto: false,
  photoUrl: null,
  companyName: 'Acme',
  preferences: { language: 'en', timeZone: 'Europe/Bucharest', version: 1, updatedAt: null },
});
const never = lazy(() => new Promise<{ default: () => null }>(() => undefined));
const widget = (id: string, order: number, visibleTo?: HomeWidget['visibleTo']): HomeWidget => ({
  id,
  order,
  Component: never,
  ...(visibleTo ? { visibleTo } : {}),
});

describe('widgetsFor', () => {
  const all = [
    widget('crm', 30, isEmployee),
    widget('tasks', 10),
    widget('admin-only', 20, (me) => me.groups.includes('admin')),
    widget('chats', 5),
  ];

  it('orders by `order`, whatever the order of the lines', () => {
    expect(widgetsFor(person(['admin']), all).map((w) => w.id)).toEqual(['chats', 'tasks', 'admin-only', 'crm']);
  });

  it('leaves out what a person may not see: an extranet partner gets no employee widget', () => {
    expect(widgetsFor(person(['employee']), all).map((w) => w.id)).toEqual(['chats', 'tasks', 'crm']);
    expect(widgetsFor(person(['extranet']), all).map((w) => w.id)).toEqual(['chats', 'tasks']);
  });

  it('the registry: ids are unique (they are the cards’ test ids) and My tasks is there for everyone', () => {
    const ids = HOME_WIDGETS.map((w) => w.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const groups of [['employee'], ['admin'], ['extranet']])
      expect(widgetsFor(person(groups)).map((w) => w.id)).toContain('tasks');
  });
});
