/**
 * Editing a group (owner / moderators / admins): name, description, kind, visibility, project dates and — for the
 * owner and admins — who the moderators are; and its Kanban stages: rename, reorder (up / down, also by keyboard),
 * delete an empty one. Every write carries the group's version: a 409 shows what the group is now, with
 * "take theirs (reload)" and "save mine on top" (the same change sent again against the current version), like the
 * task form. A stage that still holds tasks cannot be deleted (the server's 409 is shown as is).
 */
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Textarea,
  Tooltip,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconCheck, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  GROUP_KINDS,
  GROUP_VISIBILITIES,
  LIMITS,
  type GroupDetail,
  type GroupKind,
  type GroupVisibility,
  type UpdateGroupBody,
} from '../../../shared/workgroups/contract';
import { rows } from '../tasks/api';
import { useQueryClient } from '@tanstack/react-query';
import { gkeys, useGroupVersionedWrite, useMembers, type GroupCall } from './api';

interface Draft {
  name: string;
  description: string;
  kind: GroupKind;
  visibility: GroupVisibility;
  projectStart: string;
  projectEnd: string;
  moderators: string[];
}

const draftOf = (g: GroupDetail, moderators: string[]): Draft => ({
  name: g.name,
  description: g.description,
  kind: g.kind,
  visibility: g.visibility,
  projectStart: g.projectStart ?? '',
  projectEnd: g.projectEnd ?? '',
  moderators,
});

