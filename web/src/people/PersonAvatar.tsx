import { Avatar, type AvatarProps } from '@mantine/core';
import { initialsOf } from './api';

/** A person's thumbnail, or their initials on a colour derived from their id. Names are text, never HTML. */
export function PersonAvatar({
  firstName,
  lastName,
  email,
  userId,
  src,
  alt,
  ...rest
}: { firstName: string; lastName: string; email?: string; userId: string; src?: string | null; alt: string } & Omit<
  AvatarProps,
  'src' | 'alt'
>) {
  const colors = ['indigo', 'teal', 'grape', 'orange', 'cyan', 'pink', 'lime', 'blue'];
  let h = 0;
  for (const c of userId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return (
    <Avatar src={src ?? null} alt={alt} radius={9999} color={colors[h % colors.length]} variant="light" {...rest}>
      {initialsOf(firstName, lastName, email)}
    </Avatar>
  );
}
