/**
 * A Kanban board (dnd-kit): columns of task cards, dragged with the mouse, touch or the keyboard (Space to
 * pick up, arrows to move, Space to drop, Escape to cancel). The board asks `check` whether a card may go to
 * a column: a refused column is marked while the card is over it, and a drop there is refused with a
 * message. The board scrolls sideways inside its own container (never the page).
 */
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  closestCorners,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Badge, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconFlame } from '@tabler/icons-react';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TaskSummary } from '../../../shared/tasks/contract';
import { currentLanguage } from '../i18n';
import { PersonName } from './people';
import { formatDeadline, STATUS_COLOR } from './status';
import { BoardScroller } from '../components/BoardScroller';

export interface KanbanColumn {
  id: string;
  title: string;
  color?: string;
  items: TaskSummary[];
}

export type DropCheck = { ok: true } | { ok: false; message: string };

export interface KanbanProps {
  columns: KanbanColumn[];
  /** May this card go to that column? (same column: always.) */
  check: (task: TaskSummary, toColumn: string) => DropCheck;
  /** A permitted drop: the card, its new column, and the cards it landed between in that column. */
  onMove: (task: TaskSummary, toColumn: string, neighbours: { before?: TaskSummary; after?: TaskSummary }) => void;
  onRefused: (message: string) => void;
  /** Show the status badge on cards (stage boards). */
  showStatus?: boolean;
  testId: string;
  footer?: (column: KanbanColumn) => ReactNode;
}

export function TaskCard({
  task,
  showStatus,
  dragging,
}: {
  task: TaskSummary;
  showStatus?: boolean | undefined;
  dragging?: boolean;
}) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  return (
    <Paper
      withBorder
      radius="md"
      p="xs"
      shadow={dragging ? 'md' : undefined}
      className="task-card"
      data-testid="task-card"
      data-task-id={task.taskId}
      data-status={task.status}
    >
      <Stack gap={4}>
        <Group gap={6} wrap="nowrap" align="flex-start">
          {task.highPriority ? (
            <Tooltip label={t('tasks.highPriority')}>
              <IconFlame
                size={16}
                color="var(--mantine-color-red-6)"
                aria-label={t('tasks.highPriority')}
                style={{ flexShrink: 0, marginTop: 2 }}
              />
            </Tooltip>
          ) : null}
          <Text
            size="sm"
            fw={500}
            component={Link}
            to={`/tasks/${task.taskId}`}
            className="task-card-title"
            data-testid="task-card-title"
            draggable={false}
          >
            {task.title}
          </Text>
        </Group>
        <Group gap={6} justify="space-between" wrap="wrap">
          <Text size="xs" c="dimmed" className="task-card-person">
            <PersonName userId={task.responsibleId} />
          </Text>
          <Group gap={4}>
            {showStatus ? (
              <Badge size="xs" variant="light" color={STATUS_COLOR[task.status]}>
                {t(`tasks.status.${task.status}`)}
              </Badge>
            ) : null}
            {task.deadline ? (
              <Badge
                size="xs"
                variant={task.overdue ? 'filled' : 'light'}
                color={task.overdue ? 'red' : 'gray'}
                leftSection={task.overdue ? <IconAlertTriangle size={10} /> : null}
                data-testid={task.overdue ? 'task-overdue' : undefined}
              >
                {formatDeadline(task.deadline, lng)}
              </Badge>
            ) : null}
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}

function SortableCard({
  task,
  column,
  showStatus,
}: {
  task: TaskSummary;
  column: string;
  showStatus?: boolean | undefined;
}) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: task.taskId,
    data: { column, task },
    // A group, not dnd-kit's default role=button: the card holds the title link, and a button may not contain
    // another interactive element (axe nested-interactive). It stays focusable and keyboard-draggable.
    attributes: { role: 'group' },
  });
  return (
    <div
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition, opacity: isDragging ? 0.4 : 1 }}
      className="kanban-item"
      data-testid="kanban-item"
      data-task-id={task.taskId}
      aria-label={task.title}
      {...attributes}
      {...listeners}
    >
      <TaskCard task={task} showStatus={showStatus} />
    </div>
  );
}

