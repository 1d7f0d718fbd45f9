/**
 * The dialogs of a quote / invoice page (./DocumentPage.tsx): Send by e-mail (recipients suggested from the deal's
 * contact and company e-mails and the buyer's), Mark paid (with "also mark the deal won"), Cancel with a reason.
 */
import { Button, Checkbox, Group, Stack, TagsInput, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCash, IconSend } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompanyView, ContactView, DealView } from '../../../shared/crm/contract';
import type { DocumentView } from '../../../shared/crm/documents-contract';
import { useApi } from '../services';
import { ck, conflictCurrent, useOne } from './api-base';
import { invalidateLists } from './api';
import { recordPath } from './record-calls';
import { ErrorNote } from './common';
import { isSellerNameRefusal, SellerNameRefusal } from './DocumentParts';

const today = () => new Date().toISOString().slice(0, 10);
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** E-mails of the deal's contact and company (suggested recipients). */
function useSuggestedRecipients(doc: DocumentView) {
  const deal = useOne<DealView>(recordPath('deal', doc.dealId), (api, signal) =>
    api.crm.getDeal({ params: { dealId: doc.dealId }, signal }),
  );
  const contactId = deal.data?.contactId ?? '';
  const companyId = deal.data?.companyId ?? '';
  const contact = useOne<ContactView>(
    contactId ? recordPath('contact', contactId) : '',
    (api, signal) => api.crm.getContact({ params: { contactId }, signal }),
    !!contactId,
  );
  const company = useOne<CompanyView>(
    companyId ? recordPath('company', companyId) : '',
    (api, signal) => api.crm.getCompany({ params: { companyId }, signal }),
    !!companyId,
  );
  const all = [
    ...(contact.data?.emails ?? []).map((e) => e.value),
    ...(company.data?.emails ?? []).map((e) => e.value),
    ...(doc.buyer.email ? [doc.buyer.email] : []),
  ];
  return { emails: [...new Set(all)], loading: deal.isPending || (!!deal.data?.contactId && contact.isPending) };
}

