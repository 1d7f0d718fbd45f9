/**
 * Company structure: departments as a tree, their heads, and who is in which (the profile's
 * `departmentIds`). Employees read the tree; administrators change it. Extranet partners are not shown
 * the company's structure (403). Schemas and answers: shared/departments/contract.ts.
 */
import { answer } from '../../shared/api/answer';
import type { DepartmentView } from '../../shared/departments/contract';
import { defineFeature } from '../../shared/manifest/types';
import {
  createDepartmentBody,
  deleteDepartmentQuery,
  departmentParams,
  memberParams,
  setHeadBody,
  updateDepartmentBody,
} from '../../shared/departments/contract';

export const departmentsFeature = defineFeature({
  feature: 'departments',
  grants: ['table:read', 'table:write'],
  http: {
    list: {
      method: 'GET',
      path: '/departments',
      access: 'employee',
      summary: 'The whole tree, flat with parent ids, by name (ONE GSI1 Query)',
      answer: answer<{ items: DepartmentView[] }>(),
    },
    create: {
      method: 'POST',
      path: '/departments',
      access: 'admin',
      summary: 'Create a department, top-level or under a parent (parent counted in the same transaction)',
      body: createDepartmentBody,
      maxBodyBytes: 1024,
    },
    update: {
      method: 'PATCH',
      path: '/departments/{departmentId}',
      access: 'admin',
      summary:
        'Rename and/or move (versioned, stale → 409 with current; under itself or a descendant → 422; the new ancestors are checked in the same transaction)',
      params: departmentParams,
      body: updateDepartmentBody,
      maxBodyBytes: 1024,
    },
    setHead: {
      method: 'PUT',
      path: '/departments/{departmentId}/head',
      access: 'admin',
      summary: 'Set (an active employee or admin) or clear (null) the head (versioned)',
      params: departmentParams,
      body: setHeadBody,
      maxBodyBytes: 1024,
    },
    remove: {
      method: 'DELETE',
      path: '/departments/{departmentId}',
      access: 'admin',
      summary: 'Delete a department with no sub-departments and no members (409 naming which; versioned)',
      params: departmentParams,
      query: deleteDepartmentQuery,
    },
    addMember: {
      method: 'PUT',
      path: '/departments/{departmentId}/members/{userId}',
      access: 'admin',
      summary: 'Put a person in a department (their profile must exist; at most 10 departments each; idempotent)',
      params: memberParams,
    },
    removeMember: {
      method: 'DELETE',
      path: '/departments/{departmentId}/members/{userId}',
      access: 'admin',
      summary: 'Take a person out of a department (idempotent)',
      params: memberParams,
    },
  },
});
