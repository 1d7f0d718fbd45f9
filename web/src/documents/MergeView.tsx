/**
 * Somebody else saved while I was editing (409): their version and mine side by side (as a diff, or each
 * rendered), and an editable merged result made by a three-way merge from the version we both started
 * from — what only one of us changed is combined; where we both changed the same place differently, both
 * texts are kept (mine first) for me to tidy up. Three ways out: take theirs (my edits are dropped), keep
 * mine (saved over theirs: theirs stays in the history), or save the merged result. Nothing is saved
 * until I pick one.
 */
import { Alert, Box, Button, Group, SegmentedControl, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentFormat } from '../../../shared/drive/contract';
import { formatDateTime } from '../components/time';
import { currentLanguage } from '../i18n';
import { htmlBlocks } from './content';
import { comparableText, DiffView } from './DiffView';
import { DocEditor, SafeDoc } from './editors';
import { mergeLines, mergeUnits, type DiffMode } from './merge';
import type { Conflict } from './useAutosave';

export function autoMerge(format: DocumentFormat, base: string, mine: string, theirs: string) {
  if (format === 'markdown') return mergeLines(base, mine, theirs);
  const r = mergeUnits(htmlBlocks(base), htmlBlocks(mine), htmlBlocks(theirs));
  return { ...r, text: r.units.join('') };
}

export function MergeView({
  format,
  conflict,
  theirName,
  busy,
  onTakeTheirs,
  onKeepMine,
  onSaveMerged,
}: {
  format: DocumentFormat;
  conflict: Conflict;
  theirName: string;
  busy: boolean;
  onTakeTheirs: () => void;
  onKeepMine: () => void;
  onSaveMerged: (content: string) => void;
}) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const { base, theirs, mine } = conflict;
  const merged = useMemo(
    () => autoMerge(format, base.content, mine, theirs.content),
    [format, base.content, mine, theirs.content],
  );
  const [result, setResult] = useState(merged.text);
  const [mode, setMode] = useState<DiffMode>('words');
  const theirsText = useMemo(() => comparableText(format, theirs.content), [format, theirs.content]);
  const mineText = useMemo(() => comparableText(format, mine), [format, mine]);

  return (
    <Stack gap="md" data-testid="merge-view" data-conflicts={merged.conflicts} data-auto={merged.autoMerged}>
      <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t('documents.merge.title')}>
        <Text size="sm">
          {t('documents.merge.explain', { name: theirName, time: formatDateTime(theirs.node.updatedAt, lng) })}
        </Text>
      </Alert>

      <Tabs defaultValue="diff" keepMounted={false}>
        <Tabs.List className="doc-tabs">
          <Tabs.Tab value="diff" data-testid="merge-tab-diff">
            {t('documents.merge.differences')}
          </Tabs.Tab>
          <Tabs.Tab value="theirs" data-testid="merge-tab-theirs">
            {t('documents.merge.theirs')}
          </Tabs.Tab>
          <Tabs.Tab value="mine" data-testid="merge-tab-mine">
            {t('documents.merge.mine')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="diff" pt="sm">
          <Group justify="space-between" mb="xs" gap="xs">
            <Text size="sm" c="dimmed">
              {t('documents.merge.diffExplain')}
            </Text>
            <SegmentedControl
              size="xs"
              value={mode}
              onChange={(v) => setMode(v as DiffMode)}
              data={[
                { value: 'words', label: t('documents.diff.words') },
                { value: 'lines', label: t('documents.diff.lines') },
              ]}
              aria-label={t('documents.diff.mode')}
            />
          </Group>
          <DiffView
            from={theirsText}
            to={mineText}
            mode={mode}
            testId="merge-diff"
            labels={{ added: t('documents.merge.onlyMine'), removed: t('documents.merge.onlyTheirs') }}
          />
        </Tabs.Panel>
        <Tabs.Panel value="theirs" pt="sm">
          <Box className="doc-pane">
            <SafeDoc format={format} content={theirs.content} testId="merge-theirs" />
          </Box>
        </Tabs.Panel>
        <Tabs.Panel value="mine" pt="sm">
          <Box className="doc-pane">
            <SafeDoc format={format} content={mine} testId="merge-mine" />
          </Box>
        </Tabs.Panel>
      </Tabs>

      <Stack gap={6}>
        <Title order={3} size="h5">
          {t('documents.merge.result')}
        </Title>
        <Text size="sm" c={merged.conflicts > 0 ? 'orange.8' : 'dimmed'} data-testid="merge-summary">
          {merged.conflicts > 0
            ? t('documents.merge.conflicts', { count: merged.conflicts })
            : t('documents.merge.clean')}
        </Text>
        <DocEditor
          format={format}
          initial={merged.text}
          onChange={setResult}
          testId="merge-result"
          label={t('documents.merge.result')}
        />
      </Stack>

      <Group justify="flex-end" gap="sm" className="merge-actions">
        <Button variant="default" onClick={onTakeTheirs} disabled={busy} data-testid="merge-take-theirs">
          {t('documents.merge.takeTheirs')}
        </Button>
        <Button variant="default" onClick={onKeepMine} disabled={busy} data-testid="merge-keep-mine">
          {t('documents.merge.keepMine')}
        </Button>
        <Button onClick={() => onSaveMerged(result)} loading={busy} data-testid="merge-save">
          {t('documents.merge.saveMerged')}
        </Button>
      </Group>
    </Stack>
  );
}
