/**
 * The signed-in session: tokens in memory, mirrored to sessionStorage (this tab only, gone when it
 * closes), renewed silently with the refresh token a couple of minutes before the ID token expires.
 * A plain store (subscribe/getSnapshot) so React, the API client and the WebSocket share one truth.
 */
import type { PortalConfig } from '../config';
import {
  AuthError,
  decodeJwt,
  refreshTokens,
  signInWithCode,
  signInWithPassword,
  type MfaCodeRequired,
  type Tokens,
} from './cognito';

export const SESSION_STORAGE_KEY = 'portal.session';
/** Renew this long before the ID token expires. */
const REFRESH_MARGIN_MS = 2 * 60_000;
const RETRY_AFTER_NETWORK_ERROR_MS = 30_000;

/** `mfaEnabled`: TOTP was just turned on; the person signs in again, now with a code. */
export type SignOutReason = 'user' | 'expired' | 'mfaEnabled';

export interface SessionUser {
  sub: string;
  email: string;
  groups: string[];
  /** The token carries the second-factor claim (`portal_mfa: totp`) admin routes require. */
  mfa: boolean;
}

/** The claim functions/mfa-claim adds (shared/auth/claims.ts MFA_CLAIM; not imported: the SPA bundle stays small). */
const MFA_CLAIM = 'portal_mfa';

export type SessionState =
  | { status: 'signedOut'; reason?: SignOutReason }
  | { status: 'restoring' }
  | { status: 'signedIn'; user: SessionUser; expiresAt: number };

function userOf(tokens: Tokens): SessionUser {
  const c = decodeJwt(tokens.idToken);
  return {
    sub: c.sub,
    email: typeof c.email === 'string' ? c.email : '',
    groups: Array.isArray(c['cognito:groups']) ? c['cognito:groups'] : [],
    mfa: c[MFA_CLAIM] === 'totp',
  };
}

function readStored(): Tokens | null {
  try {
    const raw = sessionStorage.getItem(SESSION_STORAGE_KEY);
    if (!raw) return null;
    const t = JSON.parse(raw) as Partial<Tokens>;
    if (
      typeof t.idToken !== 'string' ||
      typeof t.accessToken !== 'string' ||
      typeof t.refreshToken !== 'string' ||
      typeof t.expiresAt !== 'number'
    )
      return null;
    decodeJwt(t.idToken);
    return t as Tokens;
  } catch {
    return null;
  }
}

export class SessionStore {
  private tokens: Tokens | null;
  private state: SessionState;
  private listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private refreshing: Promise<Tokens> | undefined;

  constructor(private readonly config: PortalConfig) {
    this.tokens = readStored();
    if (!this.tokens) this.state = { status: 'signedOut' };
    else if (this.tokens.expiresAt - Date.now() > REFRESH_MARGIN_MS) this.state = this.signedInState(this.tokens);
    else this.state = { status: 'restoring' };
  }

