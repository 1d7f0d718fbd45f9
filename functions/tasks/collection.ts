/**
 * A task's item collection (PK=TASK#{t}) holds several kinds; deleting the task deletes each item through
 * its own entity. The row's `__edb_e__` says which entity it is; its key attributes come from that entity's parse.
 */
import type { EntityWrite, Raw } from '../../shared/data';
import { ATTACHMENT_ENTITY, TaskAttachments } from './attachment-entity';
import { TaskChildren } from './child-entity';
import { TaskComments } from './comment-entity';
import { TaskHistory } from './history-entity';
import { TaskRoles } from './role-entity';
import { E, Tasks } from './task-entity';
import { TimeEntries } from './time-entity';

/** The delete of one row of a task's collection (none for a kind this feature does not own). */
export function collectionDelete(row: Raw): EntityWrite[] {
  const Item = row;
  switch (row.__edb_e__) {
    case E.task: {
      const t = Tasks.parse({ Item }).data;
      return t ? [Tasks.delete({ taskId: t.taskId })] : [];
    }
    case E.role: {
      const r = TaskRoles.parse({ Item }).data;
      return r ? [TaskRoles.delete({ taskId: r.taskId, userId: r.userId, role: r.role })] : [];
    }
    case E.child: {
      const c = TaskChildren.parse({ Item }).data;
      return c ? [TaskChildren.delete({ parentId: c.parentId, taskId: c.taskId })] : [];
    }
    case E.comment: {
      const c = TaskComments.parse({ Item }).data;
      return c ? [TaskComments.delete({ taskId: c.taskId, commentId: c.commentId })] : [];
    }
    case E.history: {
      const h = TaskHistory.parse({ Item }).data;
      return h ? [TaskHistory.delete({ taskId: h.taskId, historyId: h.historyId })] : [];
    }
    case E.time: {
      const e = TimeEntries.parse({ Item }).data;
      return e ? [TimeEntries.delete({ taskId: e.taskId, entryId: e.entryId })] : [];
    }
    case ATTACHMENT_ENTITY: {
      const a = TaskAttachments.parse({ Item }).data;
      return a ? [TaskAttachments.delete({ taskId: a.taskId, nodeId: a.nodeId })] : [];
    }
    default:
      return [];
  }
}
