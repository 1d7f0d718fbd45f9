/** Roles are Cognito groups. Shared by functions, infra (group names) and the SPA. */
export const ROLES = ['admin', 'employee', 'extranet'] as const;
export type Role = (typeof ROLES)[number];
export const isRole = (v: string): v is Role => (ROLES as readonly string[]).includes(v);
