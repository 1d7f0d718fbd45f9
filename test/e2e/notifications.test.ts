/**
 * The bell says what happened, in words (issue 13), in Chromium on the shared e2e stack. Ana makes every task
 * event through the API for Bogdan — assigned, a comment, a mention, a status change, returned and accepted at
 * control — and shares a folder with him; "due tomorrow" and "overdue" (made by the hourly schedule) are stored
 * as notify() stores them, so running the schedule here cannot touch other files' tasks. Bogdan opens his bell:
 *  - English at 1280 px: every sentence, then the share opens the shared folder;
 *  - Romanian at 375 px (the bell in the menu drawer): every sentence again.
 * Screenshots: test-results/e2e/bell-words-*.png.
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
const ana = e2ePerson('words-ana', 'Ana', `Words${tag}`);
const bogdan = e2ePerson('words-bogdan', 'Bogdan', `Words${tag}`);
const ANA = `Ana Words${tag}`;
const BOGDAN = `Bogdan Words${tag}`;
const T = {
  assigned: `Assigned ${tag}`,
  status: `Status ${tag}`,
  control: `Control ${tag}`,
  due: `Due ${tag}`,
  late: `Late ${tag}`,
  folder: `Shared ${tag}`,
};
/** 15:30 UTC is 17:30 in Bucharest (the person's and the browser's zone). */
const DEADLINE = '2026-12-08T15:30:00.000Z';
const EXPECTED = 10;
let folderId = '';

async function call<T = Record<string, string>>(token: string, path: string, body?: unknown, method?: string) {
  const r = await api<T>(path, { token, ...(body !== undefined ? { body } : {}), ...(method ? { method } : {}) });
  if (r.status >= 300) throw new Error(`${path} answered ${r.status}: ${r.text}`);
  return r.json;
}

/** A schedule's notification, stored as notify() stores it. */
async function scheduled(ddb: DynamoDBDocumentClient, kind: 'task.deadline' | 'task.overdue', taskTitle: string) {
  // the entity reads TABLE_NAME when its module loads: import it once the stack's table is known
  process.env.TABLE_NAME = itStack().tableName;
  const { notificationId, Notifications } = await import('../../shared/notifications/notification-entity');
  const at = new Date();
  const { Item } = Notifications.create({
    userId: bogdan.sub,
    notificationId: notificationId(at),
    kind,
    params: { taskTitle, deadline: DEADLINE },
    link: '/tasks',
    createdAt: at.toISOString(),
    expiresAt: Math.floor(at.getTime() / 1000) + LIMITS.keepDays * 86_400,
  }).params<{ Item: Record<string, unknown> }>();
  await ddb.send(new PutCommand({ TableName: itStack().tableName, Item }));
}

beforeAll(async () => {
  await createPeople([ana, bogdan], password);
  const A = ana.token;
  const B = bogdan.token;
  // assigned, commented, mentioned
  const t1 = await call(A, '/tasks', { title: T.assigned, responsibleId: bogdan.sub });
  await call(A, `/tasks/${t1.taskId}/comments`, { text: '<p>Draft attached</p>' });
  await call(A, `/tasks/${t1.taskId}/comments`, {
    text: `<p><span data-mention="${bogdan.sub}">@${BOGDAN}</span> please check</p>`,
    mentions: [bogdan.sub],
  });
  // a status change made by someone else on Bogdan's task
  const t2 = await call(B, '/tasks', { title: T.status, responsibleId: ana.sub });
  await call(A, `/tasks/${t2.taskId}/actions/start`, {});
  // control: returned, then accepted
  const t3 = await call(A, '/tasks', { title: T.control, responsibleId: bogdan.sub, requireApproval: true });
  await call(B, `/tasks/${t3.taskId}/actions/complete`, {});
  await call(A, `/tasks/${t3.taskId}/actions/return`, { comment: 'Add the figures' });
  await itStack().streamsIdle();
  await call(B, `/tasks/${t3.taskId}/actions/complete`, {});
  await call(A, `/tasks/${t3.taskId}/actions/accept`, {});
  // a folder shared with him
  const drives = await call<{ kind: string; rootId: string }[]>(A, '/drive/drives');
  const root = drives.find((d) => d.kind === 'user')!.rootId;
  folderId = (await call(A, '/drive/folders', { parentId: root, name: T.folder })).nodeId!;
  await call(
    A,
    `/drive/nodes/${folderId}/shares`,
    { principalType: 'user', principalId: bogdan.sub, right: 'edit' },
    'PUT',
  );
  const ddb = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: itStack().urls.dynamodb,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  await scheduled(ddb, 'task.deadline', T.due);
  await scheduled(ddb, 'task.overdue', T.late);
  ddb.destroy();
  const unread = await until(
    async () => (await call<{ unread: number }>(B, '/notifications/unread-count')).unread,
    (n) => n >= EXPECTED,
    30_000,
  );
  expect(unread).toBe(EXPECTED);
  await b.start();
});

