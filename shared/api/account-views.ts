/**
 * Answers of the account routes (registration, passwords, invitations), which keep their schemas in their
 * routes.ts files and have no contract file of their own.
 */
export interface PortalInfo {
  exists: boolean;
  name?: string;
  portalName?: string;
  selfRegistration: 'open' | 'closed' | 'domains';
}

export type RegistrationStage = 'email' | 'company' | 'join' | 'done' | 'none' | 'invitation';

export interface RegistrationStatus {
  stage: RegistrationStage;
  email: string;
}

/** POST /registration/confirm/check: `valid` with the address, or why the link is dead. */
export interface ConfirmLinkCheck {
  state: string;
  email?: string;
}

/** POST /registration/confirm: the new account, signed in. */
export interface ConfirmAnswer {
  email: string;
  tokens: { idToken: string; accessToken: string; refreshToken: string; expiresIn: number };
}

export type ResetLinkState = 'valid' | 'expired' | 'used' | 'unknown';

export type InvitableRole = 'employee' | 'extranet';
export type InvitationState = 'pending' | 'accepted' | 'revoked' | 'expired';
export type InvitationLinkState = 'valid' | 'expired' | 'used' | 'revoked' | 'unknown';

export interface InvitationRow {
  email: string;
  status: 'pending' | 'accepted' | 'revoked';
  state: InvitationState;
  role: InvitableRole;
  createdAt: string;
  linkExpiresAt: number;
}

export interface InvitationPage {
  items: InvitationRow[];
  cursor: string | null;
}

export interface InvitationCheck {
  state: InvitationLinkState;
  email?: string;
  role?: InvitableRole;
  portalName?: string;
}

export interface InviteResult {
  invited: string[];
  alreadyMember: string[];
}
