/**
 * Cognito: the user pool (admin-created users, 12+ character passwords, optional TOTP), one group per role,
 * the hosted domain (`portal-<tenant>-<stack suffix>`, or the context's prefix) for company SSO, the social identity providers whose secrets are
 * named, and the SPA's app client (password/SRP sign-in and the authorization-code flow with PKCE).
 */
import { Duration, RemovalPolicy, SecretValue, type Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { ROLES } from '../../shared/auth/roles';
import { StackScoped } from './stack-scoped';
import { stackUniqueSuffix } from './stack-unique';

/**
 * The hosted UI's domain prefix: the one given in context, else `portal-<tenant>-<stack suffix>` (a bare
 * `portal-<tenant>` is unique only per region across every AWS account, so it may be taken by a stranger).
 */
export const hostedUiPrefix = (stack: Stack, tenant: string, given?: string): string =>
  given ?? `portal-${tenant}-${stackUniqueSuffix(stack)}`;
/** The hosted pages' host; the CSP names it before the user pool exists. */
export const hostedUiHost = (stack: Stack, tenant: string, given?: string): string =>
  `${hostedUiPrefix(stack, tenant, given)}.auth.${stack.region}.amazoncognito.com`;

export interface IdentityProps {
  tenant: string;
  /** The SPA's origin: the client's callback and logout URLs. */
  portalOrigin: string;
  /** The hosted UI's prefix from context; derived per stack when undefined. */
  authDomainPrefix?: string;
  /** Secrets Manager secrets of the social identity providers; a provider exists only when named. */
  googleSecretName?: string;
  facebookSecretName?: string;
  appleSecretName?: string;
}

export class Identity extends StackScoped {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly hostedUi: cognito.UserPoolDomain;
  readonly hostedUiHost: string;

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    const { tenant, portalOrigin } = props;
    const userPool = new cognito.UserPool(this.stack, 'UserPool', {
      userPoolName: `portal-${tenant}`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { sms: false, otp: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.userPool = userPool;
    Validations.of(userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA (TOTP) is optional at pool level: extranet partners and staff enable it themselves; admins must, as the API refuses admin routes to a token without the portal_mfa claim (constructs/mfa-claim.ts).',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'Threat protection needs the Plus feature plan, billed per monthly active user; Essentials is the default and a tenant may upgrade. Passwords are 12+ chars with all classes.',
      },
    );
    ROLES.forEach(
      (role, i) =>
        new cognito.UserPoolGroup(this.stack, `Group-${role}`, {
          userPool,
          groupName: role,
          precedence: i,
          description: `portal role ${role}`,
        }),
    );
    this.hostedUi = userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: hostedUiPrefix(this.stack, tenant, props.authDomainPrefix) },
    });
    this.hostedUiHost = hostedUiHost(this.stack, tenant, props.authDomainPrefix);

    const { idps, providers } = this.identityProviders(props);
    this.client = userPool.addClient('SpaClient', {
      userPoolClientName: `portal-${tenant}-spa`,
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [portalOrigin, `${portalOrigin}/auth/callback`],
        logoutUrls: [portalOrigin],
      },
      supportedIdentityProviders: providers,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
    for (const idp of idps) this.client.node.addDependency(idp);
  }

  private identityProviders(props: IdentityProps): {
    idps: cognito.UserPoolIdentityProvider[];
    providers: cognito.UserPoolClientIdentityProvider[];
  } {
    const userPool = this.userPool;
    const idps: cognito.UserPoolIdentityProvider[] = [];
    const providers: cognito.UserPoolClientIdentityProvider[] = [cognito.UserPoolClientIdentityProvider.COGNITO];
    const secretField = (name: string, field: string) => SecretValue.secretsManager(name, { jsonField: field });
    if (props.googleSecretName) {
      const n = props.googleSecretName;
      idps.push(
        new cognito.UserPoolIdentityProviderGoogle(this.stack, 'Google', {
          userPool,
          clientId: secretField(n, 'clientId').unsafeUnwrap(),
          clientSecretValue: secretField(n, 'clientSecret'),
          scopes: ['openid', 'email', 'profile'],
          attributeMapping: {
            email: cognito.ProviderAttribute.GOOGLE_EMAIL,
            givenName: cognito.ProviderAttribute.GOOGLE_GIVEN_NAME,
            familyName: cognito.ProviderAttribute.GOOGLE_FAMILY_NAME,
          },
        }),
      );
      providers.push(cognito.UserPoolClientIdentityProvider.GOOGLE);
    }
    if (props.facebookSecretName) {
      const n = props.facebookSecretName;
      idps.push(
        new cognito.UserPoolIdentityProviderFacebook(this.stack, 'Facebook', {
          userPool,
          clientId: secretField(n, 'clientId').unsafeUnwrap(),
          // A dynamic reference: CloudFormation resolves it, the template never holds the secret.
          clientSecret: secretField(n, 'clientSecret').unsafeUnwrap(),
          scopes: ['public_profile', 'email'],
          attributeMapping: {
            email: cognito.ProviderAttribute.FACEBOOK_EMAIL,
            givenName: cognito.ProviderAttribute.FACEBOOK_FIRST_NAME,
            familyName: cognito.ProviderAttribute.FACEBOOK_LAST_NAME,
          },
        }),
      );
      providers.push(cognito.UserPoolClientIdentityProvider.FACEBOOK);
    }
    if (props.appleSecretName) {
      const n = props.appleSecretName;
      idps.push(
        new cognito.UserPoolIdentityProviderApple(this.stack, 'Apple', {
          userPool,
          clientId: secretField(n, 'clientId').unsafeUnwrap(),
          teamId: secretField(n, 'teamId').unsafeUnwrap(),
          keyId: secretField(n, 'keyId').unsafeUnwrap(),
          privateKeyValue: secretField(n, 'privateKey'),
          scopes: ['email', 'name'],
          attributeMapping: {
            email: cognito.ProviderAttribute.APPLE_EMAIL,
            givenName: cognito.ProviderAttribute.APPLE_FIRST_NAME,
            familyName: cognito.ProviderAttribute.APPLE_LAST_NAME,
          },
        }),
      );
      providers.push(cognito.UserPoolClientIdentityProvider.APPLE);
    }
    return { idps, providers };
  }
}
