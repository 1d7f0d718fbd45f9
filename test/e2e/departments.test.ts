/**
 * Company structure in Chromium against the e2e stack: an admin (made directly, like the invitations
 * e2e: only the registration e2e creates the portal record) adds a department on Company → Structure,
 * invites a colleague into it from the invite page; the colleague accepts the e-mailed link and appears
 * in the directory with the department's badge. Romanian at 375 px: the structure page, no sideways scroll.
 * Screenshots go to test-results/e2e/departments-*.png.
 */
import { randomUUID } from 'node:crypto';
import {
  chooseLanguage,
  DESKTOP,
  directoryByLastName,
  E2eBrowser,
  horizontalOverflow,
  joinFromInvitation,
  PHONE,
  shot,
  signInThroughPage as signIn,
} from '../support/browser';
import { api, itStack } from '../support/local-stack-client';
import { linkIn, waitForMail } from '../support/mail-store';

jest.setTimeout(120_000);

const b = new E2eBrowser();
const tag = `Dep${randomUUID()
  .slice(0, 6)
  .replace(/[^a-z]/gi, 'x')}`;
const adminEmail = `e2e-dep-admin-${randomUUID().slice(0, 8)}@example.com`;
const adminPassword = `E2e-${randomUUID()}!`;
const department = `Research ${tag}`;

beforeAll(async () => {
  await itStack().createUser(adminEmail, adminPassword, ['admin']);
  const t = await itStack().signIn(adminEmail, adminPassword);
  await api('/people/me/profile', {
    method: 'PATCH',
    token: t.idToken,
    body: { firstName: 'Dorina', lastName: tag, version: 0 },
  });
  await b.start();
});

afterAll(() => b.close());

afterEach(() => {
  expect(b.pageErrors).toEqual([]);
});

test('an admin creates a department and invites a colleague into it; the colleague joins and shows the department badge', async () => {
  const admin = await b.newPage(DESKTOP);
  await signIn(admin, adminEmail, adminPassword);
  await admin.getByTestId('nav-structure').click();
  await admin.getByTestId('structure-page').waitFor();
  await admin.getByTestId('department-add-top').click();
  await admin.getByTestId('department-name-input').fill(department);
  await admin.getByTestId('department-submit').click();
  const node = admin.locator('[data-testid="department-node"]', {
    has: admin.getByTestId('department-name').getByText(department, { exact: true }),
  });
  await node.waitFor();
  // a sub-department under it, so the tree shows nesting
  await node.getByTestId('department-menu').first().click();
  await admin.getByTestId('department-add-child').click();
  await admin.getByTestId('department-name-input').fill(`Lab ${tag}`);
  await admin.getByTestId('department-submit').click();
  await node.getByTestId('department-name').getByText(`Lab ${tag}`).waitFor();
  await shot(admin, 'departments-1-structure-en-desktop');

  // deleting a department with a sub-department is refused and explained
  await node.getByTestId('department-menu').first().click();
  await admin.getByTestId('department-delete').click();
  await admin.getByTestId('department-submit').click();
  await admin.getByTestId('department-error').waitFor();
  expect(await admin.getByTestId('department-error').textContent()).toContain('sub-departments');
  await shot(admin, 'departments-2-delete-refused-en-desktop');
  await admin.keyboard.press('Escape');

  const colleague = `e2e-dep-${randomUUID().slice(0, 8)}@example.com`;
  await admin.getByTestId('nav-invitations').click();
  await admin.getByTestId('invite-page').waitFor();
  await admin.getByTestId('invite-emails').fill(colleague);
  await admin.getByTestId('invite-departments').click();
  await admin.getByTestId('invite-departments').fill(tag);
  await admin.getByRole('option', { name: department, exact: true }).click();
  await admin.keyboard.press('Escape');
  const since = Math.floor(Date.now() / 1000) - 1;
  await shot(admin, 'departments-3-invite-en-desktop');
  await admin.getByTestId('invite-submit').click();
  await admin.getByTestId('invite-result').waitFor();

  const mail = await waitForMail(colleague, since, { newest: true, match: (x) => !!linkIn(x, '/invite') });
  const page = await b.newPage(DESKTOP);
  await page.goto(linkIn(mail, '/invite')!.url);
  await page.getByTestId('invite-accept-page').waitFor();
  await joinFromInvitation(page, {
    firstName: 'Sorin',
    lastName: `${tag}b`,
    password: `Join-${randomUUID().slice(0, 8)}-Pass1!`,
  });
  expect(await directoryByLastName(page, tag)).toEqual([`Dorina ${tag}`, `Sorin ${tag}b`]);
  const card = page.locator('[data-testid="person-card"]', {
    has: page.getByTestId('person-name').getByText(`Sorin ${tag}b`),
  });
  expect(await card.getByTestId('department-badge').allTextContents()).toEqual([department]);
  expect(
    await page
      .locator('[data-testid="person-card"]', { has: page.getByTestId('person-name').getByText(`Dorina ${tag}`) })
      .getByTestId('department-badge')
      .count(),
  ).toBe(0);
  await shot(page, 'departments-4-directory-badge-en-desktop');
});

test('Romanian at 375 px: the structure page fits the screen', async () => {
  const page = await b.newPage(PHONE);
  await page.goto(`${itStack().urls.portal}/sign-in`);
  await chooseLanguage(page, 'Română');
  await signIn(page, adminEmail, adminPassword);
  await page.goto(`${itStack().urls.portal}/company/structure`);
  await page.getByTestId('structure-page').waitFor();
  await page.getByTestId('department-name').getByText(department, { exact: true }).waitFor();
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Structura companiei');
  expect(await horizontalOverflow(page)).toBe(0);
  await shot(page, 'departments-5-structure-ro-phone');
  const node = page.locator('[data-testid="department-node"]', {
    has: page.getByTestId('department-name').getByText(department, { exact: true }),
  });
  await node.getByTestId('department-menu').first().click();
  await page.getByTestId('department-move').click();
  await page.getByTestId('department-parent').waitFor();
  await shot(page, 'departments-6-move-ro-phone');
});
