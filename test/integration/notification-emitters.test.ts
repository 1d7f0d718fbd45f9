/**
 * The notification emitters of issue 13, end to end through the API and the local stream router: a drive
 * share (to a person, and to a department: each member is told), a task accepted / returned at control, a
 * closed workgroup's join request and its answer, an accepted invitation, and a mention in a 1:1 chat. Each
 * notification is also put into words with shared/notifications/texts.ts, as the bell and the e-mails do.
 */
import { randomUUID } from 'node:crypto';
import type { NotificationView } from '../../shared/notifications/contract';
import { notificationText } from '../../shared/notifications/texts';
import { api, itStack, signUpUser, type TestUser } from '../support/local-stack-client';
import { waitForMail } from '../support/mail-store';

jest.setTimeout(60_000);

const tag = () => randomUUID().slice(0, 6);
const named = async (firstName: string, lastName: string, role: 'employee' | 'admin' = 'employee') => {
  const u = await signUpUser(role);
  const r = await api('/people/me/profile', {
    method: 'PATCH',
    token: u.token,
    body: { firstName, lastName, version: 0 },
  });
  expect(r.status).toBe(200);
  return u;
};
const bell = async (u: TestUser, kind: string): Promise<NotificationView[]> => {
  await itStack().streamsIdle();
  const r = await api<{ items: NotificationView[] }>('/notifications?limit=50', { token: u.token });
  expect(r.status).toBe(200);
  return r.json.items.filter((n) => n.kind === kind);
};
const words = (n: NotificationView, lang: 'en' | 'ro' = 'en') => notificationText(n, lang).text;

let admin: TestUser;
let ana: TestUser;
let bogdan: TestUser;
beforeAll(async () => {
  [admin, ana, bogdan] = await Promise.all([
    named('Ada', `Admin${tag()}`, 'admin'),
    named('Ana', 'Pop'),
    named('Bogdan', 'Ionescu'),
  ]);
});

describe('drive: shared with me', () => {
  it('a share with a person, and with a department (each member, not the sharer), rings the bell once', async () => {
    const carol = await named('Carol', 'Dan');
    const dept = await api('/departments', { method: 'POST', token: admin.token, body: { name: `Finance ${tag()}` } });
    expect(dept.status).toBe(201);
    const departmentId = dept.json.departmentId as string;
    for (const u of [bogdan, carol, ana])
      expect(
        (await api(`/departments/${departmentId}/members/${u.sub}`, { method: 'PUT', token: admin.token })).status,
      ).toBe(200);

    const drives = await api<{ driveId: string; kind: string; rootId: string }[]>('/drive/drives', {
      token: ana.token,
    });
    const root = drives.json.find((d) => d.kind === 'user')!.rootId;
    const name = `Budget ${tag()}`;
    const folder = await api('/drive/folders', { token: ana.token, body: { parentId: root, name } });
    expect(folder.status).toBe(201);
    const nodeId = folder.json.nodeId as string;
    const share = (body: Record<string, string>) =>
      api(`/drive/nodes/${nodeId}/shares`, { token: ana.token, method: 'PUT', body });

    expect((await share({ principalType: 'user', principalId: bogdan.sub, right: 'edit' })).status).toBe(200);
    const [toBogdan] = await bell(bogdan, 'drive.shared');
    expect(toBogdan).toMatchObject({
      actorId: ana.sub,
      link: `/drive/folder/${nodeId}`,
      params: { actorName: 'Ana Pop', itemName: name, itemType: 'folder', right: 'edit' },
    });
    expect(words(toBogdan!)).toBe(`Ana Pop shared the folder “${name}” with you (can edit)`);
    expect(words(toBogdan!, 'ro')).toBe(`Ana Pop a partajat dosarul „${name}” cu dvs. (poate modifica)`);

    expect((await share({ principalType: 'department', principalId: departmentId, right: 'read' })).status).toBe(200);
    // changing a right tells nobody again
    expect((await share({ principalType: 'user', principalId: bogdan.sub, right: 'full' })).status).toBe(200);
    const [toCarol, ...more] = await bell(carol, 'drive.shared');
    expect(more).toEqual([]);
    expect(toCarol!.params.departmentName).toMatch(/^Finance /);
    expect(words(toCarol!)).toBe(
      `Ana Pop shared the folder “${name}” with ${toCarol!.params.departmentName} (can view)`,
    );
    // Bogdan: his own share and his department's; the sharer herself hears nothing
    expect((await bell(bogdan, 'drive.shared')).length).toBe(2);
    expect(await bell(ana, 'drive.shared')).toEqual([]);
  });
});

