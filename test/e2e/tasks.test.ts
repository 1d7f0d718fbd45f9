/**
 * Tasks and projects in Chromium with two people against the local stack (issue 5): A creates a project
 * with B as a member, creates a task in it for B with a checklist and "check the work" on; B finds it under
 * "I do", starts it, runs the timer, ticks an item (A sees who ticked it), stops the timer and completes;
 * the task waits for A's control and A accepts it. Then the boards: a card dragged with the mouse to another
 * project stage, a card dragged on the status Kanban (start), a move the status machine refuses (shown, and
 * nothing changes), and a card moved with the keyboard. Also: the running timer in the header (pause / stop
 * there), a rich-text comment with a mention picked from the task's people, the list filters answered by the
 * server (the request carries them), an attached drive file B downloads, and A editing the project (name,
 * moderator; a concurrent edit shows the conflict and "save mine on top") and its stages (rename, reorder,
 * a stage with tasks refuses to go). Screenshots en/ro, desktop and 375 px, go to test-results/e2e/tasks-*.png;
 * at 375 px nothing scrolls sideways (the Kanban scrolls inside itself).
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Locator, Page } from 'playwright-core';
import { ulid } from 'ulid';
import { nameKeyOf, nodeRow } from '../../shared/drive/drive-entity';
import { objectKey } from '../../shared/drive/storage';
import type { TaskView } from '../../shared/tasks/contract';
import type { GroupDetail } from '../../shared/workgroups/contract';
import {
  chooseLanguage,
  DESKTOP,
  dragWithMouse,
  E2eBrowser,
  horizontalOverflow,
  PHONE,
  shot,
  signInThroughPage,
} from '../support/browser';
import { createPeople, e2ePerson, until, type E2ePerson } from '../support/e2e-people';
import { api, itStack } from '../support/local-stack-client';

jest.setTimeout(180_000);

const tag =
  randomUUID()
    .replace(/[^a-z]/g, '')
    .slice(0, 5) || 'abcde';
const password = `E2e-${randomUUID()}!`;

type Person = E2ePerson;
const A = e2ePerson('tasks-a', `Alina${tag}`, 'Marin');
const B = e2ePerson('tasks-b', `Bogdan${tag}`, 'Stan');

const browser = new E2eBrowser();
let a: Page;
let b: Page;
let groupId = '';
let taskId = '';
let lateTaskId = '';

const portal = () => itStack().urls.portal;
const tshot = (page: Page, name: string) => shot(page, `tasks-${name}`);

async function getTask(id: string, who = A): Promise<TaskView> {
  const r = await api<TaskView>(`/tasks/${id}`, { token: who.token });
  expect(r.status).toBe(200);
  return r.json;
}

/** Picks a person in a people picker by typing their first name. */
async function pickPerson(page: Page, testId: string, p: Person) {
  const input = page.getByTestId(testId);
  await input.click();
  await input.fill(p.first);
  // the list follows the typed name after a short debounce: click the option once it shows
  await page.locator(`[data-testid="person-option"][data-user-id="${p.sub}"]:visible`).first().click();
  // a multi-select keeps its dropdown open after a pick (it would cover the buttons below): leave the field
  // (not Escape: inside a modal that may close the modal too)
  await input.blur();
  await page.locator('[data-testid="person-option"]:visible').first().waitFor({ state: 'hidden' });
}

const drag = (page: Page, from: Locator, to: Locator) => dragWithMouse(page, from, to, { settleMs: 400 }); // a card back from a refused drop settles first

beforeAll(async () => {
  await createPeople([A, B], password, { position: 'Engineer' });
  await browser.start();
  a = await browser.newPage(DESKTOP);
  b = await browser.newPage(DESKTOP);
});

afterAll(async () => {
  await browser.close();
});

afterEach(() => {
  expect(browser.pageErrors).toEqual([]);
});

