/**
 * /crm/leads/{id}: the lead — status actions (POST …/status: start, processed, back to new, junk with a reason),
 * Convert (POST …/convert: any combination of a contact, a company and a deal, each new or an existing record;
 * a repeat customer found when the lead was made is preselected), duplicates banner with merge / not a
 * duplicate, fields, responsible, timeline, and what it was converted to.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  Modal,
  Radio,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowsExchange, IconBan } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { LeadView } from '../../../shared/crm/contract';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useApi } from '../services';
import type { ApiBody } from '../../../shared/api/client';
import { activitiesPath } from './record-calls';
import { ck, conflictCurrent } from './api-base';
import { invalidateLists, recordPath, useRecord, useSettings } from './api';
import { ErrorNote, formatDateTime, MoneyInput, PageHeader } from './common';
import { RecordPicker } from './pickers';
import { DuplicatesBanner, ResponsibleControl, Timeline } from './RecordParts';
import { LEAD_COLOR } from './RecordListPage';
import { DeleteRecord, RecordEditForm } from './RecordPage';

type Part = 'new' | 'existing';

function ConvertDialog({ lead, path, onClose }: { lead: LeadView; path: string; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const settings = useSettings();
  const repeatContact = lead.repeatOf?.type === 'contact' ? lead.repeatOf : null;
  const repeatCompany = lead.repeatOf?.type === 'company' ? lead.repeatOf : null;
  const [withContact, setWithContact] = useState(true);
  const [withCompany, setWithCompany] = useState(!!lead.companyName || !!repeatCompany);
  const [withDeal, setWithDeal] = useState(true);
  const [contactMode, setContactMode] = useState<Part>(repeatContact ? 'existing' : 'new');
  const [companyMode, setCompanyMode] = useState<Part>(repeatCompany ? 'existing' : 'new');
  const [contactId, setContactId] = useState<string | null>(repeatContact?.id ?? null);
  const [companyId, setCompanyId] = useState<string | null>(repeatCompany?.id ?? null);
  const [title, setTitle] = useState(lead.companyName || lead.name);
  const [currency, setCurrency] = useState<string | null>(null);
  const cur = currency ?? settings.data?.baseCurrency ?? 'RON';
  const [amount, setAmount] = useState<{ minor: number | null; valid: boolean }>({ minor: null, valid: true });
  const convert = useMutation({
    mutationFn: () =>
      api.crm.convertLead({
        params: { leadId: lead.id },
        body: {
          version: lead.version,
          ...(withContact ? { contact: contactMode === 'existing' && contactId ? { contactId } : { new: {} } } : {}),
          ...(withCompany ? { company: companyMode === 'existing' && companyId ? { companyId } : { new: {} } } : {}),
          ...(withDeal
            ? {
                deal: {
                  title: title.trim() || undefined,
                  currency: cur,
                  ...(amount.minor !== null ? { amountMinor: amount.minor } : {}),
                },
              }
            : {}),
        },
      }),
    onSuccess: (r) => {
      qc.setQueryData(ck.one(path), r.lead);
      invalidateLists(qc);
      notifications.show({ color: 'green', message: t('crm.lead.converted') });
      onClose();
      if (r.dealId) void navigate(`/crm/deals/${r.dealId}`);
      else if (r.contactId) void navigate(`/crm/contacts/${r.contactId}`);
      else if (r.companyId) void navigate(`/crm/companies/${r.companyId}`);
    },
    onError: (e) => {
      const c = conflictCurrent<LeadView>(e);
      if (c) qc.setQueryData(ck.one(path), c);
    },
  });
  const nothing = !withContact && !withCompany && !withDeal;
  const part = (
    mode: Part,
    setMode: (m: Part) => void,
    testId: string,
    picker: React.ReactNode,
    repeatName: string | undefined,
  ) => (
    <Stack gap={6} pl="lg">
      <Radio.Group value={mode} onChange={(v) => setMode(v as Part)}>
        <Group gap="md">
          <Radio value="new" label={t('crm.lead.createNew')} data-testid={`${testId}-new`} />
          <Radio
            value="existing"
            label={repeatName ? t('crm.lead.useExisting', { name: repeatName }) : t('crm.lead.existingSearch')}
            data-testid={`${testId}-existing`}
          />
        </Group>
      </Radio.Group>
      {mode === 'existing' ? picker : null}
    </Stack>
  );
  return (
    <Stack data-testid="convert-dialog">
      <Text size="sm" c="dimmed">
        {t('crm.lead.convertHint')}
      </Text>
      <Checkbox
        label={t('crm.lead.convertContact')}
        checked={withContact}
        onChange={(e) => setWithContact(e.currentTarget.checked)}
        data-testid="convert-contact"
      />
      {withContact
        ? part(
            contactMode,
            setContactMode,
            'convert-contact',
            <RecordPicker
              type="contact"
              label={t('crm.common.contact')}
              value={contactId}
              valueLabel={repeatContact?.name}
              onChange={(id) => setContactId(id)}
              testId="convert-contact-pick"
            />,
            repeatContact?.name,
          )
        : null}
      <Checkbox
        label={t('crm.lead.convertCompany')}
        checked={withCompany}
        onChange={(e) => setWithCompany(e.currentTarget.checked)}
        data-testid="convert-company"
      />
      {withCompany
        ? part(
            companyMode,
            setCompanyMode,
            'convert-company',
            <RecordPicker
              type="company"
              label={t('crm.common.company')}
              value={companyId}
              valueLabel={repeatCompany?.name}
              onChange={(id) => setCompanyId(id)}
              testId="convert-company-pick"
            />,
            repeatCompany?.name,
          )
        : null}
      <Checkbox
        label={t('crm.lead.convertDeal')}
        checked={withDeal}
        onChange={(e) => setWithDeal(e.currentTarget.checked)}
        data-testid="convert-deal"
      />
      {withDeal ? (
        <SimpleGrid cols={{ base: 1, sm: 3 }} pl="lg">
          <TextInput
            label={t('crm.lead.dealTitle')}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            data-testid="convert-deal-title"
          />
          <Select
            label={t('crm.common.currency')}
            data={settings.data?.currencies ?? [cur]}
            value={cur}
            onChange={setCurrency}
            allowDeselect={false}
            data-testid="convert-deal-currency"
          />
          <MoneyInput
            key={cur}
            label={t('crm.lead.dealAmount')}
            currency={cur}
            minor={amount.minor}
            onValue={(minor, valid) => setAmount({ minor, valid })}
            testId="convert-deal-amount"
          />
        </SimpleGrid>
      ) : null}
      {nothing ? (
        <Text size="sm" c="red">
          {t('crm.lead.convertPickOne')}
        </Text>
      ) : null}
      {convert.error ? <ErrorNote error={convert.error} /> : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('crm.common.cancel')}
        </Button>
        <Button
          onClick={() => convert.mutate()}
          disabled={
            nothing ||
            !amount.valid ||
            (withContact && contactMode === 'existing' && !contactId) ||
            (withCompany && companyMode === 'existing' && !companyId)
          }
          loading={convert.isPending}
          data-testid="convert-confirm"
        >
          {t('crm.lead.convert')}
        </Button>
      </Group>
    </Stack>
  );
}

/** The statuses a person may set (conversion has its own route). */
type SettableStatus = ApiBody<'crm', 'leadStatus'>['status'];

