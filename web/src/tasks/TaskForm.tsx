/**
 * Create or edit a task (a modal). Create sends everything, with the checklist; edit sends only the fields
 * that changed, with the version the form was opened on. A 409 (someone else saved meanwhile) shows what
 * they changed, with "Take theirs" (reload the form) or "Keep mine" (save my changes on top of theirs).
 */
import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconPlus, IconTrash } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, type CreateTaskBody, type TaskView, type UpdateTaskBody } from '../../../shared/tasks/contract';
import { ApiError } from '../api/client';
import { rows, useCreateTask, useMyTasks, useUpdateTask } from './api';
import { DeadlineField } from './DeadlineField';
import { PeoplePicker, PersonPicker, usePeopleNames } from './people';
import { RichEditor } from './RichEditor';
import { useMyGroups } from '../workgroups/api';

interface Values {
  title: string;
  description: string;
  responsibleId: string | null;
  participantIds: string[];
  observerIds: string[];
  /** Local 'YYYY-MM-DD HH:mm:ss' (see deadline.ts). */
  deadline: string | null;
  highPriority: boolean;
  tags: string[];
  plannedHours: number | '';
  groupId: string | null;
  parentId: string | null;
  requireApproval: boolean;
  requireResult: boolean;
}

const toLocal = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm:ss') : null);
const toIso = (local: string | null) => (local ? dayjs(local).toISOString() : null);
const hoursOf = (minutes: number | null) => (minutes ? Math.round((minutes / 60) * 100) / 100 : '');
const minutesOf = (h: number | '') => (h === '' || !h ? null : Math.max(1, Math.round(h * 60)));

function valuesOf(t: TaskView): Values {
  return {
    title: t.title,
    description: t.description,
    responsibleId: t.responsibleId,
    participantIds: t.participantIds,
    observerIds: t.observerIds,
    deadline: toLocal(t.deadline),
    highPriority: t.highPriority,
    tags: t.tags,
    plannedHours: hoursOf(t.plannedMinutes),
    groupId: t.groupId,
    parentId: t.parentId,
    requireApproval: t.requireApproval,
    requireResult: t.requireResult,
  };
}

/** Edit body: the fields that differ from the task as it was opened. */
function changes(v: Values, base: TaskView): Omit<UpdateTaskBody, 'version'> {
  const b = valuesOf(base);
  const out: Omit<UpdateTaskBody, 'version'> = {};
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  if (v.title.trim() !== b.title) out.title = v.title.trim();
  if (v.description !== b.description) out.description = v.description;
  if (v.responsibleId && v.responsibleId !== b.responsibleId) out.responsibleId = v.responsibleId;
  if (!same(v.participantIds, b.participantIds)) out.participantIds = v.participantIds;
  if (!same(v.observerIds, b.observerIds)) out.observerIds = v.observerIds;
  if (v.deadline !== b.deadline) out.deadline = toIso(v.deadline);
  if (v.highPriority !== b.highPriority) out.highPriority = v.highPriority;
  if (!same(v.tags, b.tags)) out.tags = v.tags;
  if (minutesOf(v.plannedHours) !== base.plannedMinutes) out.plannedMinutes = minutesOf(v.plannedHours);
  if (v.groupId !== b.groupId) out.groupId = v.groupId;
  if (v.parentId !== b.parentId) out.parentId = v.parentId;
  if (v.requireApproval !== b.requireApproval) out.requireApproval = v.requireApproval;
  if (v.requireResult !== b.requireResult) out.requireResult = v.requireResult;
  return out;
}

const EMPTY: Values = {
  title: '',
  description: '',
  responsibleId: null,
  participantIds: [],
  observerIds: [],
  deadline: null,
  highPriority: false,
  tags: [],
  plannedHours: '',
  groupId: null,
  parentId: null,
  requireApproval: false,
  requireResult: false,
};

