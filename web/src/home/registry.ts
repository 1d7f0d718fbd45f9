/**
 * Home's widget registry: each module registers the widgets it puts on a person's Home here, one line each
 * (calendar, feed and work time add theirs as they land). Home renders the visible ones in `order`.
 *
 * A widget is one request (one TanStack query through the typed client), shows a skeleton while loading and a
 * useful empty state (`WidgetCard` does all three), is translated (en/ro) and works at 375 px.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Me } from '../../../shared/api/shell-views';

export interface HomeWidget {
  /** Stable id; also the card's data-testid (`home-widget-{id}`). */
  id: string;
  /** Lower comes first. */
  order: number;
  /** Who sees it (e.g. CRM widgets are for employees, not extranet partners). Default: everyone signed in. */
  visibleTo?: (me: Me) => boolean;
  /** Lazy, so a module's widget code loads only with Home, not with the shell. */
  Component: LazyExoticComponent<ComponentType>;
}

/** Employees and admins (not extranet partners): the same rule as shared/auth/claims.ts. */
export const isEmployee = (me: Me) => me.groups.includes('employee') || me.groups.includes('admin');

export const HOME_WIDGETS: readonly HomeWidget[] = [
  // Each module adds one line here; the widget itself lives in the module's folder.
  { id: 'tasks', order: 10, Component: lazy(() => import('../tasks/home-widget')) },
  { id: 'unread-chats', order: 20, Component: lazy(() => import('../messenger/home-widget')) },
  { id: 'new-colleagues', order: 50, visibleTo: isEmployee, Component: lazy(() => import('../people/home-widget')) },
  { id: 'crm', order: 30, visibleTo: isEmployee, Component: lazy(() => import('../crm/home-widget')) },
  { id: 'drive', order: 40, Component: lazy(() => import('../drive/home-widget')) },
  { id: 'calendar', order: 15, Component: lazy(() => import('../calendar/CalendarHomeWidget')) },
];

/** The widgets this person sees, in order. */
export function widgetsFor(me: Me, all: readonly HomeWidget[] = HOME_WIDGETS): HomeWidget[] {
  return all.filter((w) => (w.visibleTo ? w.visibleTo(me) : true)).sort((a, b) => a.order - b.order);
}
