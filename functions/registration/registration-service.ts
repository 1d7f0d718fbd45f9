/**
 * Registration logic. Stage 1 creates the Cognito user with its permanent password right away (so a
 * delayed stage 2 never leaves an account whose password nobody set) but in no group, hence with no
 * access to the portal; the confirmation link confirms the address; stage 2 creates the portal, the
 * person's profile and the licence acceptance in one transaction, then adds the groups.
 */
import {
  AdminAddUserToGroupCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { z } from 'zod';
import type { UserContext } from '../../shared/auth/claims';
import type { Role } from '../../shared/auth/roles';
import { cognitoClient, dynamo } from '../../shared/data/clients';
import { isConditionFailure } from '../../shared/data/versioning';
import { AppError, ForbiddenError, ValidationError } from '../../shared/http/errors';
import { DEFAULT_LANGUAGE, type Language } from '../../shared/i18n/languages';
import { sendMail } from '../../shared/mail/mailer';
import { Profiles } from '../../shared/people/profile-entity';
import { consumeToken, inspectToken, issueToken, revokeTokens } from '../../shared/security/one-time-token';
import { hitRateLimits, type RateRule } from '../../shared/security/rate-limit';
import { registrationMail, type RegistrationMailKind } from './mails';
import { PortalNames, Registrations } from './registration-entity';
import { Portals, readPortal } from '../../shared/portal/portal-entity';
import type { companyInput, joinInput, registerInput } from './routes';
import { createCognitoUser, userPoolId } from '../../shared/people/cognito-users';

export const CONFIRM_TTL_SECONDS = 24 * 3600;
export const REGISTER_BY_ADDRESS: RateRule = { bucket: 'register:email', limit: 5, windowSeconds: 3600 };
export const REGISTER_BY_IP: RateRule = { bucket: 'register:ip', limit: 30, windowSeconds: 3600 };
export const DEFAULT_LICENCE_VERSION = '2026-01';
const DEFAULT_TIME_ZONE = 'UTC';

// ---- tenant configuration (environment, safe defaults) ---------------------------------------------
export const licenceVersion = (env: NodeJS.ProcessEnv = process.env): string => env.LICENCE_VERSION?.trim() || DEFAULT_LICENCE_VERSION;
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

const portalUrl = (): string => {
  const u = process.env.PORTAL_URL;
  if (!u) throw new Error('PORTAL_URL is not set');
  return u.replace(/\/$/, '');
};
const poolId = userPoolId;

// ---- the portal and its self-registration setting ----------------------------------------------------
export type { PortalRecord as PortalItem } from '../../shared/portal/portal-entity';
export { readPortal };
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
    ? { exists: true, name: portal.companyName, portalName: portal.portalName, selfRegistration: selfRegistrationOf(portal) }
    : { exists: false, selfRegistration: selfRegistrationOf(null) };
}

// ---- Cognito --------------------------------------------------------------------------------------
async function cognitoSub(email: string): Promise<string | null> {
  try {
    const u = await cognitoClient().send(new AdminGetUserCommand({ UserPoolId: poolId(), Username: email }));
    return u.UserAttributes?.find((a) => a.Name === 'sub')?.Value ?? u.Username ?? null;
  } catch (e) {
    if ((e as Error).name === 'UserNotFoundException') return null;
    throw e;
  }
}

async function addGroups(email: string, groups: Role[]): Promise<void> {
  for (const g of groups) await cognitoClient().send(new AdminAddUserToGroupCommand({ UserPoolId: poolId(), Username: email, GroupName: g }));
}

// ---- stage 1 ---------------------------------------------------------------------------------------
async function mail(kind: RegistrationMailKind, to: string, lang: Language, url?: string) {
  await sendMail(to, registrationMail(kind, { lang, email: to, url }));
}

async function sendConfirmation(userId: string, email: string, lang: Language) {
  await revokeTokens('verify-email', userId);
  const { token } = await issueToken({ purpose: 'verify-email', subject: userId, ttlSeconds: CONFIRM_TTL_SECONDS, data: { email } });
  await mail('confirm', email, lang, `${portalUrl()}/register/confirm?token=${encodeURIComponent(token)}`);
}

export type RegisterOutcome = 'created' | 'resent' | 'already-registered' | 'invitation-only';

