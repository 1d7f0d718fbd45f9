/**
 * The bell's list and notification settings (issue 13), in Chromium on the shared e2e stack:
 *  - Bea has 24 notifications: 22 mentions made through the API today, and two older ones (yesterday, five days
 *    ago) written as the bell stores them. The bell shows the first 20 under "Today"; scrolling its list to the end
 *    loads the rest, under "Yesterday" and a date; "Mark all as read" empties the badge (English, 1280 px);
 *  - on her profile she sets Chats to Off: a new mention leaves no notification (Romanian, 375 px, the settings
 *    and the bell photographed at both widths).
 * Screenshots: test-results/e2e/notifications-*.png.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from 'playwright-core';
import { LIMITS } from '../../shared/notifications/contract';
import {
  chooseLanguage,
  DESKTOP,
  E2eBrowser,
  horizontalOverflow,
  PHONE,
  shot,
  signInThroughPage,
} from '../support/browser';
import { createPeople, e2ePerson, until } from '../support/e2e-people';
import { api, itStack } from '../support/local-stack-client';

jest.setTimeout(180_000);

const b = new E2eBrowser();
const password = `E2e-${randomUUID()}!`;
const tag = randomUUID().slice(0, 6);
const ana = e2ePerson('notif-ana', 'Ana', `Bell${tag}`);
const bea = e2ePerson('notif-bea', 'Bea', `Bell${tag}`);
const MENTIONS = 22;
const DAY = 86_400_000;
let chatId = '';

const unread = async () =>
  (await api<{ unread: number }>('/notifications/unread-count', { token: bea.token })).json.unread;

async function mentionBea(text: string): Promise<void> {
  const r = await api(`/chats/${chatId}/messages`, {
    method: 'POST',
    token: ana.token,
    body: { clientMessageId: `e2e-${randomUUID()}`, text: `${text} @Bea`, mentions: [bea.sub] },
  });
  if (r.status !== 201 && r.status !== 200) throw new Error(`sending answered ${r.status}: ${JSON.stringify(r.json)}`);
}

/** An older notification, stored as notify() stores it (the API only makes notifications of now). */
async function olderNotification(ddb: DynamoDBDocumentClient, at: Date, taskTitle: string): Promise<void> {
  // The entity reads the table's name when loaded: loaded here, once the stack is known.
  process.env.TABLE_NAME = itStack().tableName;
  const { Notifications, notificationId } = await import('../../shared/notifications/notification-entity');
  const { Item } = Notifications.create({
    userId: bea.sub,
    notificationId: notificationId(at),
    kind: 'task.comment',
    actorId: ana.sub,
    params: { actorName: `Ana Bell${tag}`, taskTitle, preview: 'Looks good' },
    link: '/tasks',
    createdAt: at.toISOString(),
    expiresAt: Math.floor(at.getTime() / 1000) + LIMITS.keepDays * 86_400,
  }).params<{ Item: Record<string, unknown> }>();
  await ddb.send(new PutCommand({ TableName: itStack().tableName, Item }));
}

beforeAll(async () => {
  await createPeople([ana, bea], password);
  const chat = await api<{ chatId: string }>('/chats', {
    method: 'POST',
    token: ana.token,
    body: { title: `Bell ${tag}`, memberIds: [bea.sub] },
  });
  chatId = chat.json.chatId;
  // Fast: the messages go out together; the stream turns each into a mention for Bea.
  await Promise.all(Array.from({ length: MENTIONS }, (_, i) => mentionBea(`Ping ${i + 1}`)));
  const ddb = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: itStack().urls.dynamodb,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  await olderNotification(ddb, new Date(Date.now() - DAY), `Yesterday's report ${tag}`);
  await olderNotification(ddb, new Date(Date.now() - 5 * DAY), `Old report ${tag}`);
  ddb.destroy();
  // 22 mentions + "added to the chat" + 2 older ones.
  await until(unread, (n) => n >= MENTIONS + 3, 30_000);
  await b.start();
});

afterAll(() => b.close());

afterEach(() => {
  expect(b.pageErrors).toEqual([]);
});

const headings = (page: Page) =>
  page.locator('[data-testid="bell-day"] > p').evaluateAll((els) => els.map((e) => e.textContent ?? ''));

