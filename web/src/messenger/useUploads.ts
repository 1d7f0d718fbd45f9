/** Files being attached to the next message: each uploads at once to its presigned PUT, with progress. */
import { useCallback, useRef, useState } from 'react';
import type { AttachmentView } from '../../../shared/messenger/contract';
import { LIMITS } from '../../../shared/messenger/contract';
import { ApiError } from '../api/client';
import { useApi } from '../services';
import { uploadAttachment } from './api';

export interface Upload {
  key: string;
  file: File;
  progress: number;
  fileId?: string;
  error?: string;
  previewUrl?: string;
}

export function useUploads(chatId: string, tooBig: (name: string) => string) {
  const api = useApi();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const aborts = useRef(new Map<string, AbortController>());

  const patch = (key: string, p: Partial<Upload>) =>
    setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...p } : u)));

  const add = useCallback(
    (files: File[]) => {
      const room = LIMITS.attachmentsPerMessage - uploads.length;
      const added: Upload[] = files.slice(0, Math.max(0, room)).map((file) => ({
        key: `${Date.now()}-${Math.random().toString(36).slice(2)}`,
        file,
        progress: 0,
        previewUrl: file.type.startsWith('image/') ? URL.createObjectURL(file) : undefined,
        error: file.size > LIMITS.attachmentBytes || file.size === 0 ? tooBig(file.name) : undefined,
      }));
      setUploads((cur) => [...cur, ...added]);
      for (const u of added) {
        if (u.error) continue;
        const ctrl = new AbortController();
        aborts.current.set(u.key, ctrl);
        uploadAttachment(api, chatId, u.file, (f) => patch(u.key, { progress: f }), ctrl.signal)
          .then((fileId) => patch(u.key, { fileId, progress: 1 }))
          .catch((e: unknown) => {
            if ((e as Error).name === 'AbortError') return;
            patch(u.key, { error: e instanceof ApiError ? e.message : String(e) });
          })
          .finally(() => aborts.current.delete(u.key));
      }
    },
    [api, chatId, tooBig, uploads.length],
  );

  const remove = useCallback((key: string) => {
    aborts.current.get(key)?.abort();
    setUploads((all) => {
      const u = all.find((x) => x.key === key);
      if (u?.previewUrl) URL.revokeObjectURL(u.previewUrl);
      return all.filter((x) => x.key !== key);
    });
  }, []);

  /** The finished uploads as attachments of the message; clears the tray. */
  const take = useCallback((): AttachmentView[] => {
    const done = uploads.filter((u) => u.fileId);
    setUploads([]);
    return done.map((u) => ({
      fileId: u.fileId!,
      name: u.file.name,
      size: u.file.size,
      contentType: u.file.type || 'application/octet-stream',
    }));
  }, [uploads]);

  const busy = uploads.some((u) => !u.fileId && !u.error);
  const ready = uploads.some((u) => u.fileId);
  return { uploads, add, remove, take, busy, ready };
}
