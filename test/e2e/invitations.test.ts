/**
 * Invitations the way people do it, in Chromium against the e2e stack: an admin invites a colleague
 * from Company → Invite people; the colleague opens the e-mailed link, sets a name and a password,
 * lands in the portal and finds both people in the directory. The link's used page; Romanian at
 * 375 px. Screenshots go to test-results/e2e/invite-*.png.
 */
import { randomUUID } from 'node:crypto';
import {
  DESKTOP,
  directoryByLastName,
  E2eBrowser,
  horizontalOverflow,
  joinFromInvitation,
  PHONE,
  shot,
  signedInAs,
  signInThroughPage as signIn,
} from '../support/browser';
import { api, itStack } from '../support/local-stack-client';
import { linkIn, waitForMail, type StoredMail } from '../support/mail-store';

jest.setTimeout(120_000);

const b = new E2eBrowser();
const tag = `Inv${randomUUID()
  .slice(0, 6)
  .replace(/[^a-z]/gi, 'x')}`;
const adminEmail = `e2e-inv-admin-${randomUUID().slice(0, 8)}@example.com`;
const adminPassword = `E2e-${randomUUID()}!`;
let acceptedLink = '';

async function inviteMail(address: string, since: number): Promise<StoredMail & { link: string }> {
  const m = await waitForMail(address, since, { newest: true, match: (x) => !!linkIn(x, '/invite') });
  return { ...m, link: linkIn(m, '/invite')!.url };
}

const newPage = (viewport: typeof DESKTOP) => b.newPage(viewport);

beforeAll(async () => {
  await itStack().createUser(adminEmail, adminPassword, ['admin']);
  const t = await itStack().signIn(adminEmail, adminPassword);
  await api('/people/me/profile', {
    method: 'PATCH',
    token: t.idToken,
    body: { firstName: 'Adela', lastName: tag, version: 0 },
  });
  await b.start();
});

afterAll(() => b.close());

afterEach(() => {
  expect(b.pageErrors).toEqual([]);
});

test('an admin invites a colleague; the colleague joins and sees both people in the directory (English, desktop)', async () => {
  const colleague = `e2e-inv-${randomUUID().slice(0, 8)}@example.com`;
  const admin = await newPage(DESKTOP);
  await signIn(admin, adminEmail, adminPassword);
  await admin.getByTestId('nav-invitations').click();
  await admin.getByTestId('invite-page').waitFor();
  await admin.getByTestId('invite-emails').fill(`not-an-address, ${colleague}`);
  await admin.getByTestId('invite-submit').click();
  await admin.getByTestId('invite-error').waitFor();
  const since = Math.floor(Date.now() / 1000) - 1;
  await admin.getByTestId('invite-emails').fill(`${colleague.toUpperCase()}\n${adminEmail}`);
  await admin.getByTestId('invite-submit').click();
  await admin.getByTestId('invite-result').waitFor();
  expect(await admin.getByTestId('invite-result').textContent()).toContain(colleague);
  await admin.locator(`[data-testid="invitation-row"][data-email="${colleague}"]`).waitFor();
  await shot(admin, 'invite-1-admin-en-desktop');

  const mail = await inviteMail(colleague, since);
  expect(mail.subject).toMatch(/^You are invited to join /);
  acceptedLink = mail.link;

  const page = await newPage(DESKTOP);
  await page.goto(mail.link);
  await page.getByTestId('invite-accept-page').waitFor();
  expect(await page.getByTestId('invite-accept-page').textContent()).toContain(colleague);
  await page.getByTestId('invite-password').fill('short');
  expect(await page.locator('[data-rule="length"]').getAttribute('data-met')).toBe('false');
  const password = `Join-${randomUUID().slice(0, 8)}-Pass1!`;
  await joinFromInvitation(page, { firstName: 'Costin', lastName: `${tag}b`, password }, 'invite-2-accept-en-desktop');
  expect(await page.getByTestId('welcome').textContent()).toBe('Welcome, Costin');
  expect((await signedInAs(page)).email).toContain(colleague);
  expect(await directoryByLastName(page, tag)).toEqual([`Adela ${tag}`, `Costin ${tag}b`]);
  await shot(page, 'invite-3-directory-en-desktop');

  await admin.reload();
  await admin.locator(`[data-testid="invitation-row"][data-email="${colleague}"]`).getByText('Accepted').waitFor();
});

test('a used link gets its own page; Romanian at 375 px: accept page and revoked link', async () => {
  const used = await newPage(DESKTOP);
  await used.goto(acceptedLink);
  await used.getByTestId('invite-link-used').waitFor();
  await shot(used, 'invite-4-used-en-desktop');

  const other = `e2e-inv-ro-${randomUUID().slice(0, 8)}@example.com`;
  const t = await itStack().signIn(adminEmail, adminPassword);
  const since = Math.floor(Date.now() / 1000) - 1;
  expect(
    (
      await api('/invitations', {
        method: 'POST',
        token: t.idToken,
        body: { emails: [other], role: 'employee', language: 'ro' },
      })
    ).status,
  ).toBe(201);
  const mail = await inviteMail(other, since);
  expect(mail.subject).toMatch(/^Ești invitat\(ă\) în /);

  const page = await newPage(PHONE);
  await page.goto(`${itStack().urls.portal}/sign-in`);
  await page.locator('[data-testid="language-switch"] label', { hasText: 'Română' }).first().click();
  await page.goto(mail.link);
  await page.getByTestId('invite-accept-page').waitFor();
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Intră în portal');
  await page.getByTestId('invite-first-name').fill('Ioana');
  await shot(page, 'invite-5-accept-ro-phone');

  expect(
    (await api(`/invitations/${encodeURIComponent(other)}/revoke`, { method: 'POST', token: t.idToken })).status,
  ).toBe(200);
  await page.reload();
  await page.getByTestId('invite-link-revoked').waitFor();
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Această invitație nu mai este valabilă');
  await shot(page, 'invite-6-revoked-ro-phone');

  const adminPhone = await newPage(PHONE);
  await signIn(adminPhone, adminEmail, adminPassword);
  await adminPhone.goto(`${itStack().urls.portal}/company/invitations`);
  // Phones get stacked cards, not a table that scrolls sideways.
  await adminPhone
    .locator(`[data-testid="invitations-cards"] [data-testid="invitation-row"][data-email="${other}"]`)
    .getByText('Revoked')
    .waitFor();
  expect(await horizontalOverflow(adminPhone)).toBe(0);
  await shot(adminPhone, 'invite-7-admin-en-phone');
});
