/**
 * The group item as other features read it (tasks: a group's stages, to place a task on its board).
 * functions/workgroups owns and writes it; this is the shared read shape and key.
 *
 *   Group  PK=GROUP#{groupId} SK=GROUP; GSI1PK=GROUPS GSI1SK={nameKey}#{groupId} only while open (directory)
 */
import type { GroupKind, GroupVisibility, StageView } from './contract';
import { groupPk } from './membership-entity';

export const GROUP_ENTITY = 'group';
export const GROUP_SK = 'GROUP';
export const groupKey = (groupId: string) => ({ PK: groupPk(groupId), SK: GROUP_SK });
export const DIRECTORY_PK = 'GROUPS';

export interface GroupRecord {
  groupId: string;
  name: string;
  nameKey: string;
  description: string;
  kind: GroupKind;
  visibility: GroupVisibility;
  ownerId: string;
  projectStart?: string;
  projectEnd?: string;
  stages: StageView[];
  memberCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const isGroupRow = (row: Record<string, unknown> | undefined): boolean =>
  !!row && row.__edb_e__ === GROUP_ENTITY;
