/** The mail doctor's verdicts (infra/doctor.ts): what a tenant's operator is told after a deploy. */
import { formatChecks, mailChecks, type MailFacts } from '../../../infra/doctor';

const dns = [
  'abc._domainkey.acme.ro CNAME abc.dkim.amazonses.com',
  'def._domainkey.acme.ro CNAME def.dkim.amazonses.com',
  'ghi._domainkey.acme.ro CNAME ghi.dkim.amazonses.com',
  'bounce.acme.ro MX 10 feedback-smtp.eu-central-1.amazonses.com',
  'bounce.acme.ro TXT "v=spf1 include:amazonses.com ~all"',
];
const healthy: MailFacts = {
  identity: 'acme.ro',
  dnsRecords: dns,
  account: {
    SendingEnabled: true,
    ProductionAccessEnabled: true,
    SendQuota: { Max24HourSend: 50000, MaxSendRate: 14 },
  },
  identityState: {
    VerifiedForSendingStatus: true,
    DkimAttributes: { Status: 'SUCCESS' },
    MailFromAttributes: { MailFromDomain: 'bounce.acme.ro', MailFromDomainStatus: 'SUCCESS' },
  },
};
const verdicts = (f: MailFacts) => Object.fromEntries(mailChecks(f).map((c) => [c.what, c.verdict]));

test('a verified domain out of the sandbox: every check passes, with the quota', () => {
  const checks = mailChecks(healthy);
  expect(checks.every((c) => c.verdict === 'ok')).toBe(true);
  expect(formatChecks(checks)).toContain('50000 e-mails a day');
});

test('the sandbox fails the check and says how to leave it', () => {
  const checks = mailChecks({ ...healthy, account: { ...healthy.account, ProductionAccessEnabled: false } });
  const sandbox = checks.find((c) => c.what === 'SES sandbox');
  expect(sandbox).toMatchObject({ verdict: 'fail', detail: expect.stringMatching(/production access/) });
});

test('unpublished DNS: identity and DKIM fail, the MAIL FROM only warns (SES falls back)', () => {
  expect(
    verdicts({
      ...healthy,
      identityState: {
        VerifiedForSendingStatus: false,
        DkimAttributes: { Status: 'PENDING' },
        MailFromAttributes: { MailFromDomain: 'bounce.acme.ro', MailFromDomainStatus: 'PENDING' },
      },
    }),
  ).toEqual({
    'SES sending': 'ok',
    'SES sandbox': 'ok',
    'identity acme.ro': 'fail',
    DKIM: 'fail',
    'MAIL FROM (SPF)': 'warn',
  });
  const detail = mailChecks({ ...healthy, identityState: { VerifiedForSendingStatus: false } })[2]!.detail;
  expect(detail).toContain('3 in the stack outputs');
});

test('a single sender address: no DNS checks, the confirmation link is named', () => {
  const checks = mailChecks({
    ...healthy,
    identity: 'it@acme.ro',
    dnsRecords: [],
    identityState: { VerifiedForSendingStatus: false },
  });
  expect(checks.map((c) => c.what)).toEqual(['SES sending', 'SES sandbox', 'identity it@acme.ro']);
  expect(checks[2]).toMatchObject({
    verdict: 'fail',
    detail: expect.stringContaining('link SES mailed to it@acme.ro'),
  });
});

test('an identity SES does not know (another region?) and paused sending fail', () => {
  expect(verdicts({ ...healthy, identityState: null, account: { SendingEnabled: false } })).toEqual({
    'SES sending': 'fail',
    'SES sandbox': 'fail',
    'identity acme.ro': 'fail',
  });
});