afterAll(() => b.close());

afterEach(() => {
  expect(b.pageErrors).toEqual([]);
});

const texts = (page: Page) =>
  page.getByTestId('bell-text').evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));

test('English, 1280 px: every task event and the share in words; the share opens the shared folder', async () => {
  const page = await b.newPage(DESKTOP);
  await signInThroughPage(page, bogdan.email, password);
  await page.locator(`[data-testid="bell-count"][data-count="${EXPECTED}"]`).waitFor();
  await page.getByTestId('bell').click();
  await page
    .getByTestId('bell-text')
    .nth(EXPECTED - 1)
    .waitFor();
  expect((await texts(page)).sort()).toEqual(
    [
      `${ANA} made you responsible for the task “${T.assigned}”`,
      `${ANA} commented on the task “${T.assigned}”`,
      `${ANA} mentioned you in a comment on “${T.assigned}”`,
      `${ANA} changed the status of “${T.status}” to In progress`,
      `${ANA} made you responsible for the task “${T.control}”`,
      `${ANA} returned the task “${T.control}” for rework`,
      `${ANA} accepted your work on “${T.control}”`,
      `The task “${T.due}” is due 8 Dec 2026, 17:30`,
      `The task “${T.late}” is overdue (due 8 Dec 2026, 17:30)`,
      `${ANA} shared the folder “${T.folder}” with you (can edit)`,
    ].sort(),
  );
  expect(await page.getByText('Something happened in the portal').count()).toBe(0);
  await shot(page, 'bell-words-01-en-desktop');

  await page
    .getByTestId('bell-item')
    .filter({ hasText: `“${T.folder}”` })
    .click();
  await page.locator(`[data-testid="folder-view"][data-node-id="${folderId}"][data-right="edit"]`).waitFor();
  expect(await page.getByTestId('folder-title').innerText()).toBe(T.folder);
  await page.locator(`[data-testid="bell-count"][data-count="${EXPECTED - 1}"]`).waitFor();
});

test('Romanian, 375 px: the same events in Romanian, in the menu drawer’s bell', async () => {
  const page = await b.newPage(PHONE, { locale: 'ro-RO' });
  await signInThroughPage(page, bogdan.email, password);
  await chooseLanguage(page, 'Română');
  await page.getByTestId('burger').click();
  await page.getByTestId('bell-nav').click();
  await page
    .getByTestId('bell-text')
    .nth(EXPECTED - 1)
    .waitFor();
  expect((await texts(page)).sort()).toEqual(
    [
      `${ANA} v-a făcut responsabil de sarcina „${T.assigned}”`,
      `${ANA} a comentat la sarcina „${T.assigned}”`,
      `${ANA} v-a menționat într-un comentariu la „${T.assigned}”`,
      `${ANA} a schimbat starea sarcinii „${T.status}” în În lucru`,
      `${ANA} v-a făcut responsabil de sarcina „${T.control}”`,
      `${ANA} a trimis înapoi sarcina „${T.control}” pentru refacere`,
      `${ANA} a acceptat lucrul dvs. la „${T.control}”`,
      `Sarcina „${T.due}” are termen 8 dec. 2026, 17:30`,
      `Sarcina „${T.late}” a depășit termenul (8 dec. 2026, 17:30)`,
      `${ANA} a partajat dosarul „${T.folder}” cu dvs. (poate modifica)`,
    ].sort(),
  );
  expect(await horizontalOverflow(page)).toBe(0);
  await shot(page, 'bell-words-02-ro-phone');
});