/**
 * Stage 1. The caller always answers the same 202: the outcome is for logs and tests only. The
 * person behind the address learns what happened by e-mail.
 */
export async function register(input: z.output<typeof registerInput>, ip: string): Promise<RegisterOutcome> {
  await hitRateLimits([
    { rule: REGISTER_BY_ADDRESS, key: input.email },
    { rule: REGISTER_BY_IP, key: ip },
  ]);
  const lang = input.language ?? DEFAULT_LANGUAGE;
  const email = input.email;
  const portal = await readPortal();

  if (!mayRegister(email, portal)) {
    const known = await cognitoSub(email);
    await mail(known ? 'alreadyRegistered' : 'invitationOnly', email, lang, known ? `${portalUrl()}/sign-in` : undefined);
    return known ? 'already-registered' : 'invitation-only';
  }

  const userId = (await createCognitoUser(email, { emailVerified: false })) ?? undefined;

  if (!userId) {
    // The address has an account. Its owner hears about the attempt; a registration still waiting
    // for its confirmation gets a fresh link instead (the password stays the one chosen first).
    const sub = await cognitoSub(email);
    const existing = sub ? (await Registrations.get({ userId: sub }).go()).data : null;
    if (sub && existing?.status === 'pending-email') {
      await sendConfirmation(sub, email, existing.language);
      return 'resent';
    }
    await mail('alreadyRegistered', email, existing?.language ?? lang, `${portalUrl()}/sign-in`);
    return 'already-registered';
  }

  try {
    await cognitoClient().send(new AdminSetUserPasswordCommand({ UserPoolId: poolId(), Username: email, Password: input.password, Permanent: true }));
  } catch (e) {
    // Never leave an account without the password its owner chose.
    try {
      await cognitoClient().send(new AdminDeleteUserCommand({ UserPoolId: poolId(), Username: email }));
    } catch {
      /* the original error is the one to report */
    }
    if ((e as Error).name === 'InvalidPasswordException') throw new ValidationError([{ path: 'password', reason: (e as Error).message }]);
    throw e;
  }
  const now = new Date().toISOString();
  await Registrations.create({ userId, email, language: lang, status: 'pending-email', createdAt: now, updatedAt: now }).go();
  await sendConfirmation(userId, email, lang);
  return 'created';
}

// ---- the confirmation link -------------------------------------------------------------------------
const LINK_ERRORS = {
  unknown: () => new AppError(404, 'LINK_UNKNOWN', 'This confirmation link is not valid. Check that the whole link was copied.'),
  expired: () => new AppError(410, 'LINK_EXPIRED', 'This confirmation link has expired. Register again with the same address to get a new one.'),
  revoked: () => new AppError(410, 'LINK_REPLACED', 'A newer confirmation link was sent; use the latest e-mail.'),
  used: () => new AppError(409, 'LINK_USED', 'This address is already confirmed. Sign in to continue.'),
};

export async function confirm(token: string): Promise<{ state: 'confirmed'; email: string }> {
  const seen = await inspectToken(token, 'verify-email');
  if (seen.state !== 'valid' || !seen.record) throw LINK_ERRORS[seen.state === 'valid' ? 'unknown' : seen.state]();
  const userId = seen.record.subject;
  const email = String(seen.record.data.email ?? '');
  const now = new Date().toISOString();
  // Idempotent steps first, then the token is used: a failure half-way leaves the link usable.
  try {
    await Registrations.patch({ userId })
      .set({ status: 'email-confirmed', confirmedAt: now, updatedAt: now })
      .where(({ status }, { eq }) => eq(status, 'pending-email'))
      .go();
  } catch (e) {
    if (!isConditionFailure(e)) throw e; // already confirmed (a second click racing this one) or complete
  }
  await cognitoClient().send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: poolId(),
      Username: email,
      UserAttributes: [
        // The address itself travels along: cognito-local refuses email_verified alone (Cognito takes both).
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
  );
  await consumeToken(token, 'verify-email');
  return { state: 'confirmed', email };
}

// ---- where a signed-in person stands -----------------------------------------------------------------
export type Stage = 'email' | 'company' | 'join' | 'done' | 'none';

