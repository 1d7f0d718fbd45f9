/** Which environment variable names the info file of each project's local stack (see ./test-stack.ts). */
export type TestStackKind = 'integration' | 'e2e';
export const INFO_ENV: Record<TestStackKind, string> = { integration: 'PORTAL_IT_INFO', e2e: 'PORTAL_STACK_INFO' };
