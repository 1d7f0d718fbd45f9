/**
 * /crm/settings (admins): company details printed on documents, currencies and document options
 * (PATCH /crm/settings with version), pipelines and their stages (POST / PATCH /crm/pipelines — a stage that
 * still holds deals cannot be removed: 409 STAGE_NOT_EMPTY), sales queues (round-robin members in order,
 * skip offline, fallback person) and web forms (fields, consent, queue, language; the iframe snippet with its
 * key is shown once, with a copy button and a live preview; "New key" makes old snippets stop working).
 */
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconCopy, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PipelineView, SettingsView, StageKind } from '../../../shared/crm/contract';
import { STAGE_KINDS } from '../../../shared/crm/contract';
import { CURRENCY_CODES } from '../../../shared/crm/currencies';
import type {
  FieldMode,
  FormCreated,
  FormFields,
  FormKeyAnswer,
  FormView,
  QueueView,
} from '../../../shared/crm/intake-contract';
import { FIELD_MODES, FORM_FIELDS } from '../../../shared/crm/intake-contract';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { NotFoundPage } from '../pages/NotFoundPage';
import { useApi } from '../services';
import { apiPaths, type ApiBody } from '../../../shared/api/client';
import { PeoplePicker, PersonPicker } from '../tasks/people';
import { ck, conflictCurrent } from './api-base';
import { usePipelines, useQueues, useSettings } from './api';
import { ErrorNote, fieldErrors, lang, PageHeader, useMe } from './common';
import { errAt } from './forms';
import { parsePercent, percentText } from './moneyInput';

function useSettingsSave() {
  const api = useApi();
  const qc = useQueryClient();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.crm.patchSettings({ body: body as ApiBody<'crm', 'patchSettings'> }),
    onSuccess: (view) => {
      qc.setQueryData(ck.one(apiPaths.crm.getSettings()), view);
      notifications.show({ message: t('crm.common.saved'), autoClose: 2000 });
    },
    onError: (e) => {
      const cur = conflictCurrent<SettingsView>(e);
      if (cur) {
        qc.setQueryData(ck.one(apiPaths.crm.getSettings()), cur);
        notifications.show({ color: 'yellow', message: t('crm.common.conflict') });
      }
    },
  });
}

