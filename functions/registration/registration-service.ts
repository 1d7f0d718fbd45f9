/**
 * Registration logic. Stage 1 creates the Cognito user with the password its registrant chose, on a
 * disabled account (signing in yields no tokens) in no group. Registering the same unconfirmed address again replaces that password and the
 * link. The confirmation link asks for the password once more: only when the mailbox owner knows the
 * password that is set is the account enabled (so a delayed stage 2 never leaves a password nobody
 * set, and someone who typed another person's address cannot keep a password in that account); the
 * person is then signed in. Stage 2 creates the portal, the person's profile and the licence
 * acceptance in one transaction, then adds the groups. People signing in through a social provider
 * (cloud only) arrive with a verified address and skip the e-mail step.
 */
import {
  AdminAddUserToGroupCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { z } from 'zod';
import type { UserContext } from '../../shared/auth/claims';
import type { Role } from '../../shared/auth/roles';
import { cognitoClient } from '../../shared/aws/cognito-client';
import { dynamo } from '../../shared/data/clients';
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
import type { companyInput, confirmInput, joinInput, registerInput } from './routes';
import { accountState, createCognitoUser, userPoolId } from '../../shared/people/cognito-users';

export const CONFIRM_TTL_SECONDS = 24 * 3600;
export const REGISTER_BY_ADDRESS: RateRule = { bucket: 'register:email', limit: 5, windowSeconds: 3600 };
export const REGISTER_BY_IP: RateRule = { bucket: 'register:ip', limit: 30, windowSeconds: 3600 };
/** Password tries on one confirmation link's account, and confirmations per IP. */
export const CONFIRM_BY_ACCOUNT: RateRule = { bucket: 'register-confirm:account', limit: 10, windowSeconds: 3600 };
export const CONFIRM_BY_IP: RateRule = { bucket: 'register-confirm:ip', limit: 60, windowSeconds: 3600 };
export const DEFAULT_LICENCE_VERSION = '2026-01';
const DEFAULT_TIME_ZONE = 'UTC';

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
    ? {
        exists: true,
        name: portal.companyName,
        portalName: portal.portalName,
        selfRegistration: selfRegistrationOf(portal),
      }
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
  for (const g of groups)
    await cognitoClient().send(new AdminAddUserToGroupCommand({ UserPoolId: poolId(), Username: email, GroupName: g }));
}

// ---- stage 1 ---------------------------------------------------------------------------------------
async function mail(kind: RegistrationMailKind, to: string, lang: Language, url?: string) {
  await sendMail(to, registrationMail(kind, { lang, email: to, url }));
}

async function sendConfirmation(userId: string, email: string, lang: Language) {
  await revokeTokens('verify-email', userId);
  const { token } = await issueToken({
    purpose: 'verify-email',
    subject: userId,
    ttlSeconds: CONFIRM_TTL_SECONDS,
    data: { email },
  });
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
    await mail(
      known ? 'alreadyRegistered' : 'invitationOnly',
      email,
      lang,
      known ? `${portalUrl()}/sign-in` : undefined,
    );
    return known ? 'already-registered' : 'invitation-only';
  }

  const userId = await createCognitoUser(email, { emailVerified: false });

  if (!userId) {
    const account = await accountState(email);
    const existing = account ? (await Registrations.get({ userId: account.sub }).go()).data : null;
    if (account?.unconfirmed) {
      // Nobody has proved this mailbox yet: the newest registration's password replaces the previous
      // one and a new link replaces the old ones, so a password typed by someone else never survives.
      await setPendingPassword(email, input.password);
      const now = new Date().toISOString();
      if (existing) await Registrations.patch({ userId: account.sub }).set({ language: lang, updatedAt: now }).go();
      else
        await Registrations.create({
          userId: account.sub,
          email,
          language: lang,
          status: 'pending-email',
          createdAt: now,
          updatedAt: now,
        }).go();
      await sendConfirmation(account.sub, email, lang);
      return 'resent';
    }
    await mail('alreadyRegistered', email, existing?.language ?? lang, `${portalUrl()}/sign-in`);
    return 'already-registered';
  }

  try {
    await setPendingPassword(email, input.password);
  } catch (e) {
    // Never leave an account without the password its owner chose.
    try {
      await cognitoClient().send(new AdminDeleteUserCommand({ UserPoolId: poolId(), Username: email }));
    } catch {
      /* the original error is the one to report */
    }
    throw e;
  }
  const now = new Date().toISOString();
  await Registrations.create({
    userId,
    email,
    language: lang,
    status: 'pending-email',
    createdAt: now,
    updatedAt: now,
  }).go();
  await sendConfirmation(userId, email, lang);
  return 'created';
}

