/**
 * Keys of a group's task board (GSI2), shared because workgroups must know whether a stage still holds
 * tasks before deleting it (one Query, Limit 1) without importing functions/tasks.
 *
 *   GSI2PK=GROUP#{groupId}#TASKS  GSI2SK={stageId}#{rank}#{taskId}
 */
export const boardPk = (groupId: string) => `GROUP#${groupId}#TASKS`;
export const boardSk = (stageId: string, rank: string, taskId: string) => `${stageId}#${rank}#${taskId}`;
export const stagePrefix = (stageId: string) => `${stageId}#`;
