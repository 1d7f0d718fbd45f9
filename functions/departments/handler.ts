import { createFeatureHandler, reply } from '../../shared/runtime/feature-handler';
import {
  addMember,
  createDepartment,
  deleteDepartment,
  listDepartments,
  removeMember,
  setHead,
  updateDepartment,
} from './department-service';
import { departmentsFeature } from './routes';

export const handler = createFeatureHandler(departmentsFeature, {
  http: {
    list: () => listDepartments(),
    create: async ({ body }) => reply(201, await createDepartment(body)),
    update: ({ params, body }) => updateDepartment(params.departmentId, body),
    setHead: ({ params, body }) => setHead(params.departmentId, body.userId, body.version),
    remove: async ({ params, query }) => {
      await deleteDepartment(params.departmentId, query.version);
      return reply(204);
    },
    addMember: ({ params }) => addMember(params.departmentId, params.userId),
    removeMember: ({ params }) => removeMember(params.departmentId, params.userId),
  },
});
