/**
 * The doctor's verdicts on a tenant's e-mail, from what SES says (the command is infra/doctor-cli.ts).
 */

export type Verdict = 'ok' | 'warn' | 'fail';

export interface Check {
  what: string;
  verdict: Verdict;
  detail: string;
}

export interface MailFacts {
  identity: string;
  dnsRecords: string[];
  account: {
    SendingEnabled?: boolean;
    ProductionAccessEnabled?: boolean;
    SendQuota?: { Max24HourSend?: number; MaxSendRate?: number; SentLast24Hours?: number };
  };
  identityState: {
    VerifiedForSendingStatus?: boolean;
    DkimAttributes?: { Status?: string };
    MailFromAttributes?: { MailFromDomain?: string; MailFromDomainStatus?: string };
  } | null;
}

/** The checks, from what SES said (pure: unit-tested). */
export function mailChecks(f: MailFacts): Check[] {
  const checks: Check[] = [];
  const isDomain = !f.identity.includes('@');
  checks.push(
    f.account.SendingEnabled === false
      ? {
          what: 'SES sending',
          verdict: 'fail',
          detail: 'sending is paused for this account and region (see the SES console)',
        }
      : { what: 'SES sending', verdict: 'ok', detail: 'enabled for the account' },
  );
  checks.push(
    f.account.ProductionAccessEnabled
      ? {
          what: 'SES sandbox',
          verdict: 'ok',
          detail: `out of the sandbox: ${f.account.SendQuota?.Max24HourSend ?? '?'} e-mails a day, ${f.account.SendQuota?.MaxSendRate ?? '?'} a second`,
        }
      : {
          what: 'SES sandbox',
          verdict: 'fail',
          detail:
            'the account is in the SES sandbox: mail reaches only verified addresses, so invitations to colleagues fail. ' +
            'Request production access (SES console → Account dashboard → Request production access; README "Deploying a tenant")',
        },
  );
  const id = f.identityState;
  if (!id) {
    checks.push({
      what: `identity ${f.identity}`,
      verdict: 'fail',
      detail: 'SES does not know it: was the stack deployed to this region?',
    });
    return checks;
  }
  checks.push(
    id.VerifiedForSendingStatus
      ? { what: `identity ${f.identity}`, verdict: 'ok', detail: 'verified for sending' }
      : {
          what: `identity ${f.identity}`,
          verdict: 'fail',
          detail: isDomain
            ? `not verified yet: publish the DKIM CNAME records (${f.dnsRecords.filter((r) => r.includes(' CNAME ')).length} in the stack outputs MailDns1-3); SES checks them for up to 72 hours`
            : `not verified yet: open the link SES mailed to ${f.identity}`,
        },
  );
  if (isDomain) {
    const dkim = id.DkimAttributes?.Status ?? 'NOT_STARTED';
    checks.push({
      what: 'DKIM',
      verdict: dkim === 'SUCCESS' ? 'ok' : 'fail',
      detail: dkim === 'SUCCESS' ? 'signing with the published keys' : `${dkim}: publish the three CNAME records`,
    });
    const mailFrom = id.MailFromAttributes;
    checks.push({
      what: 'MAIL FROM (SPF)',
      verdict: mailFrom?.MailFromDomainStatus === 'SUCCESS' ? 'ok' : 'warn',
      detail:
        mailFrom?.MailFromDomainStatus === 'SUCCESS'
          ? `${mailFrom.MailFromDomain} aligned`
          : `${mailFrom?.MailFromDomain ?? 'the bounce subdomain'} ${mailFrom?.MailFromDomainStatus ?? 'not set'}: publish its MX and SPF records (MailDns4-5); until then SES sends with amazonses.com (SPF not aligned, DKIM still is)`,
    });
  }
  return checks;
}

export function formatChecks(checks: Check[]): string {
  const mark: Record<Verdict, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };
  const width = Math.max(...checks.map((c) => c.what.length));
  return checks.map((c) => `${mark[c.verdict]}  ${c.what.padEnd(width)}  ${c.detail}`).join('\n');
}