function CompanyTab({ s }: { s: SettingsView }) {
  const { t } = useTranslation();
  const save = useSettingsSave();
  const seller = s.seller;
  const [d, setD] = useState<Record<string, string>>({
    legalName: seller.legalName ?? '',
    vatId: seller.vatId ?? '',
    regNo: seller.regNo ?? '',
    iban: seller.iban ?? '',
    bank: seller.bank ?? '',
    email: seller.email ?? '',
    phone: seller.phone ?? '',
    street: seller.address?.street ?? '',
    city: seller.address?.city ?? '',
    region: seller.address?.region ?? '',
    postalCode: seller.address?.postalCode ?? '',
    country: seller.address?.country ?? '',
  });
  const errors = fieldErrors(save.error);
  const opt = (k: string) => d[k]?.trim() || undefined;
  const input = (k: string, label: string, extra: Record<string, unknown> = {}) => (
    <TextInput
      label={label}
      value={d[k] ?? ''}
      onChange={(e) => setD({ ...d, [k]: e.currentTarget.value })}
      error={errAt(errors, `seller.${k}`, `seller.address.${k}`)}
      data-testid={`seller-${k}`}
      {...extra}
    />
  );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          version: s.version,
          seller: {
            legalName: opt('legalName'),
            vatId: opt('vatId'),
            regNo: opt('regNo'),
            iban: opt('iban'),
            bank: opt('bank'),
            email: opt('email'),
            phone: opt('phone'),
            address: {
              street: opt('street'),
              city: opt('city'),
              region: opt('region'),
              postalCode: opt('postalCode'),
              country: opt('country')?.toUpperCase(),
            },
          },
        });
      }}
      data-testid="settings-company"
    >
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {input('legalName', t('crm.settings.legalName'), { description: t('crm.settings.legalNameHint') })}
          {input('vatId', t('crm.settings.vatId'))}
          {input('regNo', t('crm.settings.regNo'))}
          {input('iban', t('crm.settings.iban'))}
          {input('bank', t('crm.settings.bank'))}
          {input('email', t('crm.settings.email'), { type: 'email' })}
          {input('phone', t('crm.settings.phone'))}
        </SimpleGrid>
        <Text size="sm" fw={500}>
          {t('crm.settings.address')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {input('street', t('crm.common.street'))}
          {input('city', t('crm.common.city'))}
          {input('region', t('crm.common.region'))}
          {input('postalCode', t('crm.common.postalCode'))}
          {input('country', t('crm.common.country'), { maxLength: 2, placeholder: 'RO' })}
        </SimpleGrid>
        {save.error && !conflictCurrent(save.error) ? <ErrorNote error={save.error} /> : null}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} data-testid="settings-company-save">
            {t('crm.common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function OptionsTab({ s }: { s: SettingsView }) {
  const { t } = useTranslation();
  const save = useSettingsSave();
  const [currencies, setCurrencies] = useState(s.currencies);
  const [base, setBase] = useState(s.baseCurrency);
  const [tax, setTax] = useState(percentText(s.defaultTaxRateBp, lang()));
  const [term, setTerm] = useState<number | string>(s.paymentTermDays);
  const [invoicePrefix, setInvoicePrefix] = useState(s.invoicePrefix);
  const [quotePrefix, setQuotePrefix] = useState(s.quotePrefix);
  const [docLang, setDocLang] = useState(s.documentLanguage);
  const [phoneCountry, setPhoneCountry] = useState(s.defaultPhoneCountry);
  const [visibility, setVisibility] = useState(s.departmentVisibility);
  const taxBp = parsePercent(tax, lang());
  const errors = fieldErrors(save.error);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (taxBp === null) return;
        save.mutate({
          version: s.version,
          currencies,
          baseCurrency: base,
          defaultTaxRateBp: taxBp,
          ...(typeof term === 'number' ? { paymentTermDays: term } : {}),
          invoicePrefix,
          quotePrefix,
          documentLanguage: docLang,
          defaultPhoneCountry: phoneCountry.toUpperCase(),
          departmentVisibility: visibility,
        });
      }}
      data-testid="settings-options"
    >
      <Stack gap="sm">
        <MultiSelect
          label={t('crm.settings.currencies')}
          data={[...CURRENCY_CODES]}
          value={currencies}
          onChange={setCurrencies}
          searchable
          maxValues={30}
          error={errAt(errors, 'currencies')}
          data-testid="settings-currencies"
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('crm.settings.baseCurrency')}
            data={currencies}
            value={base}
            onChange={(v) => v && setBase(v)}
            allowDeselect={false}
            error={errAt(errors, 'baseCurrency')}
            data-testid="settings-base"
          />
          <TextInput
            label={t('crm.settings.defaultTax')}
            value={tax}
            inputMode="decimal"
            onChange={(e) => setTax(e.currentTarget.value)}
            error={taxBp === null ? t('crm.lines.taxInvalid') : errAt(errors, 'defaultTaxRateBp')}
            data-testid="settings-tax"
          />
          <NumberInput
            label={t('crm.settings.paymentTerm')}
            min={0}
            max={365}
            allowDecimal={false}
            value={term}
            onChange={setTerm}
            error={errAt(errors, 'paymentTermDays')}
            data-testid="settings-term"
          />
          <Select
            label={t('crm.settings.documentLanguage')}
            data={[
              { value: 'en', label: 'English' },
              { value: 'ro', label: 'Română' },
            ]}
            value={docLang}
            onChange={(v) => v && setDocLang(v as 'en' | 'ro')}
            allowDeselect={false}
            data-testid="settings-doclang"
          />
          <TextInput
            label={t('crm.settings.invoicePrefix')}
            value={invoicePrefix}
            onChange={(e) => setInvoicePrefix(e.currentTarget.value.toUpperCase())}
            error={errAt(errors, 'invoicePrefix')}
            data-testid="settings-invoice-prefix"
          />
          <TextInput
            label={t('crm.settings.quotePrefix')}
            value={quotePrefix}
            onChange={(e) => setQuotePrefix(e.currentTarget.value.toUpperCase())}
            error={errAt(errors, 'quotePrefix')}
            data-testid="settings-quote-prefix"
          />
          <TextInput
            label={t('crm.settings.phoneCountry')}
            value={phoneCountry}
            maxLength={2}
            onChange={(e) => setPhoneCountry(e.currentTarget.value)}
            error={errAt(errors, 'defaultPhoneCountry')}
            data-testid="settings-phone-country"
          />
        </SimpleGrid>
        <Switch
          label={t('crm.settings.departmentVisibility')}
          checked={visibility}
          onChange={(e) => setVisibility(e.currentTarget.checked)}
          data-testid="settings-visibility"
        />
        {save.error && !conflictCurrent(save.error) ? <ErrorNote error={save.error} /> : null}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} data-testid="settings-options-save">
            {t('crm.common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface StageDraft {
  stageId?: string;
  name: string;
  kind: StageKind;
  probability?: number;
  color?: string;
}

function PipelineEditor({ pipeline, onDone }: { pipeline: PipelineView | null; onDone: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const [name, setName] = useState(pipeline?.name ?? '');
  const [stages, setStages] = useState<StageDraft[]>(
    pipeline?.stages.map((s) => ({
      stageId: s.stageId,
      name: s.name,
      kind: s.kind,
      probability: s.probability,
      color: s.color || undefined,
    })) ?? [
      { name: '', kind: 'open' },
      { name: '', kind: 'won' },
      { name: '', kind: 'lost' },
    ],
  );
  const save = useMutation({
    mutationFn: () => {
      const body = { name, stages: stages.map((s) => ({ ...s, name: s.name.trim() })) };
      return pipeline
        ? api.crm.patchPipeline({
            params: { pipelineId: pipeline.pipelineId },
            body: { version: pipeline.version, ...body },
          })
        : api.crm.createPipeline({ body });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ck.one(apiPaths.crm.listPipelines()) });
      void qc.invalidateQueries({ queryKey: ['crm', 'board'] });
      onDone();
    },
  });
  const notEmpty = save.error && (save.error as { code?: string }).code === 'STAGE_NOT_EMPTY';
  const move = (i: number, by: number) =>
    setStages((ss) => {
      const next = [...ss];
      const [s] = next.splice(i, 1);
      if (s) next.splice(i + by, 0, s);
      return next;
    });
  return (
    <Stack gap="sm" data-testid="pipeline-editor">
      <TextInput
        label={t('crm.settings.pipelineName')}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        required
        data-testid="pipeline-name"
      />
      <Stack gap={6}>
        {stages.map((s, i) => (
          <Group key={s.stageId ?? `new-${i}`} gap={6} wrap="nowrap" data-testid="pipeline-stage">
            <TextInput
              aria-label={t('crm.settings.stage')}
              placeholder={t('crm.settings.stage')}
              value={s.name}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setStages((ss) => ss.map((x, j) => (j === i ? { ...x, name: v } : x)));
              }}
              style={{ flex: 1, minWidth: 0 }}
              data-testid="stage-name"
            />
            <Select
              aria-label={t('crm.settings.stageKind')}
              data={STAGE_KINDS.map((k) => ({ value: k, label: t(`crm.settings.kinds.${k}`) }))}
              value={s.kind}
              onChange={(v) => v && setStages((ss) => ss.map((x, j) => (j === i ? { ...x, kind: v as StageKind } : x)))}
              allowDeselect={false}
              w={100}
              data-testid="stage-kind"
            />
            <ActionIcon
              variant="subtle"
              aria-label={t('crm.settings.moveUp')}
              disabled={i === 0}
              onClick={() => move(i, -1)}
            >
              <IconArrowUp size={16} />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              aria-label={t('crm.settings.moveDown')}
              disabled={i === stages.length - 1}
              onClick={() => move(i, 1)}
            >
              <IconArrowDown size={16} />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('crm.common.remove')}
              onClick={() => setStages((ss) => ss.filter((_, j) => j !== i))}
              data-testid="stage-remove"
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
      </Stack>
      <Group>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() =>
            setStages((ss) => [
              ...ss.filter((x) => x.kind === 'open'),
              { name: '', kind: 'open' },
              ...ss.filter((x) => x.kind !== 'open'),
            ])
          }
          data-testid="stage-add"
        >
          {t('crm.settings.addStage')}
        </Button>
      </Group>
      {notEmpty ? (
        <Alert color="red">{t('crm.settings.stageNotEmpty')}</Alert>
      ) : save.error ? (
        <ErrorNote error={save.error} />
      ) : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('crm.common.cancel')}
        </Button>
        <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="pipeline-save">
          {t('crm.common.save')}
        </Button>
      </Group>
    </Stack>
  );
}

