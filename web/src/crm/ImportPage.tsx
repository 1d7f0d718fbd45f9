/**
 * /crm/import: the CSV import wizard — upload with progress (POST /crm/imports → presigned PUT) → columns mapping
 * over the server's preview (POST …/preview: encoding, separator, header, 20 rows, suggested mapping) → options
 * (duplicates skip / create / update, responsible person or queue) → live progress (GET /crm/imports/{id} every
 * 2 s while queued/running) → report (counts, the error rows, errors.csv download). Below: my earlier imports,
 * and an export of a type in a scope (POST /crm/exports, then its link when done).
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  Progress,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconDownload, IconUpload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  Delimiter,
  DuplicateMode,
  Encoding,
  ImportField,
  ImportPreview,
  ImportType,
  JobErrorView,
  JobView,
} from '../../../shared/crm/intake-contract';
import {
  DELIMITERS,
  DUPLICATE_MODES,
  ENCODINGS,
  IMPORT_TYPES,
  INTAKE_LIMITS,
} from '../../../shared/crm/intake-contract';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { xhrPut } from '../drive/upload';
import { useApi } from '../services';
import { apiPaths } from '../../../shared/api/client';
import { PersonPicker } from '../tasks/people';
import { ck, rows, useCursorList } from './api-base';
import { useQueues } from './api';
import { ErrorNote, formatDateTime, PageHeader, ScopePicker, useMe } from './common';

const ACTIVE = new Set(['queued', 'running']);
const DELIMITER_LABEL: Record<Delimiter, string> = { ',': ', (comma)', ';': '; (semicolon)', '\t': '⇥ (tab)' };
const typeLabelKey = (t: ImportType) =>
  (t === 'lead' ? 'crm.nav.leads' : t === 'contact' ? 'crm.nav.contacts' : 'crm.nav.companies') as 'crm.nav.leads';

function useJob(jobId: string | null, kind: 'imports' | 'exports' = 'imports') {
  const api = useApi();
  return useQuery({
    queryKey: ['crm', 'job', jobId],
    queryFn: ({ signal }) =>
      (kind === 'imports' ? api.crmIntake.getImport : api.crmIntake.getExport)({
        params: { jobId: jobId ?? '' },
        signal,
      }),
    enabled: !!jobId,
    refetchInterval: (q) =>
      q.state.data && !ACTIVE.has(q.state.data.status) && q.state.data.status !== 'uploaded' ? false : 2000,
  });
}

function Report({ job }: { job: JobView }) {
  const { t } = useTranslation();
  const api = useApi();
  const errors = useCursorList<JobErrorView>(
    apiPaths.crmIntake.importErrors({ params: { jobId: job.jobId } }),
    {},
    (api, query, signal) => api.crmIntake.importErrors({ params: { jobId: job.jobId }, query, signal }),
    { enabled: job.failed > 0, limit: 50 },
  );
  const download = useMutation({
    mutationFn: () => api.crmIntake.importReport({ params: { jobId: job.jobId } }),
    onSuccess: (d) => {
      window.location.href = d.url;
    },
  });
  const items = rows(errors.data);
  return (
    <Stack gap="sm" data-testid="import-report">
      <Text
        data-testid="import-counts"
        data-created={job.created}
        data-updated={job.updated}
        data-skipped={job.skipped}
        data-failed={job.failed}
      >
        {t('crm.import.counts', {
          created: job.created,
          updated: job.updated,
          skipped: job.skipped,
          failed: job.failed,
        })}
      </Text>
      {job.message ? <Alert color="red">{job.message}</Alert> : null}
      {items.length ? (
        <>
          <Title order={4} size="h6">
            {t('crm.import.errors')}
          </Title>
          <div className="crm-table-wrap">
            <Table verticalSpacing={2} fz="sm" data-testid="import-errors">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('crm.import.row')}</Table.Th>
                  <Table.Th>{t('crm.import.field')}</Table.Th>
                  <Table.Th>{t('crm.import.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((e) => (
                  <Table.Tr key={`${e.row}-${e.field}`} data-testid="import-error">
                    <Table.Td>{e.row}</Table.Td>
                    <Table.Td>{e.field}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{e.reason}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          {errors.hasNextPage ? (
            <Button
              size="xs"
              variant="default"
              onClick={() => void errors.fetchNextPage()}
              loading={errors.isFetchingNextPage}
            >
              {t('crm.common.more')}
            </Button>
          ) : null}
        </>
      ) : null}
      {job.hasErrorReport ? (
        <Group>
          <Button
            variant="light"
            leftSection={<IconDownload size={16} />}
            onClick={() => download.mutate()}
            loading={download.isPending}
            data-testid="import-download-errors"
          >
            {t('crm.import.downloadErrors')}
          </Button>
        </Group>
      ) : null}
      {download.error ? <ErrorNote error={download.error} /> : null}
    </Stack>
  );
}

function Wizard() {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const me = useMe();
  const queues = useQueues();
  const [type, setType] = useState<ImportType>('contact');
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<(ImportField | null)[]>([]);
  const [encoding, setEncoding] = useState<Encoding>('utf-8');
  const [delimiter, setDelimiter] = useState<Delimiter>(',');
  const [duplicates, setDuplicates] = useState<DuplicateMode>('skip');
  const [assignMode, setAssignMode] = useState<'person' | 'queue'>('person');
  const [person, setPerson] = useState<string | null>(me.sub || null);
  const [queueId, setQueueId] = useState<string | null>(null);
  const [step, setStep] = useState(0);
  const abort = useRef<AbortController | null>(null);
  const job = useJob(step >= 3 ? jobId : null);

  const upload = useMutation({
    mutationFn: async () => {
      if (!file) throw new Error('no file');
      const created = await api.crmIntake.createImport({
        body: { type, fileName: file.name.slice(0, INTAKE_LIMITS.fileName), size: file.size },
      });
      abort.current = new AbortController();
      setProgress(0);
      await xhrPut(
        created.url,
        file,
        created.headers,
        (loaded) => setProgress(Math.round((loaded / Math.max(1, file.size)) * 100)),
        abort.current.signal,
      );
      setJobId(created.jobId);
      const p = await api.crmIntake.previewImport({ params: { jobId: created.jobId } });
      return p;
    },
    onSuccess: (p) => {
      setPreview(p);
      setMapping(p.suggestedMapping);
      setEncoding(p.encoding);
      setDelimiter(p.delimiter);
      setStep(1);
    },
    onSettled: () => setProgress(null),
  });
  const start = useMutation({
    mutationFn: () =>
      api.crmIntake.startImport({
        params: { jobId: jobId ?? '' },
        body: {
          mapping,
          encoding,
          delimiter,
          duplicates,
          assign: assignMode === 'queue' && queueId ? { queueId } : { responsibleId: person ?? me.sub },
        },
      }),
    onSuccess: (j) => {
      qc.setQueryData(['crm', 'job', j.jobId], j);
      setStep(3);
    },
  });
  const cancel = useMutation({
    mutationFn: () => api.crmIntake.cancelImport({ params: { jobId: jobId ?? '' } }),
    onSuccess: (j) => qc.setQueryData(['crm', 'job', j.jobId], j),
  });
  const j = job.data;
  const finished = !!j && (j.status === 'done' || j.status === 'failed' || j.status === 'cancelled');
  const shownStep = step === 3 && finished ? 4 : step;
  const reset = () => {
    setFile(null);
    setJobId(null);
    setPreview(null);
    setStep(0);
    void qc.invalidateQueries({ queryKey: ck.lists(apiPaths.crmIntake.listImports()) });
    void qc.invalidateQueries({ queryKey: ['crm', 'list'] });
  };
  const fields = preview?.fields ?? [];
  const tooBig = !!file && file.size > INTAKE_LIMITS.importBytes;

  return (
    <Card withBorder radius="md" data-testid="import-wizard">
      <Stepper
        active={shownStep}
        size="xs"
        mb="md"
        allowNextStepsSelect={false}
        onStepClick={(s) => (s < step && step < 3 ? setStep(s) : undefined)}
      >
        <Stepper.Step label={t('crm.import.steps.upload')} />
        <Stepper.Step label={t('crm.import.steps.mapping')} />
        <Stepper.Step label={t('crm.import.steps.options')} />
        <Stepper.Step label={t('crm.import.steps.progress')} />
        <Stepper.Step label={t('crm.import.steps.report')} />
      </Stepper>
      {step === 0 ? (
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('crm.import.type')}
              data={IMPORT_TYPES.map((x) => ({ value: x, label: t(typeLabelKey(x)) }))}
              value={type}
              onChange={(v) => v && setType(v as ImportType)}
              allowDeselect={false}
              data-testid="import-type"
            />
            <FileInput
              label={t('crm.import.file')}
              description={t('crm.import.fileHint')}
              accept=".csv,text/csv,text/plain"
              value={file}
              onChange={setFile}
              clearable
              error={tooBig ? t('crm.import.tooBig') : undefined}
              data-testid="import-file"
            />
          </SimpleGrid>
          {progress !== null ? (
            <Stack gap={4}>
              <Progress
                value={progress}
                animated
                data-testid="import-upload-progress"
                aria-label={t('crm.import.uploading', { pct: progress })}
              />
              <Text size="xs" c="dimmed">
                {t('crm.import.uploading', { pct: progress })}
              </Text>
            </Stack>
          ) : null}
          {upload.error ? <ErrorNote error={upload.error} /> : null}
          <Group justify="flex-end">
            <Button
              leftSection={<IconUpload size={16} />}
              onClick={() => upload.mutate()}
              disabled={!file || tooBig}
              loading={upload.isPending}
              data-testid="import-upload"
            >
              {t('crm.import.upload')}
            </Button>
          </Group>
        </Stack>
      ) : null}
      {step === 1 && preview ? (
        <Stack gap="sm">
          <div className="crm-table-wrap">
            <Table verticalSpacing={4} fz="sm" data-testid="import-mapping">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('crm.import.column')}</Table.Th>
                  <Table.Th>{t('crm.import.field')}</Table.Th>
                  <Table.Th>{t('crm.import.sample')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.columns.map((c, i) => (
                  <Table.Tr key={i} data-testid="import-map-row">
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{c}</Table.Td>
                    <Table.Td miw={160}>
                      <Select
                        aria-label={c}
                        data={[
                          { value: '', label: t('crm.import.skip') },
                          ...fields.map((f) => ({ value: f, label: t(`crm.import.fields.${f as 'name'}`) })),
                        ]}
                        value={mapping[i] ?? ''}
                        onChange={(v) =>
                          setMapping((m) => m.map((x, k) => (k === i ? ((v || null) as ImportField | null) : x)))
                        }
                        allowDeselect={false}
                        data-testid="import-map-field"
                      />
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
                        {preview.rows
                          .slice(0, 3)
                          .map((r) => r[i] ?? '')
                          .filter(Boolean)
                          .join(' · ')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          <Group justify="flex-end">
            <Button onClick={() => setStep(2)} disabled={!mapping.some(Boolean)} data-testid="import-next">
              {t('crm.common.next')}
            </Button>
          </Group>
        </Stack>
      ) : null}
      {step === 2 ? (
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('crm.import.encoding')}
              data={[...ENCODINGS]}
              value={encoding}
              onChange={(v) => v && setEncoding(v as Encoding)}
              allowDeselect={false}
              data-testid="import-encoding"
            />
            <Select
              label={t('crm.import.delimiter')}
              data={DELIMITERS.map((d) => ({ value: d, label: DELIMITER_LABEL[d] }))}
              value={delimiter}
              onChange={(v) => v && setDelimiter(v as Delimiter)}
              allowDeselect={false}
              data-testid="import-delimiter"
            />
          </SimpleGrid>
          <Radio.Group
            label={t('crm.import.duplicates')}
            value={duplicates}
            onChange={(v) => setDuplicates(v as DuplicateMode)}
          >
            <Stack gap={6} mt={6}>
              {DUPLICATE_MODES.map((m) => (
                <Radio
                  key={m}
                  value={m}
                  label={t(`crm.import.dup${m[0]!.toUpperCase()}${m.slice(1)}` as 'crm.import.dupSkip')}
                  data-testid={`import-dup-${m}`}
                />
              ))}
            </Stack>
          </Radio.Group>
          <Radio.Group
            label={t('crm.import.assign')}
            value={assignMode}
            onChange={(v) => setAssignMode(v as 'person' | 'queue')}
          >
            <Group gap="md" mt={6}>
              <Radio value="person" label={t('crm.import.assignPerson')} data-testid="import-assign-person" />
              <Radio value="queue" label={t('crm.import.assignQueue')} data-testid="import-assign-queue" />
            </Group>
          </Radio.Group>
          {assignMode === 'person' ? (
            <PersonPicker
              label={t('crm.common.responsible')}
              value={person}
              onChange={(v) => setPerson((cur) => v ?? cur)}
              required
              testId="import-person"
            />
          ) : (
            <Select
              label={t('crm.common.queue')}
              data={(queues.data ?? []).map((q) => ({ value: q.queueId, label: q.name }))}
              value={queueId}
              onChange={setQueueId}
              allowDeselect={false}
              data-testid="import-queue"
            />
          )}
          {start.error ? <ErrorNote error={start.error} /> : null}
          <Group justify="space-between">
            <Button variant="default" onClick={() => setStep(1)}>
              {t('crm.common.back')}
            </Button>
            <Button
              onClick={() => start.mutate()}
              loading={start.isPending}
              disabled={assignMode === 'queue' ? !queueId : !person}
              data-testid="import-start"
            >
              {t('crm.import.start')}
            </Button>
          </Group>
        </Stack>
      ) : null}
      {step === 3 && j ? (
        <Stack gap="sm" data-testid="import-progress" data-status={j.status}>
          <Group justify="space-between">
            <Badge
              variant="light"
              color={j.status === 'done' ? 'green' : j.status === 'failed' ? 'red' : 'blue'}
              data-testid="import-status"
            >
              {t(`crm.import.statuses.${j.status}`)}
            </Badge>
            <Text size="sm">{t('crm.import.rows', { n: j.rowsDone })}</Text>
          </Group>
          <Progress
            value={j.size ? Math.min(100, (j.bytesDone / j.size) * 100) : 0}
            animated={!finished}
            size="lg"
            data-testid="import-progress-bar"
            aria-label={t('crm.import.running')}
          />
          {finished ? (
            <Report job={j} />
          ) : (
            <>
              <Text size="sm" c="dimmed">
                {t('crm.import.counts', {
                  created: j.created,
                  updated: j.updated,
                  skipped: j.skipped,
                  failed: j.failed,
                })}
              </Text>
              <Group justify="flex-end">
                <Button
                  variant="subtle"
                  color="red"
                  onClick={() => cancel.mutate()}
                  loading={cancel.isPending}
                  data-testid="import-cancel"
                >
                  {t('crm.import.cancel')}
                </Button>
              </Group>
            </>
          )}
          {finished ? (
            <Group justify="flex-end">
              <Button variant="default" onClick={reset} data-testid="import-again">
                {t('crm.import.again')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      ) : null}
    </Card>
  );
}

function History() {
  const { t } = useTranslation();
  const list = useCursorList<JobView>(
    apiPaths.crmIntake.listImports(),
    {},
    (api, query, signal) => api.crmIntake.listImports({ query, signal }),
    { limit: 20 },
  );
  const items = rows(list.data).filter((j) => j.kind === 'import');
  if (!items.length) return null;
  return (
    <Card withBorder radius="md" data-testid="import-history">
      <Title order={3} size="h5" mb="sm">
        {t('crm.import.history')}
      </Title>
      <div className="crm-table-wrap">
        <Table verticalSpacing={2} fz="sm">
          <Table.Tbody>
            {items.map((j) => (
              <Table.Tr key={j.jobId}>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{j.fileName}</Table.Td>
                <Table.Td>{t(typeLabelKey(j.type))}</Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light">
                    {t(`crm.import.statuses.${j.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {t('crm.import.counts', {
                    created: j.created,
                    updated: j.updated,
                    skipped: j.skipped,
                    failed: j.failed,
                  })}
                </Table.Td>
                <Table.Td>{formatDateTime(j.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </Card>
  );
}

function Export() {
  const { t } = useTranslation();
  const api = useApi();
  const [type, setType] = useState<ImportType>('contact');
  const [scope, setScope] = useState('mine');
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId, 'exports');
  const start = useMutation({
    mutationFn: () => api.crmIntake.createExport({ body: { type, scope } }),
    onSuccess: (j) => setJobId(j.jobId),
  });
  const j = job.data;
  return (
    <Card withBorder radius="md" data-testid="export-card">
      <Title order={3} size="h5" mb="sm">
        {t('crm.import.exportCsv')}
      </Title>
      <Group gap="xs" wrap="wrap" align="flex-end">
        <Select
          aria-label={t('crm.import.type')}
          data={IMPORT_TYPES.map((x) => ({ value: x, label: t(typeLabelKey(x)) }))}
          value={type}
          onChange={(v) => v && setType(v as ImportType)}
          allowDeselect={false}
          w={{ base: '100%', xs: 180 }}
          data-testid="export-type"
        />
        <ScopePicker value={scope} onChange={setScope} testId="export-scope" />
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          onClick={() => start.mutate()}
          loading={start.isPending || (!!j && ACTIVE.has(j.status))}
          data-testid="export-start"
        >
          {t('crm.import.exportCsv')}
        </Button>
      </Group>
      {j && ACTIVE.has(j.status) ? (
        <Text size="sm" c="dimmed" mt="xs">
          {t('crm.import.exporting')} {t('crm.import.rows', { n: j.rowsDone })}
        </Text>
      ) : null}
      {j?.status === 'done' && j.url ? (
        <Alert color="green" mt="xs" data-testid="export-ready">
          {t('crm.import.exportReady')}{' '}
          <Anchor href={j.url} data-testid="export-download">
            {t('crm.import.download')}
          </Anchor>
        </Alert>
      ) : null}
      {j?.status === 'failed' ? (
        <Alert color="red" mt="xs">
          {j.message ?? t('errors.generic')}
        </Alert>
      ) : null}
      {start.error ? <ErrorNote error={start.error} /> : null}
    </Card>
  );
}

export function ImportPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('crm.import.title'));
  return (
    <Stack gap="md" data-testid="crm-import">
      <PageHeader title={t('crm.import.title')} />
      <Wizard />
      <History />
      <Export />
    </Stack>
  );
}