test('the bell: grouped by day, older ones load on scrolling to the end, mark all read (English, 1280 px)', async () => {
  const page = await b.newPage(DESKTOP);
  await signInThroughPage(page, bea.email, password);
  await page.locator(`[data-testid="bell-count"][data-count="${MENTIONS + 3}"]`).waitFor();
  await page.getByTestId('bell').click();
  const items = page.getByTestId('bell-item');
  await items.first().waitFor();
  expect(await items.count()).toBe(LIMITS.pageSize);
  expect(await headings(page)).toEqual(['Today']);
  const readAll = page.getByTestId('bell-read-all');
  expect(await readAll.isVisible()).toBe(true);
  await shot(page, 'notifications-01-bell-en-desktop');

  // Scrolling the list to its end loads the next page (no click).
  await page.getByTestId('bell-more').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="bell-item"]').length === 25);
  const days = await headings(page);
  expect(days.slice(0, 2)).toEqual(['Today', 'Yesterday']);
  const fiveDaysAgo = new Intl.DateTimeFormat('en', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(new Date(Date.now() - 5 * DAY).getFullYear() !== new Date().getFullYear() ? { year: 'numeric' } : {}),
    timeZone: 'Europe/Bucharest',
  }).format(new Date(Date.now() - 5 * DAY));
  expect(days[2]).toBe(fiveDaysAgo); // (shown in capitals by CSS only)
  expect(days).toHaveLength(3);
  expect(await page.getByTestId('bell-more').count()).toBe(0);
  await page
    .getByTestId('bell-text')
    .filter({ hasText: `Old report ${tag}` })
    .scrollIntoViewIfNeeded();
  await shot(page, 'notifications-02-bell-older-en-desktop');

  await readAll.click();
  await page.locator('[data-testid="bell-count"][data-count="0"]').waitFor();
  expect(await readAll.isDisabled()).toBe(true);
  expect(await unread()).toBe(0);
});

test('profile → Notifications: Chats set to Off, a new mention leaves no bell (Romanian, 375 px and 1280 px)', async () => {
  const page = await b.newPage(PHONE, { locale: 'ro-RO' });
  await signInThroughPage(page, bea.email, password);
  await chooseLanguage(page, 'Română');
  // Saved to her preferences before the page is loaded again.
  await until(
    async () =>
      (await api<{ preferences: { language: string } }>('/me', { token: bea.token })).json.preferences.language,
    (l) => l === 'ro',
  );
  await page.goto(`${itStack().urls.portal}/profile#notifications`);
  const card = page.getByTestId('notification-settings');
  await card.getByText('Notificări', { exact: true }).waitFor();
  const chats = page.getByTestId('notification-delivery-chats');
  await chats.getByText('Oprit').click();
  await page.getByTestId('notification-settings-saved').waitFor();
  expect(await chats.locator('input:checked').getAttribute('value')).toBe('off');
  expect(await horizontalOverflow(page)).toBe(0);
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'notifications-03-settings-ro-phone');

  const settings = await api<{ groups: Record<string, string>; version: number }>('/notifications/settings', {
    token: bea.token,
  });
  expect(settings.json.groups.chats).toBe('off');

  const before = await unread();
  await mentionBea('After the switch');
  await itStack().streamsIdle();
  const newest = await api<{ items: { params: Record<string, string> }[] }>('/notifications?limit=1', {
    token: bea.token,
  });
  expect(newest.json.items[0]?.params.preview ?? '').not.toContain('After the switch');
  expect(await unread()).toBe(before);

  // The bell at 375 px, in the menu drawer: nothing new, every day heading in Romanian.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByTestId('burger').click();
  await page.getByTestId('bell-nav').click();
  await page.getByTestId('bell-item').first().waitFor();
  expect((await headings(page))[0]).toBe('Azi');
  expect(await page.getByTestId('bell-text').filter({ hasText: 'After the switch' }).count()).toBe(0);
  await shot(page, 'notifications-04-bell-ro-phone');

  // The same page at 1280 px (no second sign-in).
  const wide = page;
  await wide.setViewportSize(DESKTOP);
  await wide.goto(`${itStack().urls.portal}/profile#notifications`);
  await wide.getByTestId('notification-settings').scrollIntoViewIfNeeded();
  await wide
    .getByTestId('notification-delivery-chats')
    .locator('input[value="off"]:checked')
    .waitFor({ state: 'attached' });
  await shot(wide, 'notifications-05-settings-ro-desktop');
  // Back on, for whoever reads this stack next.
  await wide.getByTestId('notification-delivery-chats').getByText('Clopoțel').click();
  await wide.getByTestId('notification-settings-saved').waitFor();
});