function PipelinesTab() {
  const { t } = useTranslation();
  const pipelines = usePipelines();
  const [editing, setEditing] = useState<PipelineView | 'new' | null>(null);
  return (
    <Stack gap="sm" data-testid="settings-pipelines">
      {(pipelines.data ?? []).map((p) => (
        <Card key={p.pipelineId} withBorder p="sm" data-testid="pipeline-row" data-id={p.pipelineId}>
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Text fw={600}>{p.name}</Text>
            <Button size="compact-sm" variant="subtle" onClick={() => setEditing(p)} data-testid="pipeline-edit">
              {t('crm.common.edit')}
            </Button>
          </Group>
          <Group gap={4} mt={6} wrap="wrap">
            {p.stages.map((s) => (
              <Badge
                key={s.stageId}
                variant="light"
                color={s.kind === 'won' ? 'green' : s.kind === 'lost' ? 'red' : 'blue'}
              >
                {s.name}
              </Badge>
            ))}
          </Group>
        </Card>
      ))}
      <Group>
        <Button
          variant="default"
          leftSection={<IconPlus size={16} />}
          onClick={() => setEditing('new')}
          data-testid="pipeline-new"
        >
          {t('crm.settings.newPipeline')}
        </Button>
      </Group>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('crm.settings.newPipeline') : t('crm.common.edit')}
        size="lg"
      >
        {editing !== null ? (
          <PipelineEditor pipeline={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        ) : null}
      </Modal>
    </Stack>
  );
}

