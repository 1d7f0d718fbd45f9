/** The messenger's pieces in the portal frame: the live bridge (one per layout) and the unread badge in the navigation. */
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useUnread } from './api';
import { useMessengerLive } from './useMessengerLive';

export function MessengerLive({ me }: { me: string }) {
  useMessengerLive(me);
  return null;
}

export function MessengerNavBadge() {
  const { t } = useTranslation();
  const unread = useUnread();
  const total = unread.data?.total ?? 0;
  if (total <= 0) return null;
  return (
    <Badge
      size="sm"
      color="red"
      variant="filled"
      circle={total < 10}
      data-testid="nav-messenger-unread"
      aria-label={t('messenger.list.unreadAria', { count: total })}
    >
      {total > 99 ? '99+' : total}
    </Badge>
  );
}
