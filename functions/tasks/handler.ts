import { createFeatureHandler, reply } from '../../shared/runtime/feature-handler';
import { attachFile, detachFile, downloadAttachment, listAttachments } from './attachment-service';
import { deadlineReminders, taskEvents } from './events';
import { listBoard, listDeadlines, listMyTasks, overdueCount } from './list-service';
import { tasksFeature } from './routes';
import { taskSummary } from './summary-service';
import {
  addChecklistItems,
  createTask,
  deleteTask,
  getTask,
  moveStage,
  removeChecklistItem,
  statusAction,
  tickChecklistItem,
  updateTask,
} from './task-service';
import { addComment, listComments, listHistory, listSubtasks } from './thread-service';
import {
  addTimeEntry,
  deleteTimeEntry,
  editTimeEntry,
  getTimer,
  listTime,
  pauseTimer,
  startTimer,
  stopTimer,
} from './time-service';

export const handler = createFeatureHandler(tasksFeature, {
  http: {
    create: ({ user, body }) => createTask(user, body),
    listMine: ({ user, query }) => listMyTasks(user, query),
    deadlines: ({ user, query }) => listDeadlines(user, query),
    overdueCount: ({ user }) => overdueCount(user),
    summary: ({ user, query }) => taskSummary(user, query),
    get: ({ user, params }) => getTask(user, params.taskId),
    update: ({ user, params, body }) => updateTask(user, params.taskId, body),
    remove: ({ user, params }) => deleteTask(user, params.taskId),
    action: ({ user, params, body }) => statusAction(user, params.taskId, params.action, body),
    move: ({ user, params, body }) => moveStage(user, params.taskId, body),
    addChecklist: async ({ user, params, body }) =>
      reply(201, await addChecklistItems(user, params.taskId, body.items)),
    tickChecklist: ({ user, params, body }) => tickChecklistItem(user, params.taskId, params.itemId, body.done),
    removeChecklist: ({ user, params }) => removeChecklistItem(user, params.taskId, params.itemId),
    listComments: ({ user, params, query }) => listComments(user, params.taskId, query),
    addComment: ({ user, params, body }) => addComment(user, params.taskId, body),
    history: ({ user, params, query }) => listHistory(user, params.taskId, query),
    subtasks: ({ user, params, query }) => listSubtasks(user, params.taskId, query),
    listTime: ({ user, params, query }) => listTime(user, params.taskId, query),
    addTime: ({ user, params, body }) => addTimeEntry(user, params.taskId, body),
    editTime: ({ user, params, body }) => editTimeEntry(user, params.taskId, params.entryId, body),
    removeTime: ({ user, params }) => deleteTimeEntry(user, params.taskId, params.entryId),
    startTimer: ({ user, params }) => startTimer(user, params.taskId),
    getTimer: ({ user }) => getTimer(user),
    pauseTimer: ({ user }) => pauseTimer(user),
    stopTimer: ({ user }) => stopTimer(user),
    listAttachments: ({ user, params, query }) => listAttachments(user, params.taskId, query),
    attach: ({ user, params, body }) => attachFile(user, params.taskId, body.nodeId),
    detach: ({ user, params }) => detachFile(user, params.taskId, params.nodeId),
    downloadAttachment: ({ user, params }) => downloadAttachment(user, params.taskId, params.nodeId),
    board: ({ user, params, query }) => listBoard(user, params.groupId, query),
  },
  streams: {
    taskEvents: (changes, ctx) => taskEvents(changes, ctx),
  },
  schedules: {
    deadlineReminders: (ctx) => deadlineReminders(ctx),
  },
});