  /** Starts the refresh timer (and the restore of an expired stored session). Call once. */
  start(): () => void {
    if (this.state.status === 'restoring') void this.refresh().catch(() => undefined);
    else if (this.tokens) this.schedule();
    const onVisible = () => {
      // Timers sleep in background tabs: check the clock when the person comes back.
      if (
        document.visibilityState === 'visible' &&
        this.tokens &&
        this.tokens.expiresAt - Date.now() < REFRESH_MARGIN_MS
      ) {
        void this.refresh().catch(() => undefined);
      }
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      clearTimeout(this.timer);
    };
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getSnapshot = (): SessionState => this.state;

  async signIn(email: string, password: string): Promise<SessionUser> {
    const tokens = await signInWithPassword(this.config, email.trim(), password);
    this.setTokens(tokens);
    return userOf(tokens);
  }

  /** The second step of a sign-in whose password was right and whose account has TOTP on. */
  async signInWithCode(challenge: MfaCodeRequired, code: string): Promise<SessionUser> {
    const tokens = await signInWithCode(this.config, challenge, code);
    this.setTokens(tokens);
    return userOf(tokens);
  }

  /** The access token Cognito's own self-service calls take (TOTP enrolment); throws when signed out. */
  accessToken(): string {
    if (!this.tokens) throw new AuthError('wrongCredentials', 'signed out');
    return this.tokens.accessToken;
  }

  /** Takes tokens obtained elsewhere (company SSO through the hosted pages) as the session. */
  adopt(t: { idToken: string; accessToken: string; refreshToken: string; expiresIn: number }): SessionUser {
    const exp = decodeJwt(t.idToken).exp;
    const tokens: Tokens = {
      idToken: t.idToken,
      accessToken: t.accessToken,
      refreshToken: t.refreshToken,
      expiresAt: Number.isFinite(exp) ? exp * 1000 : Date.now() + t.expiresIn * 1000,
    };
    this.setTokens(tokens);
    return userOf(tokens);
  }

  signOut(reason: SignOutReason = 'user'): void {
    clearTimeout(this.timer);
    this.tokens = null;
    this.refreshing = undefined;
    try {
      sessionStorage.removeItem(SESSION_STORAGE_KEY);
    } catch {
      /* storage unavailable */
    }
    this.set({ status: 'signedOut', reason });
  }

  /** A valid ID token, renewed first if it is about to expire; throws when signed out. */
  async idToken(): Promise<string> {
    if (!this.tokens) throw new AuthError('wrongCredentials', 'signed out');
    if (this.tokens.expiresAt - Date.now() < 30_000) return (await this.refresh()).idToken;
    return this.tokens.idToken;
  }

  /** Renews now (one request at a time). A refused refresh token ends the session. */
  refresh(): Promise<Tokens> {
    if (!this.tokens) return Promise.reject(new AuthError('wrongCredentials', 'signed out'));
    if (this.refreshing) return this.refreshing;
    const refreshToken = this.tokens.refreshToken;
    const p = refreshTokens(this.config, refreshToken)
      .then((t) => {
        if (this.refreshing === p) this.setTokens(t);
        return t;
      })
      .catch((e: unknown) => {
        if (this.refreshing !== p) throw e;
        if (e instanceof AuthError && e.reason === 'wrongCredentials') this.signOut('expired');
        else if (this.tokens && this.tokens.expiresAt > Date.now()) this.schedule(RETRY_AFTER_NETWORK_ERROR_MS);
        else if (this.tokens) {
          // Expired and the service is unreachable: try again later, but the API cannot be used meanwhile.
          this.schedule(RETRY_AFTER_NETWORK_ERROR_MS);
          if (this.state.status === 'restoring') this.signOut('expired');
        }
        throw e;
      })
      .finally(() => {
        if (this.refreshing === p) this.refreshing = undefined;
      });
    this.refreshing = p;
    return p;
  }

  private signedInState(tokens: Tokens): SessionState {
    return { status: 'signedIn', user: userOf(tokens), expiresAt: tokens.expiresAt };
  }

  private setTokens(tokens: Tokens) {
    this.tokens = tokens;
    try {
      sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(tokens));
    } catch {
      /* storage unavailable: memory only */
    }
    this.set(this.signedInState(tokens));
    this.schedule();
  }

  private schedule(inMs?: number) {
    clearTimeout(this.timer);
    if (!this.tokens) return;
    const wait = inMs ?? Math.max(1_000, this.tokens.expiresAt - Date.now() - REFRESH_MARGIN_MS);
    // setTimeout overflows past ~24.8 days; tokens live hours at most, but be safe.
    this.timer = setTimeout(() => void this.refresh().catch(() => undefined), Math.min(wait, 2 ** 31 - 1));
  }

  private set(state: SessionState) {
    this.state = state;
    for (const fn of this.listeners) fn();
  }
}
