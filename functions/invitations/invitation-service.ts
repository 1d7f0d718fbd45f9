/**
 * Invitation logic.
 *
 * | step                              | how                                                                   |
 * |-----------------------------------|-----------------------------------------------------------------------|
 * | may this person invite?           | admins always; employees when PORTAL/META `employeesMayInvite` = true (no portal = defaults = false) |
 * | does the address have an account | Cognito AdminGetUser (an unconfirmed stage-1 registration does not count) |
 * | the invitation                    | Put PK=INVITE#{email} (see invitation-entity.ts)                      |
 * | the link                          | one-time token `invitation`, subject = the address, 7 days, older ones revoked |
 * | departments (optional, ≤ 10)      | ONE BatchGet before anything is written (unknown → 422 `departmentIds.{i}`); |
 *                                     | kept on the invitation and the token's data; on accept the ones still existing |
 *                                     | go into the new profile, their memberCount +1 in the accept transaction |
 * | accept                            | (an unconfirmed stage-1 account of the address is deleted first)     |
 * |                                   | AdminCreateUser (SUPPRESS, verified address) + AdminSetUserPassword, then ONE transaction: |
 * |                                   | token used (conditional) + profile created + invitation accepted (conditional); |
 * |                                   | then the Cognito group. A failed transaction deletes the new Cognito user again. |
 */
