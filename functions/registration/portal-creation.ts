/**
 * Registration, stage 2: the company form creates the portal and makes its first admin — the portal (only
 * if none exists), its unique name, the owner's profile and the licence acceptance on the registration, in
 * ONE transaction — then adds the groups; or a person of an allowed e-mail domain joins the portal as an
 * employee (profile + registration complete, one transaction). `ensurePortal` seeds the local demo.
 */
import type { z } from 'zod';
import type { UserContext } from '../../shared/auth/claims';
import type { Role } from '../../shared/auth/roles';
import { failedConditions, isConditionFailure, transaction, type EntityWrite } from '../../shared/data';
import { AppError, ForbiddenError, ValidationError } from '../../shared/http/errors';
import { DEFAULT_LANGUAGE, type Language } from '../../shared/i18n/languages';
import { Profiles } from '../../shared/people/profile-entity';
import { Portals, readPortal } from '../../shared/portal/portal-entity';
import { addGroups, cognitoSub } from './registration-accounts';
import { PortalNames, Registrations } from './registration-entity';
import { licenceVersion, mayRegister, validPromoCode } from './registration-rules';
import { confirmedRegistration } from './registration-status';
import type { companyInput, joinInput } from './routes';

const DEFAULT_TIME_ZONE = 'UTC';

export interface PortalOwner {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  language: Language;
  timeZone?: string;
}

/**
 * The writes that make a portal and its first admin, for ONE transaction: the portal (only if
 * none exists), its name (only if free), the owner's profile, and — when given — the registration
 * marked complete (only if it is still the confirmed one that was read).
 */
export function portalCreationWrites(opts: {
  owner: PortalOwner;
  companyName: string;
  portalName: string;
  promoCode?: string;
  now: string;
  withRegistration: boolean;
}): EntityWrite[] {
  const { owner, now } = opts;
  const version = licenceVersion();
  const writes: EntityWrite[] = [
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
    }),
    PortalNames.create({ portalName: opts.portalName, ownerId: owner.userId, createdAt: now }),
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
    }),
  ];
  if (opts.withRegistration) {
    writes.push(
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
        .where(({ status }, { eq }) => eq(status, 'email-confirmed')),
    );
  }
  return writes;
}

/** Which of the transaction's conditions failed (indexes into the writes), or null if it was not a condition failure. */
function failedWrites(err: unknown): number[] | null {
  const cancelled = err as { name?: string; CancellationReasons?: unknown[] };
  if (cancelled.name === 'TransactionCanceledException' && cancelled.CancellationReasons)
    return failedConditions(err).map((f) => f.index);
  return isConditionFailure(err) ? [] : null;
}

export const PORTAL_EXISTS = () =>
  new AppError(409, 'PORTAL_EXISTS', 'A portal already exists. Ask its administrator for an invitation.');

export async function writePortal(writes: EntityWrite[]): Promise<void> {
  try {
    await transaction()
      .add(...writes)
      .commit();
  } catch (err) {
    const failed = failedWrites(err);
    if (!failed) throw err;
    if (failed.includes(0) || failed.length === 0) throw PORTAL_EXISTS();
    if (failed.includes(1))
      throw new AppError(409, 'PORTAL_NAME_TAKEN', 'This portal name is taken. Choose another.', [
        { path: 'portalName', reason: 'is taken' },
      ]);
    if (failed.includes(2)) throw new AppError(409, 'PROFILE_EXISTS', 'This account already belongs to a portal.');
    throw new AppError(409, 'ALREADY_REGISTERED', 'This registration changed meanwhile. Reload and try again.');
  }
}

export async function createCompany(user: UserContext, input: z.output<typeof companyInput>) {
  const promo = input.promoCode ? validPromoCode(input.promoCode) : null;
  if (input.promoCode && !promo)
    throw new ValidationError([{ path: 'promoCode', reason: 'is not a valid promo code' }]);
  const reg = await confirmedRegistration(user);
  if (await readPortal()) throw PORTAL_EXISTS();
  const now = new Date().toISOString();
  await writePortal(
    portalCreationWrites({
      owner: {
        userId: user.sub,
        email: reg.email,
        firstName: input.firstName,
        lastName: input.lastName,
        language: reg.language,
        timeZone: input.timeZone,
      },
      companyName: input.companyName,
      portalName: input.portalName,
      ...(promo ? { promoCode: promo } : {}),
      now,
      withRegistration: true,
    }),
  );
  const groups: Role[] = ['admin', 'employee'];
  await addGroups(user.username ?? reg.email, groups);
  return {
    portal: { name: input.companyName, portalName: input.portalName },
    groups,
    licenceVersion: licenceVersion(),
    refreshTokens: true,
  };
}

export async function join(user: UserContext, input: z.output<typeof joinInput>) {
  const reg = await confirmedRegistration(user);
  const portal = await readPortal();
  if (!portal || !mayRegister(reg.email, portal))
    throw new ForbiddenError('This portal accepts new people by invitation only.');
  const now = new Date().toISOString();
  try {
    await transaction()
      .add(
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
        }),
        Registrations.patch({ userId: user.sub })
          .set({ status: 'complete', outcome: 'member', completedAt: now, updatedAt: now })
          .where(({ status }, { eq }) => eq(status, 'email-confirmed')),
      )
      .commit();
  } catch (err) {
    if (failedWrites(err))
      throw new AppError(
        409,
        'ALREADY_REGISTERED',
        'This registration is already complete. Sign in again to enter the portal.',
      );
    throw err;
  }
  const groups: Role[] = ['employee'];
  await addGroups(user.username ?? reg.email, groups);
  return { portal: { name: portal.companyName, portalName: portal.portalName }, groups, refreshTokens: true };
}

/**
 * Makes sure a portal exists with the given person as its admin (the local demo: `npm start` seeds
 * the demo administrator and, through this, the portal, so the demo is a complete portal and does
 * not offer "Create your portal"). Idempotent; the person must already exist in Cognito.
 */
export async function ensurePortal(opts: {
  email: string;
  companyName: string;
  portalName: string;
  firstName: string;
  lastName: string;
  language?: Language;
}): Promise<'created' | 'exists'> {
  if (await readPortal()) return 'exists';
  const userId = await cognitoSub(opts.email);
  if (!userId) throw new Error(`no user ${opts.email} to own the portal`);
  try {
    await writePortal(
      portalCreationWrites({
        owner: {
          userId,
          email: opts.email,
          firstName: opts.firstName,
          lastName: opts.lastName,
          language: opts.language ?? DEFAULT_LANGUAGE,
        },
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
