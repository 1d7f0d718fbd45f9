/**
 * TOTP for the local stack's test administrators. The API refuses admin routes to a token without the MFA
 * claim (shared/auth/claims.ts), so `createUser` enrols every admin it creates the way the SPA does
 * (AssociateSoftwareToken → VerifySoftwareToken → SetUserMFAPreference) and `signIn` answers the
 * SOFTWARE_TOKEN_MFA challenge with a code computed from the secret (RFC 6238, shared/auth/totp.ts).
 * Secrets are kept in memory, with cognito-local's own data file as the fallback after a restart.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  AssociateSoftwareTokenCommand,
  type CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { totp } from '../../shared/auth/totp';

export interface LocalMfaOptions {
  cognito: CognitoIdentityProviderClient;
  clientId: string;
  poolId: string;
  /** cognito-local's working directory (it keeps `.cognito/db/<poolId>.json` there). */
  cognitoDir: string;
}

export interface SignedIn {
  idToken: string;
  accessToken: string;
  refreshToken: string;
}

export class LocalMfa {
  private readonly secrets = new Map<string, string>();

  constructor(private readonly o: LocalMfaOptions) {}

  /** Password sign-in; an account with TOTP on is answered with the current code. */
  async signIn(email: string, password: string): Promise<SignedIn> {
    const r = await this.o.cognito.send(
      new InitiateAuthCommand({
        ClientId: this.o.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    let a = r.AuthenticationResult;
    if (r.ChallengeName === 'SOFTWARE_TOKEN_MFA') {
      const answered = await this.o.cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: this.o.clientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: r.Session,
          ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: this.code(email) },
        }),
      );
      a = answered.AuthenticationResult;
    }
    if (!a?.IdToken || !a.AccessToken)
      throw new Error(`sign-in did not complete${r.ChallengeName ? ` (challenge ${r.ChallengeName})` : ''}`);
    return { idToken: a.IdToken, accessToken: a.AccessToken, refreshToken: a.RefreshToken ?? '' };
  }

  /** Turns TOTP on for a confirmed account (signed in with its password first); returns the secret. */
  async enrol(email: string, password: string): Promise<string> {
    const { accessToken } = await this.signIn(email, password);
    const { SecretCode } = await this.o.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
    if (!SecretCode) throw new Error('cognito-local returned no TOTP secret');
    await this.o.cognito.send(
      new VerifySoftwareTokenCommand({
        AccessToken: accessToken,
        UserCode: totp(SecretCode),
        FriendlyDeviceName: 'tests',
      }),
    );
    await this.o.cognito.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: accessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    this.secrets.set(email.toLowerCase(), SecretCode);
    return SecretCode;
  }

  /** The current code of an enrolled account. */
  code(email: string): string {
    const secret = this.secrets.get(email.toLowerCase()) ?? this.secretFromDataFile(email);
    if (!secret) throw new Error(`${email} has no TOTP secret this local stack knows`);
    return totp(secret);
  }

  private secretFromDataFile(email: string): string | undefined {
    const file = path.join(this.o.cognitoDir, '.cognito', 'db', `${this.o.poolId}.json`);
    if (!existsSync(file)) return undefined;
    const db = JSON.parse(readFileSync(file, 'utf8')) as {
      Users?: Record<
        string,
        { Attributes?: { Name: string; Value?: string }[]; SoftwareTokenMfaConfiguration?: { Secret?: string } }
      >;
    };
    const wanted = email.toLowerCase();
    const user = Object.values(db.Users ?? {}).find((u) =>
      u.Attributes?.some((at) => at.Name === 'email' && at.Value?.toLowerCase() === wanted),
    );
    return user?.SoftwareTokenMfaConfiguration?.Secret;
  }
}