describe('tasks: the control steps', () => {
  it('the responsible person hears "returned" (not also "commented") and then "accepted"; others hear the status', async () => {
    const title = `Report ${tag()}`;
    const t = await api('/tasks', {
      token: ana.token,
      body: { title, responsibleId: bogdan.sub, requireApproval: true },
    });
    expect(t.status).toBe(201);
    const p = `/tasks/${t.json.taskId as string}/actions`;
    expect((await api(`${p}/complete`, { token: bogdan.token, body: {} })).json.status).toBe('awaiting_control');
    expect((await api(`${p}/return`, { token: ana.token, body: { comment: 'Add the figures' } })).status).toBe(200);
    const [returned] = await bell(bogdan, 'task.returned');
    expect(returned).toMatchObject({ actorId: ana.sub, link: `/tasks/${t.json.taskId as string}` });
    expect(words(returned!)).toBe(`Ana Pop returned the task “${title}” for rework`);
    expect(words(returned!, 'ro')).toBe(`Ana Pop a trimis înapoi sarcina „${title}” pentru refacere`);
    expect((await bell(bogdan, 'task.comment')).filter((n) => n.params.taskTitle === title)).toEqual([]);

    expect((await api(`${p}/complete`, { token: bogdan.token, body: {} })).status).toBe(200);
    expect((await api(`${p}/accept`, { token: ana.token, body: {} })).status).toBe(200);
    const [accepted] = await bell(bogdan, 'task.accepted');
    expect(words(accepted!)).toBe(`Ana Pop accepted your work on “${title}”`);
    expect(words(accepted!, 'ro')).toBe(`Ana Pop a acceptat lucrul dvs. la „${title}”`);
    // the creator heard the completions as status changes, in words
    const statuses = (await bell(ana, 'task.status')).filter((n) => n.params.taskTitle === title);
    expect(statuses.map((n) => words(n))).toContain(
      `Bogdan Ionescu changed the status of “${title}” to Awaiting control`,
    );
  });
});

describe('workgroups: join requests', () => {
  it('a request tells the owner and moderators; the answer tells the person who asked', async () => {
    const mod = await named('Mara', 'Mod');
    const groupName = `Closed ${tag()}`;
    const g = await api('/groups', {
      token: ana.token,
      body: { name: groupName, visibility: 'closed', moderatorIds: [mod.sub] },
    });
    expect(g.status).toBe(201);
    const groupId = g.json.groupId as string;
    expect((await api(`/groups/${groupId}/join`, { method: 'POST', token: bogdan.token })).json.status).toBe(
      'requested',
    );
    for (const manager of [ana, mod]) {
      const [req, ...more] = (await bell(manager, 'workgroup.request')).filter((n) => n.params.groupName === groupName);
      expect(more).toEqual([]);
      expect(req).toMatchObject({ actorId: bogdan.sub, link: `/workgroups/${groupId}` });
      expect(words(req!)).toBe(`Bogdan Ionescu asked to join the workgroup ${groupName}`);
    }
    expect(
      (await api(`/groups/${groupId}/requests/${bogdan.sub}/reject`, { method: 'POST', token: mod.token })).status,
    ).toBe(204);
    const [declined] = (await bell(bogdan, 'workgroup.request.declined')).filter(
      (n) => n.params.groupName === groupName,
    );
    expect(declined!.link).toBe('/workgroups');
    expect(words(declined!, 'ro')).toBe(`Mara Mod v-a refuzat cererea de a intra în grupul de lucru ${groupName}`);

    await api(`/groups/${groupId}/join`, { method: 'POST', token: bogdan.token });
    expect(
      (await api(`/groups/${groupId}/requests/${bogdan.sub}/approve`, { method: 'POST', token: ana.token })).status,
    ).toBe(204);
    const [approved] = (await bell(bogdan, 'workgroup.request.approved')).filter(
      (n) => n.params.groupName === groupName,
    );
    expect(words(approved!)).toBe(`Ana Pop approved your request to join the workgroup ${groupName}`);
  });
});

describe('invitations', () => {
  it('the inviter is told, by name, when the invited person joins', async () => {
    const email = `it-n1-${tag()}@example.com`;
    const since = Math.floor(Date.now() / 1000) - 1;
    const inv = await api('/invitations', {
      method: 'POST',
      token: admin.token,
      body: { emails: [email], role: 'employee', language: 'en' },
    });
    expect(inv.status).toBe(201);
    const mail = await waitForMail(email, since, { newest: true });
    const token = /\/invite\?token=([A-Za-z0-9_-]{43})/.exec(mail.body.text)![1];
    const ok = await api('/invitations/accept', {
      method: 'POST',
      body: { token, firstName: 'Ioana', lastName: 'Nou', password: `Pw-${randomUUID()}!` },
    });
    expect(ok.status).toBe(201);
    const [joined] = (await bell(admin, 'invitation.accepted')).filter((n) => n.params.actorName === 'Ioana Nou');
    expect(joined!.link).toBe('/company/employees');
    expect(words(joined!)).toBe('Ioana Nou accepted your invitation and joined the portal');
    expect(words(joined!, 'ro')).toBe('Ioana Nou a acceptat invitația dvs. și s-a alăturat portalului');
  });
});

describe('messenger: a mention in a 1:1 chat', () => {
  it('says "mentioned you in a direct message", not the writer’s name as a chat title', async () => {
    const dm = await api('/chats/direct', { method: 'POST', token: ana.token, body: { userId: bogdan.sub } });
    expect([200, 201]).toContain(dm.status);
    const chatId = dm.json.chatId as string;
    const sent = await api(`/chats/${chatId}/messages`, {
      method: 'POST',
      token: ana.token,
      body: { clientMessageId: randomUUID(), text: 'look @Bogdan', mentions: [bogdan.sub] },
    });
    expect(sent.status).toBe(201);
    const [mention] = (await bell(bogdan, 'chat.mention')).filter((n) => n.link.startsWith(`/messenger/${chatId}`));
    expect(mention!.params.chatKind).toBe('direct');
    expect(words(mention!)).toBe('Ana Pop mentioned you in a direct message');
    expect(words(mention!, 'ro')).toBe('Ana Pop v-a menționat într-un mesaj direct');
  });
});