/** Server field problems (`body.title`, `responsibleId`, ...) by form field. */
function fieldErrors(e: unknown): Record<string, string> {
  if (!(e instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const f of e.fields ?? []) {
    const key = f.path.replace(/^body\./, '').split('.')[0] ?? '';
    out[key] = f.reason;
  }
  if (!e.fields?.length && e.body && typeof e.body.field === 'string')
    out[e.body.field.replace(/^body\./, '')] = e.message;
  return out;
}

export interface TaskFormProps {
  opened: boolean;
  onClose: () => void;
  /** Editing this task; otherwise creating. */
  task?: TaskView;
  /** Preset when creating (from a project page or "add subtask"). */
  preset?: { groupId?: string; stageId?: string; parentId?: string; responsibleId?: string };
  me: string;
  onSaved: (t: TaskView) => void;
}

export function TaskForm(props: TaskFormProps) {
  // a fresh form each time it opens (and for another task)
  if (!props.opened) return null;
  return <TaskFormModal key={props.task?.taskId ?? 'new'} {...props} />;
}

function TaskFormModal({ opened, onClose, task, preset, me, onSaved }: TaskFormProps) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const [base, setBase] = useState<TaskView | undefined>(task);
  const [v, setV] = useState<Values>(() =>
    task
      ? valuesOf(task)
      : {
          ...EMPTY,
          responsibleId: preset?.responsibleId ?? me,
          groupId: preset?.groupId ?? null,
          parentId: preset?.parentId ?? null,
        },
  );
  const [checklist, setChecklist] = useState<string[]>([]);
  const [newItem, setNewItem] = useState('');
  const [conflict, setConflict] = useState<TaskView | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useCreateTask();
  const update = useUpdateTask(task?.taskId ?? '');
  const groups = useMyGroups(opened);
  const parents = useMyTasks('creator', { status: 'open', due: null, groupId: null });
  const set = <K extends keyof Values>(k: K, val: Values[K]) => setV((old) => ({ ...old, [k]: val }));

  const groupOptions = useMemo(
    () => rows(groups.data).map((g) => ({ value: g.groupId, label: g.name })),
    [groups.data],
  );
  const parentOptions = useMemo(() => {
    const list = rows(parents.data)
      .filter((p) => p.taskId !== task?.taskId)
      .map((p) => ({ value: p.taskId, label: p.title }));
    if (v.parentId && !list.some((o) => o.value === v.parentId))
      list.unshift({ value: v.parentId, label: t('tasks.form.parentTask') });
    return list;
  }, [parents.data, task?.taskId, v.parentId, t]);

  const conflictNames = usePeopleNames(conflict ? [conflict.responsibleId] : []);

  const validate = (): boolean => {
    const e: Record<string, string> = {};
    if (!v.title.trim()) e.title = t('tasks.form.required');
    if (!v.responsibleId) e.responsibleId = t('tasks.form.required');
    setErrors(e);
    return Object.keys(e).length === 0;
  };

  const addItem = () => {
    const text = newItem.trim();
    if (!text || checklist.length >= LIMITS.checklistItems) return;
    setChecklist((c) => [...c, text]);
    setNewItem('');
  };

  const save = async (version?: number) => {
    if (!validate()) return;
    try {
      if (!task || !base) {
        const body: CreateTaskBody = {
          title: v.title.trim(),
          responsibleId: v.responsibleId!,
          ...(v.description ? { description: v.description } : {}),
          ...(v.participantIds.length ? { participantIds: v.participantIds } : {}),
          ...(v.observerIds.length ? { observerIds: v.observerIds } : {}),
          ...(v.deadline ? { deadline: toIso(v.deadline)! } : {}),
          ...(v.highPriority ? { highPriority: true } : {}),
          ...(v.tags.length ? { tags: v.tags } : {}),
          ...(minutesOf(v.plannedHours) ? { plannedMinutes: minutesOf(v.plannedHours)! } : {}),
          ...(v.groupId ? { groupId: v.groupId } : {}),
          ...(v.groupId && preset?.stageId && preset.groupId === v.groupId ? { stageId: preset.stageId } : {}),
          ...(v.parentId ? { parentId: v.parentId } : {}),
          ...(checklist.length ? { checklist: checklist.map((text) => ({ text })) } : {}),
          ...(v.requireApproval ? { requireApproval: true } : {}),
          ...(v.requireResult ? { requireResult: true } : {}),
        };
        const created = await create.mutateAsync(body);
        onSaved(created);
        return;
      }
      const diff = changes(v, base);
      if (Object.keys(diff).length === 0) {
        onClose();
        return;
      }
      const r = await update.mutateAsync({ version: version ?? base.version, ...diff });
      if ('conflict' in r) {
        setConflict(r.conflict);
        return;
      }
      onSaved(r.saved);
    } catch (e) {
      const fe = fieldErrors(e);
      setErrors(Object.keys(fe).length ? fe : { form: e instanceof Error ? e.message : t('errors.generic') });
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save();
  };

  const busy = create.isPending || update.isPending;

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={task ? t('tasks.form.editTitle') : t('tasks.form.newTitle')}
      size="xl"
      fullScreen={!!phone}
      data-testid="task-form"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {conflict ? (
            <Alert
              color="orange"
              icon={<IconAlertTriangle size={18} />}
              title={t('tasks.conflict.title')}
              data-testid="task-conflict"
            >
              <Stack gap={6}>
                <Text size="sm">{t('tasks.conflict.body')}</Text>
                <Text size="sm" data-testid="task-conflict-current">
                  {t('tasks.conflict.current', {
                    title: conflict.title,
                    responsible: conflictNames[conflict.responsibleId] ?? '',
                    deadline: conflict.deadline ? dayjs(conflict.deadline).format('DD.MM.YYYY HH:mm') : '—',
                  })}
                </Text>
                <Group gap="xs">
                  <Button
                    size="xs"
                    variant="default"
                    data-testid="conflict-reload"
                    onClick={() => {
                      setBase(conflict);
                      setV(valuesOf(conflict));
                      setConflict(null);
                    }}
                  >
                    {t('tasks.conflict.reload')}
                  </Button>
                  <Button
                    size="xs"
                    color="orange"
                    data-testid="conflict-keep-mine"
                    onClick={() => {
                      // my changes were computed against the old base; send them against the current version
                      const current = conflict;
                      setConflict(null);
                      void save(current.version);
                      setBase((old) => (old ? { ...old, version: current.version } : old));
                    }}
                  >
                    {t('tasks.conflict.keepMine')}
                  </Button>
                </Group>
              </Stack>
            </Alert>
          ) : null}
          {errors.form ? (
            <Alert color="red" data-testid="task-form-error">
              {errors.form}
            </Alert>
          ) : null}
          <TextInput
            label={t('tasks.form.title')}
            required
            value={v.title}
            onChange={(e) => set('title', e.currentTarget.value)}
            maxLength={LIMITS.titleChars}
            error={errors.title}
            data-testid="task-title-input"
            data-autofocus
          />
          <RichEditor
            label={t('tasks.form.description')}
            value={v.description}
            onChange={(html) => set('description', html)}
            testId="task-description-input"
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <PersonPicker
              label={t('tasks.form.responsible')}
              required
              value={v.responsibleId}
              onChange={(id) => set('responsibleId', id)}
              error={errors.responsibleId}
              testId="task-responsible"
            />
            <DeadlineField
              label={t('tasks.form.deadline')}
              value={v.deadline}
              onChange={(d) => set('deadline', d)}
              error={errors.deadline}
              testId="task-deadline"
            />
            <PeoplePicker
              label={t('tasks.form.participants')}
              value={v.participantIds}
              onChange={(ids) => set('participantIds', ids)}
              max={LIMITS.participants}
              error={errors.participantIds}
              testId="task-participants"
            />
            <PeoplePicker
              label={t('tasks.form.observers')}
              value={v.observerIds}
              onChange={(ids) => set('observerIds', ids)}
              max={LIMITS.observers}
              error={errors.observerIds}
              testId="task-observers"
            />
            <Select
              label={t('tasks.form.project')}
              data={groupOptions}
              value={v.groupId}
              onChange={(g) => set('groupId', g)}
              clearable
              searchable
              placeholder={t('tasks.form.noProject')}
              error={errors.groupId}
              data-testid="task-project"
            />
            <Select
              label={t('tasks.form.parent')}
              data={parentOptions}
              value={v.parentId}
              onChange={(p) => set('parentId', p)}
              clearable
              searchable
              placeholder={t('tasks.form.noParent')}
              error={errors.parentId}
              data-testid="task-parent"
            />
            <TagsInput
              label={t('tasks.form.tags')}
              value={v.tags}
              onChange={(tags) => set('tags', tags)}
              maxTags={LIMITS.tags}
              error={errors.tags}
              data-testid="task-tags"
            />
            <NumberInput
              label={t('tasks.form.planned')}
              value={v.plannedHours}
              onChange={(n) => set('plannedHours', typeof n === 'number' ? n : '')}
              min={0}
              max={LIMITS.plannedMinutes / 60}
              step={0.5}
              decimalScale={2}
              error={errors.plannedMinutes}
              data-testid="task-planned"
            />
          </SimpleGrid>
          <Group gap="lg">
            <Switch
              label={t('tasks.form.highPriority')}
              checked={v.highPriority}
              onChange={(e) => set('highPriority', e.currentTarget.checked)}
              data-testid="task-high"
            />
            <Checkbox
              label={t('tasks.form.requireApproval')}
              checked={v.requireApproval}
              onChange={(e) => set('requireApproval', e.currentTarget.checked)}
              data-testid="task-require-approval"
            />
            <Checkbox
              label={t('tasks.form.requireResult')}
              checked={v.requireResult}
              onChange={(e) => set('requireResult', e.currentTarget.checked)}
              data-testid="task-require-result"
            />
          </Group>
          {!task ? (
            <Stack gap={6}>
              <Text size="sm" fw={500}>
                {t('tasks.checklist.title')}
              </Text>
              {checklist.map((item, i) => (
                <Group key={`${i}-${item}`} gap="xs" wrap="nowrap" data-testid="form-checklist-item">
                  <Text size="sm" style={{ flex: 1, overflowWrap: 'anywhere' }}>
                    {item}
                  </Text>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('tasks.checklist.remove')}
                    onClick={() => setChecklist((c) => c.filter((_, j) => j !== i))}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              ))}
              <Group gap="xs" wrap="nowrap">
                <TextInput
                  style={{ flex: 1 }}
                  placeholder={t('tasks.checklist.placeholder')}
                  aria-label={t('tasks.checklist.placeholder')}
                  value={newItem}
                  maxLength={LIMITS.checklistTextChars}
                  onChange={(e) => setNewItem(e.currentTarget.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      addItem();
                    }
                  }}
                  error={errors.checklist}
                  data-testid="form-checklist-input"
                />
                <Button
                  variant="default"
                  leftSection={<IconPlus size={16} />}
                  onClick={addItem}
                  data-testid="form-checklist-add"
                >
                  {t('tasks.checklist.add')}
                </Button>
              </Group>
            </Stack>
          ) : null}
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={onClose}>
              {t('tasks.form.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="task-save">
              {task ? t('tasks.form.save') : t('tasks.form.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
