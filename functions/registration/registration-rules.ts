/**
 * Who may register and under which terms: the tenant's configuration (licence version, promo codes,
 * from the environment with safe defaults) and the portal's self-registration setting (its allowed
 * e-mail domains). No writes here.
 */
import { readPortal } from '../../shared/portal/portal-entity';

export const DEFAULT_LICENCE_VERSION = '2026-01';

// ---- tenant configuration (environment, safe defaults) ---------------------------------------------
export const licenceVersion = (env: NodeJS.ProcessEnv = process.env): string =>
  env.LICENCE_VERSION?.trim() || DEFAULT_LICENCE_VERSION;
/** PROMO_CODES: a comma-separated list; compared without case. Empty = no codes are accepted. */
export const promoCodes = (env: NodeJS.ProcessEnv = process.env): string[] =>
  (env.PROMO_CODES ?? '')
    .split(',')
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
/** The configured spelling of a promo code, or null when it is unknown. */
export function validPromoCode(code: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const c = code.trim().toUpperCase();
  return promoCodes(env).includes(c) ? c : null;
}

export const portalUrl = (): string => {
  const u = process.env.PORTAL_URL;
  if (!u) throw new Error('PORTAL_URL is not set');
  return u.replace(/\/$/, '');
};

// ---- the portal and its self-registration setting ----------------------------------------------------
export type SelfRegistration = 'open' | 'closed' | 'domains';

export const domainOf = (email: string): string => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

export function selfRegistrationOf(portal: { allowedDomains?: string[] } | null): SelfRegistration {
  if (!portal) return 'open';
  return portal.allowedDomains?.length ? 'domains' : 'closed';
}

/** Anyone may register while no portal exists; afterwards only addresses of the allowed domains. */
export function mayRegister(email: string, portal: { allowedDomains?: string[] } | null): boolean {
  if (!portal) return true;
  const d = domainOf(email);
  return (portal.allowedDomains ?? []).some((a) => a.toLowerCase() === d);
}

export async function portalInfo() {
  const portal = await readPortal();
  return portal
    ? {
        exists: true,
        name: portal.companyName,
        portalName: portal.portalName,
        selfRegistration: selfRegistrationOf(portal),
      }
    : { exists: false, selfRegistration: selfRegistrationOf(null) };
}
