/**
 * Server state of the tasks pages (TanStack Query hooks). Shapes come from shared/tasks/contract.ts so the
 * SPA and the API cannot drift. Every task write answers the whole TaskView: it replaces the cached task,
 * and the lists (which are denormalised role rows on the server) are refetched.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type {
  CommentView,
  CreateTaskBody,
  DeadlineBucket,
  DueFilter,
  HistoryView,
  Page,
  PeoplePage,
  StatusAction,
  TaskRole,
  TaskStatus,
  TaskSummary,
  TaskView,
  UpdateTaskBody,
} from '../../../shared/tasks/contract';
import type { ApiClient } from '../../../shared/api/client';
import { ApiError } from '../api/client';
import { useApi } from '../services';
import { seedPeople } from './people';

export type StatusFilter = 'open' | 'all' | TaskStatus;

/** The list's filters, all answered by the server (shared/tasks/contract.ts: which index serves which). */
export interface TaskFilters {
  status: StatusFilter;
  due: DueFilter | null;
  groupId: string | null;
  /** `deadline`: open tasks by deadline (server order); default status, then deadline. */
  sort?: 'status' | 'deadline';
}

export const tkeys = {
  all: ['tasks'] as const,
  lists: ['tasks', 'list'] as const,
  mine: (role: TaskRole, f: TaskFilters) =>
    ['tasks', 'list', 'mine', role, f.status, f.due ?? '', f.groupId ?? '', f.sort ?? 'status'] as const,
  deadlines: (bucket: DeadlineBucket) => ['tasks', 'list', 'deadlines', bucket] as const,
  overdue: ['tasks', 'overdue'] as const,
  task: (id: string) => ['tasks', 'task', id] as const,
  comments: (id: string) => ['tasks', 'task', id, 'comments'] as const,
  history: (id: string) => ['tasks', 'task', id, 'history'] as const,
  subtasks: (id: string) => ['tasks', 'task', id, 'subtasks'] as const,
  time: (id: string) => ['tasks', 'task', id, 'time'] as const,
  timer: ['tasks', 'timer'] as const,
  board: (groupId: string) => ['tasks', 'list', 'board', groupId] as const,
};

const PAGE = 30;

/** The names a page or view carries go into the name cache before it renders. */
function useSeeded() {
  const qc = useQueryClient();
  return <T extends { people?: Record<string, { name: string; hasPhoto: boolean }> }>(r: T): T => {
    seedPeople(qc, r.people);
    return r;
  };
}

