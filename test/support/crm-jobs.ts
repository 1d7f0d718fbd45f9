/** CRM import/export jobs as the SPA drives them: the presigned upload of a CSV file, then polling the job. */
import type { ImportCreated, JobView } from '../../shared/crm/intake-contract';
import { api } from './local-stack-client';

/** Creates a lead import job and uploads its file (presigned PUT); the job id. */
export async function uploadImportFile(token: string, bytes: Buffer, fileName = 'clienti.csv'): Promise<string> {
  const created = await api<ImportCreated>('/crm/imports', {
    method: 'POST',
    token,
    body: { type: 'lead', fileName, size: bytes.length },
  });
  expect(created.status).toBe(201);
  const put = await fetch(created.json.url, {
    method: 'PUT',
    headers: created.json.headers,
    body: new Uint8Array(bytes),
  });
  expect(put.status).toBe(200);
  return created.json.jobId;
}

/** Polls the job at `path` until it is done, failed or cancelled. */
export async function waitForJob(path: string, token: string, timeoutMs = 120_000): Promise<JobView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const j = (await api<JobView>(path, { token })).json;
    if (['done', 'failed', 'cancelled'].includes(j.status)) return j;
    if (Date.now() > until) throw new Error(`job still ${j.status}: ${JSON.stringify(j)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