function StatusActions({ lead, path }: { lead: LeadView; path: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const [junk, setJunk] = useState(false);
  const [reason, setReason] = useState('');
  const [converting, setConverting] = useState(false);
  const setStatus = useMutation({
    mutationFn: (v: { status: SettableStatus; junkReason?: string }) =>
      api.crm.leadStatus({ params: { leadId: lead.id }, body: { version: lead.version, ...v } }),
    onSuccess: (view) => {
      qc.setQueryData(ck.one(path), view);
      invalidateLists(qc);
      void qc.invalidateQueries({ queryKey: ck.lists(activitiesPath(lead.id)) });
      setJunk(false);
    },
    onError: (e) => {
      const c = conflictCurrent<LeadView>(e);
      if (c) {
        qc.setQueryData(ck.one(path), c);
        notifications.show({ color: 'yellow', message: t('crm.common.conflict') });
      }
    },
  });
  const s = lead.status;
  const open = s !== 'converted' && s !== 'junk';
  const action = (to: SettableStatus) => (
    <Button
      key={to}
      variant="default"
      onClick={() => setStatus.mutate({ status: to })}
      loading={setStatus.isPending && setStatus.variables?.status === to}
      data-testid={`lead-status-${to}`}
    >
      {t(`crm.lead.actions.${to as 'new'}`)}
    </Button>
  );
  return (
    <>
      {s === 'new' ? action('in_progress') : null}
      {s === 'in_progress' ? action('processed') : null}
      {s === 'junk' || s === 'processed' ? action('new') : null}
      {open ? (
        <Button
          variant="default"
          color="gray"
          leftSection={<IconBan size={16} />}
          onClick={() => {
            setReason('');
            setJunk(true);
          }}
          data-testid="lead-junk"
        >
          {t('crm.lead.actions.junk')}
        </Button>
      ) : null}
      {open ? (
        <Button
          leftSection={<IconArrowsExchange size={16} />}
          onClick={() => setConverting(true)}
          data-testid="lead-convert"
        >
          {t('crm.lead.convert')}
        </Button>
      ) : null}
      {setStatus.error && !conflictCurrent(setStatus.error) && !junk ? <ErrorNote error={setStatus.error} /> : null}
      <Modal opened={junk} onClose={() => setJunk(false)} title={t('crm.lead.junkTitle')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim()) setStatus.mutate({ status: 'junk', junkReason: reason.trim() });
          }}
        >
          <Stack>
            <Textarea
              label={t('crm.lead.junkReason')}
              required
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              autosize
              minRows={2}
              data-testid="lead-junk-reason"
              data-autofocus
            />
            {setStatus.error ? <ErrorNote error={setStatus.error} /> : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setJunk(false)}>
                {t('crm.common.cancel')}
              </Button>
              <Button
                type="submit"
                color="red"
                disabled={!reason.trim()}
                loading={setStatus.isPending}
                data-testid="lead-junk-confirm"
              >
                {t('crm.lead.actions.junk')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={converting} onClose={() => setConverting(false)} title={t('crm.lead.convertTitle')} size="lg">
        {converting ? <ConvertDialog lead={lead} path={path} onClose={() => setConverting(false)} /> : null}
      </Modal>
    </>
  );
}

