import { createFeatureHandler } from '../../shared/runtime/feature-handler';
import {
  addStage,
  createGroup,
  deleteStage,
  getGroup,
  groupSummaries,
  listMyGroups,
  listOpenGroups,
  renameStage,
  reorderStages,
  updateGroup,
} from './group-service';
import { addMembers, changeRole, decideRequest, join, listMembers, listRequests, removeMember } from './member-service';
import { reply } from '../../shared/runtime/feature-handler';
import { workgroupsFeature } from './routes';

export const handler = createFeatureHandler(workgroupsFeature, {
  http: {
    create: async ({ user, body }) => reply(201, await createGroup(user, body)),
    listMine: ({ user, query }) => listMyGroups(user, query),
    listOpen: ({ user, query }) => listOpenGroups(user, query),
    get: ({ user, params }) => getGroup(user, params.groupId),
    update: ({ user, params, body }) => updateGroup(user, params.groupId, body),
    listMembers: ({ user, params, query }) => listMembers(user, params.groupId, query),
    addMembers: ({ user, params, body }) => addMembers(user, params.groupId, body),
    changeRole: ({ user, params, body }) => changeRole(user, params.groupId, params.userId, body.role),
    removeMember: ({ user, params }) => removeMember(user, params.groupId, params.userId),
    join: ({ user, params }) => join(user, params.groupId),
    listRequests: ({ user, params }) => listRequests(user, params.groupId),
    decideRequest: ({ user, params }) => decideRequest(user, params.groupId, params.userId, params.decision),
    addStage: ({ user, params, body }) => addStage(user, params.groupId, body),
    reorderStages: ({ user, params, body }) => reorderStages(user, params.groupId, body),
    renameStage: ({ user, params, body }) => renameStage(user, params.groupId, params.stageId, body),
    deleteStage: ({ user, params, query }) => deleteStage(user, params.groupId, params.stageId, query.version),
  },
  streams: {
    groupSummaries: (changes) => groupSummaries(changes),
  },
});
