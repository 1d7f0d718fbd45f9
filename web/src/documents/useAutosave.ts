/**
 * Autosave of a document: every change waits `delayMs` of quiet, then is saved as a new version with the
 * version the editor started from (`baseVersionId`). One save at a time; what is typed meanwhile is saved
 * right after. The state is shown to the person:
 *   saved · pending (changes not sent yet) · saving · offline (no connection: retried with back-off and as
 *   soon as the browser is back online) · conflict (somebody else saved meanwhile: 409 → merge view; nothing
 *   is saved until the person decides) · error (e.g. too long; retried on the next change or "retry").
 * Unsaved text is also kept in localStorage (per document), so a closed tab or a crash while offline loses
 * nothing: the page offers it back on the next visit.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DocumentView } from '../../../shared/drive/contract';
import { ApiError } from '../api/client';
import { conflictOf } from './api';

export type SaveState = 'saved' | 'pending' | 'saving' | 'offline' | 'conflict' | 'error';

export interface Base {
  versionId: string;
  content: string;
}

export interface Conflict {
  /** the version my edits started from */
  base: Base;
  /** the version somebody else saved meanwhile */
  theirs: DocumentView;
  /** my text at the moment of the conflict */
  mine: string;
}

export interface Draft {
  baseVersionId: string;
  content: string;
  at: string;
}

const draftKey = (nodeId: string) => `portal.documents.draft.${nodeId}`;

export function readDraft(nodeId: string): Draft | null {
  try {
    const raw = localStorage.getItem(draftKey(nodeId));
    if (!raw) return null;
    const d = JSON.parse(raw) as Draft;
    return typeof d.content === 'string' && typeof d.baseVersionId === 'string' ? d : null;
  } catch {
    return null;
  }
}

export function clearDraft(nodeId: string) {
  try {
    localStorage.removeItem(draftKey(nodeId));
  } catch {
    /* storage unavailable: nothing to clear */
  }
}

function writeDraft(nodeId: string, d: Draft) {
  try {
    localStorage.setItem(draftKey(nodeId), JSON.stringify(d));
  } catch {
    /* full or unavailable: the server copy is the one that counts */
  }
}

export interface Autosave {
  state: SaveState;
  /** message of the last failure (state error) */
  error: string | null;
  conflict: Conflict | null;
  /** when the last save of this session succeeded */
  savedAt: string | null;
  base: Base;
  change: (content: string) => void;
  /** saves now what is pending; resolves true when everything is saved */
  flush: () => Promise<boolean>;
  /** the editor now shows `base` (restore, take theirs): nothing pending */
  reset: (base: Base) => void;
  /** after a conflict: save `content` on top of their version */
  saveOver: (content: string, theirsVersionId: string) => void;
  retry: () => void;
  /** a conflict found outside a save (a draft left from an older version): the merge view opens */
  raiseConflict: (c: Conflict) => void;
}

