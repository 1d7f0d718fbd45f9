/**
 * SES: the configuration set every e-mail is sent with and, when the tenant has a domain or a sender
 * address, its identity. Features granted `ses:send` may use exactly `sendingResources`.
 */
import type { Construct } from 'constructs';
import * as ses from 'aws-cdk-lib/aws-ses';
import { StackScoped } from './stack-scoped';

export interface MailProps {
  /** Verified as a domain identity when given. */
  domainName?: string;
  /** Verified as an e-mail identity when there is no domain. */
  mailFrom?: string;
}

export class Mail extends StackScoped {
  readonly configurationSet: ses.ConfigurationSet;
  /** ARNs `ses:SendEmail`/`ses:SendRawEmail` may use: the identity (any, without one) and the configuration set. */
  readonly sendingResources: string[];

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.configurationSet = new ses.ConfigurationSet(this.stack, 'MailConfig', {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    const identity = props.domainName
      ? new ses.EmailIdentity(this.stack, 'MailIdentity', {
          identity: ses.Identity.domain(props.domainName),
          configurationSet: this.configurationSet,
        })
      : props.mailFrom
        ? new ses.EmailIdentity(this.stack, 'MailIdentity', {
            identity: ses.Identity.email(props.mailFrom),
            configurationSet: this.configurationSet,
          })
        : undefined;
    const sesArn = (resource: string) =>
      this.stack.formatArn({ service: 'ses', resource, resourceName: undefined, arnFormat: undefined });
    this.sendingResources = [
      identity ? sesArn(`identity/${identity.emailIdentityName}`) : sesArn('identity/*'),
      sesArn(`configuration-set/${this.configurationSet.configurationSetName}`),
    ];
  }
}
