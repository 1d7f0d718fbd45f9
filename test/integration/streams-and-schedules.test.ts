/** The stream poller and the timer: manifest-declared consumers and schedules run against the emulators. */
import { api, itStack, signUpUser, wsConnect } from '../support/local-stack-client';

jest.setTimeout(30_000);

it("a preferences change reaches the person's open WebSocket through the table's stream", async () => {
  const u = await signUpUser('employee');
  const c = await wsConnect(u.token);
  try {
    const r = await api('/me/preferences', { method: 'PATCH', token: u.token, body: { language: 'ro', version: 0 } });
    expect(r.status).toBe(200);
    expect(await c.next((f) => f.type === 'preferences.changed', 10_000)).toMatchObject({
      type: 'preferences.changed',
      language: 'ro',
      version: 1,
    });
    await itStack().streamsIdle();
  } finally {
    await c.close();
  }
});

it('streamsIdle resolves once everything written has been delivered', async () => {
  const u = await signUpUser('employee');
  const c = await wsConnect(u.token);
  try {
    await api('/me/preferences', { method: 'PATCH', token: u.token, body: { language: 'en', version: 0 } });
    await itStack().streamsIdle();
    // Delivered before streamsIdle resolved: already in the buffer.
    expect(c.frames.some((f) => (f as { type?: string }).type === 'preferences.changed')).toBe(true);
  } finally {
    await c.close();
  }
});

it("runSchedule('health', 'heartbeat') → GET /health reports the beat", async () => {
  const before = Date.now();
  await itStack().runSchedule('health', 'heartbeat');
  const r = await api('/health');
  expect(r.status).toBe(200);
  const beat = (r.json as { lastHeartbeat: string | null }).lastHeartbeat;
  expect(beat).not.toBeNull();
  expect(Date.parse(beat!)).toBeGreaterThanOrEqual(before - 1000);
});

it('an unknown schedule is an error', async () => {
  await expect(itStack().runSchedule('health', 'nope')).rejects.toThrow(/no schedule/);
});
