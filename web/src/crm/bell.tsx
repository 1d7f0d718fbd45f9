/** The bell's text of the CRM notification kinds (shared/notifications/contract.ts); params are plain text. */
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { NotificationView } from '../../../shared/notifications/contract';

export function CrmNotificationText({ n }: { n: NotificationView }) {
  const { t } = useTranslation();
  const p = n.params;
  const actor = p.actorName ?? '';
  let text: string;
  switch (n.kind) {
    case 'crm.lead.assigned':
      text = actor
        ? t('crm.bell.leadAssigned', { actor, lead: p.leadName ?? '' })
        : t('crm.bell.leadAssignedNoActor', { lead: p.leadName ?? '' });
      break;
    case 'crm.deal.assigned':
      text = actor
        ? t('crm.bell.dealAssigned', { actor, deal: p.dealTitle ?? '' })
        : t('crm.bell.dealAssignedNoActor', { deal: p.dealTitle ?? '' });
      break;
    case 'crm.record.assigned':
      text = t('crm.bell.recordAssigned', { actor: actor || '—', name: p.recordName ?? '' });
      break;
    case 'crm.invoice.paid':
      text = t('crm.bell.invoicePaid', { number: p.number ?? '', deal: p.dealTitle ?? '' });
      break;
    case 'crm.import.done':
      text = t('crm.bell.importDone', {
        created: p.created ?? '0',
        skipped: p.skipped ?? '0',
        failed: p.failed ?? '0',
      });
      break;
    case 'crm.export.ready':
      text = t('crm.bell.exportReady');
      break;
    default:
      text = t('messenger.bell.other');
  }
  return (
    <Text size="sm" data-testid="bell-crm" data-kind={n.kind}>
      {text}
    </Text>
  );
}
