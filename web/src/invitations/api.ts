/** The invitations API as the SPA sees it. */
export type {
  InvitableRole,
  InvitationCheck as CheckAnswer,
  InvitationLinkState as LinkState,
  InvitationPage,
  InvitationRow,
  InvitationState,
} from '../../../shared/api/account-views';

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
