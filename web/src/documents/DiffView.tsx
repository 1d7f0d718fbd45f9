/**
 * A diff between two texts (jsdiff): by words (inline, inside the running text) or by lines (+/- rows),
 * added text green and underlined, removed text red and struck through, with a legend and counts. Rich
 * text is compared as its text (one line per block, headings and list items marked): what a reader sees,
 * not the markup.
 */
import { Group, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentFormat } from '../../../shared/drive/contract';
import { htmlToText } from './content';
import { compare, type DiffMode } from './merge';

export const comparableText = (format: DocumentFormat, content: string) =>
  format === 'html' ? htmlToText(content) : content.replace(/\r\n?/g, '\n');

export interface LegendLabels {
  added: string;
  removed: string;
}

export function DiffLegend({
  added,
  removed,
  mode,
  labels,
}: {
  added: number;
  removed: number;
  mode: DiffMode;
  labels?: LegendLabels;
}) {
  const { t } = useTranslation();
  return (
    <Group
      gap="md"
      wrap="wrap"
      className="diff-legend"
      data-testid="diff-legend"
      aria-label={t('documents.diff.legend')}
      role="group"
    >
      <Group gap={6} wrap="nowrap">
        <ins className="diff-add diff-swatch">{labels?.added ?? t('documents.diff.addedSample')}</ins>
        <Text size="xs" data-testid="diff-added" data-count={added}>
          {t(mode === 'lines' ? 'documents.diff.addedLines' : 'documents.diff.addedWords', { count: added })}
        </Text>
      </Group>
      <Group gap={6} wrap="nowrap">
        <del className="diff-del diff-swatch">{labels?.removed ?? t('documents.diff.removedSample')}</del>
        <Text size="xs" data-testid="diff-removed" data-count={removed}>
          {t(mode === 'lines' ? 'documents.diff.removedLines' : 'documents.diff.removedWords', { count: removed })}
        </Text>
      </Group>
    </Group>
  );
}

export function DiffView({
  from,
  to,
  mode,
  testId = 'diff-view',
  labels,
}: {
  from: string;
  to: string;
  mode: DiffMode;
  testId?: string;
  labels?: LegendLabels;
}) {
  const { t } = useTranslation();
  const cmp = useMemo(() => compare(from, to, mode), [from, to, mode]);
  const same = cmp.added === 0 && cmp.removed === 0;
  return (
    <div className="diff" data-testid={testId} data-mode={mode} data-added={cmp.added} data-removed={cmp.removed}>
      <DiffLegend added={cmp.added} removed={cmp.removed} mode={mode} labels={labels} />
      {same ? (
        <Text size="sm" c="dimmed" mt="sm" data-testid="diff-same">
          {t('documents.diff.same')}
        </Text>
      ) : mode === 'words' ? (
        <div className="diff-body diff-words">
          {cmp.changes.map((c, i) =>
            c.added ? (
              <ins key={i} className="diff-add" data-testid="diff-ins">
                {c.value}
              </ins>
            ) : c.removed ? (
              <del key={i} className="diff-del" data-testid="diff-del">
                {c.value}
              </del>
            ) : (
              <span key={i}>{c.value}</span>
            ),
          )}
        </div>
      ) : (
        <div className="diff-body diff-lines" role="table" aria-label={t('documents.diff.title')}>
          {cmp.changes.flatMap((c, i) => {
            const lines = c.value.replace(/\n$/, '').split('\n');
            const kind = c.added ? 'add' : c.removed ? 'del' : 'same';
            return lines.map((line, j) => (
              <div
                key={`${i}-${j}`}
                className={`diff-line diff-line-${kind}`}
                role="row"
                data-testid={kind === 'same' ? undefined : `diff-line-${kind}`}
              >
                <span
                  className="diff-gutter"
                  role="cell"
                  aria-label={
                    kind === 'add'
                      ? t('documents.diff.added')
                      : kind === 'del'
                        ? t('documents.diff.removed')
                        : undefined
                  }
                >
                  {kind === 'add' ? '+' : kind === 'del' ? '−' : ' '}
                </span>
                <span className="diff-text" role="cell">
                  {kind === 'add' ? (
                    <ins className="diff-add">{line || ' '}</ins>
                  ) : kind === 'del' ? (
                    <del className="diff-del">{line || ' '}</del>
                  ) : (
                    line || ' '
                  )}
                </span>
              </div>
            ));
          })}
        </div>
      )}
    </div>
  );
}