export function SendDialog({ doc, path, onClose }: { doc: DocumentView; path: string; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const suggested = useSuggestedRecipients(doc);
  const [to, setTo] = useState<string[] | null>(null);
  const [cc, setCc] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  const [tried, setTried] = useState(false);
  const recipients = to ?? suggested.emails.slice(0, 1);
  const bad = [...recipients, ...cc].filter((e) => !EMAIL_RE.test(e));
  const send = useMutation({
    mutationFn: () =>
      (doc.type === 'invoice' ? api.crmDocs.sendInvoice : api.crmDocs.sendQuote)({
        params: { docId: doc.docId },
        body: {
          version: doc.version,
          to: recipients,
          ...(cc.length ? { cc } : {}),
          ...(message.trim() ? { message: message.trim() } : {}),
        },
      }),
    onSuccess: (view) => {
      qc.setQueryData(ck.one(path), view);
      invalidateLists(qc);
      notifications.show({ color: 'green', message: t('crm.doc.sent', { to: recipients.join(', ') }) });
      onClose();
    },
    onError: (e) => {
      const c = conflictCurrent<DocumentView>(e);
      if (c) qc.setQueryData(ck.one(path), c);
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (recipients.length && !bad.length) send.mutate();
      }}
      data-testid="send-dialog"
    >
      <Stack>
        <TagsInput
          label={t('crm.doc.to')}
          description={t('crm.doc.recipientsHint')}
          data={suggested.emails}
          value={recipients}
          onChange={setTo}
          splitChars={[',', ';', ' ']}
          acceptValueOnBlur
          maxTags={5}
          error={
            tried && !recipients.length
              ? t('crm.doc.toRequired')
              : bad.length
                ? t('crm.doc.emailInvalid', { value: bad[0] })
                : undefined
          }
          data-testid="send-to"
        />
        <TagsInput
          label={t('crm.doc.cc')}
          data={suggested.emails}
          value={cc}
          onChange={setCc}
          splitChars={[',', ';', ' ']}
          acceptValueOnBlur
          maxTags={5}
          data-testid="send-cc"
        />
        <Textarea
          label={t('crm.doc.message')}
          autosize
          minRows={3}
          maxRows={10}
          value={message}
          onChange={(e) => setMessage(e.currentTarget.value)}
          data-testid="send-message"
        />
        {isSellerNameRefusal(send.error) ? <SellerNameRefusal /> : send.error ? <ErrorNote error={send.error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('crm.common.cancel')}
          </Button>
          <Button
            type="submit"
            leftSection={<IconSend size={16} />}
            loading={send.isPending}
            data-testid="send-confirm"
          >
            {t('crm.doc.send')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function PaidDialog({ doc, path, onClose }: { doc: DocumentView; path: string; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const [date, setDate] = useState(today());
  const [won, setWon] = useState(true);
  const paid = useMutation({
    mutationFn: () => {
      // The day chosen, at the current time of day (never in the future for today).
      const now = new Date();
      const at = date === today() ? now : new Date(`${date}T12:00:00`);
      return api.crmDocs.paidInvoice({
        params: { docId: doc.docId },
        body: { version: doc.version, paidAt: at.toISOString(), moveDealToWon: won },
      });
    },
    onSuccess: (view) => {
      qc.setQueryData(ck.one(path), view);
      invalidateLists(qc);
      void qc.invalidateQueries({ queryKey: ck.one(recordPath('deal', doc.dealId)) });
      notifications.show({ color: 'green', message: t('crm.doc.paid') });
      onClose();
    },
    onError: (e) => {
      const c = conflictCurrent<DocumentView>(e);
      if (c) qc.setQueryData(ck.one(path), c);
    },
  });
  return (
    <Stack data-testid="paid-dialog">
      <TextInput
        type="date"
        label={t('crm.doc.paidAt')}
        value={date}
        max={today()}
        onChange={(e) => setDate(e.currentTarget.value)}
        data-testid="paid-date"
      />
      <Checkbox
        label={t('crm.doc.alsoWon')}
        checked={won}
        onChange={(e) => setWon(e.currentTarget.checked)}
        data-testid="paid-won"
      />
      {paid.error ? <ErrorNote error={paid.error} /> : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('crm.common.cancel')}
        </Button>
        <Button
          color="green"
          leftSection={<IconCash size={16} />}
          onClick={() => paid.mutate()}
          disabled={!date}
          loading={paid.isPending}
          data-testid="paid-confirm"
        >
          {t('crm.doc.markPaid')}
        </Button>
      </Group>
    </Stack>
  );
}

export function CancelDialog({ doc, path, onClose }: { doc: DocumentView; path: string; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const cancel = useMutation({
    mutationFn: () =>
      doc.type === 'invoice'
        ? api.crmDocs.cancelInvoice({
            params: { docId: doc.docId },
            body: { version: doc.version, reason: reason.trim() },
          })
        : api.crmDocs.quoteStatus({
            params: { docId: doc.docId },
            body: { version: doc.version, status: 'cancelled' },
          }),
    onSuccess: (view) => {
      qc.setQueryData(ck.one(path), view);
      invalidateLists(qc);
      onClose();
    },
  });
  return (
    <Stack>
      {doc.type === 'invoice' ? (
        <Textarea
          label={t('crm.doc.cancelReason')}
          required
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          autosize
          minRows={2}
          data-testid="cancel-reason"
        />
      ) : null}
      {cancel.error ? <ErrorNote error={cancel.error} /> : null}
      <Group justify="flex-end">
        <Button
          color="red"
          onClick={() => cancel.mutate()}
          disabled={doc.type === 'invoice' && !reason.trim()}
          loading={cancel.isPending}
          data-testid="cancel-confirm"
        >
          {doc.type === 'invoice' ? t('crm.doc.cancel') : t('crm.doc.cancelQuote')}
        </Button>
      </Group>
    </Stack>
  );
}