function QueueForm({ queue, onDone }: { queue: QueueView | null; onDone: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const me = useMe();
  const [name, setName] = useState(queue?.name ?? '');
  const [members, setMembers] = useState<string[]>(queue?.memberIds ?? []);
  const [skipOffline, setSkipOffline] = useState(queue?.skipOffline ?? true);
  const [fallback, setFallback] = useState<string | null>(queue?.fallbackUserId ?? me.sub);
  const save = useMutation({
    mutationFn: () => {
      const body = { name, memberIds: members, skipOffline, fallbackUserId: fallback ?? '' };
      return queue
        ? api.crmIntake.updateQueue({
            params: { queueId: queue.queueId },
            body: { version: queue.version, ...body },
          })
        : api.crmIntake.createQueue({ body });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ck.one(apiPaths.crmIntake.listQueues()) });
      onDone();
    },
  });
  const errors = fieldErrors(save.error);
  return (
    <Stack gap="sm" data-testid="queue-form">
      <TextInput
        label={t('crm.settings.queueName')}
        required
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={errAt(errors, 'name')}
        data-testid="queue-name"
      />
      <PeoplePicker
        label={t('crm.settings.members')}
        value={members}
        onChange={setMembers}
        max={50}
        error={errAt(errors, 'memberIds')}
        testId="queue-members"
      />
      <Switch
        label={t('crm.settings.skipOffline')}
        checked={skipOffline}
        onChange={(e) => setSkipOffline(e.currentTarget.checked)}
        data-testid="queue-skip-offline"
      />
      <PersonPicker
        label={t('crm.settings.fallback')}
        value={fallback}
        onChange={(v) => setFallback((cur) => v ?? cur)}
        required
        error={errAt(errors, 'fallbackUserId')}
        testId="queue-fallback"
      />
      {save.error ? <ErrorNote error={save.error} /> : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('crm.common.cancel')}
        </Button>
        <Button
          onClick={() => save.mutate()}
          disabled={!name.trim() || !fallback}
          loading={save.isPending}
          data-testid="queue-save"
        >
          {t('crm.common.save')}
        </Button>
      </Group>
    </Stack>
  );
}

