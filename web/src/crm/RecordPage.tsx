/**
 * /crm/contacts/{id} and /crm/companies/{id} (and the fields part of /crm/leads/{id}): the record's fields
 * (PATCH with version; a 409 shows the server's copy and says so), duplicates banner, responsible, timeline and
 * links (a contact's companies, a company's contacts, their deals and documents); contact ↔ company link/unlink.
 */
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Modal,
  SimpleGrid,
  Skeleton,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { CompanyView, ContactView, CoreRecordView, LeadView } from '../../../shared/crm/contract';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useApi } from '../services';
import { deleteRecord, duplicatesPath, linksPath, patchRecord } from './record-calls';
import { ck, conflictCurrent } from './api-base';
import { invalidateLists, recordPath, useRecord } from './api';
import { ErrorNote, fieldErrors, PageHeader } from './common';
import { errAt } from './forms';
import { RecordPicker } from './pickers';
import { DuplicatesBanner, LinksPanel, ResponsibleControl, Timeline } from './RecordParts';

type Editable = LeadView | ContactView | CompanyView;

const orNull = (s: string) => (s.trim() ? s.trim() : null);

/** The editable fields of a lead, contact or company. */
export function RecordEditForm({ record, path }: { record: Editable; path: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const r = record as unknown as Record<string, unknown>;
  const str = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : '');
  const addr = (record as ContactView).address ?? {};
  const [d, setD] = useState<Record<string, string>>(() => ({
    name: str('name'),
    companyName: str('companyName'),
    firstName: str('firstName'),
    lastName: str('lastName'),
    position: str('position'),
    birthday: str('birthday'),
    legalName: str('legalName'),
    vatId: str('vatId'),
    regNo: str('regNo'),
    website: str('website'),
    industry: str('industry'),
    comments: str('comments'),
    street: addr.street ?? '',
    city: addr.city ?? '',
    region: addr.region ?? '',
    postalCode: addr.postalCode ?? '',
    country: addr.country ?? '',
  }));
  const [emails, setEmails] = useState(record.emails.map((e) => e.value));
  const [phones, setPhones] = useState(record.phones.map((p) => p.display));
  const [tags, setTags] = useState<string[]>('tags' in record ? record.tags : []);
  const body = (): Record<string, unknown> => {
    const address = {
      street: d.street?.trim() || undefined,
      city: d.city?.trim() || undefined,
      region: d.region?.trim() || undefined,
      postalCode: d.postalCode?.trim() || undefined,
      country: d.country?.trim() || undefined,
    };
    const hasAddress = Object.values(address).some(Boolean);
    const common = { version: record.version, emails, phones, comments: orNull(d.comments ?? '') };
    if (record.type === 'lead') return { ...common, name: d.name, companyName: orNull(d.companyName ?? '') };
    if (record.type === 'contact')
      return {
        ...common,
        firstName: orNull(d.firstName ?? ''),
        lastName: d.lastName,
        position: orNull(d.position ?? ''),
        birthday: orNull(d.birthday ?? ''),
        tags,
        address: hasAddress ? address : null,
      };
    return {
      ...common,
      name: d.name,
      legalName: orNull(d.legalName ?? ''),
      vatId: orNull(d.vatId ?? ''),
      regNo: orNull(d.regNo ?? ''),
      website: orNull(d.website ?? ''),
      industry: orNull(d.industry ?? ''),
      tags,
      address: hasAddress ? address : null,
    };
  };
  const save = useMutation({
    mutationFn: () => patchRecord(api, record.type, record.id, body()),
    onSuccess: (view) => {
      qc.setQueryData(ck.one(path), view);
      void qc.invalidateQueries({ queryKey: ck.one(duplicatesPath(record.id)) });
      invalidateLists(qc);
      notifications.show({ message: t('crm.common.saved'), autoClose: 2000 });
    },
    onError: (e) => {
      const cur = conflictCurrent<Editable>(e);
      if (cur) {
        qc.setQueryData(ck.one(path), cur);
        notifications.show({ color: 'yellow', message: t('crm.common.conflict') });
      }
    },
  });
  const errors = fieldErrors(save.error);
  const input = (k: string, label: string, extra: Record<string, unknown> = {}) => (
    <TextInput
      label={label}
      value={d[k] ?? ''}
      onChange={(e) => setD({ ...d, [k]: e.currentTarget.value })}
      error={errAt(errors, k, `address.${k}`)}
      data-testid={`field-${k}`}
      {...extra}
    />
  );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      data-testid="record-fields"
    >
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {record.type === 'lead' ? (
            <>
              {input('name', t('crm.lead.name'), { required: true })}
              {input('companyName', t('crm.lead.companyName'))}
            </>
          ) : null}
          {record.type === 'contact' ? (
            <>
              {input('firstName', t('crm.contact.firstName'))}
              {input('lastName', t('crm.contact.lastName'), { required: true })}
              {input('position', t('crm.contact.position'))}
              {input('birthday', t('crm.contact.birthday'), { type: 'date' })}
            </>
          ) : null}
          {record.type === 'company' ? (
            <>
              {input('name', t('crm.company.name'), { required: true })}
              {input('legalName', t('crm.company.legalName'))}
              {input('vatId', t('crm.company.vatId'))}
              {input('regNo', t('crm.company.regNo'))}
              {input('website', t('crm.company.website'), { placeholder: 'https://' })}
              {input('industry', t('crm.company.industry'))}
            </>
          ) : null}
          <TagsInput
            label={t('crm.common.emails')}
            value={emails}
            onChange={setEmails}
            splitChars={[',', ';', ' ']}
            acceptValueOnBlur
            maxTags={5}
            error={errAt(errors, 'emails')}
            data-testid="field-emails"
          />
          <TagsInput
            label={t('crm.common.phones')}
            value={phones}
            onChange={setPhones}
            splitChars={[',', ';']}
            acceptValueOnBlur
            maxTags={5}
            error={errAt(errors, 'phones')}
            data-testid="field-phones"
          />
          {record.type !== 'lead' ? (
            <TagsInput
              label={t('crm.common.tags')}
              value={tags}
              onChange={setTags}
              maxTags={20}
              error={errAt(errors, 'tags')}
              data-testid="field-tags"
            />
          ) : null}
        </SimpleGrid>
        {record.type !== 'lead' ? (
          <>
            <Text size="sm" fw={500}>
              {t('crm.common.address')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {input('street', t('crm.common.street'))}
              {input('city', t('crm.common.city'))}
              {input('region', t('crm.common.region'))}
              {input('postalCode', t('crm.common.postalCode'))}
              {input('country', t('crm.common.country'), { maxLength: 2, placeholder: 'RO' })}
            </SimpleGrid>
          </>
        ) : null}
        <Textarea
          label={t('crm.common.comments')}
          autosize
          minRows={2}
          maxRows={10}
          value={d.comments ?? ''}
          onChange={(e) => setD({ ...d, comments: e.currentTarget.value })}
          data-testid="field-comments"
        />
        {save.error && !conflictCurrent(save.error) ? <ErrorNote error={save.error} /> : null}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} data-testid="record-save">
            {t('crm.common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CompanyLinker({ contact }: { contact: ContactView }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const [companyId, setCompanyId] = useState<string | null>(null);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ck.lists(linksPath(contact.id)) });
    void qc.invalidateQueries({ queryKey: ck.one(recordPath('contact', contact.id)) });
  };
  const link = useMutation({
    mutationFn: (id: string) => api.crm.linkCompany({ params: { contactId: contact.id, companyId: id } }),
    onSuccess: () => {
      setCompanyId(null);
      refresh();
    },
  });
  const unlink = useMutation({
    mutationFn: (id: string) => api.crm.unlinkCompany({ params: { contactId: contact.id, companyId: id } }),
    onSuccess: refresh,
  });
  return (
    <Card withBorder radius="md" data-testid="company-linker">
      <Title order={3} size="h5" mb="xs">
        {t('crm.contact.companies')}
      </Title>
      {contact.primaryCompanyId ? (
        <Group gap="xs" mb="xs">
          <Anchor component={Link} to={`/crm/companies/${contact.primaryCompanyId}`} size="sm">
            {contact.primaryCompanyName}
          </Anchor>
          <ActionIcon
            size="sm"
            variant="subtle"
            color="red"
            aria-label={t('crm.contact.unlink')}
            onClick={() => unlink.mutate(contact.primaryCompanyId ?? '')}
            data-testid="company-unlink"
          >
            <IconTrash size={14} />
          </ActionIcon>
        </Group>
      ) : null}
      <Group gap="xs" align="flex-end" wrap="wrap">
        <div style={{ flex: 1, minWidth: 200 }}>
          <RecordPicker
            type="company"
            label={t('crm.contact.linkCompany')}
            value={companyId}
            onChange={(id) => setCompanyId(id)}
            testId="company-link-picker"
          />
        </div>
        <Button
          onClick={() => companyId && link.mutate(companyId)}
          disabled={!companyId}
          loading={link.isPending}
          data-testid="company-link"
        >
          {t('crm.common.add')}
        </Button>
      </Group>
      {link.error ? <ErrorNote error={link.error} /> : null}
    </Card>
  );
}

export function DeleteRecord({ record, name, after }: { record: CoreRecordView; name: string; after: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const del = useMutation({
    mutationFn: () => deleteRecord(api, record.type, record.id, record.version),
    onSuccess: () => {
      invalidateLists(qc);
      void navigate(after);
    },
  });
  return (
    <>
      <ActionIcon
        variant="subtle"
        color="red"
        size="lg"
        aria-label={t('crm.common.delete')}
        onClick={() => setOpen(true)}
        data-testid="record-delete"
      >
        <IconTrash size={18} />
      </ActionIcon>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={t(`crm.${record.type as 'lead'}.deleteConfirm`, { name, title: name })}
      >
        {del.error ? <ErrorNote error={del.error} /> : null}
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setOpen(false)}>
            {t('crm.common.cancel')}
          </Button>
          <Button color="red" onClick={() => del.mutate()} loading={del.isPending} data-testid="record-delete-confirm">
            {t('crm.common.delete')}
          </Button>
        </Group>
      </Modal>
    </>
  );
}

export function RecordPage({ type }: { type: 'contact' | 'company' }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useRecord<ContactView | CompanyView>(type, id);
  const rec = q.data;
  const path = recordPath(type, id);
  useDocumentTitle(rec?.name ?? t(`crm.nav.${type === 'contact' ? 'contacts' : 'companies'}`));
  if (q.isPending) return <Skeleton h={300} />;
  if (!rec)
    return (
      <Alert color="yellow" data-testid="crm-not-found">
        {t('crm.common.notFound')}
      </Alert>
    );
  return (
    <Stack gap="md" data-testid={`${type}-page`} data-id={rec.id}>
      <PageHeader title={rec.name} testId="record-title">
        {rec.tags.map((tag) => (
          <Badge key={tag} variant="light">
            {tag}
          </Badge>
        ))}
        <DeleteRecord record={rec} name={rec.name} after={type === 'contact' ? '/crm/contacts' : '/crm/companies'} />
      </PageHeader>
      <DuplicatesBanner record={rec} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Card withBorder radius="md">
              <Stack gap="sm">
                <ResponsibleControl record={rec} path={path} />
                <RecordEditForm key={rec.version} record={rec} path={path} />
              </Stack>
            </Card>
            <Timeline recordId={rec.id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            {rec.type === 'contact' ? <CompanyLinker contact={rec} /> : null}
            <LinksPanel
              recordId={rec.id}
              types={
                rec.type === 'contact'
                  ? ['company', 'deal', 'invoice', 'quote', 'lead']
                  : ['contact', 'deal', 'invoice', 'quote', 'lead']
              }
            />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
