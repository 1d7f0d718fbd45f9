/**
 * Small pieces every CRM page uses: who I am, the scope picker (Mine / my departments / All for admins), money
 * display and input (shared/crm/money.ts: typed text → minor units without floats), API error → field errors,
 * the page header and the "load more" button.
 */
import { Alert, Button, Group, Select, Stack, Text, TextInput, Title, type TextInputProps } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isCurrency } from '../../../shared/crm/currencies';
import { formatMinor, minorToMajorString } from '../../../shared/crm/money';
import { ApiError } from '../api/client';
import { inZone } from '../components/time';
import { buildTree, useDepartments, type TreeNode } from '../departments/api';
import { currentLanguage } from '../i18n';
import { useSession } from '../services';
import { useSettings } from './api';
import { parseMoneyInput } from './moneyInput';

export function useMe() {
  const s = useSession();
  return s.status === 'signedIn'
    ? { sub: s.user.sub, isAdmin: s.user.groups.includes('admin') }
    : { sub: '', isAdmin: false };
}

export const lang = () => currentLanguage();

/** "1.234,50 RON" / "RON 1,234.50"; '' for an unknown currency. */
export function money(minor: number | null | undefined, currency: string | null | undefined): string {
  if (minor === null || minor === undefined || !currency || !isCurrency(currency)) return '';
  return formatMinor(minor, currency, lang());
}

/** Totals per currency on one line: "RON 1,200.00 · EUR 50.00". */
export function moneyList(amounts: Record<string, number> | undefined): string {
  return Object.entries(amounts ?? {})
    .filter(([, v]) => v !== 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([c, v]) => money(v, c))
    .join(' · ');
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  const opts: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
  // a calendar date (YYYY-MM-DD) is the same day everywhere; an instant is shown in the person's zone
  return d.toLocaleDateString(lang() === 'ro' ? 'ro-RO' : 'en-GB', iso.length === 10 ? opts : inZone(opts));
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(
    lang() === 'ro' ? 'ro-RO' : 'en-GB',
    inZone({ day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }),
  );
}

// ---- stage names ---------------------------------------------------------------------------------

/** The default pipeline's stages as the server names them (English data): shown in the reader's language. */
const DEFAULT_STAGE_NAMES: Record<string, string> = {
  new: 'New',
  preparing: 'Preparing documents',
  offer: 'Invoice / offer',
  in_progress: 'In progress',
  final_invoice: 'Final invoice',
  won: 'Won',
  lost: 'Lost',
};

/** A stage's label: the default pipeline's untouched stages in the reader's language, others as named. */
export function useStageLabel() {
  const { t } = useTranslation();
  return (s: { stageId: string; name: string } | undefined | null): string =>
    !s ? '' : DEFAULT_STAGE_NAMES[s.stageId] === s.name ? t(`crm.defaultStages.${s.stageId as 'new'}`) : s.name;
}

// ---- scopes ----------------------------------------------------------------------------------------

export type Scope = string; // mine | all | dept:{id}

/** The scopes I may pick: Mine; my departments (and the subtrees of those I head, indented); All for admins. */
export function useScopeOptions(): { value: string; label: string }[] {
  const { t } = useTranslation();
  const me = useMe();
  // The server says which departments I may list (mine when the setting allows it, the subtrees I head).
  const viewer = useSettings().data?.viewer;
  const deps = useDepartments(true);
  return useMemo(() => {
    const out = [{ value: 'mine', label: t('crm.scope.mine') }];
    const tree = buildTree(deps.data ?? []);
    const visibleIds = new Set(viewer?.visibleDepartmentIds ?? []);
    const visible = { has: (id: string) => me.isAdmin || visibleIds.has(id) };
    const flat: { value: string; label: string }[] = [];
    const list = (nodes: TreeNode[]) => {
      for (const n of nodes) {
        if (visible.has(n.departmentId))
          flat.push({
            value: `dept:${n.departmentId}`,
            label: `${'\u2003'.repeat(n.depth)}${t('crm.scope.dept', { name: n.name })}`,
          });
        list(n.children);
      }
    };
    list(tree);
    out.push(...flat);
    if (me.isAdmin) out.push({ value: 'all', label: t('crm.scope.all') });
    return out;
  }, [deps.data, viewer, me.isAdmin, t]);
}