export async function status(user: UserContext): Promise<{ stage: Stage; email: string }> {
  const reg = (await Registrations.get({ userId: user.sub }).go()).data;
  const email = reg?.email ?? user.email;
  if (user.groups.length > 0) return { stage: 'done', email };
  if (!reg) return { stage: 'none', email };
  if (reg.status === 'pending-email') return { stage: 'email', email };
  if (reg.status === 'complete') {
    // Completed but the groups are missing (the step after the transaction failed): add them again.
    await addGroups(email, reg.outcome === 'member' ? ['employee'] : ['admin', 'employee']);
    return { stage: 'done', email };
  }
  const portal = await readPortal();
  if (!portal) return { stage: 'company', email };
  return { stage: mayRegister(email, portal) ? 'join' : 'none', email };
}

// ---- stage 2 -------------------------------------------------------------------------------------------
async function confirmedRegistration(user: UserContext) {
  const reg = (await Registrations.get({ userId: user.sub }).go()).data;
  if (!reg) throw new ForbiddenError('There is no registration for this account. Register first, or ask for an invitation.');
  if (reg.status === 'pending-email') throw new AppError(409, 'EMAIL_NOT_CONFIRMED', 'Confirm your e-mail address first: open the link we sent you.');
  if (reg.status === 'complete') throw new AppError(409, 'ALREADY_REGISTERED', 'This registration is already complete. Sign in again to enter the portal.');
  return reg;
}

type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
const asPut = (p: object): TxItem => ({ Put: p as NonNullable<TxItem['Put']> });
const asUpdate = (p: object): TxItem => {
  const { ReturnValues: _ignored, ...rest } = p as Record<string, unknown>;
  return { Update: rest as unknown as NonNullable<TxItem['Update']> };
};

export interface PortalOwner {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  language: Language;
  timeZone?: string;
}

/**
 * The items that make a portal and its first admin, for ONE TransactWriteItems: the portal (only if
 * none exists), its name (only if free), the owner's profile, and — when given — the registration
 * marked complete (only if it is still the confirmed one that was read).
 */
export function portalCreationItems(opts: {
  owner: PortalOwner;
  companyName: string;
  portalName: string;
  promoCode?: string;
  now: string;
  withRegistration: boolean;
}): TxItem[] {
  const { owner, now } = opts;
  const version = licenceVersion();
  const items: TxItem[] = [
    asPut(
      Portals.create({
        companyName: opts.companyName,
        portalName: opts.portalName,
        ownerId: owner.userId,
        ownerEmail: owner.email,
        allowedDomains: [],
        licenceVersion: version,
        licenceAcceptedAt: now,
        licenceAcceptedBy: owner.userId,
        ...(opts.promoCode ? { promoCode: opts.promoCode } : {}),
        createdAt: now,
        updatedAt: now,
        version: 1,
      }).params(),
    ),
    asPut(PortalNames.create({ portalName: opts.portalName, ownerId: owner.userId, createdAt: now }).params()),
    asPut(
      Profiles.create({
        userId: owner.userId,
        email: owner.email,
        firstName: owner.firstName,
        lastName: owner.lastName,
        language: owner.language,
        timeZone: owner.timeZone ?? DEFAULT_TIME_ZONE,
        role: 'admin',
        status: 'active',
        departmentIds: [],
        createdAt: now,
        updatedAt: now,
        version: 1,
      }).params(),
    ),
  ];
  if (opts.withRegistration) {
    items.push(
      asUpdate(
        Registrations.patch({ userId: owner.userId })
          .set({
            status: 'complete',
            outcome: 'owner',
            completedAt: now,
            licenceVersion: version,
            licenceAcceptedAt: now,
            ...(opts.promoCode ? { promoCode: opts.promoCode } : {}),
            updatedAt: now,
          })
          .where(({ status }, { eq }) => eq(status, 'email-confirmed'))
          .params(),
      ),
    );
  }
  return items;
}

/** Document-style commands through the shared client, the way ElectroDB sends them. */
const documentClient = () => dynamo();

/** Which of the transaction's conditions failed (indexes into the items), or null if it was not a condition failure. */
function failedConditions(err: unknown): number[] | null {
  const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  if ((err as Error).name === 'TransactionCanceledException' && reasons) {
    return reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
  }
  return isConditionFailure(err) ? [] : null;
}

export const PORTAL_EXISTS = () => new AppError(409, 'PORTAL_EXISTS', 'A portal already exists. Ask its administrator for an invitation.');

