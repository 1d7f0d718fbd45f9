/**
 * Issue 13's walk, in Chromium against the local stack: the deadline typed as 17:30 is saved as 17:30 (the
 * old calendar spin fields saved 10:30), a day alone is due at 18:00 and the field shows it; the status
 * Kanban at 1280 px shows that more columns are off to the side (edge shadow, scrollbar) and scrolls with
 * the keyboard. Screenshots: test-results/e2e/deadline-*.png and kanban-1280-*.png.
 */
import { randomUUID } from 'node:crypto';
import dayjs from 'dayjs';
import type { Page } from 'playwright-core';
import type { TaskView } from '../../shared/tasks/contract';
import { chooseLanguage, DESKTOP, E2eBrowser, shot, signInThroughPage } from '../support/browser';
import { createPeople, e2ePerson } from '../support/e2e-people';
import { api } from '../support/local-stack-client';

jest.setTimeout(180_000);

const tag =
  randomUUID()
    .replace(/[^a-z]/g, '')
    .slice(0, 5) || 'abcde';
const password = `E2e-${randomUUID()}!`;
const A = e2ePerson('deadline-a', `Dana${tag}`, 'Ionescu');

const browser = new E2eBrowser();
let a: Page;

beforeAll(async () => {
  await createPeople([A], password, { position: 'Engineer' });
  await browser.start();
  a = await browser.newPage(DESKTOP);
  await signInThroughPage(a, A.email, password);
  await chooseLanguage(a, 'English');
});

afterAll(async () => {
  await browser.close();
});

afterEach(() => {
  expect(browser.pageErrors).toEqual([]);
});

/** Opens "New task", names it and picks the 20th of the month the calendar opens on; returns that day. */
async function newTaskOnThe20th(title: string): Promise<string> {
  await a.getByTestId('nav-tasks').click();
  await a.getByTestId('tasks-page').waitFor();
  await a.getByTestId('new-task').click();
  await a.getByTestId('task-title-input').fill(title);
  await a.getByTestId('task-deadline-date').click();
  const day = a.locator('table button:not([data-outside])').filter({ hasText: /^20$/ }).first();
  await day.click();
  const label = await a.getByTestId('task-deadline-date').innerText();
  const picked = dayjs(label.trim().replace(/^(\d{2})\.(\d{2})\.(\d{4})$/, '$3-$2-$1'));
  expect(picked.date()).toBe(20);
  return picked.format('YYYY-MM-DD');
}

/** The deadline on the browser's clock (E2eBrowser pages run in Europe/Bucharest), 'YYYY-MM-DD HH:mm'. */
const onBrowserClock = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Bucharest' }).slice(0, 16) : null;

async function saveAndRead(): Promise<TaskView> {
  await a.getByTestId('task-save').click();
  await a.getByTestId('task-page').waitFor();
  const taskId = (await a.getByTestId('task-page').getAttribute('data-task-id')) ?? '';
  const r = await api<TaskView>(`/tasks/${taskId}`, { token: A.token });
  expect(r.status).toBe(200);
  return r.json;
}

test('a deadline typed as 17:30 is saved as 17:30', async () => {
  const day = await newTaskOnThe20th(`Typed time ${tag}`);
  const time = a.getByTestId('task-deadline-time');
  // a day alone shows the end of the working day before anything is typed
  expect(await time.inputValue()).toBe('18:00');
  await time.click();
  await time.selectText();
  await a.keyboard.type('17:30', { delay: 60 });
  expect(await time.inputValue()).toBe('17:30');
  await time.blur();
  await shot(a, 'deadline-typed-1730-en-desktop');
  const task = await saveAndRead();
  expect(onBrowserClock(task.deadline)).toBe(`${day} 17:30`);
  // English shows the clock the English way
  await a.locator('[data-testid="detail-deadline"]', { hasText: /\b0?5:30\sPM\b/ }).waitFor();
});

test('a day alone is due at the end of that working day, 18:00, and the field says so', async () => {
  const day = await newTaskOnThe20th(`Day only ${tag}`);
  expect(await a.getByTestId('task-deadline-time').inputValue()).toBe('18:00');
  await a.getByText('A day without a time is due at 18:00, the end of the working day.').waitFor();
  await shot(a, 'deadline-day-only-en-desktop');
  const task = await saveAndRead();
  expect(onBrowserClock(task.deadline)).toBe(`${day} 18:00`);
});

test('at 1280 px the Kanban shows that more columns are to the side, and scrolls with the keyboard', async () => {
  await a.goto(`${a.url().split('/tasks')[0]}/tasks?view=board`);
  const board = a.getByTestId('status-board');
  const scroller = a.getByTestId('status-board-scroller');
  await board.waitFor();
  const sizes = await board.evaluate((el) => ({ client: el.clientWidth, scroll: el.scrollWidth }));
  expect(sizes.scroll).toBeGreaterThan(sizes.client); // not every column fits at 1280 px
  // the right edge shadow says so; nothing is hidden on the left yet
  await a.locator('[data-testid="status-board-scroller"][data-more-after]').waitFor();
  expect(await scroller.getAttribute('data-more-before')).toBeNull();
  // the shadow is painted (headless Chromium hides every scrollbar, so the scrollbar cannot be checked here)
  const shadow = (side: '::before' | '::after') =>
    scroller.evaluate((el, pseudo) => getComputedStyle(el, pseudo).opacity, side);
  await a.waitForTimeout(300); // the shadow fades in
  expect(await shadow('::after')).toBe('1');
  expect(await shadow('::before')).toBe('0');
  await shot(a, 'kanban-1280-start-en-desktop');

  await board.focus();
  for (let i = 0; i < 20; i++) await a.keyboard.press('ArrowRight');
  await a.locator('[data-testid="status-board-scroller"][data-more-before]').waitFor();
  expect(await board.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  await board.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
  await a.locator('[data-testid="status-board-scroller"]:not([data-more-after])').waitFor();
  await a.waitForTimeout(300);
  expect(await shadow('::before')).toBe('1');
  expect(await shadow('::after')).toBe('0');
  await shot(a, 'kanban-1280-end-en-desktop');
});
