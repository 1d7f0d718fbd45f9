/**
 * Parts of every record page: the timeline (GET/POST/PATCH /crm/records/{id}/activities — add a call, meeting,
 * to-do or comment; tick a to-do done), the linked records (GET /crm/records/{id}/links), the duplicates banner
 * (GET /crm/records/{id}/duplicates) with the merge dialog (choose per field) and "not a duplicate", and the
 * responsible person with "assign to…" / "assign from queue".
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Radio,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarEvent, IconCheckbox, IconGitMerge, IconMessage, IconPhone } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type {
  ActivityView,
  CoreRecordView,
  CoreType,
  DuplicateMatch,
  ManualActivityKind,
  RecordType,
} from '../../../shared/crm/contract';
import { MANUAL_ACTIVITY_KINDS, MERGE_FIELDS } from '../../../shared/crm/contract';
import { ApiError } from '../api/client';
import { useApi } from '../services';
import { activitiesPath, duplicatesPath, getRecord } from './record-calls';
import { PersonPicker } from '../tasks/people';
import { ck, conflictCurrent, rows } from './api-base';
import { invalidateLists, recordPath, routeOf, useLinks, useQueues, useRecordDuplicates, useTimeline } from './api';
import { ErrorNote, formatDateTime, money, MoreButton } from './common';

const KIND_ICON: Partial<Record<string, typeof IconPhone>> = {
  call: IconPhone,
  meeting: IconCalendarEvent,
  todo: IconCheckbox,
  comment: IconMessage,
  merged: IconGitMerge,
};

const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);

function ActivityText({ a, stageName }: { a: ActivityView; stageName?: ((id: string) => string) | undefined }) {
  const { t } = useTranslation();
  if (a.kind === 'stage' && a.meta.fromStage !== undefined) {
    const name = (id: string | undefined) => (id ? (stageName?.(id) ?? id) : '—');
    return (
      <Text size="sm">{t('crm.timeline.stageChange', { from: name(a.meta.fromStage), to: name(a.meta.toStage) })}</Text>
    );
  }
  const extra = [a.meta.number, a.meta.recipients, a.meta.status].filter(Boolean).join(' · ');
  return (
    <>
      {a.text ? (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {a.text}
        </Text>
      ) : null}
      {extra ? (
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {extra}
        </Text>
      ) : null}
    </>
  );
}

export function Timeline({ recordId, stageName }: { recordId: string; stageName?: (id: string) => string }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const list = useTimeline(recordId);
  const path = activitiesPath(recordId);
  const [kind, setKind] = useState<ManualActivityKind>('comment');
  const [text, setText] = useState('');
  const [at, setAt] = useState('');
  const [duration, setDuration] = useState<number | string>('');
  const [due, setDue] = useState('');
  const refresh = () => void qc.invalidateQueries({ queryKey: ck.lists(path) });
  const add = useMutation({
    mutationFn: () =>
      api.crm.addActivity({
        params: { recordId },
        body: {
          kind,
          text: text.trim(),
          ...(kind === 'call' || kind === 'meeting'
            ? { at: toIso(at), durationMin: typeof duration === 'number' ? duration : undefined }
            : {}),
          ...(kind === 'todo' && due ? { dueAt: toIso(due) } : {}),
        },
      }),
    onSuccess: () => {
      setText('');
      setAt('');
      setDuration('');
      setDue('');
      refresh();
    },
  });
  const toggle = useMutation({
    mutationFn: (a: ActivityView) =>
      api.crm.patchActivity({
        params: { recordId, activityId: a.activityId },
        body: { version: a.version ?? 1, done: !a.done },
      }),
    onSettled: refresh,
  });
  const items = rows(list.data);
  return (
    <Card withBorder radius="md" data-testid="timeline">
      <Title order={3} size="h5" mb="sm">
        {t('crm.timeline.title')}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) add.mutate();
        }}
        data-testid="timeline-form"
      >
        <Stack gap="xs">
          <SegmentedControl
            size="xs"
            data={MANUAL_ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`crm.timeline.kinds.${k}`) }))}
            value={kind}
            onChange={(v) => setKind(v as ManualActivityKind)}
            data-testid="timeline-kind"
            fullWidth
          />
          <Textarea
            aria-label={t('crm.timeline.text')}
            placeholder={t(`crm.timeline.kinds.${kind}`)}
            autosize
            minRows={2}
            maxRows={8}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            data-testid="timeline-text"
          />
          {kind === 'call' || kind === 'meeting' ? (
            <Group grow wrap="wrap">
              <TextInput
                type="datetime-local"
                label={t('crm.timeline.at')}
                value={at}
                onChange={(e) => setAt(e.currentTarget.value)}
                data-testid="timeline-at"
              />
              <NumberInput
                label={t('crm.timeline.duration')}
                min={0}
                max={1440}
                allowDecimal={false}
                value={duration}
                onChange={setDuration}
                data-testid="timeline-duration"
              />
            </Group>
          ) : null}
          {kind === 'todo' ? (
            <TextInput
              type="datetime-local"
              label={t('crm.timeline.dueAt')}
              value={due}
              onChange={(e) => setDue(e.currentTarget.value)}
              data-testid="timeline-due"
            />
          ) : null}
          {add.error ? <ErrorNote error={add.error} /> : null}
          <Group justify="flex-end">
            <Button type="submit" size="xs" loading={add.isPending} disabled={!text.trim()} data-testid="timeline-add">
              {t('crm.timeline.add')}
            </Button>
          </Group>
        </Stack>
      </form>
      <Stack gap="sm" mt="md" data-testid="timeline-items">
        {items.length === 0 && !list.isPending ? (
          <Text size="sm" c="dimmed">
            {t('crm.timeline.empty')}
          </Text>
        ) : null}
        {items.map((a) => {
          const Icon = KIND_ICON[a.kind];
          return (
            <Group
              key={a.activityId}
              gap="sm"
              align="flex-start"
              wrap="nowrap"
              data-testid="timeline-item"
              data-kind={a.kind}
            >
              {a.kind === 'todo' ? (
                <Checkbox
                  checked={!!a.done}
                  onChange={() => toggle.mutate(a)}
                  aria-label={t('crm.timeline.done')}
                  mt={2}
                  data-testid="timeline-done"
                />
              ) : Icon ? (
                <Icon size={18} style={{ flexShrink: 0, marginTop: 2 }} aria-hidden />
              ) : (
                <span style={{ width: 18, flexShrink: 0 }} />
              )}
              <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
                <Group gap={6} wrap="wrap">
                  <Badge size="xs" variant="light">
                    {t(`crm.timeline.kinds.${a.kind}`)}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(a.at)} · {t('crm.timeline.by', { name: a.byName })}
                    {a.durationMin ? ` · ${a.durationMin} min` : ''}
                    {a.dueAt ? ` · ${t('crm.timeline.dueAt')}: ${formatDateTime(a.dueAt)}` : ''}
                  </Text>
                </Group>
                <ActivityText a={a} stageName={stageName} />
              </Stack>
            </Group>
          );
        })}
      </Stack>
      <MoreButton
        hasMore={!!list.hasNextPage}
        loading={list.isFetchingNextPage}
        onClick={() => void list.fetchNextPage()}
        testId="timeline-more"
      />
    </Card>
  );
}

export function LinksPanel({ recordId, types }: { recordId: string; types: RecordType[] }) {
  const { t } = useTranslation();
  const list = useLinks(recordId);
  const items = rows(list.data).filter((l) => types.includes(l.type));
  return (
    <Card withBorder radius="md" data-testid="links">
      <Title order={3} size="h5" mb="sm">
        {t('crm.links.title')}
      </Title>
      {items.length === 0 && !list.isPending ? (
        <Text size="sm" c="dimmed">
          {t('crm.links.empty')}
        </Text>
      ) : null}
      <Stack gap={6}>
        {types.map((type) => {
          const of = items.filter((l) => l.type === type);
          if (!of.length) return null;
          return (
            <Stack key={type} gap={2}>
              <Text size="xs" c="dimmed" fw={600}>
                {t(`crm.links.${type}`)}
              </Text>
              {of.map((l) => (
                <Group key={l.id} gap={6} justify="space-between" wrap="nowrap">
                  <Anchor
                    component={Link}
                    to={routeOf(l.type, l.id)}
                    size="sm"
                    data-testid="link-item"
                    data-type={l.type}
                    data-id={l.id}
                    style={{ overflowWrap: 'anywhere' }}
                  >
                    {l.number ??
                      ((l.type === 'invoice' || l.type === 'quote') && !l.number ? t('crm.doc.draft') : l.name)}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {[
                      l.status
                        ? t(`crm.doc.statuses.${l.status}` as 'crm.doc.statuses.draft', { defaultValue: l.status })
                        : '',
                      l.amountMinor !== null ? money(l.amountMinor, l.currency) : '',
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </Text>
                </Group>
              ))}
            </Stack>
          );
        })}
      </Stack>
      <MoreButton
        hasMore={!!list.hasNextPage}
        loading={list.isFetchingNextPage}
        onClick={() => void list.fetchNextPage()}
        testId="links-more"
      />
    </Card>
  );
}

// ---- duplicates ------------------------------------------------------------------------------------

const MERGE_LABEL: Record<string, string> = {
  name: 'crm.common.name',
  companyName: 'crm.lead.companyName',
  comments: 'crm.common.comments',
  firstName: 'crm.contact.firstName',
  lastName: 'crm.contact.lastName',
  address: 'crm.common.address',
  position: 'crm.contact.position',
  birthday: 'crm.contact.birthday',
  legalName: 'crm.company.legalName',
  vatId: 'crm.company.vatId',
  regNo: 'crm.company.regNo',
  website: 'crm.company.website',
  industry: 'crm.company.industry',
  responsibleId: 'crm.common.responsible',
};

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'object')
    return (
      Object.values(v as Record<string, unknown>)
        .filter(Boolean)
        .join(', ') || '—'
    );
  return String(v);
}

function MergeDialog({
  record,
  other,
  onClose,
}: {
  record: CoreRecordView;
  other: CoreRecordView;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const a = record as unknown as Record<string, unknown>;
  const b = other as unknown as Record<string, unknown>;
  const fields = MERGE_FIELDS.filter((f) => (f in a || f in b) && show(a[f]) !== show(b[f]));
  const [pick, setPick] = useState<Record<string, 'this' | 'other'>>({});
  const merge = useMutation({
    mutationFn: () =>
      api.crm.merge({
        params: { recordId: record.id },
        body: { otherId: other.id, version: record.version, otherVersion: other.version, pick },
      }),
    onSuccess: (view) => {
      qc.setQueryData(ck.one(recordPath(record.type as 'lead', record.id)), view);
      void qc.invalidateQueries({ queryKey: ck.one(duplicatesPath(record.id)) });
      invalidateLists(qc);
      notifications.show({ message: t('crm.dup.merged') });
      onClose();
    },
  });
  const label = (f: string) =>
    f === 'responsibleId' ? t('crm.common.responsible') : t(MERGE_LABEL[f] as 'crm.common.name');
  return (
    <Stack data-testid="merge-dialog">
      <Text size="sm">{t('crm.dup.mergeHint')}</Text>
      <div className="crm-table-wrap">
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('crm.dup.field')}</Table.Th>
              <Table.Th>{t('crm.dup.thisRecord')}</Table.Th>
              <Table.Th>{t('crm.dup.otherRecord')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {fields.map((f) => (
              <Table.Tr key={f} data-testid="merge-field" data-field={f}>
                <Table.Td>{label(f)}</Table.Td>
                {(['this', 'other'] as const).map((side) => (
                  <Table.Td key={side}>
                    <Radio
                      name={`merge-${f}`}
                      checked={(pick[f] ?? 'this') === side}
                      onChange={() => setPick((p) => ({ ...p, [f]: side }))}
                      label={
                        f === 'responsibleId'
                          ? show((side === 'this' ? a : b).responsibleName)
                          : show((side === 'this' ? a : b)[f])
                      }
                      data-testid={`merge-pick-${side}`}
                    />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      {merge.error ? <ErrorNote error={merge.error} /> : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('crm.common.cancel')}
        </Button>
        <Button onClick={() => merge.mutate()} loading={merge.isPending} data-testid="merge-confirm">
          {t('crm.dup.mergeConfirm')}
        </Button>
      </Group>
    </Stack>
  );
}

export function DuplicatesBanner({ record }: { record: CoreRecordView }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const dups = useRecordDuplicates(record.id, record.type !== 'deal');
  const [merging, setMerging] = useState<CoreRecordView | null>(null);
  const [loadingOther, setLoadingOther] = useState<string | null>(null);
  const dupKey = ck.one(duplicatesPath(record.id));
  const notDup = useMutation({
    mutationFn: (otherId: string) => api.crm.notDuplicate({ params: { recordId: record.id }, body: { otherId } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: dupKey }),
  });
  const items = (dups.data?.items ?? []).filter((d) => d.id !== record.id);
  if (!items.length) return null;
  const openMerge = async (d: DuplicateMatch) => {
    if (!d.id) return;
    setLoadingOther(d.id);
    try {
      setMerging(await getRecord(api, d.type as CoreType, d.id));
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.message : t('errors.generic') });
    } finally {
      setLoadingOther(null);
    }
  };
  return (
    <Alert color="yellow" title={t('crm.dup.banner', { count: items.length })} data-testid="dup-banner">
      <Stack gap={6}>
        {items.map((d, i) =>
          d.visible && d.id ? (
            <Group key={d.id} gap="xs" justify="space-between" wrap="wrap" data-testid="dup-row" data-id={d.id}>
              <Anchor component={Link} to={routeOf(d.type, d.id)} size="sm">
                {d.name} · {t(`crm.types.${d.type}`)} · {d.responsibleName} ·{' '}
                {d.matchedOn.map((m) => t(`crm.dup.on.${m}`)).join(', ')}
              </Anchor>
              <Group gap={6}>
                {d.type === record.type ? (
                  <Button
                    size="compact-xs"
                    variant="light"
                    onClick={() => void openMerge(d)}
                    loading={loadingOther === d.id}
                    data-testid="dup-merge"
                  >
                    {t('crm.dup.merge')}
                  </Button>
                ) : null}
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() => notDup.mutate(d.id ?? '')}
                  loading={notDup.isPending && notDup.variables === d.id}
                  data-testid="dup-not"
                >
                  {t('crm.dup.notDuplicate')}
                </Button>
              </Group>
            </Group>
          ) : (
            <Text key={i} size="sm" c="dimmed">
              {t('crm.dup.hidden', { name: d.responsibleName })}
            </Text>
          ),
        )}
      </Stack>
      <Modal opened={!!merging} onClose={() => setMerging(null)} title={t('crm.dup.mergeTitle')} size="lg">
        {merging ? <MergeDialog record={record} other={merging} onClose={() => setMerging(null)} /> : null}
      </Modal>
    </Alert>
  );
}

// ---- responsible -----------------------------------------------------------------------------------

export function ResponsibleControl({ record, path }: { record: CoreRecordView; path: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const queues = useQueues();
  const [editing, setEditing] = useState(false);
  const [person, setPerson] = useState<string | null>(null);
  const [queue, setQueue] = useState<string | null>(null);
  const assign = useMutation({
    mutationFn: () =>
      api.crm.assign({
        params: { recordId: record.id },
        // the button is enabled only with a person or a queue chosen
        body: { version: record.version, ...(queue ? { fromQueue: queue } : { responsibleId: person ?? undefined }) },
      }),
    onSuccess: (view) => {
      qc.setQueryData(ck.one(path), view);
      invalidateLists(qc);
      setEditing(false);
    },
    onError: (e) => {
      const cur = conflictCurrent<CoreRecordView>(e);
      if (cur) qc.setQueryData(ck.one(path), cur);
    },
  });
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="wrap">
        <Text size="sm" c="dimmed">
          {t('crm.common.responsible')}:
        </Text>
        <Text size="sm" fw={500} data-testid="record-responsible" data-user-id={record.responsibleId}>
          {record.responsibleName}
        </Text>
        <Button size="compact-xs" variant="subtle" onClick={() => setEditing((v) => !v)} data-testid="assign-open">
          {t('crm.common.edit')}
        </Button>
      </Group>
      {editing ? (
        <Stack gap={6}>
          <PersonPicker
            label={t('crm.common.responsible')}
            value={person}
            onChange={(v) => {
              setPerson(v);
              if (v) setQueue(null);
            }}
            testId="assign-person"
          />
          <Select
            label={t('crm.common.assignFromQueue')}
            data={(queues.data ?? []).map((q) => ({ value: q.queueId, label: q.name }))}
            value={queue}
            onChange={(v) => {
              setQueue(v);
              if (v) setPerson(null);
            }}
            clearable
            data-testid="assign-queue"
          />
          {assign.error ? <ErrorNote error={assign.error} /> : null}
          <Group justify="flex-end">
            <Button
              size="xs"
              onClick={() => assign.mutate()}
              disabled={!person && !queue}
              loading={assign.isPending}
              data-testid="assign-save"
            >
              {t('crm.common.save')}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Stack>
  );
}