/** The conflict panel: what the group is now, take theirs or send mine again. */
function ConflictPanel({
  current,
  onReload,
  onKeepMine,
  busy,
}: {
  current: GroupDetail;
  onReload: () => void;
  onKeepMine: () => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Alert color="orange" title={t('workgroups.conflict.title')} data-testid="group-conflict">
      <Stack gap="xs">
        <Text size="sm">{t('workgroups.conflict.body')}</Text>
        <Text size="sm" data-testid="group-conflict-current">
          {t('workgroups.conflict.current', {
            name: current.name,
            stages: current.stages.map((s) => s.title).join(', '),
          })}
        </Text>
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={onReload} data-testid="group-conflict-reload">
            {t('tasks.conflict.reload')}
          </Button>
          <Button size="xs" onClick={onKeepMine} loading={busy} data-testid="group-conflict-keep">
            {t('tasks.conflict.keepMine')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

export function GroupEditModal({
  group,
  opened,
  onClose,
}: {
  group: GroupDetail;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  // The form mounts with the dialog: it starts from the group as it is each time.
  return (
    <Modal opened={opened} onClose={onClose} title={t('workgroups.edit.title')} size="lg" data-testid="group-edit">
      {opened ? <GroupEditForm group={group} onClose={onClose} /> : null}
    </Modal>
  );
}

function GroupEditForm({ group, onClose }: { group: GroupDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const write = useGroupVersionedWrite(group.groupId);
  const members = useMembers(group.groupId, true);
  const memberList = rows(members.data);
  const currentMods = memberList.filter((m) => m.role === 'moderator').map((m) => m.userId);
  // What the form started from: only fields changed against it are sent, so "save mine on top" keeps
  // everything else the other person changed.
  const [base, setBase] = useState<GroupDetail>(group);
  const [edited, setDraft] = useState<Draft>(() => draftOf(group, []));
  // Moderators follow the member list until I change them.
  const [mods, setMods] = useState<string[] | null>(null);
  const draft = { ...edited, moderators: mods ?? currentMods };
  const [conflict, setConflict] = useState<GroupDetail | null>(null);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) =>
    k === 'moderators' ? setMods(v as string[]) : setDraft((d) => ({ ...d, [k]: v }));
  const datesWrong = !!draft.projectStart && !!draft.projectEnd && draft.projectStart > draft.projectEnd;

  const save = async (version: number) => {
    setSaving(true);
    const from = draftOf(base, []);
    const body: UpdateGroupBody = { version };
    if (draft.name.trim() !== from.name) body.name = draft.name.trim();
    if (draft.description.trim() !== from.description) body.description = draft.description.trim();
    if (draft.kind !== from.kind) body.kind = draft.kind;
    if (draft.visibility !== from.visibility) body.visibility = draft.visibility;
    if (draft.projectStart !== from.projectStart) body.projectStart = draft.projectStart || null;
    if (draft.projectEnd !== from.projectEnd) body.projectEnd = draft.projectEnd || null;
    try {
      const r = await write.mutateAsync((api, groupId) => api.workgroups.update({ params: { groupId }, body }));
      if ('conflict' in r) {
        setConflict(r.conflict);
        return;
      }
      // Moderators: one role change per person whose role differs (owner/admin only).
      if (group.rights.changeRoles) {
        for (const m of memberList) {
          if (m.role === 'owner') continue;
          const want = draft.moderators.includes(m.userId) ? 'moderator' : 'member';
          if (want !== m.role)
            await write.mutateAsync((api, groupId) =>
              api.workgroups.changeRole({ params: { groupId, userId: m.userId }, body: { role: want } }),
            );
        }
        void qc.invalidateQueries({ queryKey: gkeys.members(group.groupId) });
      }
      setConflict(null);
      onClose();
    } catch {
      // notified (workgroups.errors.save); the dialog stays open with the draft
    } finally {
      setSaving(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.name.trim() || datesWrong) return;
    void save(group.version);
  };

  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        {conflict ? (
          <ConflictPanel
            current={conflict}
            busy={saving}
            onReload={() => {
              qc.setQueryData(gkeys.group(group.groupId), conflict);
              setBase(conflict);
              setDraft(draftOf(conflict, []));
              setConflict(null);
            }}
            onKeepMine={() => void save(conflict.version)}
          />
        ) : null}
        <TextInput
          label={t('workgroups.create.name')}
          value={draft.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          required
          maxLength={LIMITS.nameChars}
          data-testid="group-edit-name"
        />
        <Textarea
          label={t('workgroups.create.description')}
          value={draft.description}
          onChange={(e) => set('description', e.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={LIMITS.descriptionChars}
          data-testid="group-edit-description"
        />
        <Group gap="sm" wrap="wrap">
          <SegmentedControl
            size="xs"
            value={draft.kind}
            onChange={(v) => set('kind', v as GroupKind)}
            data={GROUP_KINDS.map((k) => ({ value: k, label: t(`workgroups.kind.${k}`) }))}
            data-testid="group-edit-kind"
          />
          <SegmentedControl
            size="xs"
            value={draft.visibility}
            onChange={(v) => set('visibility', v as GroupVisibility)}
            data={GROUP_VISIBILITIES.map((k) => ({ value: k, label: t(`workgroups.visibility.${k}`) }))}
            data-testid="group-edit-visibility"
          />
        </Group>
        <Group gap="sm" grow wrap="wrap">
          <TextInput
            type="date"
            label={t('workgroups.edit.start')}
            value={draft.projectStart}
            onChange={(e) => set('projectStart', e.currentTarget.value)}
            data-testid="group-edit-start"
            miw={150}
          />
          <TextInput
            type="date"
            label={t('workgroups.edit.end')}
            value={draft.projectEnd}
            onChange={(e) => set('projectEnd', e.currentTarget.value)}
            error={datesWrong ? t('workgroups.edit.endBeforeStart') : undefined}
            data-testid="group-edit-end"
            miw={150}
          />
        </Group>
        {group.rights.changeRoles ? (
          <MultiSelect
            label={t('workgroups.create.moderators')}
            description={t('workgroups.edit.moderatorsHint')}
            data={memberList
              .filter((m) => m.role !== 'owner')
              .map((m) => ({ value: m.userId, label: `${m.firstName} ${m.lastName}`.trim() || m.userId }))}
            value={draft.moderators}
            onChange={(v) => set('moderators', v)}
            searchable
            clearable
            disabled={members.isPending}
            data-testid="group-edit-moderators"
          />
        ) : null}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            {t('tasks.form.cancel')}
          </Button>
          <Button
            type="submit"
            loading={saving}
            disabled={!draft.name.trim() || datesWrong}
            data-testid="group-edit-save"
          >
            {t('workgroups.edit.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type StageOp =
  | { kind: 'rename'; stageId: string; title: string }
  | { kind: 'order'; stageIds: string[] }
  | { kind: 'delete'; stageId: string };

export function StagesModal({ group, opened, onClose }: { group: GroupDetail; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('workgroups.stages.title')} data-testid="stages-modal">
      {opened ? <StagesEditor group={group} /> : null}
    </Modal>
  );
}

function StagesEditor({ group }: { group: GroupDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const write = useGroupVersionedWrite(group.groupId);
  const [titles, setTitles] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState<{ current: GroupDetail; op: StageOp } | null>(null);

  const run = (op: StageOp, version: number) => {
    const req: GroupCall =
      op.kind === 'rename'
        ? (api, groupId) =>
            api.workgroups.renameStage({ params: { groupId, stageId: op.stageId }, body: { title: op.title, version } })
        : op.kind === 'order'
          ? (api, groupId) =>
              api.workgroups.reorderStages({ params: { groupId }, body: { stageIds: op.stageIds, version } })
          : (api, groupId) =>
              api.workgroups.deleteStage({ params: { groupId, stageId: op.stageId }, query: { version } });
    write.mutate(req, {
      onSuccess: (r) => {
        if ('conflict' in r) {
          setConflict({ current: r.conflict, op });
          return;
        }
        setConflict(null);
        if (op.kind === 'rename')
          setTitles((m) => Object.fromEntries(Object.entries(m).filter(([k]) => k !== op.stageId)));
      },
    });
  };
  const ids = group.stages.map((s) => s.stageId);
  const move = (i: number, by: -1 | 1) => {
    const next = [...ids];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    run({ kind: 'order', stageIds: next }, group.version);
  };

  return (
    <Stack gap="sm">
      {conflict ? (
        <ConflictPanel
          current={conflict.current}
          busy={write.isPending}
          onReload={() => {
            qc.setQueryData(gkeys.group(group.groupId), conflict.current);
            setConflict(null);
          }}
          onKeepMine={() => {
            const op = conflict.op;
            // A reorder lists every stage: keep my order for the stages that still exist, new ones at the end.
            if (op.kind === 'order') {
              const now = conflict.current.stages.map((s) => s.stageId);
              const mine = op.stageIds.filter((id) => now.includes(id));
              run(
                { kind: 'order', stageIds: [...mine, ...now.filter((id) => !mine.includes(id))] },
                conflict.current.version,
              );
            } else run(op, conflict.current.version);
          }}
        />
      ) : null}
      <Text size="xs" c="dimmed">
        {t('workgroups.stages.hint')}
      </Text>
      {group.stages.map((s, i) => {
        const title = titles[s.stageId] ?? s.title;
        const changed = title.trim() !== s.title && title.trim() !== '';
        return (
          <form
            key={s.stageId}
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              if (changed) run({ kind: 'rename', stageId: s.stageId, title: title.trim() }, group.version);
            }}
          >
            <Group gap={4} wrap="nowrap" data-testid="stage-row" data-stage-id={s.stageId}>
              <TextInput
                size="xs"
                style={{ flex: 1, minWidth: 0 }}
                value={title}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setTitles((m) => ({ ...m, [s.stageId]: v }));
                }}
                maxLength={LIMITS.stageTitleChars}
                aria-label={t('workgroups.stages.name', { n: i + 1 })}
                data-testid="stage-rename-input"
              />
              <Tooltip label={t('workgroups.stages.rename')}>
                <ActionIcon
                  type="submit"
                  variant="light"
                  disabled={!changed}
                  aria-label={t('workgroups.stages.rename')}
                  data-testid="stage-rename"
                >
                  <IconCheck size={16} />
                </ActionIcon>
              </Tooltip>
              <ActionIcon
                variant="subtle"
                disabled={i === 0 || write.isPending}
                onClick={() => move(i, -1)}
                aria-label={t('workgroups.stages.up', { title: s.title })}
                data-testid="stage-up"
              >
                <IconArrowUp size={16} />
              </ActionIcon>
              <ActionIcon
                variant="subtle"
                disabled={i === group.stages.length - 1 || write.isPending}
                onClick={() => move(i, 1)}
                aria-label={t('workgroups.stages.down', { title: s.title })}
                data-testid="stage-down"
              >
                <IconArrowDown size={16} />
              </ActionIcon>
              <ActionIcon
                variant="subtle"
                color="red"
                disabled={group.stages.length === 1 || write.isPending}
                onClick={() => run({ kind: 'delete', stageId: s.stageId }, group.version)}
                aria-label={t('workgroups.stages.delete', { title: s.title })}
                data-testid="stage-delete"
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          </form>
        );
      })}
    </Stack>
  );
}