test('A creates a project with B as a member', async () => {
  await signInThroughPage(a, A.email, password);
  await chooseLanguage(a, 'English');
  await a.getByTestId('nav-tasks').click();
  await a.getByTestId('tasks-page').waitFor();
  await a.getByTestId('to-workgroups').click();
  await a.getByTestId('workgroups-page').waitFor();
  await a.getByTestId('new-group').click();
  await a.getByTestId('group-name-input').fill(`Launch ${tag}`);
  await a.getByTestId('group-description-input').fill('The spring launch');
  await pickPerson(a, 'group-members', B);
  await tshot(a, '01-new-project-en-desktop');
  await a.getByTestId('group-save').click();
  await a.getByTestId('group-page').waitFor();
  groupId = (await a.getByTestId('group-page').getAttribute('data-group-id')) ?? '';
  expect(new URL(a.url()).pathname).toBe(`/workgroups/${groupId}`);
  expect(await a.getByTestId('group-page').getAttribute('data-my-role')).toBe('owner');
  await a.getByTestId('stage-board').waitFor();
  expect(await a.getByTestId('kanban-column').count()).toBe(3);
  await a.getByTestId('group-tab-members').click();
  await a.locator(`[data-testid="member"][data-user-id="${B.sub}"][data-role="member"]`).waitFor();
  await a.getByTestId('group-tab-board').click();
});

test('A creates a task in the project for B, with a checklist and control', async () => {
  await a.getByTestId('stage-new-task').first().click();
  await a.getByTestId('task-title-input').fill(`Write the release notes ${tag}`);
  await a.getByTestId('task-description-input').click();
  await a.keyboard.type('Cover the <b>new</b> features');
  await pickPerson(a, 'task-responsible', B);
  await a.getByTestId('task-require-approval').check();
  for (const item of ['Collect the changes', 'Ask the designers for screenshots']) {
    await a.getByTestId('form-checklist-input').fill(item);
    await a.getByTestId('form-checklist-input').press('Enter');
  }
  expect(await a.getByTestId('form-checklist-item').count()).toBe(2);
  await tshot(a, '02-task-form-en-desktop');
  await a.getByTestId('task-save').click();
  await a.getByTestId('task-page').waitFor();
  taskId = (await a.getByTestId('task-page').getAttribute('data-task-id')) ?? '';
  expect(taskId).toMatch(/^[0-9A-Z]{26}$/);
  expect(await a.getByTestId('task-status').textContent()).toBe('Pending');
  expect(await a.getByTestId('checklist-item').count()).toBe(2);
  // typed text stays text: no <b> element from what the person typed
  expect(await a.getByTestId('task-description').innerText()).toContain('Cover the <b>new</b> features');
  expect(await a.getByTestId('task-description').locator('b').count()).toBe(0);
  await a.locator('[data-testid="detail-responsible"]', { hasText: `${B.first} ${B.last}` }).waitFor();
  // the creator of a task with another responsible person has no start/complete buttons
  expect(await a.getByTestId('action-start').count()).toBe(0);
  const stored = await getTask(taskId);
  expect(stored).toMatchObject({
    responsibleId: B.sub,
    creatorId: A.sub,
    groupId,
    requireApproval: true,
    status: 'pending',
  });
  await tshot(a, '03-task-created-en-desktop');
});

