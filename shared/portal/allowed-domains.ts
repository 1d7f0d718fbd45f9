/**
 * The e-mail domains a portal lets people self-register with (portal settings). Shared by the API
 * (zod) and the SPA (live validation), so both refuse the same entries for the same reasons.
 */
export const MAX_ALLOWED_DOMAINS = 50;
export const MAX_DOMAIN_LENGTH = 253;

/** How an entry is stored and compared: trimmed, lower case, without a leading "@" or a trailing dot. */
export const normalizeDomain = (raw: string): string => raw.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** A top-level domain: letters (2–63), or an IDN in its xn-- form. */
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

export type DomainProblem = 'empty' | 'length' | 'syntax' | 'tld';

/** Why a (normalized) entry is not a domain name, or null when it is one (e.g. "acme.ro", "mail.acme.co.uk"). */
export function domainProblem(domain: string): DomainProblem | null {
  if (domain === '') return 'empty';
  if (domain.length > MAX_DOMAIN_LENGTH) return 'length';
  const labels = domain.split('.');
  if (labels.length < 2 || labels.some((l) => !LABEL.test(l))) return 'syntax';
  if (!TLD.test(labels[labels.length - 1]!)) return 'tld';
  return null;
}

export const DOMAIN_REASONS: Record<DomainProblem | 'duplicate', string> = {
  empty: 'is empty',
  length: `is longer than ${MAX_DOMAIN_LENGTH} characters`,
  syntax: 'is not a domain name (like example.com: letters, digits and hyphens, separated by dots)',
  tld: 'does not end with a top-level domain (like .com or .ro)',
  duplicate: 'is listed twice',
};