function Column({
  column,
  refused,
  over,
  children,
  footer,
}: {
  column: KanbanColumn;
  refused: boolean;
  over: boolean;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const { setNodeRef } = useDroppable({ id: `col:${column.id}`, data: { column: column.id } });
  return (
    <section
      ref={setNodeRef}
      className="kanban-column"
      data-testid="kanban-column"
      data-column={column.id}
      data-drop={refused ? 'refused' : over ? 'over' : undefined}
      aria-label={column.title}
    >
      <Group justify="space-between" gap="xs" px={4} pb={6} wrap="nowrap">
        <Text size="sm" fw={600} truncate>
          {column.title}
        </Text>
        <Badge size="sm" variant="light" color={column.color ?? 'gray'}>
          {column.items.length}
        </Badge>
      </Group>
      <SortableContext id={column.id} items={column.items.map((i) => i.taskId)} strategy={verticalListSortingStrategy}>
        <Stack gap={6} className="kanban-list">
          {children}
        </Stack>
      </SortableContext>
      {footer}
    </section>
  );
}

export function Kanban({ columns, check, onMove, onRefused, showStatus, testId, footer }: KanbanProps) {
  const { t } = useTranslation();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const [active, setActive] = useState<TaskSummary | null>(null);
  const [overColumn, setOverColumn] = useState<string | null>(null);
  const columnOfTask = useMemo(() => {
    const m = new Map<string, string>();
    for (const c of columns) for (const i of c.items) m.set(i.taskId, c.id);
    return m;
  }, [columns]);
  const titleOf = (id: string | null) => columns.find((c) => c.id === id)?.title ?? '';

  const columnOf = (overId: string | number | undefined, data: Record<string, unknown> | undefined): string | null => {
    if (overId === undefined) return null;
    if (typeof data?.column === 'string') return data.column;
    const s = String(overId);
    if (s.startsWith('col:')) return s.slice(4);
    return columnOfTask.get(s) ?? null;
  };

  const verdict =
    active && overColumn && overColumn !== columnOfTask.get(active.taskId) ? check(active, overColumn) : null;

  const onStart = (e: DragStartEvent) => {
    setActive((e.active.data.current?.task as TaskSummary | undefined) ?? null);
    setOverColumn(columnOfTask.get(String(e.active.id)) ?? null);
  };
  const onOver = (e: DragOverEvent) => setOverColumn(columnOf(e.over?.id, e.over?.data.current));
  const onEnd = (e: DragEndEvent) => {
    const task = active;
    setActive(null);
    setOverColumn(null);
    if (!task || !e.over) return;
    const to = columnOf(e.over.id, e.over.data.current);
    if (!to) return;
    const from = columnOfTask.get(task.taskId);
    const items = columns.find((c) => c.id === to)?.items.filter((i) => i.taskId !== task.taskId) ?? [];
    const overIdx = items.findIndex((i) => i.taskId === String(e.over?.id));
    const neighbours =
      overIdx >= 0 ? { before: items[overIdx - 1], after: items[overIdx] } : { before: items.at(-1), after: undefined };
    if (to === from) {
      if (overIdx >= 0 || String(e.over.id) !== task.taskId)
        onMove(task, to, { before: neighbours.before ?? undefined, after: neighbours.after ?? undefined });
      return;
    }
    const v = check(task, to);
    if (!v.ok) {
      onRefused(v.message);
      return;
    }
    onMove(task, to, { before: neighbours.before ?? undefined, after: neighbours.after ?? undefined });
  };

  const announcements: Announcements = {
    onDragStart: ({ active: a }) =>
      t('tasks.board.aria.picked', { title: (a.data.current?.task as TaskSummary | undefined)?.title ?? '' }),
    onDragOver: ({ over }) =>
      over ? t('tasks.board.aria.over', { column: titleOf(columnOf(over.id, over.data.current)) }) : '',
    onDragEnd: ({ over }) =>
      over
        ? t('tasks.board.aria.dropped', { column: titleOf(columnOf(over.id, over.data.current)) })
        : t('tasks.board.aria.cancelled'),
    onDragCancel: () => t('tasks.board.aria.cancelled'),
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCorners}
      onDragStart={onStart}
      onDragOver={onOver}
      onDragEnd={onEnd}
      onDragCancel={() => {
        setActive(null);
        setOverColumn(null);
      }}
      accessibility={{
        announcements,
        screenReaderInstructions: { draggable: t('tasks.board.aria.instructions') },
      }}
    >
      <BoardScroller className="kanban" testId={testId} label={t('tasks.board.label')}>
        {columns.map((c) => (
          <Column
            key={c.id}
            column={c}
            refused={!!verdict && !verdict.ok && overColumn === c.id}
            over={!!verdict?.ok && overColumn === c.id}
            footer={footer?.(c)}
          >
            {c.items.map((task) => (
              <SortableCard key={task.taskId} task={task} column={c.id} showStatus={showStatus} />
            ))}
            {c.items.length === 0 ? (
              <Text size="xs" c="dimmed" ta="center" py="md" className="kanban-empty">
                {t('tasks.board.empty')}
              </Text>
            ) : null}
          </Column>
        ))}
      </BoardScroller>
      {verdict && !verdict.ok ? (
        <div className="kanban-refusal" role="status" data-testid="kanban-refusal">
          {verdict.message}
        </div>
      ) : null}
      <DragOverlay>{active ? <TaskCard task={active} showStatus={showStatus} dragging /> : null}</DragOverlay>
    </DndContext>
  );
}