test('B finds it under "I do", starts it, runs the timer, ticks an item and completes', async () => {
  await signInThroughPage(b, B.email, password);
  await chooseLanguage(b, 'English');
  await b.getByTestId('nav-tasks').click();
  await b.getByTestId('tasks-page').waitFor();
  const row = b.locator(`[data-testid="task-row"][data-task-id="${taskId}"]`);
  await row.waitFor();
  await tshot(b, '04-my-tasks-en-desktop');
  await row.getByTestId('task-row-title').click();
  await b.locator(`[data-testid="task-page"][data-task-id="${taskId}"]`).waitFor();

  await b.getByTestId('action-start').click();
  await b.locator('[data-testid="task-page"][data-status="in_progress"]').waitFor();
  await b.getByTestId('timer-start').click();
  await b.getByTestId('timer-running').waitFor();
  const item = b.getByTestId('checklist-item').first();
  await item.getByTestId('checklist-tick').click(); // the box follows the saved task
  await b.locator('[data-testid="checklist-item"][data-done="true"]').first().waitFor();
  await b
    .getByTestId('checklist-done-by')
    .filter({ hasText: `${B.first} ${B.last}` })
    .waitFor();
  // the header shows the running timer on every page
  await b.locator('[data-testid="header-timer"][data-state="running"]').waitFor();
  await b.waitForTimeout(1500);
  await tshot(b, '05-timer-running-en-desktop');
  // pause and stop from the header: the page's timer follows (one timer per person)
  await b.getByTestId('header-timer').click();
  await b.getByTestId('header-timer-panel').getByText(`Write the release notes ${tag}`).waitFor();
  await tshot(b, '05b-header-timer-en-desktop');
  await b.getByTestId('header-timer-pause').click();
  await b.locator('[data-testid="header-timer"][data-state="paused"]').waitFor();
  await b.locator('[data-testid="time-entry"][data-source="timer"]').first().waitFor();
  await b.getByTestId('timer-running').waitFor({ state: 'detached' });
  await b.getByTestId('header-timer-stop').click();
  await b.getByTestId('header-timer').waitFor({ state: 'detached' });
  // a rich-text comment (bold from the toolbar) mentioning A, picked from the task's people
  const editor = b.getByTestId('comment-input');
  await editor.click();
  await b.keyboard.type('Notes are drafted, ');
  await b.keyboard.press('Control+b');
  await b.keyboard.type('please');
  await b.keyboard.press('Control+b');
  await b.keyboard.type(' have a look ');
  await b.getByTestId('comment-mention').click();
  await b.getByRole('option', { name: `${A.first} ${A.last}` }).click();
  await b.getByTestId('comment-send').click();
  await b.getByTestId('comment').first().waitFor();
  const comment = b.getByTestId('comment').first();
  expect(await comment.getByTestId('comment-text').locator('strong').innerText()).toBe('please');
  await comment.getByTestId('comment-mentions').getByText(`${A.first} ${A.last}`).waitFor();
  const stored = (
    await api<{ items: { mentions: string[]; text: string }[] }>(`/tasks/${taskId}/comments`, { token: B.token })
  ).json.items;
  expect(stored[0]).toMatchObject({ mentions: [A.sub] });
  expect(stored[0]!.text).toContain('<strong>please</strong>');

  await b.getByTestId('action-complete').click();
  // control is on and B is not the creator: it waits for A
  await b.locator('[data-testid="task-page"][data-status="awaiting_control"]').waitFor();
  const after = await getTask(taskId, B);
  expect(after.status).toBe('awaiting_control');
  expect(after.timeSpentSeconds).toBeGreaterThanOrEqual(1);
  expect(after.checklist.find((i) => i.done)?.doneBy).toBe(B.sub);
});

test('the list filters go to the server: overdue and project are in the request, not applied to loaded rows', async () => {
  const late = await api<TaskView>('/tasks', {
    method: 'POST',
    token: A.token,
    body: {
      title: `Late invoice ${tag}`,
      responsibleId: B.sub,
      deadline: new Date(Date.now() - 3_600_000).toISOString(),
    },
  });
  expect(late.status).toBe(201);
  await b.goto(`${portal()}/tasks?role=responsible&view=list`);
  await b.locator(`[data-testid="task-row"][data-task-id="${late.json.taskId}"]`).waitFor();
  const asked = b.waitForResponse((r) => r.url().includes('/tasks?') && r.url().includes('due=overdue'));
  await b.getByTestId('filter-overdue').click();
  expect((await asked).status()).toBe(200);
  await b.waitForTimeout(300);
  await b.locator(`[data-testid="task-row"][data-task-id="${late.json.taskId}"]`).waitFor();
  // only overdue rows are listed
  for (const s of await b.locator('[data-testid="task-row"]').all())
    expect(await s.getAttribute('data-task-id')).not.toBe(taskId);
  await tshot(b, '06a-filter-overdue-en-desktop');
  await b.getByTestId('filter-overdue').click();
  const byProject = b.waitForResponse((r) => r.url().includes('/tasks?') && r.url().includes(`groupId=${groupId}`));
  await b.getByTestId('filter-project').click();
  await b.getByRole('option', { name: `Launch ${tag}` }).click();
  expect((await byProject).status()).toBe(200);
  await b.waitForTimeout(300);
  await b.locator(`[data-testid="task-row"][data-task-id="${taskId}"]`).waitFor();
  for (const s of await b.locator('[data-testid="task-row"]').all())
    expect(await s.getAttribute('data-task-id')).not.toBe(late.json.taskId);
  lateTaskId = late.json.taskId;
});

