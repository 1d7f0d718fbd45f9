/**
 * Optimistic, idempotent sends: a message gets its client message id (crypto.randomUUID) before the
 * first attempt, shows as pending, and every retry repeats the same id — the API answers a repeat with
 * the stored message, so a retry after a lost answer never makes a duplicate.
 */
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { AttachmentView } from '../../../shared/messenger/contract';
import type { ApiClient } from '../../../shared/api/client';
import { ApiError } from '../api/client';
import { useApi } from '../services';
import { touchChatList, upsertMessages } from './api';
import { pendingStore, type PendingMessage } from './stores';

const AUTO_RETRIES = 4;

export function newClientMessageId(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `c${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

function retryable(e: unknown) {
  return !(e instanceof ApiError) || e.status === 0 || e.status === 429 || e.status >= 500;
}

export async function deliver(api: ApiClient, qc: QueryClient, p: PendingMessage): Promise<void> {
  const attempt = p.attempts + 1;
  pendingStore.update(p.chatId, p.clientMessageId, { status: 'sending', attempts: attempt, error: undefined });
  try {
    const body = {
      clientMessageId: p.clientMessageId,
      ...(p.text.trim() ? { text: p.text } : {}),
      ...(p.mentions.length ? { mentions: p.mentions } : {}),
      ...(p.replyTo ? { replyTo: p.replyTo } : {}),
      ...(p.attachments.length ? { attachments: p.attachments.map((a) => ({ fileId: a.fileId })) } : {}),
      ...(p.forward ? { forward: p.forward } : {}),
    };
    const m = await api.messenger.send({ params: { chatId: p.chatId }, body });
    upsertMessages(qc, p.chatId, [m]);
    touchChatList(qc, m, { countUnread: false });
    pendingStore.remove(p.chatId, p.clientMessageId);
  } catch (e) {
    const again = retryable(e);
    if (again && attempt < AUTO_RETRIES) {
      const delay = Math.min(8_000, 500 * 2 ** (attempt - 1));
      setTimeout(() => {
        const still = pendingStore.of(p.chatId).find((x) => x.clientMessageId === p.clientMessageId);
        if (still) void deliver(api, qc, still);
      }, delay);
      return;
    }
    pendingStore.update(p.chatId, p.clientMessageId, {
      status: 'failed',
      error: e instanceof ApiError ? e.message : String(e),
      // a 4xx will not get better by itself; a network failure is retried when the connection is back
      attempts: again ? attempt : Number.POSITIVE_INFINITY,
    });
  }
}

export interface Outgoing {
  chatId: string;
  text: string;
  mentions?: string[];
  replyTo?: string;
  attachments?: AttachmentView[];
  forward?: { chatId: string; messageId: string };
}

export function useSend() {
  const api = useApi();
  const qc = useQueryClient();
  const send = useCallback(
    (o: Outgoing) => {
      const p: PendingMessage = {
        clientMessageId: newClientMessageId(),
        chatId: o.chatId,
        text: o.text,
        mentions: o.mentions ?? [],
        replyTo: o.replyTo,
        attachments: o.attachments ?? [],
        forward: o.forward,
        createdAt: new Date().toISOString(),
        status: 'sending',
        attempts: 0,
      };
      pendingStore.add(p);
      return deliver(api, qc, p);
    },
    [api, qc],
  );
  const retry = useCallback(
    (p: PendingMessage) => {
      void deliver(api, qc, { ...p, attempts: 0 });
    },
    [api, qc],
  );
  return { send, retry };
}

/** After a reconnect: try again every send that failed for want of a connection. */
export function retryFailedSends(api: ApiClient, qc: QueryClient) {
  for (const p of pendingStore.all()) {
    if (p.status === 'failed' && Number.isFinite(p.attempts)) void deliver(api, qc, { ...p, attempts: 0 });
  }
}
