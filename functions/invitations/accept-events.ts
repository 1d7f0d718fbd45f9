/**
 * "Your invitation was accepted": when an invitation turns `accepted` (the new person's profile is made in the
 * same transaction, functions/invitations/invitation-service.ts accept()), the person who invited them gets
 * `invitation.accepted` with the newcomer's name. Read from the table's stream, not the public accept request.
 * Per batch: ONE BatchGet of the newcomers' profiles.
 *
 * Order and duplicates: relies on no order (each record is judged on its own old and new images: only the
 * change from another status to `accepted` counts, and an invitation is accepted once). The dedupe key
 * `invitation.accepted:{acceptedBy}:{inviter}` makes a record delivered twice ring the bell once.
 */
import { batchGet, findByKey } from '../../shared/data';
import { notify } from '../../shared/notifications/notify';
import type { StreamChange } from '../../shared/runtime/feature-handler';

interface InvitationImage {
  email: string;
  status: string;
  invitedBy: string;
  acceptedBy?: string;
  acceptedAt?: string;
}

const profileKey = (userId: string) => ({ PK: `USER#${userId}`, SK: 'PROFILE' });

/** The invitations a batch accepted (pure: unit-tested). */
export function acceptedInvitations(changes: StreamChange[]): Required<InvitationImage>[] {
  return changes
    .filter((c) => c.eventName === 'MODIFY' || c.eventName === 'INSERT')
    .filter((c) => c.newImage?.status === 'accepted' && c.oldImage?.status !== 'accepted')
    .map((c) => c.newImage as unknown as InvitationImage)
    .filter((i): i is Required<InvitationImage> => !!i.acceptedBy && !!i.invitedBy && !!i.acceptedAt);
}

export async function acceptEvents(changes: StreamChange[]): Promise<void> {
  const accepted = acceptedInvitations(changes).filter((i) => i.invitedBy !== i.acceptedBy);
  if (!accepted.length) return;
  const rows = await batchGet(accepted.map((i) => profileKey(i.acceptedBy)));
  await Promise.all(
    accepted.map((i) => {
      const p = findByKey(rows, profileKey(i.acceptedBy));
      const name = p ? `${String(p.firstName ?? '')} ${String(p.lastName ?? '')}`.trim() : '';
      return notify(i.invitedBy, {
        kind: 'invitation.accepted',
        actorId: i.acceptedBy,
        params: { actorName: name },
        link: '/company/employees',
        at: new Date(i.acceptedAt),
        dedupeKey: `invitation.accepted:${i.acceptedBy}:${i.invitedBy}`,
      });
    }),
  );
}
