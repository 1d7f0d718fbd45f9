/**
 * SES: the configuration set every e-mail is sent with, and the tenant's sending identity — the company's
 * domain (Easy DKIM, a custom MAIL FROM subdomain for SPF alignment) or, without a domain, the one sender
 * address. A tenant always has one (infra/context.ts refuses a deploy without a sender), so features granted
 * `ses:send` may use exactly that identity and the configuration set: `sendingResources`.
 *
 * The DNS records to publish are stack outputs (`MailDns1..`): the three DKIM CNAMEs, the MAIL FROM MX and
 * SPF records, and a DMARC record to start with. `npm run doctor -- --tenant <slug>` says whether SES will
 * actually deliver (identity verified, DKIM found, the account out of the sandbox).
 */
import { CfnOutput } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import * as ses from 'aws-cdk-lib/aws-ses';
import { StackScoped } from './stack-scoped';

export interface MailProps {
  /** Verified as a domain identity when given. */
  domainName?: string;
  /** The sender; verified as an e-mail identity when there is no domain. */
  mailFrom: string;
}

/** The subdomain SES uses as the envelope sender (bounces), so SPF aligns with the company's domain. */
export const MAIL_FROM_SUBDOMAIN = 'bounce';

export class Mail extends StackScoped {
  readonly configurationSet: ses.ConfigurationSet;
  readonly identity: ses.EmailIdentity;
  /** ARNs `ses:SendEmail`/`ses:SendRawEmail` may use: the identity and the configuration set. */
  readonly sendingResources: string[];
  /** One line per DNS record the company publishes (also the `MailDns<n>` outputs). */
  readonly dnsRecords: string[];

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.configurationSet = new ses.ConfigurationSet(this.stack, 'MailConfig', {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    const domain = props.domainName;
    this.identity = new ses.EmailIdentity(this.stack, 'MailIdentity', {
      identity: domain ? ses.Identity.domain(domain) : ses.Identity.email(props.mailFrom),
      configurationSet: this.configurationSet,
      ...(domain
        ? {
            mailFromDomain: `${MAIL_FROM_SUBDOMAIN}.${domain}`,
            // Until the MX record exists SES keeps sending with its own MAIL FROM instead of refusing.
            mailFromBehaviorOnMxFailure: ses.MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
          }
        : {}),
    });
    const sesArn = (resource: string) =>
      this.stack.formatArn({ service: 'ses', resource, resourceName: undefined, arnFormat: undefined });
    this.sendingResources = [
      sesArn(`identity/${this.identity.emailIdentityName}`),
      sesArn(`configuration-set/${this.configurationSet.configurationSetName}`),
    ];

    this.dnsRecords = domain
      ? [
          ...[1, 2, 3].map((n) => {
            const name = this.identity[`dkimDnsTokenName${n}` as 'dkimDnsTokenName1'];
            const value = this.identity[`dkimDnsTokenValue${n}` as 'dkimDnsTokenValue1'];
            return `${name} CNAME ${value}`;
          }),
          `${MAIL_FROM_SUBDOMAIN}.${domain} MX 10 feedback-smtp.${this.stack.region}.amazonses.com`,
          `${MAIL_FROM_SUBDOMAIN}.${domain} TXT "v=spf1 include:amazonses.com ~all"`,
          `_dmarc.${domain} TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@${domain}" (tighten p= once reports are clean)`,
        ]
      : [`none: SES mails ${props.mailFrom} a confirmation link; open it before the portal can send`];
    this.dnsRecords.forEach(
      (value, i) =>
        new CfnOutput(this.stack, `MailDns${i + 1}`, {
          value,
          description: domain
            ? `DNS record ${i + 1} of ${this.dnsRecords.length} for ${domain} (SES DKIM, MAIL FROM, DMARC)`
            : 'Mail sender verification',
        }),
    );
  }
}
