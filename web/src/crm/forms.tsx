/**
 * Create dialogs of leads, contacts, companies and deals. Before a lead/contact/company is saved the server is
 * asked for duplicates (GET /crm/duplicates); when some exist the dialog lists them and asks "Save anyway?"
 * (nothing is refused for a duplicate). Responsible: me (default), another person, or the next free person of
 * a sales queue.
 */
import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { CoreType, DuplicateMatch, DuplicatesView } from '../../../shared/crm/contract';
import { MANUAL_LEAD_SOURCES } from '../../../shared/crm/contract';
import type { ApiQuery } from '../../../shared/api/client';
import { useApi } from '../services';
import { PersonPicker } from '../tasks/people';
import { invalidateLists, routeOf, usePipelines, useQueues, useSettings } from './api';
import { createRecord } from './record-calls';
import { ErrorNote, fieldErrors, MoneyInput, useStageLabel } from './common';
import { RecordPicker } from './pickers';

/** First API error whose path starts with one of the given prefixes. */
export function errAt(errors: Record<string, string>, ...prefixes: string[]): string | undefined {
  for (const [k, v] of Object.entries(errors)) if (prefixes.some((p) => k === p || k.startsWith(`${p}.`))) return v;
  return undefined;
}

export function DuplicateList({ items }: { items: DuplicateMatch[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} data-testid="dup-list">
      {items.map((d, i) =>
        d.visible && d.id ? (
          <Anchor
            key={d.id}
            component={Link}
            to={routeOf(d.type, d.id)}
            size="sm"
            data-testid="dup-item"
            data-id={d.id}
          >
            {d.name} · {t(`crm.types.${d.type}`)} · {d.responsibleName}
          </Anchor>
        ) : (
          <Text key={i} size="sm" c="dimmed" data-testid="dup-item-hidden">
            {t('crm.dup.hidden', { name: d.responsibleName })}
          </Text>
        ),
      )}
    </Stack>
  );
}

function ResponsibleFields({
  value,
  onChange,
  errors,
}: {
  value: { responsibleId: string | null; queueId: string | null };
  onChange: (v: { responsibleId: string | null; queueId: string | null }) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const queues = useQueues();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <PersonPicker
        label={t('crm.common.responsible')}
        value={value.responsibleId}
        onChange={(v) => onChange({ responsibleId: v, queueId: v ? null : value.queueId })}
        testId="crm-form-responsible"
        error={errAt(errors, 'responsibleId')}
      />
      <Select
        label={t('crm.common.assignFromQueue')}
        data={(queues.data ?? []).map((q) => ({ value: q.queueId, label: q.name }))}
        value={value.queueId}
        onChange={(v) => onChange({ queueId: v, responsibleId: v ? null : value.responsibleId })}
        clearable
        data-testid="crm-form-queue"
        error={errAt(errors, 'assignFromQueue')}
      />
    </SimpleGrid>
  );
}

type Draft = Record<string, string>;

export function CreateRecordModal({
  type,
  opened,
  onClose,
  initial,
}: {
  type: CoreType;
  opened: boolean;
  onClose: () => void;
  initial?: Draft;
}) {
  const { t } = useTranslation();
  const title = t(`crm.${type}.new` as 'crm.lead.new');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      size="lg"
      data-testid={`create-${type}-modal`}
      fullScreen={typeof window !== 'undefined' && window.innerWidth < 480}
    >
      {opened ? <CreateForm type={type} onDone={onClose} initial={initial ?? {}} /> : null}
    </Modal>
  );
}