export function useMyTasks(role: TaskRole, f: TaskFilters) {
  const api = useApi();
  const seeded = useSeeded();
  return useInfiniteQuery({
    queryKey: tkeys.mine(role, f),
    queryFn: async ({ pageParam, signal }) => {
      const query = {
        role,
        status: f.status,
        limit: PAGE,
        due: f.due ?? undefined,
        tzOffsetMinutes: f.due && f.due !== 'none' && f.due !== 'overdue' ? tzOffsetMinutes() : undefined,
        groupId: f.groupId ?? undefined,
        sort: f.sort === 'deadline' && !f.groupId ? ('deadline' as const) : undefined,
        cursor: pageParam,
      };
      return seeded(await api.tasks.listMine({ query, signal }));
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.cursor ?? undefined,
    meta: { errorKey: 'tasks.errors.list' },
  });
}

/** The viewer's offset from UTC in minutes (UTC+2 → 120), so "today" and "this week" are theirs. */
export const tzOffsetMinutes = () => -new Date().getTimezoneOffset();

export function useDeadlines(bucket: DeadlineBucket) {
  const api = useApi();
  const seeded = useSeeded();
  return useInfiniteQuery({
    queryKey: tkeys.deadlines(bucket),
    queryFn: async ({ pageParam, signal }) => {
      const query = { bucket, tzOffsetMinutes: tzOffsetMinutes(), limit: PAGE, cursor: pageParam };
      return seeded(await api.tasks.deadlines({ query, signal }));
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.cursor ?? undefined,
    meta: { errorKey: 'tasks.errors.list' },
  });
}

export function useOverdueCount() {
  const api = useApi();
  return useQuery({
    queryKey: tkeys.overdue,
    queryFn: ({ signal }) => api.tasks.overdueCount({ signal }),
    staleTime: 60_000,
    refetchInterval: 5 * 60_000,
    retry: 1,
  });
}

export function useTask(taskId: string) {
  const api = useApi();
  const seeded = useSeeded();
  return useQuery({
    queryKey: tkeys.task(taskId),
    queryFn: async ({ signal }) => seeded(await api.tasks.get({ params: { taskId }, signal })),
    enabled: taskId !== '',
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
}

/** One page of a task's list (comments, history, subtasks) through the typed client. */
type PageCall<T> = (
  api: ApiClient,
  query: { limit: number; cursor: string },
  signal: AbortSignal,
) => Promise<PeoplePage<T>>;

function usePages<T>(key: readonly unknown[], call: PageCall<T>, enabled = true) {
  const api = useApi();
  const seeded = useSeeded();
  return useInfiniteQuery({
    queryKey: key,
    queryFn: async ({ pageParam, signal }) => {
      return seeded(await call(api, { limit: 50, cursor: pageParam }, signal));
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.cursor ?? undefined,
    enabled,
  });
}

export const useComments = (taskId: string) =>
  usePages<CommentView>(tkeys.comments(taskId), (api, query, signal) =>
    api.tasks.listComments({ params: { taskId }, query, signal }),
  );
export const useHistory = (taskId: string, enabled: boolean) =>
  usePages<HistoryView>(
    tkeys.history(taskId),
    (api, query, signal) => api.tasks.history({ params: { taskId }, query, signal }),
    enabled,
  );
export const useSubtasks = (taskId: string) =>
  usePages<TaskSummary>(tkeys.subtasks(taskId), (api, query, signal) =>
    api.tasks.subtasks({ params: { taskId }, query, signal }),
  );

export function useTime(taskId: string) {
  const api = useApi();
  const seeded = useSeeded();
  return useQuery({
    queryKey: tkeys.time(taskId),
    queryFn: async ({ signal }) =>
      seeded(await api.tasks.listTime({ params: { taskId }, query: { limit: 100 }, signal })),
  });
}

export function useTimer() {
  const api = useApi();
  return useQuery({
    queryKey: tkeys.timer,
    queryFn: ({ signal }) => api.tasks.getTimer({ signal }),
    staleTime: 30_000,
    retry: 1,
  });
}

export function useBoard(groupId: string) {
  const api = useApi();
  const seeded = useSeeded();
  return useInfiniteQuery({
    queryKey: tkeys.board(groupId),
    queryFn: async ({ pageParam, signal }) => {
      return seeded(await api.tasks.board({ params: { groupId }, query: { limit: 100, cursor: pageParam }, signal }));
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.cursor ?? undefined,
    enabled: groupId !== '',
    meta: { errorKey: 'tasks.errors.list' },
  });
}

/** The server's current task inside a 409, if that is what the error is. */
export function conflictCurrent(e: unknown): TaskView | undefined {
  if (!(e instanceof ApiError) || e.status !== 409) return undefined;
  const cur = (e.body as { current?: TaskView } | undefined)?.current;
  return cur && typeof cur.version === 'number' ? cur : undefined;
}

/** A write answered the new task: cache it, refetch lists and counters (role rows changed in the same transaction). */
export function taskChanged(qc: QueryClient, task: TaskView | null, taskId?: string) {
  if (task) {
    seedPeople(qc, task.people);
    qc.setQueryData(tkeys.task(task.taskId), task);
  }
  const id = task?.taskId ?? taskId;
  void qc.invalidateQueries({ queryKey: tkeys.lists });
  void qc.invalidateQueries({ queryKey: tkeys.overdue });
  if (id) {
    void qc.invalidateQueries({ queryKey: tkeys.history(id) });
    void qc.invalidateQueries({ queryKey: tkeys.subtasks(id) });
  }
  if (task?.parentId) void qc.invalidateQueries({ queryKey: tkeys.subtasks(task.parentId) });
}

export function useCreateTask() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTaskBody) => api.tasks.create({ body }),
    onSuccess: (t) => taskChanged(qc, t),
  });
}

/** PATCH core fields; a 409 is a result here (the form shows the conflict with the current values). */
export function useUpdateTask(taskId: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: UpdateTaskBody): Promise<{ saved: TaskView } | { conflict: TaskView }> => {
      try {
        return { saved: await api.tasks.update({ params: { taskId }, body }) };
      } catch (e) {
        const current = conflictCurrent(e);
        if (current) return { conflict: current };
        throw e;
      }
    },
    onSuccess: (r) => taskChanged(qc, 'saved' in r ? r.saved : null, taskId),
  });
}

