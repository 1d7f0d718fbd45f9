/**
 * Portal settings (admins; the user menu's "Portal settings"), three tabs: Settings (/settings/portal), Status
 * (/settings/portal/status: ./StatusPage.tsx) and Meeting rooms (/settings/portal/rooms: the calendar's rooms admin,
 * web/src/calendar/rooms). Anyone else is told they lack access.
 *
 * Settings: the company name, the e-mail domains
 * whose people may register themselves (TagsInput, checked with the same rules as the API), and
 * whether employees may invite. Versioned: when another admin saved meanwhile the page says so and
 * offers to reload. The registration facts (portal name, owner, licence, promo code) are shown, fixed.
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Skeleton,
  Stack,
  Switch,
  Tabs,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDeviceFloppy, IconLock, IconRefresh } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { MAX_ALLOWED_DOMAINS, domainProblem, normalizeDomain } from '../../../shared/portal/allowed-domains';
import { ApiError } from '../api/client';
import { formatDateTime } from '../components/time';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { NotFoundPage } from '../pages/NotFoundPage';
import {
  isNoPortal,
  usePortalSettings,
  useSavePortalSettings,
  type PortalSettings,
  type PortalSettingsInput,
} from './api';
import { RoomsAdmin } from '../calendar/rooms/RoomsAdmin';
import { StatusPanels } from './StatusPage';

const TABS = ['settings', 'status', 'rooms'] as const;
type Tab = (typeof TABS)[number];
const isTab = (v: string): v is Tab => (TABS as readonly string[]).includes(v);
const TAB_PATH: Record<Tab, string> = {
  settings: '/settings/portal',
  status: '/settings/portal/status',
  rooms: '/settings/portal/rooms',
};

const toInput = (s: PortalSettings): PortalSettingsInput => ({
  companyName: s.companyName,
  allowedDomains: s.allowedDomains,
  employeesMayInvite: s.employeesMayInvite,
});
const same = (a: PortalSettingsInput, b: PortalSettingsInput) =>
  a.companyName.trim() === b.companyName &&
  a.employeesMayInvite === b.employeesMayInvite &&
  a.allowedDomains.join('\n') === b.allowedDomains.join('\n');

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

function SettingsForm({ settings, onReload }: { settings: PortalSettings; onReload: () => void }) {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState<PortalSettingsInput>(() => toInput(settings));
  const [domainError, setDomainError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const save = useSavePortalSettings();
  const saved = toInput(settings);
  const dirty = !same(form, saved);
  const nameInvalid = form.companyName.trim().length < 2 || form.companyName.trim().length > 120;

  const onDomains = (values: string[]) => {
    const next: string[] = [];
    let problem: string | null = null;
    for (const raw of values) {
      const d = normalizeDomain(raw);
      if (!d) continue;
      if (domainProblem(d)) problem = t('portalSettings.domainInvalid', { domain: raw.trim() });
      else if (next.includes(d)) problem = t('portalSettings.domainDuplicate', { domain: d });
      else next.push(d);
    }
    setDomainError(problem);
    setForm((f) => ({ ...f, allowedDomains: next.slice(0, MAX_ALLOWED_DOMAINS) }));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (nameInvalid || !dirty || save.isPending) return;
    save.mutate(
      { input: { ...form, companyName: form.companyName.trim() }, version: settings.version },
      {
        onSuccess: (r) => {
          if ('conflict' in r) setConflict(true);
          else notifications.show({ color: 'teal', message: t('portalSettings.saved') });
        },
      },
    );
  };

  const saveError =
    save.error instanceof ApiError ? save.error : save.error ? new ApiError(0, 'NETWORK', t('errors.network')) : null;
  const date = (iso: string) => formatDateTime(iso, i18n.language);

  return (
    <form onSubmit={submit} noValidate data-testid="portal-settings-form" data-version={settings.version}>
      <Stack gap="lg">
        {conflict ? (
          <Alert
            color="yellow"
            variant="light"
            role="alert"
            icon={<IconAlertTriangle size={18} aria-hidden="true" />}
            title={t('portalSettings.conflictTitle')}
            data-testid="settings-conflict"
          >
            <Stack gap="sm" align="flex-start">
              <Text size="sm">{t('portalSettings.conflictBody')}</Text>
              <Button
                size="xs"
                variant="light"
                color="yellow"
                leftSection={<IconRefresh size={14} aria-hidden="true" />}
                onClick={onReload}
                data-testid="settings-reload"
              >
                {t('portalSettings.reload')}
              </Button>
            </Stack>
          </Alert>
        ) : null}
        {saveError ? (
          <Alert
            color="red"
            variant="light"
            role="alert"
            title={t('portalSettings.saveError')}
            data-testid="settings-error"
          >
            {saveError.message}
          </Alert>
        ) : null}

        <Card withBorder radius="lg" padding="lg">
          <Stack gap="md">
            <Title order={2} fz="lg">
              {t('portalSettings.company')}
            </Title>
            <TextInput
              label={t('portalSettings.companyName')}
              description={t('portalSettings.companyNameHint')}
              value={form.companyName}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setForm((f) => ({ ...f, companyName: v }));
              }}
              maxLength={120}
              required
              error={nameInvalid ? t('portalSettings.companyNameInvalid') : undefined}
              data-testid="settings-company-name"
            />
          </Stack>
        </Card>

        <Card withBorder radius="lg" padding="lg">
          <Stack gap="md">
            <Group justify="space-between" gap="xs" wrap="wrap">
              <Title order={2} fz="lg">
                {t('portalSettings.access')}
              </Title>
              <Badge
                variant="light"
                color={form.allowedDomains.length ? 'teal' : 'gray'}
                data-testid="settings-self-registration"
              >
                {form.allowedDomains.length
                  ? t('portalSettings.selfRegistration.domains', { count: form.allowedDomains.length })
                  : t('portalSettings.selfRegistration.closed')}
              </Badge>
            </Group>
            <TagsInput
              label={t('portalSettings.domains')}
              description={t('portalSettings.domainsHint')}
              placeholder={form.allowedDomains.length ? undefined : t('portalSettings.domainsPlaceholder')}
              value={form.allowedDomains}
              onChange={onDomains}
              splitChars={[',', ' ', ';']}
              acceptValueOnBlur
              clearable
              maxTags={MAX_ALLOWED_DOMAINS}
              error={
                domainError ??
                (form.allowedDomains.length >= MAX_ALLOWED_DOMAINS
                  ? t('portalSettings.domainsMax', { max: MAX_ALLOWED_DOMAINS })
                  : undefined)
              }
              data-testid="settings-domains"
            />
            <Switch
              label={t('portalSettings.mayInvite')}
              description={t('portalSettings.mayInviteHint')}
              checked={form.employeesMayInvite}
              onChange={(e) => {
                const v = e.currentTarget.checked;
                setForm((f) => ({ ...f, employeesMayInvite: v }));
              }}
              data-testid="settings-may-invite"
            />
          </Stack>
        </Card>

        <Group gap="sm" wrap="wrap">
          <Button
            type="submit"
            leftSection={<IconDeviceFloppy size={16} aria-hidden="true" />}
            loading={save.isPending}
            disabled={!dirty || nameInvalid}
            data-testid="settings-save"
          >
            {t('portalSettings.save')}
          </Button>
          <Button
            variant="default"
            onClick={() => setForm(saved)}
            disabled={!dirty || save.isPending}
            data-testid="settings-reset"
          >
            {t('portalSettings.reset')}
          </Button>
        </Group>

        <Card withBorder radius="lg" padding="lg" data-testid="settings-facts">
          <Stack gap="md">
            <Title order={2} fz="lg">
              {t('portalSettings.facts')}
            </Title>
            <div
              style={{
                display: 'grid',
                gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))',
                gap: 'var(--mantine-spacing-md)',
              }}
            >
              <Fact label={t('portalSettings.portalName')} value={settings.portalName} testId="settings-portal-name" />
              <Fact label={t('portalSettings.owner')} value={settings.ownerEmail} />
              <Fact label={t('portalSettings.created')} value={date(settings.createdAt)} />
              <Fact
                label={t('portalSettings.licence')}
                value={`${settings.licenceVersion} · ${date(settings.licenceAcceptedAt)}`}
              />
              <Fact label={t('portalSettings.promoCode')} value={settings.promoCode ?? t('portalSettings.none')} />
            </div>
            {settings.updatedBy ? (
              <Text size="xs" c="dimmed" data-testid="settings-last-change">
                {t('portalSettings.lastChange', { time: date(settings.updatedAt), who: settings.updatedBy })}
              </Text>
            ) : null}
          </Stack>
        </Card>
      </Stack>
    </form>
  );
}

function SettingsTab() {
  const { t } = useTranslation();
  const q = usePortalSettings();
  return q.isPending ? (
    <Stack gap="md" aria-busy="true">
      <Skeleton h={120} radius="lg" />
      <Skeleton h={220} radius="lg" />
    </Stack>
  ) : q.isError ? (
    isNoPortal(q.error) ? (
      <Alert color="gray" variant="light" data-testid="settings-no-portal">
        {t('portalSettings.noPortal')}
      </Alert>
    ) : (
      <Alert color="red" variant="light" role="alert" title={t('portalSettings.loadError')}>
        <Button size="xs" variant="light" color="red" onClick={() => void q.refetch()}>
          {t('common.retry')}
        </Button>
      </Alert>
    )
  ) : (
    // A newer version from the server (a reload, or our own save) starts the form afresh.
    <SettingsForm key={q.data.version} settings={q.data} onReload={() => void q.refetch()} />
  );
}

/** `isAdmin`: the session's role; the API refuses the settings to anyone else anyway. */
export function PortalSettingsPage({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const tab = useParams().tab ?? 'settings';
  useDocumentTitle(tab === 'status' ? t('portalSettings.tabs.status') : t('portalSettings.title'));

  if (!isAdmin)
    return (
      <Stack gap="lg" maw={820} data-testid="portal-settings-no-access">
        <Title order={1} fz={{ base: 26, sm: 30 }}>
          {t('portalSettings.title')}
        </Title>
        <Alert color="gray" variant="light" icon={<IconLock size={18} aria-hidden="true" />} role="alert">
          {t('portalSettings.noAccess')}
        </Alert>
      </Stack>
    );
  if (!isTab(tab)) return <NotFoundPage />;

  return (
    <Stack gap="lg" maw={820} data-testid="portal-settings-page" data-tab={tab}>
      <div>
        <Title order={1} fz={{ base: 26, sm: 30 }}>
          {t('portalSettings.title')}
        </Title>
        <Text c="dimmed">{tab === 'status' ? t('portalSettings.statusIntro') : t('portalSettings.intro')}</Text>
      </div>
      <Tabs value={tab} onChange={(v) => v && isTab(v) && navigate(TAB_PATH[v])}>
        <Tabs.List>
          {TABS.map((k) => (
            <Tabs.Tab key={k} value={k} data-testid={`portal-tab-${k}`}>
              {t(`portalSettings.tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {tab === 'status' ? <StatusPanels /> : tab === 'rooms' ? <RoomsAdmin isAdmin /> : <SettingsTab />}
    </Stack>
  );
}