function CreateForm({ type, onDone, initial }: { type: CoreType; onDone: () => void; initial: Draft }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const settings = useSettings();
  const pipelines = usePipelines();
  const [d, setD] = useState<Draft>(initial);
  const [emails, setEmails] = useState<string[]>([]);
  const [phones, setPhones] = useState<string[]>([]);
  const [who, setWho] = useState<{ responsibleId: string | null; queueId: string | null }>({
    responsibleId: null,
    queueId: null,
  });
  const [amount, setAmount] = useState<{ minor: number | null; valid: boolean }>({ minor: null, valid: true });
  const [dups, setDups] = useState<DuplicateMatch[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(error);
  const set = (k: string) => (e: { currentTarget: { value: string } }) => {
    const v = e.currentTarget.value;
    setD((x) => ({ ...x, [k]: v }));
  };
  const currency = d.currency ?? settings.data?.baseCurrency ?? 'RON';
  const pipelineId = d.pipelineId ?? pipelines.data?.[0]?.pipelineId ?? 'default';
  const pipeline = pipelines.data?.find((p) => p.pipelineId === pipelineId);
  const stageLabel = useStageLabel();
  const opt = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);

  const body = (): Record<string, unknown> => {
    const resp = { responsibleId: who.responsibleId ?? undefined, assignFromQueue: who.queueId ?? undefined };
    const contactish = { emails: emails.length ? emails : undefined, phones: phones.length ? phones : undefined };
    switch (type) {
      case 'lead':
        return {
          name: d.name ?? '',
          companyName: opt(d.companyName),
          source: d.source ?? 'manual',
          comments: opt(d.comments),
          ...contactish,
          ...resp,
        };
      case 'contact':
        return {
          firstName: opt(d.firstName),
          lastName: d.lastName ?? '',
          position: opt(d.position),
          comments: opt(d.comments),
          primaryCompanyId: d.companyId || undefined,
          ...contactish,
          ...resp,
        };
      case 'company':
        return {
          name: d.name ?? '',
          legalName: opt(d.legalName),
          vatId: opt(d.vatId),
          regNo: opt(d.regNo),
          website: opt(d.website),
          industry: opt(d.industry),
          comments: opt(d.comments),
          ...contactish,
          ...resp,
        };
      case 'deal':
        return {
          title: d.title ?? '',
          pipelineId,
          stageId: d.stageId || undefined,
          currency,
          amountMinor: amount.minor ?? undefined,
          probability: d.probability ? Number(d.probability) : undefined,
          closeDate: opt(d.closeDate),
          contactId: d.contactId || undefined,
          companyId: d.companyId || undefined,
          ...resp,
        };
    }
  };

  const checkDuplicates = async (): Promise<DuplicateMatch[]> => {
    if (type === 'deal') return [];
    const name = type === 'contact' ? [d.firstName, d.lastName].filter(Boolean).join(' ') : d.name;
    const queries: Record<string, string | undefined>[] = [];
    for (const e of emails) queries.push({ email: e });
    for (const p of phones) queries.push({ phone: p });
    if (name && (type === 'company' || d.companyName))
      queries.push({ name, company: type === 'lead' ? d.companyName : undefined });
    const found = await Promise.all(
      queries.map((q) =>
        api.crm
          .lookupDuplicates({
            query: { type: type === 'lead' ? undefined : type, ...q } as ApiQuery<'crm', 'lookupDuplicates'>,
          })
          .catch((): DuplicatesView => ({ items: [] })),
      ),
    );
    const seen = new Set<string>();
    const out: DuplicateMatch[] = [];
    for (const m of found.flatMap((f) => f.items)) {
      const k = m.id ?? `${m.type}:${m.responsibleId}:${m.name ?? ''}`;
      if (!seen.has(k)) {
        seen.add(k);
        out.push(m);
      }
    }
    return out;
  };

  const submit = async (force: boolean) => {
    setError(null);
    if (type === 'deal' && !amount.valid) return;
    setBusy(true);
    try {
      if (!force && type !== 'deal') {
        const found = await checkDuplicates();
        if (found.length) {
          setDups(found);
          setBusy(false);
          return;
        }
      }
      const created = await createRecord(api, type, body());
      invalidateLists(qc);
      onDone();
      void navigate(routeOf(type, created.record.id));
    } catch (e) {
      setError(e);
      setDups(null);
    } finally {
      setBusy(false);
    }
  };

  const contactFields = (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <TagsInput
        label={t('crm.common.emails')}
        value={emails}
        onChange={setEmails}
        splitChars={[',', ';', ' ']}
        acceptValueOnBlur
        maxTags={5}
        data-testid="crm-form-emails"
        error={errAt(errors, 'emails')}
      />
      <TagsInput
        label={t('crm.common.phones')}
        value={phones}
        onChange={setPhones}
        splitChars={[',', ';']}
        acceptValueOnBlur
        maxTags={5}
        data-testid="crm-form-phones"
        error={errAt(errors, 'phones')}
      />
    </SimpleGrid>
  );

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit(false);
      }}
      data-testid={`create-${type}-form`}
    >
      <Stack gap="sm">
        {type === 'lead' ? (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('crm.lead.name')}
                required
                value={d.name ?? ''}
                onChange={set('name')}
                data-testid="crm-form-name"
                error={errAt(errors, 'name')}
                data-autofocus
              />
              <TextInput
                label={t('crm.lead.companyName')}
                value={d.companyName ?? ''}
                onChange={set('companyName')}
                data-testid="crm-form-companyName"
                error={errAt(errors, 'companyName')}
              />
            </SimpleGrid>
            {contactFields}
            <Select
              label={t('crm.lead.source')}
              data={MANUAL_LEAD_SOURCES.map((s) => ({ value: s, label: t(`crm.lead.sources.${s}`) }))}
              value={d.source ?? 'manual'}
              onChange={(v) => setD((x) => ({ ...x, source: v ?? 'manual' }))}
              allowDeselect={false}
              data-testid="crm-form-source"
            />
          </>
        ) : null}
        {type === 'contact' ? (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('crm.contact.firstName')}
                value={d.firstName ?? ''}
                onChange={set('firstName')}
                data-testid="crm-form-firstName"
                error={errAt(errors, 'firstName')}
                data-autofocus
              />
              <TextInput
                label={t('crm.contact.lastName')}
                required
                value={d.lastName ?? ''}
                onChange={set('lastName')}
                data-testid="crm-form-lastName"
                error={errAt(errors, 'lastName')}
              />
            </SimpleGrid>
            {contactFields}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('crm.contact.position')}
                value={d.position ?? ''}
                onChange={set('position')}
                data-testid="crm-form-position"
              />
              <RecordPicker
                type="company"
                label={t('crm.common.company')}
                value={d.companyId ?? null}
                onChange={(id) => setD((x) => ({ ...x, companyId: id ?? '' }))}
                testId="crm-form-company"
              />
            </SimpleGrid>
          </>
        ) : null}
        {type === 'company' ? (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('crm.company.name')}
                required
                value={d.name ?? ''}
                onChange={set('name')}
                data-testid="crm-form-name"
                error={errAt(errors, 'name')}
                data-autofocus
              />
              <TextInput
                label={t('crm.company.legalName')}
                value={d.legalName ?? ''}
                onChange={set('legalName')}
                data-testid="crm-form-legalName"
              />
              <TextInput
                label={t('crm.company.vatId')}
                value={d.vatId ?? ''}
                onChange={set('vatId')}
                data-testid="crm-form-vatId"
                error={errAt(errors, 'vatId')}
              />
              <TextInput
                label={t('crm.company.regNo')}
                value={d.regNo ?? ''}
                onChange={set('regNo')}
                data-testid="crm-form-regNo"
              />
              <TextInput
                label={t('crm.company.website')}
                value={d.website ?? ''}
                onChange={set('website')}
                data-testid="crm-form-website"
                error={errAt(errors, 'website')}
                placeholder="https://"
              />
              <TextInput
                label={t('crm.company.industry')}
                value={d.industry ?? ''}
                onChange={set('industry')}
                data-testid="crm-form-industry"
              />
            </SimpleGrid>
            {contactFields}
          </>
        ) : null}
        {type === 'deal' ? (
          <>
            <TextInput
              label={t('crm.deal.title')}
              required
              value={d.title ?? ''}
              onChange={set('title')}
              data-testid="crm-form-title"
              error={errAt(errors, 'title')}
              data-autofocus
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {(pipelines.data?.length ?? 0) > 1 ? (
                <Select
                  label={t('crm.board.pipeline')}
                  data={(pipelines.data ?? []).map((p) => ({ value: p.pipelineId, label: p.name }))}
                  value={pipelineId}
                  onChange={(v) => setD((x) => ({ ...x, pipelineId: v ?? 'default', stageId: '' }))}
                  allowDeselect={false}
                  data-testid="crm-form-pipeline"
                />
              ) : null}
              <Select
                label={t('crm.deal.stage')}
                data={(pipeline?.stages ?? []).map((s) => ({ value: s.stageId, label: stageLabel(s) }))}
                value={d.stageId || pipeline?.stages.find((s) => s.kind === 'open')?.stageId || null}
                onChange={(v) => setD((x) => ({ ...x, stageId: v ?? '' }))}
                allowDeselect={false}
                data-testid="crm-form-stage"
                error={errAt(errors, 'stageId')}
              />
              <Select
                label={t('crm.common.currency')}
                data={settings.data?.currencies ?? [currency]}
                value={currency}
                onChange={(v) => setD((x) => ({ ...x, currency: v ?? currency }))}
                allowDeselect={false}
                data-testid="crm-form-currency"
                error={errAt(errors, 'currency')}
              />
              <MoneyInput
                key={currency}
                label={t('crm.deal.amount')}
                currency={currency}
                minor={amount.minor}
                onValue={(minor, valid) => setAmount({ minor, valid })}
                testId="crm-form-amount"
                error={errAt(errors, 'amountMinor')}
              />
              <NumberInput
                label={t('crm.deal.probability')}
                min={0}
                max={100}
                allowDecimal={false}
                value={d.probability ?? ''}
                onChange={(v) => setD((x) => ({ ...x, probability: String(v) }))}
                data-testid="crm-form-probability"
              />
              <TextInput
                type="date"
                label={t('crm.deal.closeDate')}
                value={d.closeDate ?? ''}
                onChange={set('closeDate')}
                data-testid="crm-form-closeDate"
                error={errAt(errors, 'closeDate')}
              />
              <RecordPicker
                type="contact"
                label={t('crm.deal.contact')}
                value={d.contactId || null}
                onChange={(id) => setD((x) => ({ ...x, contactId: id ?? '' }))}
                testId="crm-form-contact"
              />
              <RecordPicker
                type="company"
                label={t('crm.deal.company')}
                value={d.companyId || null}
                onChange={(id) => setD((x) => ({ ...x, companyId: id ?? '' }))}
                testId="crm-form-company"
              />
            </SimpleGrid>
          </>
        ) : null}
        {type !== 'deal' ? (
          <Textarea
            label={t('crm.common.comments')}
            autosize
            minRows={2}
            maxRows={6}
            value={d.comments ?? ''}
            onChange={set('comments')}
            data-testid="crm-form-comments"
          />
        ) : null}
        <ResponsibleFields value={who} onChange={setWho} errors={errors} />
        {error ? <ErrorNote error={error} /> : null}
        {dups?.length ? (
          <Alert color="yellow" data-testid="dup-before-save" title={t('crm.dup.beforeSave', { count: dups.length })}>
            <DuplicateList items={dups} />
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('crm.common.cancel')}
          </Button>
          {dups?.length ? (
            <Button color="yellow" onClick={() => void submit(true)} loading={busy} data-testid="crm-form-save-anyway">
              {t('crm.dup.saveAnyway')}
            </Button>
          ) : (
            <Button type="submit" loading={busy} data-testid="crm-form-submit">
              {t('crm.common.create')}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