test('a drive file attached to the task: both see it, B downloads it', async () => {
  // A's file in A's drive (written the way the drive stores it), attached through the API; the attach dialog opens.
  const stack = itStack();
  const nodeId = ulid();
  const versionId = ulid();
  const driveId = `user:${A.sub}`;
  const key = objectKey(driveId, nodeId, versionId);
  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: stack.urls.s3,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  await s3.send(
    new PutObjectCommand({ Bucket: stack.info.bucket, Key: key, Body: 'release checklist', ContentType: 'text/plain' }),
  );
  const now = new Date().toISOString();
  const ddb = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: stack.urls.dynamodb,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const name = `release-checklist-${tag}.txt`;
  await ddb.send(
    new PutCommand({
      TableName: stack.tableName,
      Item: nodeRow({
        nodeId,
        driveId,
        kind: 'file',
        name,
        nameKey: nameKeyOf(name),
        parentId: null,
        ancestors: [],
        size: 17,
        contentType: 'text/plain',
        currentVersionId: versionId,
        currentKey: key,
        versionCount: 1,
        version: 1,
        ownerId: A.sub,
        createdAt: now,
        updatedAt: now,
        updatedBy: A.sub,
      }),
    }),
  );
  expect((await api(`/tasks/${taskId}/attachments`, { method: 'POST', token: A.token, body: { nodeId } })).status).toBe(
    201,
  );
  await a.goto(`${portal()}/tasks/${taskId}`);
  await a.locator(`[data-testid="attachment"][data-node-id="${nodeId}"]`).waitFor();
  await b.goto(`${portal()}/tasks/${taskId}`);
  const row = b.locator(`[data-testid="attachment"][data-node-id="${nodeId}"]`);
  await row.getByText(name).waitFor();
  await row.getByText(`${A.first} ${A.last}`).waitFor();
  expect(await row.getByTestId('attachment-remove').count()).toBe(0); // B did not attach it and did not create the task
  const answer = b.waitForResponse((r) => r.url().includes(`/attachments/${nodeId}/download`));
  await row.getByTestId('attachment-download').click();
  expect((await answer).status()).toBe(200);
  await tshot(b, '06b-attachments-en-desktop');
  await b.getByTestId('attach-open').click();
  await b.getByTestId('attach-picker').waitFor();
  await b.keyboard.press('Escape');
});

test('A sees who ticked what and accepts the work', async () => {
  await a.reload();
  await a.locator('[data-testid="task-page"][data-status="awaiting_control"]').waitFor();
  await a
    .getByTestId('checklist-done-by')
    .filter({ hasText: `${B.first} ${B.last}` })
    .waitFor();
  await a.getByTestId('comment-text').filter({ hasText: 'Notes are drafted' }).waitFor();
  await tshot(a, '06-awaiting-control-en-desktop');
  await a.getByTestId('action-accept').click();
  await a.locator('[data-testid="task-page"][data-status="completed"]').waitFor();
  expect((await getTask(taskId)).status).toBe('completed');
  await a.getByTestId('tab-history').click();
  await a.locator('[data-testid="history-item"][data-field="status"]').first().waitFor();
  await chooseLanguage(a, 'Română');
  await a.locator('[data-testid="task-status"]', { hasText: 'Finalizată' }).waitFor();
  await tshot(a, '07-completed-history-ro-desktop');
  await chooseLanguage(a, 'English');
});

test('a card dragged with the mouse to another stage of the project board moves there', async () => {
  const created = await api<TaskView>('/tasks', {
    method: 'POST',
    token: A.token,
    body: { title: `Book the venue ${tag}`, responsibleId: A.sub, groupId },
  });
  expect(created.status).toBe(201);
  const group = (await api<GroupDetail>(`/groups/${groupId}`, { token: A.token })).json;
  const [first, second] = group.stages;
  expect(created.json.stageId).toBe(first!.stageId);

  await a.goto(`${portal()}/workgroups/${groupId}`);
  const card = a.locator(
    `[data-testid="kanban-column"][data-column="${first!.stageId}"] [data-testid="kanban-item"][data-task-id="${created.json.taskId}"]`,
  );
  await card.waitFor();
  const target = a.locator(`[data-testid="kanban-column"][data-column="${second!.stageId}"]`);
  const release = await drag(a, card, target);
  expect(await target.getAttribute('data-drop')).toBe('over');
  await release();
  await a
    .locator(
      `[data-testid="kanban-column"][data-column="${second!.stageId}"] [data-testid="kanban-item"][data-task-id="${created.json.taskId}"]`,
    )
    .waitFor();
  const moved = await until(
    () => getTask(created.json.taskId),
    (t) => t.stageId === second!.stageId,
  );
  expect(moved.stageId).toBe(second!.stageId);
  await tshot(a, '08-stage-board-en-desktop');

  // and with the keyboard: focus the card, Space, arrow right, Space → the third stage
  const third = group.stages[2]!;
  const item = a.locator(
    `[data-testid="kanban-column"][data-column="${second!.stageId}"] [data-testid="kanban-item"][data-task-id="${created.json.taskId}"]`,
  );
  await item.focus();
  await a.keyboard.press('Space');
  await a.waitForTimeout(200);
  await a.keyboard.press('ArrowRight');
  await a.waitForTimeout(300);
  await a.keyboard.press('Space');
  const keyed = await until(
    () => getTask(created.json.taskId),
    (t) => t.stageId === third.stageId,
  );
  expect(keyed.stageId).toBe(third.stageId);
});

