/**
 * Pushing to a person's open connections: the contract every feature uses for live updates.
 * One Query for the connections, one PostToConnection each; gone connections are deleted.
 */
import { isExpired } from '../data/electro';
import { postToConnection } from '../runtime/ws-client';
import { Connections } from './connection-entity';

export async function sendToUser(userId: string, frame: unknown): Promise<{ delivered: number; gone: number }> {
  const { data } = await Connections.query.byUser({ userId }).go({ pages: 'all' });
  let delivered = 0;
  let gone = 0;
  await Promise.all(
    data.map(async (c) => {
      const ok = !isExpired(c.expiresAt) && (await postToConnection(c.connectionId, frame));
      if (ok) delivered++;
      else {
        gone++;
        await Connections.delete({ connectionId: c.connectionId }).go();
      }
    }),
  );
  return { delivered, gone };
}
