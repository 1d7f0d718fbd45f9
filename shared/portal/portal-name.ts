/**
 * The portal name: a subdomain-style slug chosen at registration (stage 2). Shared by the API (zod)
 * and the SPA (live validation), so both refuse the same names for the same reasons.
 */
export const PORTAL_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,30}[a-z0-9])$/;

/** Names that would collide with the product's own hosts, paths or well-known mailboxes. */
export const RESERVED_PORTAL_NAMES: readonly string[] = [
  'admin',
  'administrator',
  'api',
  'app',
  'apps',
  'assets',
  'auth',
  'aws',
  'billing',
  'blog',
  'cdn',
  'cognito',
  'config',
  'dashboard',
  'dev',
  'docs',
  'ftp',
  'help',
  'hostmaster',
  'id',
  'imap',
  'info',
  'internal',
  'login',
  'logout',
  'mail',
  'mx',
  'no-reply',
  'noreply',
  'ns1',
  'ns2',
  'pop',
  'portal',
  'postmaster',
  'register',
  'registration',
  'root',
  'security',
  'sign-in',
  'signin',
  'signup',
  'smtp',
  'sso',
  'staging',
  'static',
  'status',
  'support',
  'system',
  'test',
  'webmail',
  'ws',
  'www',
];

export type PortalNameProblem = 'length' | 'characters' | 'edges' | 'doubleHyphen' | 'reserved';

/** Why a name is refused (the first reason), or null when it is acceptable. */
export function portalNameProblem(name: string): PortalNameProblem | null {
  if (name.length < 3 || name.length > 32) return 'length';
  if (!/^[a-z0-9-]+$/.test(name)) return 'characters';
  if (!PORTAL_NAME_PATTERN.test(name)) return 'edges';
  if (name.includes('--')) return 'doubleHyphen';
  if (RESERVED_PORTAL_NAMES.includes(name)) return 'reserved';
  return null;
}

export const PORTAL_NAME_REASONS: Record<PortalNameProblem, string> = {
  length: 'must be 3 to 32 characters',
  characters: 'may contain only lower-case letters a-z, digits and hyphens',
  edges: 'must start and end with a letter or a digit',
  doubleHyphen: 'must not contain two hyphens in a row',
  reserved: 'is reserved; choose another name',
};

/** A suggestion from a company name: "Ștefan & Co. SRL" → "stefan-co-srl". */
export function suggestPortalName(companyName: string): string {
  return companyName
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/g, '');
}
