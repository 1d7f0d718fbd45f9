/** What list rows (role rows, child rows) carry of a task, so lists need no second read. */
import { CustomAttributeType } from 'electrodb';
import { TASK_STATUSES, type PeopleMap } from '../../shared/tasks/contract';

export const summaryAttributes = {
  taskId: { type: 'string', required: true, readOnly: true },
  title: { type: 'string', required: true },
  status: { type: TASK_STATUSES, required: true },
  deadline: { type: 'string' },
  highPriority: { type: 'boolean', required: true },
  groupId: { type: 'string' },
  stageId: { type: 'string' },
  responsibleId: { type: 'string', required: true },
  creatorId: { type: 'string', required: true },
  requireResult: { type: 'boolean', required: true },
  requireApproval: { type: 'boolean', required: true },
  names: { type: CustomAttributeType<PeopleMap>('any') },
} as const;
