/**
 * Tasks (issue 5): tasks, status actions, checklists, comments, history, time tracking, lists and the
 * project board. Schemas and answers: shared/tasks/contract.ts. Rights: shared/tasks/policy.ts (status
 * changes: shared/tasks/status-machine.ts), enforced on every route; a task you may not see answers 404.
 */
import { defineFeature } from '../../shared/manifest/types';
import {
  actionParams,
  attachBody,
  attachmentParams,
  boardParams,
  boardQuery,
  checklistAddBody,
  checklistItemParams,
  checklistTickBody,
  commentBody,
  createTaskBody,
  deadlinesQuery,
  editTimeEntryBody,
  listQuery,
  moveStageBody,
  pageQuery,
  statusActionBody,
  taskParams,
  timeEntryBody,
  timeEntryParams,
  updateTaskBody,
} from '../../shared/tasks/contract';

const SMALL = 8 * 1024;

export const tasksFeature = defineFeature({
  feature: 'tasks',
  // bucket:read: presigned GETs of attached drive files (after the task's own check).
  grants: ['table:read', 'table:write', 'bucket:read', 'ws:manage', 'cursor-secret:read'],
  http: {
    create: { method: 'POST', path: '/tasks', access: 'user', summary: 'Create a task (people, group, parent checked in ONE BatchGet; one transaction)', body: createTaskBody, maxBodyBytes: 128 * 1024 },
    listMine: { method: 'GET', path: '/tasks', access: 'user', summary: 'My tasks by role, status filter, deadline order (ONE GSI1 Query, signed cursor)', query: listQuery },
    deadlines: { method: 'GET', path: '/tasks/deadlines', access: 'user', summary: 'My open tasks by deadline bucket: overdue, today, this week, later (ONE GSI3 Query)', query: deadlinesQuery },
    overdueCount: { method: 'GET', path: '/tasks/overdue-count', access: 'user', summary: 'How many of my open tasks are overdue (ONE GSI3 Query, COUNT)' },
    get: { method: 'GET', path: '/tasks/{taskId}', access: 'user', summary: 'A task with my roles, rights and available actions', params: taskParams },
    update: { method: 'PATCH', path: '/tasks/{taskId}', access: 'user', summary: 'Edit core fields (creator/admin; versioned, stale → 409 with current; history in the same transaction)', params: taskParams, body: updateTaskBody, maxBodyBytes: 128 * 1024 },
    remove: { method: 'DELETE', path: '/tasks/{taskId}', access: 'user', summary: 'Delete a task and its comments, history and time (creator/admin)', params: taskParams },
    action: { method: 'POST', path: '/tasks/{taskId}/actions/{action}', access: 'user', summary: 'Status action: start, pause, complete, accept, return, defer, decline, renew', params: actionParams, body: statusActionBody, maxBodyBytes: SMALL },
    move: { method: 'PUT', path: '/tasks/{taskId}/stage', access: 'user', summary: 'Move the task to a stage of its group board', params: taskParams, body: moveStageBody, maxBodyBytes: 1024 },
    addChecklist: { method: 'POST', path: '/tasks/{taskId}/checklist', access: 'user', summary: 'Add checklist items (at most 100 in all)', params: taskParams, body: checklistAddBody, maxBodyBytes: 64 * 1024 },
    tickChecklist: { method: 'PATCH', path: '/tasks/{taskId}/checklist/{itemId}', access: 'user', summary: 'Tick or untick a checklist item (participants too)', params: checklistItemParams, body: checklistTickBody, maxBodyBytes: 256 },
    removeChecklist: { method: 'DELETE', path: '/tasks/{taskId}/checklist/{itemId}', access: 'user', summary: 'Remove a checklist item', params: checklistItemParams },
    listComments: { method: 'GET', path: '/tasks/{taskId}/comments', access: 'user', summary: 'Comments, oldest first (ONE Query)', params: taskParams, query: pageQuery },
    addComment: { method: 'POST', path: '/tasks/{taskId}/comments', access: 'user', summary: 'Comment (sanitised rich text) with mentions', params: taskParams, body: commentBody, maxBodyBytes: 32 * 1024 },
    history: { method: 'GET', path: '/tasks/{taskId}/history', access: 'user', summary: 'Change history, newest first (ONE Query)', params: taskParams, query: pageQuery },
    subtasks: { method: 'GET', path: '/tasks/{taskId}/subtasks', access: 'user', summary: 'Subtasks (ONE Query of the parent’s partition)', params: taskParams, query: pageQuery },
    listTime: { method: 'GET', path: '/tasks/{taskId}/time', access: 'user', summary: 'Time entries, total vs planned', params: taskParams, query: pageQuery },
    addTime: { method: 'POST', path: '/tasks/{taskId}/time', access: 'user', summary: 'Manual time entry with a comment', params: taskParams, body: timeEntryBody, maxBodyBytes: 2048 },
    editTime: { method: 'PATCH', path: '/tasks/{taskId}/time/{entryId}', access: 'user', summary: 'Edit my time entry (versioned; earlier values kept)', params: timeEntryParams, body: editTimeEntryBody, maxBodyBytes: 2048 },
    removeTime: { method: 'DELETE', path: '/tasks/{taskId}/time/{entryId}', access: 'user', summary: 'Delete my time entry (admin: any)', params: timeEntryParams },
    startTimer: { method: 'POST', path: '/tasks/{taskId}/timer/start', access: 'user', summary: 'Start my timer on this task (a running one elsewhere is paused and recorded in the same transaction)', params: taskParams },
    getTimer: { method: 'GET', path: '/timer', access: 'user', summary: 'My timer' },
    pauseTimer: { method: 'POST', path: '/timer/pause', access: 'user', summary: 'Pause my timer (records the running segment)' },
    stopTimer: { method: 'POST', path: '/timer/stop', access: 'user', summary: 'Stop my timer (records the running segment)' },
    listAttachments: { method: 'GET', path: '/tasks/{taskId}/attachments', access: 'user', summary: 'Drive files attached to the task (ONE Query)', params: taskParams, query: pageQuery },
    attach: { method: 'POST', path: '/tasks/{taskId}/attachments', access: 'user', summary: 'Attach a drive file I may read (creator, responsible, participants, admins)', params: taskParams, body: attachBody, maxBodyBytes: 256 },
    detach: { method: 'DELETE', path: '/tasks/{taskId}/attachments/{nodeId}', access: 'user', summary: 'Remove an attachment (who attached it, the creator, admins)', params: attachmentParams },
    downloadAttachment: { method: 'GET', path: '/tasks/{taskId}/attachments/{nodeId}/download', access: 'user', summary: 'A 5-minute presigned GET of an attached file for anyone who may see the task', params: attachmentParams },
    board: { method: 'GET', path: '/groups/{groupId}/tasks', access: 'user', summary: 'A group’s task board by stage (members/admins; ONE GSI2 Query)', params: boardParams, query: boardQuery },
  },
  streams: {
    taskEvents: {
      summary: 'Task and comment changes → task.assigned / task.status / task.comment / task.mention notifications and task.changed frames',
      entities: ['task', 'taskComment'],
    },
  },
  schedules: {
    deadlineReminders: { summary: 'Open tasks due within a day → task.deadline; overdue → task.overdue (once per task, person and day)', everyMinutes: 60 },
  },
});
