/**
 * The pure parts of the new notification emitters: which stream records they act on (a new drive share, an
 * invitation turning accepted), where a share's notification leads, and which task status changes are the
 * control steps the responsible person hears in their own words.
 */
import { newShares, sharedItemLink } from '../../../functions/drive/share-events';
import { acceptedInvitations } from '../../../functions/invitations/accept-events';
import { controlStep } from '../../../functions/tasks/events';
import type { StreamChange } from '../../../shared/runtime/feature-handler';

const change = (
  eventName: StreamChange['eventName'],
  newImage?: Record<string, unknown>,
  oldImage?: Record<string, unknown>,
): StreamChange => ({ eventName, entity: 'x', newImage, oldImage });

const share = { principalType: 'user', principalId: 'u2', nodeId: 'N1', right: 'read', sharedBy: 'u1', sharedAt: 't' };

describe('drive share events', () => {
  it('act on a new share only: not a changed right, not a removal, not a malformed row', () => {
    expect(
      newShares([
        change('INSERT', share),
        change('MODIFY', { ...share, right: 'edit' }, share),
        change('REMOVE', undefined, share),
        change('INSERT', { ...share, principalType: 'group' }),
        change('INSERT', { ...share, sharedBy: undefined }),
        change('INSERT', { ...share, principalType: 'department', principalId: 'D1' }),
      ]).map((s) => `${s.principalType}:${s.principalId}`),
    ).toEqual(['user:u2', 'department:D1']);
  });

  it('lead to the folder, the document editor, or the file in "Shared with me"', () => {
    expect(sharedItemLink('folder', 'N1')).toBe('/drive/folder/N1');
    expect(sharedItemLink('document', 'N2')).toBe('/drive/documents/N2');
    expect(sharedItemLink('file', 'N3')).toBe('/drive/shared?open=N3');
  });
});

describe('invitation events', () => {
  const pending = { email: 'a@x', status: 'pending', invitedBy: 'admin' };
  const accepted = { ...pending, status: 'accepted', acceptedBy: 'new', acceptedAt: '2026-12-06T10:00:00Z' };
  it('act on the change to accepted, once', () => {
    expect(acceptedInvitations([change('MODIFY', accepted, pending)])).toEqual([accepted]);
    expect(acceptedInvitations([change('MODIFY', { ...accepted, updatedAt: 'later' }, accepted)])).toEqual([]);
    expect(acceptedInvitations([change('MODIFY', { ...pending, status: 'revoked' }, pending)])).toEqual([]);
  });
});

describe('task control steps', () => {
  it('accepted and returned only from awaiting control', () => {
    expect(controlStep('awaiting_control', 'completed')).toBe('task.accepted');
    expect(controlStep('awaiting_control', 'in_progress')).toBe('task.returned');
    expect(controlStep('in_progress', 'completed')).toBeNull();
    expect(controlStep('pending', 'in_progress')).toBeNull();
  });
});
