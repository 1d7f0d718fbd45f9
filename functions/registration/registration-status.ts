/**
 * Where a signed-in person stands in registering (GET /register/status), and the confirmed registration
 * stage 2 starts from. A registration whose address was proved another way meanwhile counts as confirmed;
 * a person arriving through a social provider gets a confirmed registration on the spot.
 */
import type { UserContext } from '../../shared/auth/claims';
import { isConditionFailure } from '../../shared/data';
import { AppError, ForbiddenError } from '../../shared/http/errors';
import { DEFAULT_LANGUAGE } from '../../shared/i18n/languages';
import { accountState } from '../../shared/people/cognito-users';
import { readPortal } from '../../shared/portal/portal-entity';
import { addGroups } from './registration-accounts';
import { Registrations, type RegistrationItem } from './registration-entity';
import { mayRegister } from './registration-rules';

/** `invitation`: a person who arrived through a social provider while the portal takes new people by invitation only. */
export type Stage = 'email' | 'company' | 'join' | 'done' | 'none' | 'invitation';

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

/** The registration stage 2 completes: it must exist and be confirmed, not yet complete. */
export async function confirmedRegistration(user: UserContext) {
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