/** The registrant's password on a disabled account: no tokens until the link is used with it. */
async function setPendingPassword(email: string, password: string): Promise<void> {
  try {
    await cognitoClient().send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId(), Username: email, Password: password, Permanent: true }),
    );
  } catch (e) {
    if ((e as Error).name === 'InvalidPasswordException')
      throw new ValidationError([{ path: 'password', reason: (e as Error).message }]);
    throw e;
  }
  await cognitoClient().send(new AdminDisableUserCommand({ UserPoolId: poolId(), Username: email }));
}

// ---- the confirmation link -------------------------------------------------------------------------
const LINK_ERRORS = {
  unknown: () =>
    new AppError(404, 'LINK_UNKNOWN', 'This confirmation link is not valid. Check that the whole link was copied.'),
  expired: () =>
    new AppError(
      410,
      'LINK_EXPIRED',
      'This confirmation link has expired. Register again with the same address to get a new one.',
    ),
  revoked: () => new AppError(410, 'LINK_REPLACED', 'A newer confirmation link was sent; use the latest e-mail.'),
  used: () => new AppError(409, 'LINK_USED', 'This address is already confirmed. Sign in to continue.'),
};

export const WRONG_PASSWORD = () =>
  new AppError(
    400,
    'WRONG_PASSWORD',
    'This is not the password chosen when registering. Try again, or register again with this address to choose a new one.',
    [{ path: 'password', reason: 'is not the password chosen when registering' }],
  );

export interface SignInTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

type AuthResult = { kind: 'tokens'; tokens: SignInTokens } | { kind: 'refused' };

/** USER_PASSWORD_AUTH with the SPA's app client: tokens or a refusal. */
async function authenticate(email: string, password: string): Promise<AuthResult> {
  const clientId = process.env.USER_POOL_CLIENT_ID;
  if (!clientId) throw new Error('USER_POOL_CLIENT_ID is not set');
  try {
    const out = await cognitoClient().send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    const a = out.AuthenticationResult;
    if (a?.IdToken && a.AccessToken && a.RefreshToken) {
      return {
        kind: 'tokens',
        tokens: {
          idToken: a.IdToken,
          accessToken: a.AccessToken,
          refreshToken: a.RefreshToken,
          expiresIn: a.ExpiresIn ?? 3600,
        },
      };
    }
    return { kind: 'refused' };
  } catch (e) {
    const name = (e as Error).name;
    if (
      [
        'NotAuthorizedException',
        'InvalidPasswordException',
        'UserNotFoundException',
        'UserNotConfirmedException',
        'PasswordResetRequiredException',
      ].includes(name)
    ) {
      return { kind: 'refused' };
    }
    throw e;
  }
}

const setEnabled = (email: string, enabled: boolean) =>
  cognitoClient().send(
    enabled
      ? new AdminEnableUserCommand({ UserPoolId: poolId(), Username: email })
      : new AdminDisableUserCommand({ UserPoolId: poolId(), Username: email }),
  );

/** Whether a confirmation link can still be used (nothing is changed): the page asks for the password only then. */
export async function checkLink(
  token: string,
  ip: string,
): Promise<{ state: 'valid' | 'used' | 'expired' | 'revoked' | 'unknown'; email?: string }> {
  await hitRateLimits([{ rule: CONFIRM_BY_IP, key: ip }]);
  const seen = await inspectToken(token, 'verify-email');
  if (seen.state !== 'valid' || !seen.record) return { state: seen.state };
  return { state: 'valid', email: String(seen.record.data.email ?? '') };
}

/**
 * Uses the confirmation link. The registrant types the password again: it must be the one set on the
 * account (the latest registration's), which proves that the person holding the mailbox also chose
 * the password. Only then is the account enabled, the address verified,
 * the link used, and the person signed in (the tokens are returned).
 */
export async function confirm(
  input: z.output<typeof confirmInput>,
  ip: string,
): Promise<{ state: 'confirmed'; email: string; tokens: SignInTokens }> {
  await hitRateLimits([{ rule: CONFIRM_BY_IP, key: ip }]);
  const seen = await inspectToken(input.token, 'verify-email');
  if (seen.state !== 'valid' || !seen.record) throw LINK_ERRORS[seen.state === 'valid' ? 'unknown' : seen.state]();
  const userId = seen.record.subject;
  const email = String(seen.record.data.email ?? '');
  await hitRateLimits([{ rule: CONFIRM_BY_ACCOUNT, key: userId }]);
  const account = await accountState(email);
  // The address was meanwhile given to someone who proved it otherwise (an invitation): this link is dead.
  if (!account || account.sub !== userId) throw LINK_ERRORS.revoked();

  // Cognito checks a password only on an enabled account: enabled for the check, disabled again when it fails.
  if (account.unconfirmed) await setEnabled(email, true);
  const signedIn = await authenticate(email, input.password);
  if (signedIn.kind !== 'tokens') {
    if (account.unconfirmed) await setEnabled(email, false);
    throw WRONG_PASSWORD();
  }

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
  await markVerified(email);
  await consumeToken(input.token, 'verify-email');
  return { state: 'confirmed', email, tokens: signedIn.tokens };
}

