/**
 * A test file's own local stack, for stories that need a state the shared stack must not be put in:
 * the portal record exists only after registration, and only the registration tests may create it in
 * the shared integration and e2e stacks (they check "no portal yet" first). A file that calls
 * startPrivateStack() in its beforeAll — before anything calls itStack() — then talks to its own
 * stack through the usual helpers (api, signUpUser, mail-store), and stops it in afterAll.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnLocalStack, type SpawnedLocalStack } from '../../infra/local/spawn';
import { INFO_ENV } from './stack-info-env';

export interface PrivateStack {
  stack: SpawnedLocalStack;
  stop(): Promise<void>;
}

export async function startPrivateStack(web: 'dist' | 'none'): Promise<PrivateStack> {
  const kind = process.env.PORTAL_TEST_STACK === 'e2e' ? 'e2e' : 'integration';
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `portal-private-${kind}-`));
  const stack = await spawnLocalStack({
    ports: { portal: 0, api: 0, ws: 0, dynamodb: 0, s3: 0, cognito: 0, ses: 0 },
    inMemoryDb: true,
    dataDir,
    web,
    quiet: true,
    scheduleFirstRunMs: null,
  });
  const infoFile = path.join(dataDir, 'stack-info.json');
  writeFileSync(infoFile, JSON.stringify(stack.info));
  // This test file's process object is its own (Jest copies process.env per file): only it is redirected.
  process.env[INFO_ENV[kind]] = infoFile;
  return {
    stack,
    async stop() {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Writes the portal record the way registration stage 2 does (through the shared entity), owned by
 * `owner` — what `npm start` does for its demo portal. Only for a private stack.
 */
export async function seedPortal(
  p: PrivateStack,
  owner: { sub: string; email: string },
  companyName: string,
  portalName: string,
): Promise<void> {
  Object.assign(process.env, p.stack.env);
  // Imported only now: the entity binds its client and table from the environment when it loads.
  const { Portals } = await import('../../shared/portal/portal-entity');
  const now = new Date().toISOString();
  await Portals.create({
    companyName,
    portalName,
    ownerId: owner.sub,
    ownerEmail: owner.email,
    allowedDomains: [],
    licenceVersion: '2026-01',
    licenceAcceptedAt: now,
    licenceAcceptedBy: owner.sub,
    createdAt: now,
    updatedAt: now,
    version: 1,
  }).go();
}