function QueuesTab() {
  const { t } = useTranslation();
  const queues = useQueues();
  const [editing, setEditing] = useState<QueueView | 'new' | null>(null);
  return (
    <Stack gap="sm" data-testid="settings-queues">
      {(queues.data ?? []).map((q) => (
        <Card key={q.queueId} withBorder p="sm" data-testid="queue-row" data-id={q.queueId}>
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Text fw={600}>{q.name}</Text>
            <Button size="compact-sm" variant="subtle" onClick={() => setEditing(q)} data-testid="queue-edit">
              {t('crm.common.edit')}
            </Button>
          </Group>
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {q.members.map((m) => m.name + (m.status === 'deactivated' ? ' ✕' : '')).join(' → ') || '—'}
          </Text>
        </Card>
      ))}
      <Group>
        <Button
          variant="default"
          leftSection={<IconPlus size={16} />}
          onClick={() => setEditing('new')}
          data-testid="queue-new"
        >
          {t('crm.settings.newQueue')}
        </Button>
      </Group>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('crm.settings.newQueue') : t('crm.common.edit')}
        size="lg"
      >
        {editing !== null ? (
          <QueueForm queue={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        ) : null}
      </Modal>
    </Stack>
  );
}

function Snippet({ k }: { k: FormKeyAnswer }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" data-testid="form-snippet">
      <Alert color="yellow">{t('crm.settings.snippetOnce')}</Alert>
      <Text size="sm" fw={500}>
        {t('crm.settings.snippet')}
      </Text>
      <Code block className="crm-snippet" data-testid="form-snippet-code">
        {k.snippet}
      </Code>
      <Group gap="xs">
        <CopyButton value={k.snippet}>
          {({ copied, copy }) => (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconCopy size={14} />}
              onClick={copy}
              data-testid="form-snippet-copy"
            >
              {copied ? t('crm.common.copied') : t('crm.common.copy')}
            </Button>
          )}
        </CopyButton>
        <Button
          size="xs"
          variant="subtle"
          component="a"
          href={k.url}
          target="_blank"
          rel="noopener"
          data-testid="form-url"
        >
          {t('crm.common.open')}
        </Button>
      </Group>
      <Text size="sm" fw={500}>
        {t('crm.settings.preview')}
      </Text>
      <iframe
        src={k.url}
        title={t('crm.settings.preview')}
        style={{
          width: '100%',
          border: '1px solid var(--mantine-color-default-border)',
          borderRadius: 8,
          minHeight: 480,
        }}
        data-testid="form-preview"
      />
    </Stack>
  );
}

