/**
 * Mantine's notifications container, fetched when the first notification is shown: `notifications.show()`
 * only needs the small store, so the sign-in page does not download the container (its transitions and
 * portal) until it has something to say. Once mounted it stays, for the exit transitions.
 */
import { notificationsStore, useNotifications } from '@mantine/notifications';
import { lazy, Suspense, useState } from 'react';

const POSITION = 'top-right';
const LIMIT = 4;

// What the container sets when it mounts, set up front so notifications shown before then are placed the same.
notificationsStore.updateState((state) => ({ ...state, limit: LIMIT, defaultPosition: POSITION }));

const Notifications = lazy(() => import('./NotificationsContainer').then((m) => ({ default: m.Notifications })));

export function NotificationsHost() {
  const { notifications, queue } = useNotifications();
  const [needed, setNeeded] = useState(false);
  if (!needed && notifications.length + queue.length > 0) setNeeded(true);
  if (!needed) return null;
  return (
    <Suspense fallback={null}>
      <Notifications position={POSITION} limit={LIMIT} zIndex={1000} />
    </Suspense>
  );
}