export function useAutosave(opts: {
  nodeId: string;
  initial: Base;
  save: (content: string, baseVersionId: string) => Promise<DocumentView>;
  onSaved?: (view: DocumentView) => void;
  delayMs?: number;
}): Autosave {
  const { nodeId, delayMs = 1200 } = opts;
  const [state, setStateRaw] = useState<SaveState>('saved');
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [base, setBase] = useState<Base>(opts.initial);

  const stateRef = useRef<SaveState>('saved');
  const baseRef = useRef<Base>(opts.initial);
  const contentRef = useRef<string>(opts.initial.content);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inflight = useRef<Promise<void> | null>(null);
  const failures = useRef(0);
  const saveFn = useRef(opts.save);
  const onSavedFn = useRef(opts.onSaved);
  useEffect(() => {
    saveFn.current = opts.save;
    onSavedFn.current = opts.onSaved;
  });

  const setState = useCallback((s: SaveState) => {
    stateRef.current = s;
    setStateRaw(s);
  }, []);

  const setBaseBoth = useCallback((b: Base) => {
    baseRef.current = b;
    setBase(b);
  }, []);

  const schedule = useCallback((ms: number, run: () => void) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(run, ms);
  }, []);

  const runRef = useRef<() => Promise<void>>(async () => {});
  const run = useCallback(async (): Promise<void> => {
    clearTimeout(timer.current);
    if (stateRef.current === 'conflict') return;
    if (inflight.current) {
      await inflight.current;
      return runRef.current();
    }
    const sending = contentRef.current;
    const from = baseRef.current;
    if (sending === from.content) {
      setState('saved');
      clearDraft(nodeId);
      return;
    }
    setState('saving');
    const p = (async () => {
      try {
        const view = await saveFn.current(sending, from.versionId);
        failures.current = 0;
        setError(null);
        setBaseBoth({ versionId: view.versionId, content: sending });
        setSavedAt(view.node.updatedAt);
        onSavedFn.current?.(view);
        if (contentRef.current === sending) {
          clearDraft(nodeId);
          setState('saved');
        } else {
          setState('pending');
          schedule(delayMs, () => void runRef.current());
        }
      } catch (e) {
        const theirs = conflictOf(e);
        if (theirs) {
          setConflict({ base: from, theirs, mine: contentRef.current });
          setState('conflict');
          return;
        }
        if ((e instanceof ApiError && e.isNetwork) || (typeof navigator !== 'undefined' && !navigator.onLine)) {
          failures.current++;
          setState('offline');
          schedule(Math.min(30_000, 1000 * 2 ** Math.min(failures.current, 5)), () => void runRef.current());
          return;
        }
        if (e instanceof ApiError && e.status >= 500) {
          failures.current++;
          setError(e.message);
          setState('error');
          if (failures.current < 4) schedule(2000 * failures.current, () => void runRef.current());
          return;
        }
        setError(e instanceof Error ? e.message : String(e));
        setState('error');
      }
    })();
    inflight.current = p;
    try {
      await p;
    } finally {
      inflight.current = null;
    }
  }, [delayMs, nodeId, schedule, setBaseBoth, setState]);
  useEffect(() => {
    runRef.current = run;
  }, [run]);

  const change = useCallback(
    (content: string) => {
      contentRef.current = content;
      if (stateRef.current === 'conflict') return;
      if (content === baseRef.current.content && !inflight.current) {
        clearTimeout(timer.current);
        clearDraft(nodeId);
        if (stateRef.current !== 'error') setState('saved');
        return;
      }
      writeDraft(nodeId, { baseVersionId: baseRef.current.versionId, content, at: new Date().toISOString() });
      if (stateRef.current === 'saved' || stateRef.current === 'error') setState('pending');
      // offline keeps its back-off timer; everything else waits for a pause in the typing
      if (stateRef.current !== 'offline' && stateRef.current !== 'saving')
        schedule(delayMs, () => void runRef.current());
    },
    [delayMs, nodeId, schedule, setState],
  );

  const flush = useCallback(async () => {
    await run();
    if (inflight.current) await inflight.current;
    return stateRef.current === 'saved';
  }, [run]);

  const reset = useCallback(
    (b: Base) => {
      clearTimeout(timer.current);
      contentRef.current = b.content;
      setBaseBoth(b);
      setConflict(null);
      setError(null);
      clearDraft(nodeId);
      setState('saved');
    },
    [nodeId, setBaseBoth, setState],
  );

  const saveOver = useCallback(
    (content: string, theirsVersionId: string) => {
      const theirs = conflict?.theirs;
      setBaseBoth({ versionId: theirsVersionId, content: theirs?.versionId === theirsVersionId ? theirs.content : '' });
      contentRef.current = content;
      setConflict(null);
      setState('pending');
      writeDraft(nodeId, { baseVersionId: theirsVersionId, content, at: new Date().toISOString() });
      void run();
    },
    [conflict, nodeId, run, setBaseBoth, setState],
  );

  const retry = useCallback(() => {
    failures.current = 0;
    if (stateRef.current === 'error' || stateRef.current === 'offline') setState('pending');
    void run();
  }, [run, setState]);

  const raiseConflict = useCallback(
    (c: Conflict) => {
      clearTimeout(timer.current);
      contentRef.current = c.mine;
      setConflict(c);
      setState('conflict');
    },
    [setState],
  );

  // back online: send what waits at once
  useEffect(() => {
    const onOnline = () => {
      if (stateRef.current === 'offline') void runRef.current();
    };
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, []);

  // leaving with unsaved text: the browser asks first (the draft in localStorage is kept anyway)
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (contentRef.current !== baseRef.current.content) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);

  // leaving the page inside the SPA: save what is pending (best effort)
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      if (contentRef.current !== baseRef.current.content && stateRef.current !== 'conflict') void runRef.current();
    },
    [],
  );

  return { state, error, conflict, savedAt, base, change, flush, reset, saveOver, retry, raiseConflict };
}