import {
  AdminAddUserToGroupCommand,
  AdminDeleteUserCommand,
  AdminSetUserPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { z } from 'zod';
import type { UserContext } from '../../shared/auth/claims';
import { cognitoClient } from '../../shared/aws/cognito-client';
import { openCursor, sealCursor } from '../../shared/data/cursor';
import { epochSeconds, isConditionFailure, transaction } from '../../shared/data';
import {
  AppError,
  BadRequestError,
  ForbiddenError,
  NotFoundError,
  UnprocessableError,
  ValidationError,
} from '../../shared/http/errors';
import { getDepartments, memberCountWrite } from '../../shared/departments/department-entity';
import { DEFAULT_LANGUAGE, type Language } from '../../shared/i18n/languages';
import { sendMail } from '../../shared/mail/mailer';
import { Profiles } from '../../shared/people/profile-entity';
import { readPortal } from '../../shared/portal/portal-entity';
import {
  hashToken,
  inspectToken,
  issueToken,
  revokeTokens,
  type TokenState,
} from '../../shared/security/one-time-token';
import { OneTimeTokens } from '../../shared/security/one-time-token-entity';
import { hitRateLimits, type RateRule } from '../../shared/security/rate-limit';
import { Invitations, type InvitableRole, type InvitationItem, type InvitationStatus } from './invitation-entity';
import { invitationMail } from './invitation-mail';
import type { acceptInput, inviteInput, listQuery } from './routes';
import { accountState, createCognitoUser, dropUnconfirmedAccount, userPoolId } from '../../shared/people/cognito-users';

export const INVITATION_TTL_SECONDS = 7 * 24 * 3600;
const PURPOSE = 'invitation' as const;
const DEFAULT_TIME_ZONE = 'UTC';
const DEFAULT_PAGE = 25;

export const RATE_RULES = {
  invitePerInviter: { bucket: 'invite:inviter', limit: 20, windowSeconds: 3600 },
  resendPerAdmin: { bucket: 'invite-resend:admin', limit: 60, windowSeconds: 3600 },
  checkPerIp: { bucket: 'invite-check:ip', limit: 60, windowSeconds: 3600 },
  acceptPerIp: { bucket: 'invite-accept:ip', limit: 20, windowSeconds: 3600 },
} satisfies Record<string, RateRule>;

const poolId = userPoolId;

export function inviteUrl(token: string): string {
  const base = process.env.PORTAL_URL;
  if (!base) throw new Error('PORTAL_URL is not set');
  return `${base.replace(/\/+$/, '')}/invite?token=${encodeURIComponent(token)}`;
}

// ---- the portal's settings (a missing portal = the defaults) -------------------------------------------
export interface PortalSettings {
  name?: string;
  employeesMayInvite: boolean;
}

export async function portalSettings(): Promise<PortalSettings> {
  const portal = await readPortal();
  if (!portal) return { employeesMayInvite: false };
  return { name: portal.companyName, employeesMayInvite: portal.employeesMayInvite === true };
}

// ---- Cognito -------------------------------------------------------------------------------------------
/** An account that someone proved (a registration waiting for its link does not count: the invitation replaces it). */
async function hasAccount(email: string): Promise<boolean> {
  const account = await accountState(email);
  return !!account && !account.unconfirmed;
}

async function inviterName(user: UserContext): Promise<string> {
  const { data } = await Profiles.get({ userId: user.sub }).go();
  return data ? `${data.firstName} ${data.lastName}`.trim() : user.email;
}

// ---- invite --------------------------------------------------------------------------------------------
async function sendLink(opts: {
  email: string;
  role: InvitableRole;
  lang: Language;
  inviter: string;
  portalName?: string;
  departmentIds?: string[];
}): Promise<number> {
  await revokeTokens(PURPOSE, opts.email);
  const data = { role: opts.role, ...(opts.departmentIds?.length ? { departmentIds: opts.departmentIds } : {}) };
  const { token, expiresAt } = await issueToken({
    purpose: PURPOSE,
    subject: opts.email,
    ttlSeconds: INVITATION_TTL_SECONDS,
    data,
  });
  await sendMail(
    opts.email,
    invitationMail({
      lang: opts.lang,
      inviter: opts.inviter,
      portalName: opts.portalName,
      role: opts.role,
      url: inviteUrl(token),
    }),
  );
  return expiresAt;
}

export async function invite(
  user: UserContext,
  input: z.output<typeof inviteInput>,
  logger: Logger,
): Promise<{ invited: string[]; alreadyMember: string[] }> {
  if (!user.isAdmin && input.role === 'extranet')
    throw new ForbiddenError('Only administrators may invite extranet partners.');
  const departmentIds = input.departmentIds ?? [];
  if (departmentIds.length && input.role === 'extranet')
    throw new BadRequestError('External partners are not invited into departments.', [
      { path: 'departmentIds', reason: 'not allowed for extranet invitations' },
    ]);
  const settings = await portalSettings();
  if (!user.isAdmin && !settings.employeesMayInvite)
    throw new ForbiddenError('Only administrators may invite people to this portal.');
  if (departmentIds.length) {
    const found = await getDepartments(departmentIds);
    const missing = departmentIds.map((id, i) => ({ id, i })).filter(({ id }) => !found.has(id));
    if (missing.length)
      throw new UnprocessableError(
        `There is no department with id ${missing[0]!.id}.`,
        missing.map(({ i }) => ({ path: `departmentIds.${i}`, reason: 'no such department' })),
      );
  }
  await hitRateLimits([{ rule: RATE_RULES.invitePerInviter, key: user.sub }]);

  const emails = [...new Set(input.emails)];
  const lang = input.language ?? DEFAULT_LANGUAGE;
  const inviter = await inviterName(user);
  const invited: string[] = [];
  const alreadyMember: string[] = [];
  for (const email of emails) {
    if (await hasAccount(email)) {
      alreadyMember.push(email);
      continue;
    }
    const { data: previous } = await Invitations.get({ email }).go();
    const now = new Date().toISOString();
    const linkExpiresAt = epochSeconds() + INVITATION_TTL_SECONDS;
    await Invitations.put({
      email,
      status: 'pending',
      role: input.role,
      language: lang,
      invitedBy: user.sub,
      invitedByEmail: user.email,
      createdAt: now,
      updatedAt: now,
      linkExpiresAt,
      ...(departmentIds.length ? { departmentIds } : {}),
      version: (previous?.version ?? 0) + 1,
    }).go();
    await sendLink({ email, role: input.role, lang, inviter, portalName: settings.name, departmentIds });
    invited.push(email);
  }
  logger.info('invitations sent', { invited: invited.length, alreadyMember: alreadyMember.length, role: input.role });
  return { invited, alreadyMember };
}

// ---- the admin list --------------------------------------------------------------------------------------
export interface InvitationView {
  email: string;
  status: InvitationStatus;
  /** `expired` when a pending invitation's link has run out. */
  state: InvitationStatus | 'expired';
  role: InvitableRole;
  language: Language;
  invitedBy: string;
  invitedByEmail?: string;
  createdAt: string;
  linkExpiresAt: number;
  acceptedAt?: string;
  revokedAt?: string;
  departmentIds: string[];
  version: number;
}

const view = (i: InvitationItem): InvitationView => ({
  email: i.email,
  status: i.status,
  state: i.status === 'pending' && i.linkExpiresAt <= epochSeconds() ? 'expired' : i.status,
  role: i.role,
  language: i.language,
  invitedBy: i.invitedBy,
  ...(i.invitedByEmail ? { invitedByEmail: i.invitedByEmail } : {}),
  createdAt: i.createdAt,
  linkExpiresAt: i.linkExpiresAt,
  ...(i.acceptedAt ? { acceptedAt: i.acceptedAt } : {}),
  ...(i.revokedAt ? { revokedAt: i.revokedAt } : {}),
  departmentIds: i.departmentIds ?? [],
  version: i.version,
});

export async function listInvitations(
  input: z.output<typeof listQuery>,
): Promise<{ items: InvitationView[]; cursor: string | null }> {
  const scope = 'invitations:all';
  const position = await openCursor(input.cursor, scope);
  const page = await Invitations.query
    .all({})
    .go({ cursor: position, limit: input.limit ?? DEFAULT_PAGE, pages: 1, order: 'desc' });
  return { items: page.data.map(view), cursor: await sealCursor(page.cursor, scope) };
}

// ---- resend / revoke ---------------------------------------------------------------------------------------
async function existing(email: string): Promise<InvitationItem> {
  const { data } = await Invitations.get({ email }).go();
  if (!data) throw new NotFoundError('There is no invitation for this address.');
  return data;
}

export async function resend(user: UserContext, email: string): Promise<InvitationView> {
  await hitRateLimits([{ rule: RATE_RULES.resendPerAdmin, key: user.sub }]);
  const inv = await existing(email);
  if (inv.status === 'accepted')
    throw new AppError(409, 'INVITATION_ACCEPTED', 'This invitation was already accepted.');
  if (inv.status === 'revoked')
    throw new AppError(409, 'INVITATION_REVOKED', 'This invitation was revoked. Invite the address again.');
  const settings = await portalSettings();
  const linkExpiresAt = await sendLink({
    email,
    role: inv.role,
    lang: inv.language,
    inviter: await inviterName(user),
    portalName: settings.name,
    departmentIds: inv.departmentIds ?? [],
  });
  const now = new Date().toISOString();
  await Invitations.patch({ email })
    .set({ linkExpiresAt, updatedAt: now, version: inv.version + 1 })
    .where(({ version }, { eq }) => eq(version, inv.version))
    .go()
    .catch((e: unknown) => {
      if (!isConditionFailure(e)) throw e;
    });
  return view({ ...inv, linkExpiresAt, updatedAt: now, version: inv.version + 1 });
}

export async function revoke(email: string): Promise<InvitationView> {
  const inv = await existing(email);
  if (inv.status === 'accepted')
    throw new AppError(409, 'INVITATION_ACCEPTED', 'This invitation was already accepted.');
  await revokeTokens(PURPOSE, email);
  if (inv.status === 'revoked') return view(inv);
  const now = new Date().toISOString();
  try {
    await Invitations.patch({ email })
      .set({ status: 'revoked', revokedAt: now, updatedAt: now, version: inv.version + 1 })
      .where(({ status }, { eq }) => eq(status, 'pending'))
      .go();
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    throw new AppError(409, 'INVITATION_CHANGED', 'This invitation changed meanwhile. Reload and try again.');
  }
  return view({ ...inv, status: 'revoked', revokedAt: now, updatedAt: now, version: inv.version + 1 });
}

// ---- the link ---------------------------------------------------------------------------------------------
export type LinkState = TokenState;

export async function check(
  token: string,
  ip: string,
): Promise<{ state: LinkState; email?: string; role?: InvitableRole; portalName?: string }> {
  await hitRateLimits([{ rule: RATE_RULES.checkPerIp, key: ip }]);
  const seen = await inspectToken(token, PURPOSE);
  if (seen.state === 'unknown' || !seen.record) return { state: 'unknown' };
  const email = seen.record.subject;
  const { data: inv } = await Invitations.get({ email }).go();
  if (!inv) return { state: 'unknown' };
  // An invitation revoked after this link was sent (or accepted through another link) wins over the token.
  const state: LinkState =
    seen.state === 'valid' && inv.status === 'revoked'
      ? 'revoked'
      : seen.state === 'valid' && inv.status === 'accepted'
        ? 'used'
        : seen.state;
  const settings = await portalSettings();
  return { state, email, role: inv.role, ...(settings.name ? { portalName: settings.name } : {}) };
}

export class InvitationLinkError extends AppError {
  constructor(readonly state: Exclude<LinkState, 'valid'>) {
    const spec = {
      unknown: [404, 'INVITATION_UNKNOWN', 'This invitation link is not valid. Check that the whole link was copied.'],
      expired: [
        410,
        'INVITATION_EXPIRED',
        'This invitation has expired. Ask the person who invited you for a new one.',
      ],
      revoked: [410, 'INVITATION_REVOKED', 'This invitation was cancelled or replaced by a newer one.'],
      used: [409, 'INVITATION_USED', 'This invitation was already accepted. Sign in to continue.'],
    } as const;
    const [status, code, message] = spec[state];
    super(status, code, message, undefined, { state });
  }
}

export async function accept(
  input: z.output<typeof acceptInput>,
  ip: string,
  logger: Logger,
): Promise<{ state: 'accepted'; email: string; role: InvitableRole }> {
  await hitRateLimits([{ rule: RATE_RULES.acceptPerIp, key: ip }]);
  const seen = await inspectToken(input.token, PURPOSE);
  if (seen.state !== 'valid' || !seen.record)
    throw new InvitationLinkError(seen.state === 'valid' ? 'unknown' : seen.state);
  const email = seen.record.subject;
  const { data: inv } = await Invitations.get({ email }).go();
  if (!inv) throw new InvitationLinkError('unknown');
  if (inv.status === 'revoked') throw new InvitationLinkError('revoked');
  if (inv.status === 'accepted') throw new InvitationLinkError('used');

  // The Cognito user first: its unique username is the lock two concurrent accepts race for.
  // An unconfirmed stage-1 registration of this address (possibly typed by someone else) gives way:
  // the invitee proved the mailbox, and the password chosen there must not survive.
  const userId =
    (await createCognitoUser(email, { emailVerified: true })) ??
    ((await dropUnconfirmedAccount(email)) ? await createCognitoUser(email, { emailVerified: true }) : null);
  if (!userId) throw new AppError(409, 'ALREADY_MEMBER', 'This address already has an account. Sign in instead.');
  const undo = async () => {
    try {
      await cognitoClient().send(new AdminDeleteUserCommand({ UserPoolId: poolId(), Username: email }));
    } catch (err) {
      logger.error('could not delete the user of a failed invitation acceptance', { error: err as Error });
    }
  };
  try {
    await cognitoClient().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId(),
        Username: email,
        Password: input.password,
        Permanent: true,
      }),
    );
  } catch (e) {
    await undo();
    if ((e as Error).name === 'InvalidPasswordException')
      throw new ValidationError([{ path: 'password', reason: (e as Error).message }]);
    throw e;
  }

  // Departments deleted since the invitation are dropped (one BatchGet); the others count the new member.
  const invitedInto = inv.departmentIds ?? [];
  const departmentIds = invitedInto.length ? [...(await getDepartments(invitedInto)).keys()] : [];
  const now = new Date().toISOString();
  const hash = hashToken(input.token);
  try {
    await transaction()
      .add(
        OneTimeTokens.patch({ hash })
          .set({ usedAt: now })
          .where(
            ({ usedAt, revokedAt, expiresAt }, { notExists, gt }) =>
              `${notExists(usedAt)} AND ${notExists(revokedAt)} AND ${gt(expiresAt, epochSeconds())}`,
          ),
        Profiles.create({
          userId,
          email,
          firstName: input.firstName,
          lastName: input.lastName,
          language: inv.language,
          timeZone: DEFAULT_TIME_ZONE,
          role: inv.role,
          status: 'active',
          departmentIds,
          createdAt: now,
          updatedAt: now,
          version: 1,
        }),
        Invitations.patch({ email })
          .set({ status: 'accepted', acceptedAt: now, acceptedBy: userId, updatedAt: now, version: inv.version + 1 })
          .where(({ status }, { eq }) => eq(status, 'pending')),
        ...departmentIds.map((id) => memberCountWrite(id, 1)),
      )
      .commit();
  } catch (e) {
    await undo();
    const reasons = (e as { CancellationReasons?: unknown[] }).CancellationReasons;
    if ((e as Error).name === 'TransactionCanceledException' || reasons || isConditionFailure(e)) {
      const again = await inspectToken(input.token, PURPOSE);
      throw new InvitationLinkError(again.state === 'valid' ? 'revoked' : again.state);
    }
    throw e;
  }
  await cognitoClient().send(
    new AdminAddUserToGroupCommand({ UserPoolId: poolId(), Username: email, GroupName: inv.role }),
  );
  logger.info('invitation accepted', { sub: userId, role: inv.role });
  return { state: 'accepted', email, role: inv.role };
}