function FormEditor({ form, onDone }: { form: FormView | null; onDone: (key?: FormKeyAnswer) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const queues = useQueues();
  const [name, setName] = useState(form?.name ?? '');
  const [fields, setFields] = useState<FormFields>(
    form?.fields ?? {
      name: 'required',
      email: 'required',
      phone: 'optional',
      company: 'optional',
      message: 'optional',
    },
  );
  const [consentText, setConsentText] = useState(form?.consentText ?? '');
  const [consentRequired, setConsentRequired] = useState(form?.consentRequired ?? true);
  const [queueId, setQueueId] = useState<string | null>(form?.queueId ?? queues.data?.[0]?.queueId ?? null);
  const [language, setLanguage] = useState(form?.language ?? lang());
  const [successMessage, setSuccessMessage] = useState(form?.successMessage ?? '');
  const [active, setActive] = useState(form?.active ?? true);
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name,
        fields,
        consentText,
        consentRequired,
        queueId: queueId ?? '',
        language,
        successMessage,
        active,
      };
      return form
        ? api.crmIntake.updateForm({
            params: { formId: form.formId },
            body: { version: form.version, ...body },
          })
        : api.crmIntake.createForm({ body });
    },
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['crm', 'forms'] });
      onDone(form ? undefined : (r as FormCreated).key);
    },
  });
  const errors = fieldErrors(save.error);
  const fieldLabel = (f: string) => t(`crm.settings.formFieldNames.${f as 'name'}`);
  return (
    <Stack gap="sm" data-testid="form-editor">
      <TextInput
        label={t('crm.settings.formName')}
        required
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={errAt(errors, 'name')}
        data-testid="form-name"
      />
      <Text size="sm" fw={500}>
        {t('crm.settings.formFields')}
      </Text>
      <Stack gap={6}>
        {FORM_FIELDS.map((f) => (
          <Group key={f} justify="space-between" wrap="wrap" gap="xs">
            <Text size="sm">{fieldLabel(f)}</Text>
            <SegmentedControl
              size="xs"
              data={FIELD_MODES.map((m) => ({ value: m, label: t(`crm.settings.fieldStates.${m}`) }))}
              value={fields[f]}
              onChange={(v) => setFields({ ...fields, [f]: v as FieldMode })}
              data-testid={`form-field-${f}`}
            />
          </Group>
        ))}
      </Stack>
      {errAt(errors, 'fields') ? (
        <Text size="sm" c="red">
          {errAt(errors, 'fields')}
        </Text>
      ) : null}
      <Textarea
        label={t('crm.settings.consentText')}
        autosize
        minRows={2}
        value={consentText}
        onChange={(e) => setConsentText(e.currentTarget.value)}
        error={errAt(errors, 'consentText')}
        data-testid="form-consent-text"
      />
      <Switch
        label={t('crm.settings.consentRequired')}
        checked={consentRequired}
        onChange={(e) => setConsentRequired(e.currentTarget.checked)}
        data-testid="form-consent-required"
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('crm.common.queue')}
          required
          data={(queues.data ?? []).map((q) => ({ value: q.queueId, label: q.name }))}
          value={queueId}
          onChange={setQueueId}
          allowDeselect={false}
          error={errAt(errors, 'queueId')}
          data-testid="form-queue"
        />
        <Select
          label={t('crm.settings.formLanguage')}
          data={[
            { value: 'en', label: 'English' },
            { value: 'ro', label: 'Română' },
          ]}
          value={language}
          onChange={(v) => v && setLanguage(v as 'en' | 'ro')}
          allowDeselect={false}
          data-testid="form-language"
        />
      </SimpleGrid>
      <TextInput
        label={t('crm.settings.successMessage')}
        value={successMessage}
        onChange={(e) => setSuccessMessage(e.currentTarget.value)}
        data-testid="form-success"
      />
      <Switch
        label={t('crm.settings.active')}
        checked={active}
        onChange={(e) => setActive(e.currentTarget.checked)}
        data-testid="form-active"
      />
      {save.error ? <ErrorNote error={save.error} /> : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={() => onDone()}>
          {t('crm.common.cancel')}
        </Button>
        <Button
          onClick={() => save.mutate()}
          disabled={!name.trim() || !queueId}
          loading={save.isPending}
          data-testid="form-save"
        >
          {t('crm.common.save')}
        </Button>
      </Group>
    </Stack>
  );
}