export function useDeleteTask() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (taskId: string) => api.tasks.remove({ params: { taskId } }),
    onSuccess: (_r, taskId) => {
      qc.removeQueries({ queryKey: tkeys.task(taskId) });
      taskChanged(qc, null);
    },
    meta: { errorKey: 'tasks.errors.save' },
  });
}

export interface ActionInput {
  taskId: string;
  action: StatusAction;
  version?: number;
  comment?: string;
  reason?: string;
  result?: string;
}

export function useTaskAction() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, action, ...body }: ActionInput) => api.tasks.action({ params: { taskId, action }, body }),
    onSuccess: (t) => {
      taskChanged(qc, t);
      void qc.invalidateQueries({ queryKey: tkeys.timer });
    },
  });
}

export function useMoveStage() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, stageId, rank }: { taskId: string; stageId: string; rank?: string }) =>
      api.tasks.move({ params: { taskId }, body: rank ? { stageId, rank } : { stageId } }),
    onSuccess: (t) => taskChanged(qc, t),
  });
}

/** A small task write that answers the TaskView (checklist, ...), through the typed client. */
export type TaskCall = (api: ApiClient, taskId: string) => Promise<TaskView>;

/** Small task writes that answer the TaskView (checklist, ...). */
export function useTaskWrite(taskId: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (call: TaskCall) => call(api, taskId),
    onSuccess: (t) => taskChanged(qc, t),
    meta: { errorKey: 'tasks.errors.save' },
  });
}

export function useAddComment(taskId: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { text: string; mentions?: string[] }) => api.tasks.addComment({ params: { taskId }, body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: tkeys.comments(taskId) }),
    meta: { errorKey: 'tasks.errors.comment' },
  });
}

export function useTimerAction() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, taskId }: { kind: 'start' | 'pause' | 'stop'; taskId?: string }) =>
      kind === 'start'
        ? api.tasks.startTimer({ params: { taskId: taskId ?? '' } })
        : kind === 'pause'
          ? api.tasks.pauseTimer()
          : api.tasks.stopTimer(),
    onSuccess: (timer, v) => {
      qc.setQueryData(tkeys.timer, timer);
      for (const id of [v.taskId, timer.recorded?.taskId]) {
        if (!id) continue;
        void qc.invalidateQueries({ queryKey: tkeys.time(id) });
        void qc.invalidateQueries({ queryKey: tkeys.task(id) });
      }
    },
    meta: { errorKey: 'tasks.errors.timer' },
  });
}

export function useAddTime(taskId: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { seconds: number; comment: string }) => api.tasks.addTime({ params: { taskId }, body }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: tkeys.time(taskId) });
      void qc.invalidateQueries({ queryKey: tkeys.task(taskId) });
    },
    meta: { errorKey: 'tasks.errors.time' },
  });
}

export function useRemoveTime(taskId: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (entryId: string) => api.tasks.removeTime({ params: { taskId, entryId } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: tkeys.time(taskId) });
      void qc.invalidateQueries({ queryKey: tkeys.task(taskId) });
    },
    meta: { errorKey: 'tasks.errors.time' },
  });
}

/** All rows of an infinite query's pages. */
export const rows = <T>(data: { pages: Page<T>[] } | undefined): T[] => data?.pages.flatMap((p) => p.items) ?? [];
