/** Avatars of chats and people in the messenger, with the presence dot; small formatting helpers. */
import { Avatar, Box, Tooltip } from '@mantine/core';
import { IconBriefcase, IconBuildingCommunity, IconUsers } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ChatKind, PersonRef } from '../../../shared/messenger/contract';
import { usePhotoUrl } from '../people/api';
import { PersonAvatar } from '../people/PersonAvatar';
import { formatRelative } from '../components/time';
import { useApi } from '../services';
import { usePresence } from './stores';

import { personName } from './person-name';

export { personName };

export function PresenceDot({ userId, withLabel = false }: { userId: string; withLabel?: boolean }) {
  const { t, i18n } = useTranslation();
  const p = usePresence(userId);
  const state = p?.state ?? 'offline';
  const label =
    state === 'offline' && p?.lastSeenAt
      ? t('messenger.presence.lastSeen', { when: formatRelative(p.lastSeenAt, i18n.language) })
      : t(`messenger.presence.${state}`);
  const dot = (
    <span
      className="presence-dot"
      data-state={state}
      data-testid="presence-dot"
      aria-label={withLabel ? undefined : label}
      role={withLabel ? undefined : 'img'}
    />
  );
  if (withLabel) {
    return (
      <span className="presence-line" data-testid="presence-label" data-state={state}>
        {dot}
        {label}
      </span>
    );
  }
  return (
    <Tooltip label={label} withArrow openDelay={300}>
      {dot}
    </Tooltip>
  );
}

export function PersonFace({
  person,
  size = 40,
  presence = false,
}: {
  person: PersonRef;
  size?: number;
  presence?: boolean;
}) {
  const { t } = useTranslation();
  const photo = usePhotoUrl(person.userId, 'thumb', person.hasPhoto);
  const name = personName(person, '?');
  return (
    <Box pos="relative" style={{ flex: 'none', width: size, height: size }}>
      <PersonAvatar
        size={size}
        userId={person.userId}
        firstName={person.firstName}
        lastName={person.lastName}
        src={photo.data?.url}
        alt={t('people.photo.alt', { name })}
      />
      {presence ? (
        <span className="presence-anchor">
          <PresenceDot userId={person.userId} />
        </span>
      ) : null}
    </Box>
  );
}

/** A group chat's picture (GET /chats/{id}/avatar; the picture id is in the key, so a new picture refetches). */
function GroupPicture({ chatId, avatar, size }: { chatId: string; avatar: string; size: number }) {
  const api = useApi();
  const url = useQuery({
    queryKey: ['messenger', 'avatar', chatId, avatar],
    queryFn: ({ signal }) => api.messenger.getAvatar({ params: { chatId }, signal }),
    staleTime: 4 * 60_000,
  });
  return (
    <Avatar
      size={size}
      radius={9999}
      src={url.data?.url ?? null}
      aria-hidden="true"
      data-testid="chat-picture"
      data-avatar={avatar}
    />
  );
}

export function ChatAvatar({
  kind,
  title,
  peer,
  size = 44,
  chatId,
  avatar,
}: {
  kind: ChatKind;
  title: string;
  peer?: PersonRef;
  size?: number;
  chatId?: string;
  avatar?: string | null;
}) {
  if (kind === 'direct' && peer) return <PersonFace person={peer} size={size} presence />;
  if (kind === 'group' && chatId && avatar) return <GroupPicture chatId={chatId} avatar={avatar} size={size} />;
  if (kind === 'general') {
    return (
      <Avatar size={size} radius={9999} color="indigo" variant="filled" aria-hidden="true">
        <IconBuildingCommunity size={size * 0.5} stroke={1.6} />
      </Avatar>
    );
  }
  if (kind === 'workgroup') {
    return (
      <Avatar size={size} radius="md" color="grape" variant="light" aria-hidden="true" data-testid="workgroup-avatar">
        <IconBriefcase size={size * 0.5} stroke={1.6} />
      </Avatar>
    );
  }
  const initials = title
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w.charAt(0).toUpperCase())
    .join('');
  return (
    <Avatar size={size} radius={9999} color="teal" variant="light" aria-hidden="true">
      {initials || <IconUsers size={size * 0.5} stroke={1.6} />}
    </Avatar>
  );
}

/** "14:05" today, "Tue" this week, "12 Mar" before; in the interface language. */
export function shortWhen(iso: string, lng: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const sameDay = d.toDateString() === now.toDateString();
  if (sameDay) return new Intl.DateTimeFormat(lng, { hour: '2-digit', minute: '2-digit' }).format(d);
  const days = (now.getTime() - d.getTime()) / 86_400_000;
  if (days < 6) return new Intl.DateTimeFormat(lng, { weekday: 'short' }).format(d);
  return new Intl.DateTimeFormat(lng, {
    day: 'numeric',
    month: 'short',
    ...(d.getFullYear() !== now.getFullYear() ? { year: 'numeric' } : {}),
  }).format(d);
}

export function clockTime(iso: string, lng: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? ''
    : new Intl.DateTimeFormat(lng, { hour: '2-digit', minute: '2-digit' }).format(d);
}

export function dayLabel(
  iso: string,
  lng: string,
  t: (k: 'messenger.day.today' | 'messenger.day.yesterday') => string,
  now = new Date(),
): string {
  const d = new Date(iso);
  if (d.toDateString() === now.toDateString()) return t('messenger.day.today');
  const y = new Date(now);
  y.setDate(y.getDate() - 1);
  if (d.toDateString() === y.toDateString()) return t('messenger.day.yesterday');
  return new Intl.DateTimeFormat(lng, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(d.getFullYear() !== now.getFullYear() ? { year: 'numeric' } : {}),
  }).format(d);
}

export function fileSize(bytes: number, lng: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${new Intl.NumberFormat(lng, { maximumFractionDigits: i === 0 ? 0 : 1 }).format(v)} ${units[i]}`;
}