function FormsTab() {
  const { t } = useTranslation();
  const api = useApi();
  const forms = useQuery({
    queryKey: ['crm', 'forms'],
    queryFn: ({ signal }) => api.crmIntake.listForms({ query: { limit: 100 }, signal }).then((r) => r.items),
  });
  const [editing, setEditing] = useState<FormView | 'new' | null>(null);
  const [shown, setShown] = useState<FormKeyAnswer | null>(null);
  const rotate = useMutation({
    mutationFn: (f: FormView) => api.crmIntake.rotateFormKey({ params: { formId: f.formId } }),
    onSuccess: setShown,
  });
  return (
    <Stack gap="sm" data-testid="settings-forms">
      {shown ? <Snippet k={shown} /> : null}
      <div className="crm-table-wrap">
        <Table verticalSpacing="xs">
          <Table.Tbody>
            {(forms.data ?? []).map((f) => (
              <Table.Tr key={f.formId} data-testid="form-row" data-id={f.formId}>
                <Table.Td>
                  <Text fw={500}>{f.name}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={f.active ? 'green' : 'gray'}>
                    {f.active ? t('crm.settings.active') : '—'}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Button size="compact-xs" variant="subtle" onClick={() => setEditing(f)} data-testid="form-edit">
                      {t('crm.common.edit')}
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() => rotate.mutate(f)}
                      loading={rotate.isPending && rotate.variables?.formId === f.formId}
                      data-testid="form-new-key"
                    >
                      {t('crm.settings.newKey')}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      {rotate.error ? <ErrorNote error={rotate.error} /> : null}
      <Group>
        <Button
          variant="default"
          leftSection={<IconPlus size={16} />}
          onClick={() => setEditing('new')}
          data-testid="form-new"
        >
          {t('crm.settings.newForm')}
        </Button>
      </Group>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('crm.settings.newForm') : t('crm.common.edit')}
        size="lg"
      >
        {editing !== null ? (
          <FormEditor
            form={editing === 'new' ? null : editing}
            onDone={(k) => {
              setEditing(null);
              if (k) setShown(k);
            }}
          />
        ) : null}
      </Modal>
    </Stack>
  );
}

export function SettingsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('crm.settings.title'));
  const me = useMe();
  const settings = useSettings();
  const [tab, setTab] = useState<string | null>('company');
  if (!me.isAdmin) return <NotFoundPage />;
  return (
    <Stack gap="sm" data-testid="crm-settings">
      <PageHeader title={t('crm.settings.title')} />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List style={{ flexWrap: 'nowrap', overflowX: 'auto' }}>
          {(['company', 'currencies', 'pipelines', 'queues', 'forms'] as const).map((k) => (
            <Tabs.Tab key={k} value={k} data-testid={`settings-tab-${k}`} style={{ flexShrink: 0 }}>
              {t(`crm.settings.tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Card withBorder radius="md" mt="sm">
          {settings.isPending ? (
            <Skeleton h={200} />
          ) : !settings.data ? (
            <Alert color="red">{t('crm.errors.load')}</Alert>
          ) : (
            <>
              <Tabs.Panel value="company">
                <CompanyTab key={settings.data.version} s={settings.data} />
              </Tabs.Panel>
              <Tabs.Panel value="currencies">
                <OptionsTab key={settings.data.version} s={settings.data} />
              </Tabs.Panel>
              <Tabs.Panel value="pipelines">
                <PipelinesTab />
              </Tabs.Panel>
              <Tabs.Panel value="queues">
                <QueuesTab />
              </Tabs.Panel>
              <Tabs.Panel value="forms">
                <Title order={3} size="h5" mb="sm">
                  {t('crm.settings.tabs.forms')}
                </Title>
                <FormsTab />
              </Tabs.Panel>
            </>
          )}
        </Card>
      </Tabs>
    </Stack>
  );
}