export function ScopePicker({
  value,
  onChange,
  testId = 'crm-scope',
}: {
  value: Scope;
  onChange: (s: Scope) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const options = useScopeOptions();
  return (
    <Select
      aria-label={t('crm.scope.label')}
      data={options}
      value={value}
      onChange={(v) => v && onChange(v)}
      allowDeselect={false}
      w={{ base: '100%', xs: 220 }}
      data-testid={testId}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** The scope kept in the URL (?scope=), default `mine`. */
export function scopeFrom(params: URLSearchParams): Scope {
  return params.get('scope') ?? 'mine';
}

// ---- money input -----------------------------------------------------------------------------------

/**
 * A text input for an amount: keeps what the person typed, tells them when it is not an amount of that
 * currency, and reports minor units (or null) through onValue. Starts from `minor` formatted plainly.
 */
export function MoneyInput({
  label,
  currency,
  minor,
  onValue,
  testId,
  ...rest
}: {
  label: string;
  currency: string;
  minor: number | null;
  onValue: (minor: number | null, valid: boolean) => void;
  testId: string;
} & Omit<TextInputProps, 'onChange' | 'value'>) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => (minor === null || !isCurrency(currency) ? '' : toInputText(minor, currency)));
  const parsed = parseMoneyInput(text, currency, lang());
  return (
    <TextInput
      label={label}
      value={text}
      inputMode="decimal"
      onChange={(e) => {
        const v = e.currentTarget.value;
        setText(v);
        const p = parseMoneyInput(v, currency, lang());
        onValue(p.ok ? p.minor : null, p.ok || p.empty);
      }}
      error={!parsed.ok && !parsed.empty ? t('crm.money.invalid') : undefined}
      rightSection={
        <Text size="xs" c="dimmed">
          {currency}
        </Text>
      }
      rightSectionWidth={48}
      data-testid={testId}
      {...rest}
    />
  );
}

/** Minor units → the text shown in an input for this locale ("12,50" in ro, "12.50" in en). */
export function toInputText(minor: number, currency: string): string {
  const s = minorToMajorString(minor, currency);
  return lang() === 'ro' ? s.replace('.', ',') : s;
}

// ---- errors ----------------------------------------------------------------------------------------

/** The API's field problems as { path: reason } (first per path). */
export function fieldErrors(e: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (e instanceof ApiError) for (const f of e.fields ?? []) out[f.path] ??= f.reason;
  return out;
}

export function ErrorNote({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const fields = fieldErrors(error);
  const msg = error instanceof ApiError ? error.message : t('errors.generic');
  return (
    <Alert color="red" icon={<IconAlertCircle size={18} />} data-testid="crm-error" role="alert">
      <Stack gap={2}>
        <Text size="sm">{msg}</Text>
        {Object.entries(fields).map(([k, v]) => (
          <Text size="xs" key={k}>
            {t('crm.common.fieldError', { field: k, reason: v })}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

export const isConflict = (e: unknown) => e instanceof ApiError && e.status === 409;
export const isNotFound = (e: unknown) => e instanceof ApiError && (e.status === 404 || e.status === 403);

// ---- layout bits -----------------------------------------------------------------------------------

export function PageHeader({ title, children, testId }: { title: ReactNode; children?: ReactNode; testId?: string }) {
  return (
    <Group justify="space-between" align="flex-end" gap="sm" wrap="wrap" mb="md">
      <Title order={2} size="h3" data-testid={testId} style={{ overflowWrap: 'anywhere', minWidth: 0 }}>
        {title}
      </Title>
      {children ? (
        <Group gap="xs" wrap="wrap">
          {children}
        </Group>
      ) : null}
    </Group>
  );
}

export function MoreButton({
  hasMore,
  loading,
  onClick,
  testId = 'crm-more',
}: {
  hasMore: boolean;
  loading: boolean;
  onClick: () => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  if (!hasMore) return null;
  return (
    <Group justify="center" mt="sm">
      <Button variant="default" size="xs" loading={loading} onClick={onClick} data-testid={testId}>
        {t('crm.common.more')}
      </Button>
    </Group>
  );
}