async function markVerified(email: string): Promise<void> {
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
}

// ---- where a signed-in person stands -----------------------------------------------------------------
/** `invitation`: a person who arrived through a social provider while the portal takes new people by invitation only. */
export type Stage = 'email' | 'company' | 'join' | 'done' | 'none' | 'invitation';

type RegistrationItem = NonNullable<Awaited<ReturnType<ReturnType<typeof Registrations.get>['go']>>['data']>;

/**
 * A registration still waiting for its link whose address was proved another way meanwhile (a
 * password reset from the e-mailed link verifies the address): it counts as confirmed.
 */
async function confirmedMeanwhile(reg: RegistrationItem): Promise<RegistrationItem> {
  if (reg.status !== 'pending-email') return reg;
  const account = await accountState(reg.email);
  if (!account || account.sub !== reg.userId || account.unconfirmed || !account.emailVerified) return reg;
  const now = new Date().toISOString();
  try {
    await Registrations.patch({ userId: reg.userId })
      .set({ status: 'email-confirmed', confirmedAt: now, updatedAt: now })
      .where(({ status }, { eq }) => eq(status, 'pending-email'))
      .go();
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
  }
  return { ...reg, status: 'email-confirmed', confirmedAt: now, updatedAt: now };
}

/**
 * Social sign-in (cloud only): the provider verified the address, so there is no e-mail step. With no
 * portal yet, or an allowed domain, a confirmed registration is made on the spot (→ the company form
 * or joining); otherwise the person needs an invitation. Null: not a federated person with a verified address.
 */
async function federatedRegistration(user: UserContext): Promise<RegistrationItem | 'invitation' | null> {
  if (!user.federated || !user.emailVerified || !user.email) return null;
  const portal = await readPortal();
  if (portal && !mayRegister(user.email, portal)) return 'invitation';
  const now = new Date().toISOString();
  const item = {
    userId: user.sub,
    email: user.email.toLowerCase(),
    language: DEFAULT_LANGUAGE,
    status: 'email-confirmed' as const,
    createdAt: now,
    confirmedAt: now,
    updatedAt: now,
  };
  try {
    await Registrations.create(item).go();
  } catch (e) {
    if (!isConditionFailure(e)) throw e; // a concurrent request made it
    return (await Registrations.get({ userId: user.sub }).go()).data;
  }
  return item;
}

export async function status(user: UserContext): Promise<{ stage: Stage; email: string }> {
  if (user.groups.length > 0) {
    const reg = (await Registrations.get({ userId: user.sub }).go()).data;
    return { stage: 'done', email: reg?.email ?? user.email };
  }
  let reg = (await Registrations.get({ userId: user.sub }).go()).data;
  if (!reg) {
    const federated = await federatedRegistration(user);
    if (federated === 'invitation') return { stage: 'invitation', email: user.email };
    reg = federated;
  }
  const email = reg?.email ?? user.email;
  if (!reg) return { stage: 'none', email };
  const current = await confirmedMeanwhile(reg);
  if (current.status === 'pending-email') return { stage: 'email', email };
  if (current.status === 'complete') {
    // Completed but the groups are missing (the step after the transaction failed): add them again.
    await addGroups(user.username ?? email, current.outcome === 'member' ? ['employee'] : ['admin', 'employee']);
    return { stage: 'done', email };
  }
  const portal = await readPortal();
  if (!portal) return { stage: 'company', email };
  return { stage: mayRegister(email, portal) ? 'join' : user.federated ? 'invitation' : 'none', email };
}

// ---- stage 2 -------------------------------------------------------------------------------------------
async function confirmedRegistration(user: UserContext) {
  const found = (await Registrations.get({ userId: user.sub }).go()).data;
  const reg = found ? await confirmedMeanwhile(found) : null;
  if (!reg)
    throw new ForbiddenError('There is no registration for this account. Register first, or ask for an invitation.');
  if (reg.status === 'pending-email')
    throw new AppError(409, 'EMAIL_NOT_CONFIRMED', 'Confirm your e-mail address first: open the link we sent you.');
  if (reg.status === 'complete')
    throw new AppError(
      409,
      'ALREADY_REGISTERED',
      'This registration is already complete. Sign in again to enter the portal.',
    );
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

export const PORTAL_EXISTS = () =>
  new AppError(409, 'PORTAL_EXISTS', 'A portal already exists. Ask its administrator for an invitation.');

export async function writePortal(items: TxItem[]): Promise<void> {
  try {
    await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (err) {
    const failed = failedConditions(err);
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
    portalCreationItems({
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
    if (failedConditions(err))
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
      portalCreationItems({
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
