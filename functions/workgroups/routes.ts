/**
 * Workgroups and projects (issue 5): groups, members and roles, join requests, extranet members, and each
 * group's Kanban stages. Schemas and answers: shared/workgroups/contract.ts. A closed group's members,
 * and anything of a group an extranet person is not in, answer 404.
 */
import { defineFeature } from '../../shared/manifest/types';
import {
  addMembersBody,
  changeRoleBody,
  createGroupBody,
  createStageBody,
  deleteStageQuery,
  directoryQuery,
  groupParams,
  memberParams,
  pageQuery,
  renameStageBody,
  reorderStagesBody,
  requestParams,
  stageParams,
  updateGroupBody,
} from '../../shared/workgroups/contract';

const SMALL = 8 * 1024;

export const workgroupsFeature = defineFeature({
  feature: 'workgroups',
  grants: ['table:read', 'table:write', 'cursor-secret:read'],
  http: {
    create: { method: 'POST', path: '/groups', access: 'employee', summary: 'Create a group or project (I am its owner; members in the same transaction)', body: createGroupBody, maxBodyBytes: 16 * 1024 },
    listMine: { method: 'GET', path: '/groups', access: 'user', summary: 'My groups by name (one GSI1 Query, signed cursor)', query: pageQuery },
    listOpen: { method: 'GET', path: '/groups/open', access: 'employee', summary: 'Directory of open groups by name, optional name prefix (one sparse-GSI1 Query)', query: directoryQuery },
    get: { method: 'GET', path: '/groups/{groupId}', access: 'user', summary: 'A group, my role and rights (one BatchGet)', params: groupParams },
    update: { method: 'PATCH', path: '/groups/{groupId}', access: 'user', summary: 'Edit a group (owner/moderator/admin; versioned, stale → 409 with current)', params: groupParams, body: updateGroupBody, maxBodyBytes: 16 * 1024 },
    listMembers: { method: 'GET', path: '/groups/{groupId}/members', access: 'user', summary: 'Members (one Query + one BatchGet of names)', params: groupParams, query: pageQuery },
    addMembers: { method: 'POST', path: '/groups/{groupId}/members', access: 'user', summary: 'Add employees or extranet people (owner/moderator/admin; one transaction)', params: groupParams, body: addMembersBody, maxBodyBytes: SMALL },
    changeRole: { method: 'PATCH', path: '/groups/{groupId}/members/{userId}', access: 'user', summary: "Change a member's role (owner/admin; 'owner' transfers ownership)", params: memberParams, body: changeRoleBody, maxBodyBytes: 1024 },
    removeMember: { method: 'DELETE', path: '/groups/{groupId}/members/{userId}', access: 'user', summary: 'Remove a member (owner/moderator/admin) or leave (self; not the owner)', params: memberParams },
    join: { method: 'POST', path: '/groups/{groupId}/join', access: 'employee', summary: 'Join an open group, or ask to join a closed one', params: groupParams },
    listRequests: { method: 'GET', path: '/groups/{groupId}/requests', access: 'user', summary: 'Pending join requests (owner/moderator/admin; one Query)', params: groupParams },
    decideRequest: { method: 'POST', path: '/groups/{groupId}/requests/{userId}/{decision}', access: 'user', summary: 'Approve or reject a join request (owner/moderator/admin)', params: requestParams },
    addStage: { method: 'POST', path: '/groups/{groupId}/stages', access: 'user', summary: 'Add a Kanban stage (owner/moderator/admin; versioned)', params: groupParams, body: createStageBody, maxBodyBytes: 1024 },
    reorderStages: { method: 'PUT', path: '/groups/{groupId}/stages', access: 'user', summary: 'Reorder the stages (every stage id once; versioned)', params: groupParams, body: reorderStagesBody, maxBodyBytes: 4096 },
    renameStage: { method: 'PATCH', path: '/groups/{groupId}/stages/{stageId}', access: 'user', summary: 'Rename a stage (versioned)', params: stageParams, body: renameStageBody, maxBodyBytes: 1024 },
    deleteStage: { method: 'DELETE', path: '/groups/{groupId}/stages/{stageId}', access: 'user', summary: 'Delete an empty stage (409 while tasks are in it; not the last one)', params: stageParams, query: deleteStageQuery },
  },
  streams: {
    groupSummaries: {
      summary: "A group's name, kind or visibility changed → rewrite the summary on its membership rows (my groups list)",
      entities: ['group'],
      events: ['MODIFY'],
    },
  },
});