test('on the status Kanban a drop takes the status action, and a move the machine refuses is shown and changes nothing', async () => {
  const mine = await api<TaskView>('/tasks', {
    method: 'POST',
    token: A.token,
    body: { title: `Order the banners ${tag}`, responsibleId: A.sub },
  });
  expect(mine.status).toBe(201);
  await a.goto(`${portal()}/tasks?view=board&role=responsible`);
  const pendingCard = a.locator(
    `[data-testid="kanban-column"][data-column="pending"] [data-testid="kanban-item"][data-task-id="${mine.json.taskId}"]`,
  );
  await pendingCard.waitFor();

  // refused: a task A both created and is responsible for cannot wait for A's own control
  let release = await drag(a, pendingCard, a.locator('[data-testid="kanban-column"][data-column="awaiting_control"]'));
  expect(
    await a.locator('[data-testid="kanban-column"][data-column="awaiting_control"]').getAttribute('data-drop'),
  ).toBe('refused');
  await a.getByTestId('kanban-refusal').waitFor();
  await tshot(a, '09-refused-move-en-desktop');
  await release();
  await a.getByText('This move is not possible').first().waitFor();
  await pendingCard.waitFor();
  expect((await getTask(mine.json.taskId)).status).toBe('pending');

  await a.getByTestId('kanban-refusal').waitFor({ state: 'detached' });
  // allowed: pending → in progress is "start"
  release = await drag(a, pendingCard, a.locator('[data-testid="kanban-column"][data-column="in_progress"]'));
  expect(await a.locator('[data-testid="kanban-column"][data-column="in_progress"]').getAttribute('data-drop')).toBe(
    'over',
  );
  await release();
  await a
    .locator(
      `[data-testid="kanban-column"][data-column="in_progress"] [data-testid="kanban-item"][data-task-id="${mine.json.taskId}"]`,
    )
    .waitFor();
  const started = await until(
    () => getTask(mine.json.taskId),
    (t) => t.status === 'in_progress',
  );
  expect(started.status).toBe('in_progress');
  await tshot(a, '10-status-board-en-desktop');
});

