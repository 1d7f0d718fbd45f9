/**
 * Parts of a quote / invoice page (./DocumentPage.tsx): the status steps (what happened, ./doc-steps.ts), the seller
 * notice on drafts (what the company details lack, with a link to CRM → Settings, ./seller-gaps.ts) and the lines —
 * a table on wide screens, one card per line on phones, so names never break mid-word and no column is cut off.
 */
import { Alert, Anchor, Card, Group, Stack, Stepper, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconMinus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DocumentView } from '../../../shared/crm/documents-contract';
import { fieldErrors, lang, money, useMe } from './common';
import { unitLabel } from './DealPage';
import { docSteps, stepperActive } from './doc-steps';
import { percentText, quantityText } from './moneyInput';
import { sellerGaps } from './seller-gaps';

export function DocStepper({ doc }: { doc: DocumentView }) {
  const { t } = useTranslation();
  const steps = docSteps(doc);
  if (!steps) return null;
  return (
    <Stepper
      active={stepperActive(steps)}
      size="xs"
      data-testid="doc-stepper"
      data-steps={steps.map((s) => `${s.key}:${s.state}`).join(' ')}
    >
      {steps.map((s) =>
        s.state === 'skipped' ? (
          <Stepper.Step
            key={s.key}
            label={t(`crm.doc.statuses.${s.key}`)}
            description={t(`crm.doc.skipped.${s.key === 'sent' ? 'sent' : 'other'}`)}
            completedIcon={<IconMinus size={14} />}
            color="gray"
            data-testid={`doc-step-${s.key}`}
            data-state={s.state}
          />
        ) : (
          <Stepper.Step
            key={s.key}
            label={t(`crm.doc.statuses.${s.key}`)}
            color={s.key === 'declined' ? 'orange' : undefined}
            data-testid={`doc-step-${s.key}`}
            data-state={s.state}
          />
        ),
      )}
    </Stepper>
  );
}

/** On a draft: which company details are missing, and where to fill them in (admins get the link). */
export function SellerNotice({ doc }: { doc: DocumentView }) {
  const { t } = useTranslation();
  const me = useMe();
  if (doc.status !== 'draft') return null;
  const gaps = sellerGaps(doc.seller);
  if (!gaps.nameMissing && !gaps.recommended.length) return null;
  const where = me.isAdmin ? (
    <Anchor component={Link} to="/crm/settings" data-testid="seller-settings-link">
      {t('crm.doc.sellerHint.where')}
    </Anchor>
  ) : (
    t('crm.doc.sellerHint.askAdmin')
  );
  return (
    <Alert
      color={gaps.nameMissing ? 'red' : 'yellow'}
      icon={<IconAlertTriangle size={18} />}
      data-testid="seller-notice"
      data-missing={[...(gaps.nameMissing ? ['legalName'] : []), ...gaps.recommended].join(' ')}
    >
      <Text size="sm">
        {gaps.nameMissing
          ? t('crm.doc.sellerHint.nameMissing')
          : t('crm.doc.sellerHint.missing', {
              fields: gaps.recommended.map((g) => t(`crm.doc.sellerHint.fields.${g}`)).join(', '),
            })}{' '}
        {where}
      </Text>
    </Alert>
  );
}

/** The refusal to issue for want of the company name, as a sentence with the way to fix it. */
export const isSellerNameRefusal = (e: unknown): boolean => 'seller.legalName' in fieldErrors(e);

export function SellerNameRefusal() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Alert color="red" role="alert" data-testid="issue-refused">
      {t('crm.doc.sellerHint.refused')}{' '}
      {me.isAdmin ? (
        <Anchor component={Link} to="/crm/settings">
          {t('crm.doc.sellerHint.where')}
        </Anchor>
      ) : (
        t('crm.doc.sellerHint.askAdmin')
      )}
    </Alert>
  );
}

export function DocLines({ doc, phone }: { doc: DocumentView; phone: boolean }) {
  const { t } = useTranslation();
  const cur = doc.currency;
  const locale = lang();
  const qty = (l: DocumentView['lines'][number]) => `${quantityText(l.quantityMilli, locale)} ${unitLabel(t, l.unit)}`;
  const discount = (l: DocumentView['lines'][number]) => (l.discountMinor ? `−${money(l.discountMinor, cur)}` : '—');
  if (phone)
    return (
      <Stack gap="xs" data-testid="doc-lines" data-layout="cards">
        {doc.lines.map((l, i) => (
          <Card key={i} withBorder radius="sm" p="xs" data-testid="doc-line">
            <Text size="sm" fw={600} className="crm-line-name" data-testid="doc-line-name">
              {l.name}
            </Text>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm" c="dimmed">
                {qty(l)} × {money(l.unitPriceMinor, cur)}
              </Text>
              <Text size="sm" fw={600} data-testid="doc-line-total">
                {money(l.netMinor, cur)}
              </Text>
            </Group>
            <Group gap="md">
              <Text size="xs" c="dimmed" data-testid="doc-line-discount">
                {t('crm.lines.discount')}: {discount(l)}
              </Text>
              <Text size="xs" c="dimmed">
                {t('crm.lines.tax')}: {percentText(l.taxRateBp, locale)} %
              </Text>
            </Group>
          </Card>
        ))}
      </Stack>
    );
  return (
    <div className="crm-table-wrap">
      <Table verticalSpacing={4} data-testid="doc-lines" data-layout="table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('crm.lines.name')}</Table.Th>
            <Table.Th ta="right">{t('crm.lines.quantity')}</Table.Th>
            <Table.Th ta="right">{t('crm.lines.unitPrice')}</Table.Th>
            <Table.Th ta="right">{t('crm.lines.discount')}</Table.Th>
            <Table.Th ta="right">{t('crm.lines.tax')}</Table.Th>
            <Table.Th ta="right">{t('crm.lines.lineTotal')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {doc.lines.map((l, i) => (
            <Table.Tr key={i} data-testid="doc-line">
              <Table.Td className="crm-line-name" data-testid="doc-line-name">
                {l.name}
              </Table.Td>
              <Table.Td ta="right" className="crm-nowrap">
                {qty(l)}
              </Table.Td>
              <Table.Td ta="right" className="crm-nowrap">
                {money(l.unitPriceMinor, cur)}
              </Table.Td>
              <Table.Td ta="right" className="crm-nowrap">
                {discount(l)}
              </Table.Td>
              <Table.Td ta="right" className="crm-nowrap">
                {percentText(l.taxRateBp, locale)} %
              </Table.Td>
              <Table.Td ta="right" className="crm-nowrap">
                {money(l.netMinor, cur)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
