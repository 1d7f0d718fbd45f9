/** The invitations API as the SPA sees it. */
export type InvitableRole = 'employee' | 'extranet';
export type InvitationState = 'pending' | 'accepted' | 'revoked' | 'expired';
export type LinkState = 'valid' | 'expired' | 'used' | 'revoked' | 'unknown';

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

export interface CheckAnswer {
  state: LinkState;
  email?: string;
  role?: InvitableRole;
  portalName?: string;
}

/** Addresses as typed: split on commas, semicolons and white space, lower-cased, de-duplicated. */
export function parseEmails(text: string): { valid: string[]; invalid: string[] } {
  const parts = text
    .split(/[\s,;]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unique = [...new Set(parts)];
  const ok = (s: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s);
  return { valid: unique.filter(ok), invalid: unique.filter((s) => !ok(s)) };
}
