/**
 * The bell in the header: unread count (GET /notifications/unread-count), the notifications in a popover
 * (GET /notifications), grouped by day (Today, Yesterday, then dates in the person's language and zone) with
 * infinite scroll (the next cursor page loads when the end of the list comes into view; the same end is a
 * "Show older" button for the keyboard), mark one read when opened and all read on request, and a link to the
 * settings (profile → Notifications). The `notification` and `notifications.read` frames keep every tab's badge
 * and list current.
 */
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Indicator,
  Loader,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { IconBell, IconChecks, IconSettings } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { Fragment, useContext, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { NotificationFrame, NotificationsPage, UnreadCountView } from '../../../shared/notifications/contract';
import { LIMITS } from '../../../shared/notifications/contract';
import { InviteActions, isCalendarInvite } from '../calendar/InviteActions';
import { displayTimeZone, formatRelative } from '../components/time';
import { groupByDay } from '../notifications/day-groups';
import { NotificationText } from '../notifications/NotificationText';
import { LiveContext, useApi } from '../services';
import './messenger.css';

const keys = {
  count: ['notifications', 'count'] as const,
  list: ['notifications', 'list'] as const,
};

type ListData = InfiniteData<NotificationsPage, string>;

function markLocally(qc: ReturnType<typeof useQueryClient>, ids: string[] | 'all', unread: number) {
  qc.setQueryData<UnreadCountView>(keys.count, { unread });
  const now = new Date().toISOString();
  qc.setQueryData<ListData>(keys.list, (old) =>
    old
      ? {
          ...old,
          pages: old.pages.map((p) => ({
            ...p,
            items: p.items.map((n) =>
              !n.readAt && (ids === 'all' || ids.includes(n.notificationId)) ? { ...n, readAt: now } : n,
            ),
          })),
        }
      : old,
  );
}

/** `header`: the icon with its count; `nav`: a labelled button (the phone drawer, where the header has no room). */
export function NotificationsBell({ variant = 'header' }: { variant?: 'header' | 'nav' }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const live = useContext(LiveContext);
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const count = useQuery({
    queryKey: keys.count,
    queryFn: ({ signal }) => api.notifications.unreadCount({ signal }),
    staleTime: 60_000,
    retry: 1,
  });
  const list = useInfiniteQuery({
    queryKey: keys.list,
    queryFn: ({ pageParam, signal }) => {
      return api.notifications.list({ query: { limit: LIMITS.pageSize, cursor: pageParam }, signal });
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.cursor ?? undefined,
    enabled: open,
    staleTime: 30_000,
  });
  const markRead = useMutation({
    mutationFn: (ids: string[] | 'all') =>
      api.notifications.markRead({ body: ids === 'all' ? { all: true } : { ids } }),
    onSuccess: (r, ids) => markLocally(qc, ids, r.unread),
  });

  useEffect(() => {
    if (!live) return;
    return live.onFrame((raw) => {
      if (raw.type !== 'notification' && raw.type !== 'notifications.read') return;
      const f = raw as unknown as NotificationFrame;
      if (f.type === 'notification') {
        qc.setQueryData<UnreadCountView>(keys.count, { unread: f.unread });
        qc.setQueryData<ListData>(keys.list, (old) =>
          old && !old.pages.some((p) => p.items.some((n) => n.notificationId === f.notification.notificationId))
            ? { ...old, pages: old.pages.map((p, i) => (i === 0 ? { ...p, items: [f.notification, ...p.items] } : p)) }
            : old,
        );
      } else markLocally(qc, f.ids, f.unread);
    });
  }, [live, qc]);
  // reconnect: counts may have moved while the socket was down
  useEffect(() => {
    if (!live) return;
    let was = live.getSnapshot().status === 'live';
    const off = live.subscribe(() => {
      const is = live.getSnapshot().status === 'live';
      if (is && !was) void qc.invalidateQueries({ queryKey: ['notifications'] });
      was = is;
    });
    return () => {
      off();
    };
  }, [live, qc]);

  const unread = count.data?.unread ?? 0;
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const days = groupByDay(items, { lang: i18n.language, timeZone: displayTimeZone() });

  // Infinite scroll: the end of the list coming into view (inside the popover's scroll area) loads the next page.
  const viewport = useRef<HTMLDivElement>(null);
  const [end, setEnd] = useState<HTMLElement | null>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  useEffect(() => {
    if (!end || !hasNextPage || isFetchingNextPage || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) void fetchNextPage();
      },
      { root: viewport.current, rootMargin: '0px 0px 80px 0px' },
    );
    observer.observe(end);
    return () => observer.disconnect();
  }, [end, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const popover = (
    <Popover opened={open} onChange={setOpen} position="bottom-end" width={360} shadow="md" withArrow trapFocus>
      <Popover.Target>
        {variant === 'nav' ? (
          <Button
            variant="subtle"
            color="gray"
            fullWidth
            justify="flex-start"
            leftSection={<IconBell size={18} stroke={1.6} aria-hidden="true" />}
            rightSection={
              unread > 0 ? (
                <Badge size="sm" color="red" variant="filled">
                  {unread > 99 ? '99+' : unread}
                </Badge>
              ) : null
            }
            onClick={() => setOpen((o) => !o)}
            aria-haspopup="dialog"
            aria-expanded={open}
            data-testid="bell-nav"
          >
            {t('messenger.bell.title')}
          </Button>
        ) : (
          <ActionIcon
            variant="subtle"
            size="lg"
            onClick={() => setOpen((o) => !o)}
            aria-label={unread > 0 ? t('messenger.bell.labelUnread', { count: unread }) : t('messenger.bell.label')}
            aria-haspopup="dialog"
            aria-expanded={open}
            data-testid="bell"
          >
            <IconBell size={20} stroke={1.6} />
          </ActionIcon>
        )}
      </Popover.Target>
      <Popover.Dropdown p={0} data-testid="bell-popover" maw="calc(100vw - 16px)">
        <Group justify="space-between" p="sm" pb={6} gap={4} wrap="nowrap">
          <Text fw={700} size="sm">
            {t('messenger.bell.title')}
          </Text>
          <Group gap={2} wrap="nowrap">
            <Button
              size="compact-xs"
              variant="subtle"
              leftSection={<IconChecks size={14} aria-hidden="true" />}
              onClick={() => markRead.mutate('all')}
              loading={markRead.isPending}
              disabled={unread === 0}
              data-testid="bell-read-all"
            >
              {t('messenger.bell.readAll')}
            </Button>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              aria-label={t('notifications.settingsLink')}
              title={t('notifications.settingsLink')}
              onClick={() => {
                setOpen(false);
                void navigate('/profile#notifications');
              }}
              data-testid="bell-settings"
            >
              <IconSettings size={16} stroke={1.6} />
            </ActionIcon>
          </Group>
        </Group>
        <ScrollArea.Autosize mah={420} type="auto" viewportRef={viewport} data-testid="bell-scroll">
          {list.isPending ? (
            <Group justify="center" p="md">
              <Loader size="sm" />
            </Group>
          ) : items.length === 0 ? (
            <Text c="dimmed" size="sm" p="md" ta="center">
              {t('messenger.bell.empty')}
            </Text>
          ) : (
            <Stack gap={0} pb={4}>
              {days.map((d) => (
                <section key={d.day} aria-labelledby={`bell-day-${d.day}`} data-testid="bell-day">
                  <Text
                    id={`bell-day-${d.day}`}
                    className="bell-day"
                    size="xs"
                    fw={700}
                    c="dimmed"
                    tt="uppercase"
                    px="sm"
                    pt={8}
                    pb={2}
                  >
                    {d.label.kind === 'date' ? d.label.text : t(`notifications.${d.label.kind}`)}
                  </Text>
                  {d.items.map((n) => (
                    <Fragment key={n.notificationId}>
                      <UnstyledButton
                        className="bell-item"
                        data-unread={!n.readAt || undefined}
                        data-testid="bell-item"
                        onClick={() => {
                          if (!n.readAt) markRead.mutate([n.notificationId]);
                          setOpen(false);
                          if (n.link.startsWith('/')) void navigate(n.link);
                        }}
                      >
                        <Group gap={8} wrap="nowrap" align="flex-start">
                          <span className="bell-dot" aria-hidden="true" />
                          <div style={{ minWidth: 0, flex: 1 }}>
                            <NotificationText n={n} />
                            <Text size="xs" c="dimmed">
                              {formatRelative(n.createdAt, i18n.language)}
                            </Text>
                          </div>
                          {!n.readAt ? (
                            <Badge size="xs" variant="light">
                              {t('messenger.bell.new')}
                            </Badge>
                          ) : null}
                        </Group>
                      </UnstyledButton>
                      {isCalendarInvite(n) ? (
                        <InviteActions
                          n={n}
                          onAnswered={() => {
                            if (!n.readAt) markRead.mutate([n.notificationId]);
                          }}
                        />
                      ) : null}
                    </Fragment>
                  ))}
                </section>
              ))}
              {hasNextPage ? (
                <Button
                  ref={setEnd}
                  variant="subtle"
                  size="xs"
                  m="xs"
                  onClick={() => void fetchNextPage()}
                  loading={isFetchingNextPage}
                  loaderProps={{ 'aria-label': t('notifications.loadingOlder') }}
                  data-testid="bell-more"
                >
                  {t('notifications.loadOlder')}
                </Button>
              ) : items.length > LIMITS.pageSize ? (
                <Text size="xs" c="dimmed" ta="center" p="xs">
                  {t('notifications.end')}
                </Text>
              ) : null}
            </Stack>
          )}
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
  if (variant === 'nav') return popover;
  // The count wraps the whole popover, not just its target: a target gets aria-haspopup/aria-expanded, which a
  // plain div may not carry (axe aria-allowed-attr); the button has them itself.
  return (
    <Indicator
      label={unread > 99 ? '99+' : unread}
      size={16}
      color="red"
      disabled={unread === 0}
      offset={4}
      data-testid="bell-count"
      data-count={unread}
    >
      {popover}
    </Indicator>
  );
}
