/**
 * /crm: the deals Kanban of one pipeline in one scope. GET /crm/deals/board answers every column's first page
 * and its totals (count + sum per currency); "More" pages a column (GET /crm/deals?stageId&cursor). Cards move
 * with the mouse, touch or the keyboard (dnd-kit: Space/Enter picks up, arrows move, Space/Enter drops, Escape
 * cancels). A move is optimistic (card and totals move at once) and undone when the server refuses it
 * (409 stale version / busy, 422 stage of another pipeline…); then the board is refetched.
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
import { Alert, Badge, Button, Group, Modal, Paper, Select, Skeleton, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconList, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { BoardView, RecordSummary, StageView } from '../../../shared/crm/contract';
import { ApiError } from '../api/client';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useApi } from '../services';
import type { ApiQuery } from '../../../shared/api/client';
import { ck, withQuery } from './api-base';
import { recordPath } from './record-calls';
import { usePipelines, useBoard } from './api';
import { appendPage, findCard, isRefusal, moveCard, replaceCard, type BoardColumnState } from './board';
import { money, moneyList, PageHeader, ScopePicker, scopeFrom, useStageLabel } from './common';
import { BoardScroller } from '../components/BoardScroller';
import { CreateRecordModal } from './forms';

type Column = BoardColumnState<RecordSummary> & { stage: StageView };

function DealCard({ deal, dragging }: { deal: RecordSummary; dragging?: boolean }) {
  return (
    <Paper
      withBorder
      radius="md"
      p="xs"
      shadow={dragging ? 'md' : undefined}
      data-testid="deal-card"
      data-deal-id={deal.id}
    >
      <Stack gap={2}>
        <Text
          size="sm"
          fw={500}
          component={Link}
          to={`/crm/deals/${deal.id}`}
          className="crm-link"
          data-testid="deal-card-title"
          draggable={false}
        >
          {deal.name}
        </Text>
        {deal.amountMinor !== null && deal.currency ? (
          <Text size="sm" data-testid="deal-card-amount">
            {money(deal.amountMinor, deal.currency)}
          </Text>
        ) : null}
        {deal.companyName || deal.contactName ? (
          <Text size="xs" c="dimmed" truncate>
            {[deal.companyName, deal.contactName].filter(Boolean).join(' · ')}
          </Text>
        ) : null}
        <Text size="xs" c="dimmed" truncate>
          {deal.responsibleName}
        </Text>
      </Stack>
    </Paper>
  );
}

function SortableDeal({ deal, column }: { deal: RecordSummary; column: string }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: deal.id,
    data: { column, deal },
    // A group, not dnd-kit's default role=button: the card holds the deal's link, and a button may not contain
    // another interactive element (axe nested-interactive). It stays focusable and keyboard-draggable.
    attributes: { role: 'group' },
  });
  return (
    <div
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition, opacity: isDragging ? 0.4 : 1 }}
      className="crm-card"
      data-testid="board-item"
      data-deal-id={deal.id}
      aria-label={deal.name}
      {...attributes}
      {...listeners}
    >
      <DealCard deal={deal} />
    </div>
  );
}

function BoardColumnBox({
  column,
  over,
  children,
  footer,
}: {
  column: Column;
  over: boolean;
  children: ReactNode;
  footer: ReactNode;
}) {
  const { t } = useTranslation();
  const stageLabel = useStageLabel();
  const { setNodeRef } = useDroppable({ id: `col:${column.stageId}`, data: { column: column.stageId } });
  return (
    <section
      ref={setNodeRef}
      className="crm-column"
      style={{ ['--crm-stage-color' as string]: column.stage.color || undefined }}
      data-testid="board-column"
      data-stage-id={column.stageId}
      data-stage-kind={column.stage.kind}
      data-drop={over ? 'over' : undefined}
      aria-label={stageLabel(column.stage)}
    >
      <Stack gap={2} px={4} pb={6}>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text size="sm" fw={600} truncate>
            {stageLabel(column.stage)}
          </Text>
          <Badge
            size="sm"
            variant="light"
            color="gray"
            data-testid="column-count"
            aria-label={t('crm.board.count', { count: column.totals.n })}
          >
            {column.totals.n}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed" data-testid="column-total" mih={16}>
          {moneyList(column.totals.amounts)}
        </Text>
      </Stack>
      <SortableContext id={column.stageId} items={column.items.map((i) => i.id)} strategy={verticalListSortingStrategy}>
        <Stack gap={6}>{children}</Stack>
      </SortableContext>
      {footer}
    </section>
  );
}

export function DealsBoardPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('crm.nav.deals'));
  const api = useApi();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const scope = scopeFrom(params);
  const pipelines = usePipelines();
  const pipelineId = params.get('pipeline') ?? pipelines.data?.[0]?.pipelineId ?? 'default';
  const board = useBoard(scope, pipelineId);
  const key = ck.board(scope, pipelineId);
  const [creating, setCreating] = useState(false);
  const [active, setActive] = useState<RecordSummary | null>(null);
  const [overColumn, setOverColumn] = useState<string | null>(null);
  const [lost, setLost] = useState<{ deal: RecordSummary; stageId: string } | null>(null);
  const [lostReason, setLostReason] = useState('');
  const [loadingMore, setLoadingMore] = useState<string | null>(null);

  const setParam = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    setParams(next, { replace: true });
  };

  const columns: Column[] = useMemo(() => {
    const b = board.data;
    if (!b) return [];
    const stages = new Map(b.pipeline.stages.map((s) => [s.stageId, s]));
    return b.stages.flatMap((c) => {
      const stage = stages.get(c.stageId);
      return stage ? [{ ...c, stage }] : [];
    });
  }, [board.data]);
  const stageLabel = useStageLabel();
  const stageName = (id: string | null) => stageLabel(columns.find((c) => c.stageId === id)?.stage);

  const move = useMutation({
    mutationFn: ({
      deal,
      stageId,
      lostReason: reason,
    }: {
      deal: RecordSummary;
      stageId: string;
      lostReason?: string;
    }) =>
      api.crm.moveDeal({
        params: { dealId: deal.id },
        body: { stageId, version: deal.version, ...(reason ? { lostReason: reason } : {}) },
      }),
    onMutate: async ({ deal, stageId }) => {
      await qc.cancelQueries({ queryKey: key });
      const before = qc.getQueryData<BoardView>(key);
      if (before) qc.setQueryData<BoardView>(key, { ...before, stages: moveCard(before.stages, deal.id, stageId) });
      return { before };
    },
    onSuccess: (view, { deal, stageId }) => {
      qc.setQueryData<BoardView>(key, (b) => {
        if (!b) return b;
        const at = findCard(b.stages, deal.id);
        return at
          ? {
              ...b,
              stages: replaceCard(b.stages, {
                ...at.card,
                version: view.version,
                stageId: view.stageId,
                amountMinor: view.amountMinor,
                movedAt: view.movedAt,
              }),
            }
          : b;
      });
      qc.setQueryData(ck.one(recordPath('deal', deal.id)), view);
      notifications.show({ message: t('crm.board.moved', { stage: stageName(stageId) }), autoClose: 2500 });
    },
    onError: (e, _v, ctx) => {
      if (ctx?.before && (!(e instanceof ApiError) || isRefusal(e.status) || e.status >= 500 || e.isNetwork))
        qc.setQueryData(key, ctx.before);
      const conflict = e instanceof ApiError && e.status === 409;
      notifications.show({
        color: 'red',
        message: conflict
          ? t('crm.board.moveConflict')
          : t('crm.board.moveFailed', { reason: e instanceof ApiError ? e.message : String(e) }),
        autoClose: 6000,
      });
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: key });
      void qc.invalidateQueries({ queryKey: ['crm', 'list'] });
    },
  });

  const requestMove = (deal: RecordSummary, stageId: string) => {
    const target = columns.find((c) => c.stageId === stageId);
    if (!target || deal.stageId === stageId) return;
    if (target.stage.kind === 'lost') {
      setLostReason('');
      setLost({ deal, stageId });
      return;
    }
    move.mutate({ deal, stageId });
  };

  const more = async (stageId: string, cursor: string) => {
    setLoadingMore(stageId);
    try {
      const page = await api.crm.listDeals({
        query: { scope, pipelineId, stageId, sort: 'moved', cursor, limit: 20 } as ApiQuery<'crm', 'listDeals'>,
      });
      qc.setQueryData<BoardView>(key, (b) =>
        b ? { ...b, stages: appendPage(b.stages, stageId, page.items, page.cursor) } : b,
      );
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.message : t('errors.generic') });
    } finally {
      setLoadingMore(null);
    }
  };

  // ---- dnd
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const columnOfCard = useMemo(() => {
    const m = new Map<string, string>();
    for (const c of columns) for (const i of c.items) m.set(i.id, c.stageId);
    return m;
  }, [columns]);
  const columnOf = (overId: string | number | undefined, data: Record<string, unknown> | undefined): string | null => {
    if (overId === undefined) return null;
    if (typeof data?.column === 'string') return data.column;
    const s = String(overId);
    if (s.startsWith('col:')) return s.slice(4);
    return columnOfCard.get(s) ?? null;
  };
  const onStart = (e: DragStartEvent) => setActive((e.active.data.current?.deal as RecordSummary | undefined) ?? null);
  const onOver = (e: DragOverEvent) => setOverColumn(columnOf(e.over?.id, e.over?.data.current));
  const onEnd = (e: DragEndEvent) => {
    const deal = active;
    setActive(null);
    setOverColumn(null);
    if (!deal || !e.over) return;
    const to = columnOf(e.over.id, e.over.data.current);
    if (to && to !== columnOfCard.get(deal.id)) requestMove(deal, to);
  };
  const announcements: Announcements = {
    onDragStart: ({ active: a }) =>
      t('crm.board.aria.picked', { title: (a.data.current?.deal as RecordSummary | undefined)?.name ?? '' }),
    onDragOver: ({ over }) =>
      over ? t('crm.board.aria.over', { column: stageName(columnOf(over.id, over.data.current)) }) : '',
    onDragEnd: ({ over }) =>
      over
        ? t('crm.board.aria.dropped', { column: stageName(columnOf(over.id, over.data.current)) })
        : t('crm.board.aria.cancelled'),
    onDragCancel: () => t('crm.board.aria.cancelled'),
  };

  return (
    <Stack gap={0}>
      <PageHeader title={t('crm.nav.deals')} testId="crm-board-title">
        {(pipelines.data?.length ?? 0) > 1 ? (
          <Select
            aria-label={t('crm.board.pipeline')}
            data={(pipelines.data ?? []).map((p) => ({
              value: p.pipelineId,
              label: p.pipelineId === 'default' && p.name === 'Sales' ? t('crm.defaultStages.pipeline') : p.name,
            }))}
            value={pipelineId}
            onChange={(v) => v && setParam('pipeline', v)}
            allowDeselect={false}
            w={{ base: '100%', xs: 200 }}
            data-testid="crm-pipeline"
          />
        ) : null}
        <ScopePicker value={scope} onChange={(s) => setParam('scope', s)} />
        <Button
          component={Link}
          to={withQuery('/crm/deals', { scope })}
          variant="default"
          leftSection={<IconList size={16} />}
          data-testid="crm-deals-list-link"
        >
          {t('crm.board.list')}
        </Button>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="crm-new-deal">
          {t('crm.board.newDeal')}
        </Button>
      </PageHeader>
      {board.isPending ? (
        <Group gap="sm" wrap="nowrap" style={{ overflow: 'hidden' }}>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} h={240} w={272} radius="md" />
          ))}
        </Group>
      ) : board.isError ? (
        <Alert color="red">{t('crm.errors.load')}</Alert>
      ) : (
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
          accessibility={{ announcements, screenReaderInstructions: { draggable: t('crm.board.aria.instructions') } }}
        >
          <BoardScroller className="crm-board" testId="deals-board" label={t('crm.board.label')}>
            {columns.map((c) => (
              <BoardColumnBox
                key={c.stageId}
                column={c}
                over={!!active && overColumn === c.stageId && columnOfCard.get(active.id) !== c.stageId}
                footer={
                  c.cursor ? (
                    <Button
                      variant="subtle"
                      size="xs"
                      fullWidth
                      mt={6}
                      loading={loadingMore === c.stageId}
                      onClick={() => void more(c.stageId, c.cursor ?? '')}
                      data-testid="column-more"
                    >
                      {t('crm.board.more')}
                    </Button>
                  ) : null
                }
              >
                {c.items.map((deal) => (
                  <SortableDeal key={deal.id} deal={deal} column={c.stageId} />
                ))}
                {c.items.length === 0 ? (
                  <Text size="xs" c="dimmed" ta="center" py="md">
                    {t('crm.board.empty')}
                  </Text>
                ) : null}
              </BoardColumnBox>
            ))}
          </BoardScroller>
          <DragOverlay>{active ? <DealCard deal={active} dragging /> : null}</DragOverlay>
        </DndContext>
      )}
      <CreateRecordModal type="deal" opened={creating} onClose={() => setCreating(false)} initial={{ pipelineId }} />
      <Modal opened={!!lost} onClose={() => setLost(null)} title={t('crm.board.lostTitle')} data-testid="lost-modal">
        <Stack>
          <Textarea
            label={t('crm.board.lostReason')}
            value={lostReason}
            onChange={(e) => setLostReason(e.currentTarget.value)}
            autosize
            minRows={2}
            data-testid="lost-reason"
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setLost(null)}>
              {t('crm.common.cancel')}
            </Button>
            <Button
              color="red"
              data-testid="lost-confirm"
              onClick={() => {
                if (lost)
                  move.mutate({ deal: lost.deal, stageId: lost.stageId, lostReason: lostReason.trim() || undefined });
                setLost(null);
              }}
            >
              {t('crm.deal.lost')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