test('A edits the project (name, B as moderator); a concurrent edit shows the conflict; stages renamed, reordered, a busy one stays', async () => {
  await a.goto(`${portal()}/workgroups/${groupId}`);
  await a.getByTestId('group-page').waitFor();
  await a.getByTestId('group-edit-open').click();
  await a.getByTestId('group-edit-name').fill(`Launch ${tag} (spring)`);
  await a.getByTestId('group-edit-moderators').click();
  await a.getByRole('option', { name: `${B.first} ${B.last}` }).click();
  await a.getByTestId('group-edit-name').click(); // leave the multi-select
  // meanwhile someone else edits the group
  const g = (await api<GroupDetail>(`/groups/${groupId}`, { token: A.token })).json;
  expect(
    (
      await api(`/groups/${groupId}`, {
        method: 'PATCH',
        token: A.token,
        body: { version: g.version, description: 'Changed elsewhere' },
      })
    ).status,
  ).toBe(200);
  await a.getByTestId('group-edit-save').click();
  await a.getByTestId('group-conflict').waitFor();
  await tshot(a, '15-group-conflict-en-desktop');
  await a.getByTestId('group-conflict-keep').click();
  // The dialog's form unmounts only after the role changes that follow the PATCH (a Mantine Modal root has no box, so
  // waiting for it to be "hidden" passes at once, and the title already shows the PATCH's name)
  await a.getByTestId('group-edit-save').waitFor({ state: 'detached' });
  await a.getByTestId('group-title').getByText(`Launch ${tag} (spring)`).waitFor();
  const saved = (await api<GroupDetail>(`/groups/${groupId}`, { token: A.token })).json;
  expect(saved.name).toBe(`Launch ${tag} (spring)`);
  expect(saved.description).toBe('Changed elsewhere'); // only my changed fields went on top
  const members = (
    await api<{ items: { userId: string; role: string }[] }>(`/groups/${groupId}/members`, { token: A.token })
  ).json.items;
  expect(members.find((m) => m.userId === B.sub)?.role).toBe('moderator');

  await a.getByTestId('stages-manage').click();
  const rows = a.getByTestId('stage-row');
  await rows.first().waitFor();
  await rows.nth(0).getByTestId('stage-rename-input').fill('Backlog');
  await rows.nth(0).getByTestId('stage-rename').click();
  await a.locator('[data-testid="stage-rename-input"][value="Backlog"]').waitFor();
  await rows.nth(0).getByTestId('stage-down').click();
  await until(
    async () => (await api<GroupDetail>(`/groups/${groupId}`, { token: A.token })).json.stages.map((s) => s.title),
    (t) => t[1] === 'Backlog',
  );
  const order = (await api<GroupDetail>(`/groups/${groupId}`, { token: A.token })).json.stages.map((s) => s.title);
  expect(order[1]).toBe('Backlog');
  await tshot(a, '16-stages-en-desktop');
  // the third stage holds the task moved there by keyboard: deleting it is refused and it stays
  const before = (await api<GroupDetail>(`/groups/${groupId}`, { token: A.token })).json.stages.length;
  await rows.nth(2).getByTestId('stage-delete').click();
  await a.getByText('Move the tasks out of this stage before deleting it').first().waitFor();
  expect((await api<GroupDetail>(`/groups/${groupId}`, { token: A.token })).json.stages).toHaveLength(before);
  await a.keyboard.press('Escape');
});

test('Romanian and 375 px: lists, task page and boards fit the phone (the Kanban scrolls inside itself)', async () => {
  const phone = await browser.newPage(PHONE);
  await signInThroughPage(phone, B.email, password);
  await chooseLanguage(phone, 'Română');
  await phone.goto(`${portal()}/tasks?role=responsible&view=list`);
  await phone.getByTestId('tasks-page').waitFor();
  await phone.locator('[data-testid="filter-status"]').click();
  await phone.getByRole('option', { name: 'Toate', exact: true }).click();
  await phone.locator(`[data-testid="task-row"][data-task-id="${taskId}"]`).waitFor();
  expect(await horizontalOverflow(phone)).toBe(0);
  await tshot(phone, '11-list-ro-375');
  await phone.goto(`${portal()}/tasks/${taskId}`);
  await phone.getByTestId('task-page').waitFor();
  await phone.getByTestId('time-entries').waitFor();
  expect(await horizontalOverflow(phone)).toBe(0);
  await tshot(phone, '12-task-ro-375');
  await phone.goto(`${portal()}/tasks?view=deadlines`);
  await phone.getByTestId('deadlines-view').waitFor();
  expect(await horizontalOverflow(phone)).toBe(0);
  // a running timer: an icon in the phone's header, the time and controls in its popover
  expect((await api(`/tasks/${lateTaskId}/timer/start`, { method: 'POST', token: B.token })).status).toBe(200);
  await phone.reload();
  await phone.locator('[data-testid="header-timer"][data-state="running"]').waitFor();
  expect(await horizontalOverflow(phone)).toBe(0);
  await phone.getByTestId('header-timer').click();
  await phone.getByTestId('header-timer-panel').waitFor();
  await tshot(phone, '12b-header-timer-ro-375');
  await phone.getByTestId('header-timer-stop').click();
  await phone.getByTestId('header-timer').waitFor({ state: 'detached' });
  await phone.goto(`${portal()}/workgroups/${groupId}`);
  await phone.getByTestId('stage-board').waitFor();
  expect(await horizontalOverflow(phone)).toBe(0);
  const board = phone.getByTestId('stage-board');
  expect(await board.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await tshot(phone, '13-board-ro-375');
  await chooseLanguage(phone, 'English');
  await phone.goto(`${portal()}/tasks?view=board`);
  await phone.getByTestId('status-board').waitFor();
  expect(await horizontalOverflow(phone)).toBe(0);
  await tshot(phone, '14-status-board-en-375');
});