export function LeadPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useRecord<LeadView>('lead', id);
  const lead = q.data;
  const path = recordPath('lead', id);
  useDocumentTitle(lead?.name ?? t('crm.nav.leads'));
  if (q.isPending) return <Skeleton h={300} />;
  if (!lead)
    return (
      <Alert color="yellow" data-testid="crm-not-found">
        {t('crm.common.notFound')}
      </Alert>
    );
  const conv = lead.convertedTo;
  return (
    <Stack gap="md" data-testid="lead-page" data-id={lead.id} data-status={lead.status}>
      <PageHeader
        title={
          <>
            {lead.name}{' '}
            <Badge
              variant="light"
              color={LEAD_COLOR[lead.status] ?? 'gray'}
              data-testid="lead-status"
              style={{ verticalAlign: 'middle' }}
            >
              {t(`crm.lead.statuses.${lead.status}`)}
            </Badge>
          </>
        }
        testId="record-title"
      >
        <StatusActions lead={lead} path={path} />
        <DeleteRecord record={lead} name={lead.name} after="/crm/leads" />
      </PageHeader>
      <Group gap="md" wrap="wrap">
        <Text size="sm" c="dimmed">
          {t('crm.lead.source')}: {t(`crm.lead.sources.${lead.source}`)}
        </Text>
        {lead.consent ? (
          <Text size="sm" c="dimmed">
            {t('crm.lead.consent', { at: formatDateTime(lead.consent.at) })}
          </Text>
        ) : null}
        {lead.status === 'junk' && lead.junkReason ? (
          <Text size="sm" c="dimmed" data-testid="lead-junk-text">
            {t('crm.lead.junkReason')}: {lead.junkReason}
          </Text>
        ) : null}
      </Group>
      {lead.repeatOf ? (
        <Alert color="blue" data-testid="lead-repeat">
          <Anchor
            component={Link}
            to={`/crm/${lead.repeatOf.type === 'contact' ? 'contacts' : 'companies'}/${lead.repeatOf.id}`}
          >
            {t('crm.lead.repeatCustomer', { name: lead.repeatOf.name })}
          </Anchor>
        </Alert>
      ) : null}
      {conv ? (
        <Card withBorder radius="md" data-testid="lead-converted">
          <Title order={3} size="h6" mb={4}>
            {t('crm.lead.convertedTo')}
          </Title>
          <Group gap="md">
            {conv.contactId ? (
              <Anchor component={Link} to={`/crm/contacts/${conv.contactId}`} data-testid="converted-contact">
                {t('crm.lead.convertContact')}
              </Anchor>
            ) : null}
            {conv.companyId ? (
              <Anchor component={Link} to={`/crm/companies/${conv.companyId}`} data-testid="converted-company">
                {t('crm.lead.convertCompany')}
              </Anchor>
            ) : null}
            {conv.dealId ? (
              <Anchor component={Link} to={`/crm/deals/${conv.dealId}`} data-testid="converted-deal">
                {t('crm.lead.convertDeal')}
              </Anchor>
            ) : null}
          </Group>
        </Card>
      ) : null}
      <DuplicatesBanner record={lead} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder radius="md">
            <Stack gap="sm">
              <ResponsibleControl record={lead} path={path} />
              <RecordEditForm key={lead.version} record={lead} path={path} />
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Timeline recordId={lead.id} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