export async function writePortal(items: TxItem[]): Promise<void> {
  try {
    await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (err) {
    const failed = failedConditions(err);
    if (!failed) throw err;
    if (failed.includes(0) || failed.length === 0) throw PORTAL_EXISTS();
    if (failed.includes(1)) throw new AppError(409, 'PORTAL_NAME_TAKEN', 'This portal name is taken. Choose another.', [{ path: 'portalName', reason: 'is taken' }]);
    if (failed.includes(2)) throw new AppError(409, 'PROFILE_EXISTS', 'This account already belongs to a portal.');
    throw new AppError(409, 'ALREADY_REGISTERED', 'This registration changed meanwhile. Reload and try again.');
  }
}

export async function createCompany(user: UserContext, input: z.output<typeof companyInput>) {
  const promo = input.promoCode ? validPromoCode(input.promoCode) : null;
  if (input.promoCode && !promo) throw new ValidationError([{ path: 'promoCode', reason: 'is not a valid promo code' }]);
  const reg = await confirmedRegistration(user);
  if (await readPortal()) throw PORTAL_EXISTS();
  const now = new Date().toISOString();
  await writePortal(
    portalCreationItems({
      owner: { userId: user.sub, email: reg.email, firstName: input.firstName, lastName: input.lastName, language: reg.language, timeZone: input.timeZone },
      companyName: input.companyName,
      portalName: input.portalName,
      ...(promo ? { promoCode: promo } : {}),
      now,
      withRegistration: true,
    }),
  );
  const groups: Role[] = ['admin', 'employee'];
  await addGroups(reg.email, groups);
  return { portal: { name: input.companyName, portalName: input.portalName }, groups, licenceVersion: licenceVersion(), refreshTokens: true };
}

export async function join(user: UserContext, input: z.output<typeof joinInput>) {
  const reg = await confirmedRegistration(user);
  const portal = await readPortal();
  if (!portal || !mayRegister(reg.email, portal)) throw new ForbiddenError('This portal accepts new people by invitation only.');
  const now = new Date().toISOString();
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          asPut(
            Profiles.create({
              userId: user.sub,
              email: reg.email,
              firstName: input.firstName,
              lastName: input.lastName,
              language: reg.language,
              timeZone: input.timeZone ?? DEFAULT_TIME_ZONE,
              role: 'employee',
              status: 'active',
              departmentIds: [],
              createdAt: now,
              updatedAt: now,
              version: 1,
            }).params(),
          ),
          asUpdate(
            Registrations.patch({ userId: user.sub })
              .set({ status: 'complete', outcome: 'member', completedAt: now, updatedAt: now })
              .where(({ status }, { eq }) => eq(status, 'email-confirmed'))
              .params(),
          ),
        ],
      }),
    );
  } catch (err) {
    if (failedConditions(err)) throw new AppError(409, 'ALREADY_REGISTERED', 'This registration is already complete. Sign in again to enter the portal.');
    throw err;
  }
  const groups: Role[] = ['employee'];
  await addGroups(reg.email, groups);
  return { portal: { name: portal.companyName, portalName: portal.portalName }, groups, refreshTokens: true };
}

/**
 * Makes sure a portal exists with the given person as its admin (the local demo: `npm start` seeds
 * the demo administrator and, through this, the portal, so the demo is a complete portal and does
 * not offer "Create your portal"). Idempotent; the person must already exist in Cognito.
 */
export async function ensurePortal(opts: { email: string; companyName: string; portalName: string; firstName: string; lastName: string; language?: Language }): Promise<'created' | 'exists'> {
  if (await readPortal()) return 'exists';
  const userId = await cognitoSub(opts.email);
  if (!userId) throw new Error(`no user ${opts.email} to own the portal`);
  try {
    await writePortal(
      portalCreationItems({
        owner: { userId, email: opts.email, firstName: opts.firstName, lastName: opts.lastName, language: opts.language ?? DEFAULT_LANGUAGE },
        companyName: opts.companyName,
        portalName: opts.portalName,
        now: new Date().toISOString(),
        withRegistration: false,
      }),
    );
    return 'created';
  } catch (e) {
    if (e instanceof AppError && e.status === 409) return 'exists';
    throw e;
  }
}
