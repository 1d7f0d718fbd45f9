/**
 * /crm/invoices/{id} and /crm/quotes/{id}: a document made from a deal's products (shared/crm/documents-contract.ts).
 * Status steps (what happened: ./doc-steps.ts); on drafts, what the seller's details lack (./seller-gaps.ts);
 * Issue (a gap-free number is given by the server); Open PDF (a 5-minute link opened in a new
 * tab — the tab is opened on the click, before the link is fetched, so pop-up blockers let it through); Send
 * (recipients suggested from the deal's contact and company e-mails and the buyer's); Mark paid (with "also
 * mark the deal won"; shown disabled on drafts, saying to issue first); Cancel with a reason (dialogs:
 * ./DocumentDialogs.tsx). A draft's due date, language and notes can still change. Quotes:
 * accepted / declined / cancelled and "Make invoice" from the quote.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
  Tooltip,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCash, IconExternalLink, IconFileCheck, IconSend, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { DocType, DocumentView } from '../../../shared/crm/documents-contract';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useApi } from '../services';
import { apiPaths } from '../../../shared/api/client';
import { ck, conflictCurrent } from './api-base';
import { invalidateLists } from './api';
import { ErrorNote, formatDate, formatDateTime, lang, money, PageHeader } from './common';
import { CancelDialog, PaidDialog, SendDialog } from './DocumentDialogs';
import { DocLines, DocStepper, isSellerNameRefusal, SellerNameRefusal, SellerNotice } from './DocumentParts';
import { percentText } from './moneyInput';

const STATUS_COLOR: Record<string, string> = {
  draft: 'gray',
  issued: 'blue',
  sent: 'indigo',
  paid: 'green',
  cancelled: 'red',
  accepted: 'green',
  declined: 'orange',
};

/** The document's API path: also its cache key. */
const docPath = (type: DocType, docId: string) =>
  type === 'invoice'
    ? apiPaths.crmDocs.getInvoice({ params: { docId } })
    : apiPaths.crmDocs.getQuote({ params: { docId } });

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={STATUS_COLOR[status] ?? 'gray'} data-testid="doc-status" data-status={status}>
      {t(`crm.doc.statuses.${status as 'draft'}`)}
    </Badge>
  );
}

function DraftFields({ doc, path }: { doc: DocumentView; path: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const [dueDate, setDueDate] = useState(doc.dueDate ?? '');
  const [language, setLanguage] = useState(doc.language);
  const [notes, setNotes] = useState(doc.notes ?? '');
  const save = useMutation({
    mutationFn: () =>
      (doc.type === 'invoice' ? api.crmDocs.patchInvoice : api.crmDocs.patchQuote)({
        params: { docId: doc.docId },
        body: { version: doc.version, dueDate: dueDate || null, language, notes: notes.trim() || null },
      }),
    onSuccess: (view) => {
      qc.setQueryData(ck.one(path), view);
      notifications.show({ message: t('crm.common.saved'), autoClose: 2000 });
    },
    onError: (e) => {
      const c = conflictCurrent<DocumentView>(e);
      if (c) qc.setQueryData(ck.one(path), c);
    },
  });
  return (
    <Stack gap="sm" data-testid="doc-draft-fields">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          type="date"
          label={t('crm.doc.dueDate')}
          value={dueDate}
          onChange={(e) => setDueDate(e.currentTarget.value)}
          data-testid="doc-due"
        />
        <Select
          label={t('crm.doc.language')}
          data={[
            { value: 'en', label: 'English' },
            { value: 'ro', label: 'Română' },
          ]}
          value={language}
          onChange={(v) => v && setLanguage(v as 'en' | 'ro')}
          allowDeselect={false}
          data-testid="doc-language"
        />
      </SimpleGrid>
      <Textarea
        label={t('crm.doc.notes')}
        autosize
        minRows={2}
        value={notes}
        onChange={(e) => setNotes(e.currentTarget.value)}
        data-testid="doc-notes"
      />
      {save.error ? <ErrorNote error={save.error} /> : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={() => save.mutate()} loading={save.isPending} data-testid="doc-save">
          {t('crm.common.save')}
        </Button>
      </Group>
    </Stack>
  );
}

function PartyCard({ title, lines }: { title: string; lines: (string | undefined | null)[] }) {
  return (
    <Card withBorder radius="md" p="sm">
      <Text size="xs" c="dimmed" fw={600} mb={4}>
        {title}
      </Text>
      {lines.filter(Boolean).map((l, i) => (
        <Text key={i} size="sm" fw={i === 0 ? 600 : undefined} style={{ overflowWrap: 'anywhere' }}>
          {l}
        </Text>
      ))}
    </Card>
  );
}

/** "Street, 400001 City, Region, RO" (a string address as it is). */
function addressLine(a: unknown): string {
  if (typeof a === 'string') return a;
  if (!a || typeof a !== 'object') return '';
  const x = a as { street?: string; city?: string; region?: string; postalCode?: string; country?: string };
  return [x.street, [x.postalCode, x.city].filter(Boolean).join(' '), x.region, x.country].filter(Boolean).join(', ');
}

function DocumentScreen({ type }: { type: DocType }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const api = useApi();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const phone = useMediaQuery('(max-width: 48em)');
  const path = docPath(type, id);
  const q = useQuery({
    queryKey: ck.one(path),
    queryFn: ({ signal }) =>
      (type === 'invoice' ? api.crmDocs.getInvoice : api.crmDocs.getQuote)({ params: { docId: id }, signal }),
    enabled: id !== '',
    retry: 1,
  });
  const doc = q.data;
  useDocumentTitle(doc ? `${t(`crm.doc.${type}`)} ${doc.number ?? ''}` : t(`crm.doc.${type}`));
  const [dialog, setDialog] = useState<'send' | 'paid' | 'cancel' | null>(null);
  const [pdfFallback, setPdfFallback] = useState<string | null>(null);
  const onDone = (view: DocumentView) => {
    qc.setQueryData(ck.one(path), view);
    invalidateLists(qc);
  };
  const issue = useMutation({
    mutationFn: () => api.crmDocs.issueInvoice({ params: { docId: id }, body: { version: doc?.version ?? 0 } }),
    onSuccess: (view) => {
      onDone(view);
      notifications.show({ color: 'green', message: t('crm.doc.issued', { number: view.number ?? '' }) });
    },
    onError: (e) => {
      const c = conflictCurrent<DocumentView>(e);
      if (c) qc.setQueryData(ck.one(path), c);
    },
  });
  const decide = useMutation({
    mutationFn: (status: 'accepted' | 'declined') =>
      api.crmDocs.quoteStatus({ params: { docId: id }, body: { version: doc?.version ?? 0, status } }),
    onSuccess: onDone,
  });
  const toInvoice = useMutation({
    mutationFn: () => api.crmDocs.createInvoice({ body: { dealId: doc?.dealId ?? '', fromQuoteId: doc?.docId } }),
    onSuccess: (view) => {
      invalidateLists(qc);
      void navigate(`/crm/invoices/${view.docId}`);
    },
  });
  const pdf = useMutation({
    mutationFn: () => (type === 'invoice' ? api.crmDocs.invoicePdf : api.crmDocs.quotePdf)({ params: { docId: id } }),
  });
  const openPdf = () => {
    setPdfFallback(null);
    // Open the tab inside the click (allowed by pop-up blockers), then point it at the link once it is here.
    const w = window.open('', '_blank');
    pdf.mutate(undefined, {
      onSuccess: (link) => {
        if (w && !w.closed) {
          w.opener = null;
          w.location.href = link.url;
        } else setPdfFallback(link.url);
      },
      onError: () => w?.close(),
    });
  };

  if (q.isPending) return <Skeleton h={300} />;
  if (!doc)
    return (
      <Alert color="yellow" data-testid="crm-not-found">
        {t('crm.common.notFound')}
      </Alert>
    );
  const s = doc.status;
  const canIssue = type === 'invoice' && s === 'draft';
  const canSend = type === 'invoice' ? s === 'draft' || s === 'issued' || s === 'sent' : s === 'draft' || s === 'sent';
  const canPay = type === 'invoice' && (s === 'issued' || s === 'sent');
  const canCancel = type === 'invoice' ? s === 'draft' || s === 'issued' || s === 'sent' : s !== 'cancelled';
  const cur = doc.currency;
  const locale = lang();
  const issueRefused = isSellerNameRefusal(issue.error);

  return (
    <Stack gap="md" data-testid={`${type}-page`} data-doc-id={doc.docId} data-status={doc.status}>
      <PageHeader
        title={
          <>
            {t(`crm.doc.${type}`)} <span data-testid="doc-number">{doc.number ?? t('crm.doc.draft')}</span>
          </>
        }
        testId="doc-title"
      >
        <StatusBadge status={doc.status} />
      </PageHeader>
      <Group gap="xs" wrap="wrap" data-testid="doc-actions">
        {canIssue ? (
          <Button
            leftSection={<IconFileCheck size={16} />}
            onClick={() => issue.mutate()}
            loading={issue.isPending}
            data-testid="doc-issue"
          >
            {t('crm.doc.issue')}
          </Button>
        ) : null}
        <Button
          variant="default"
          leftSection={<IconExternalLink size={16} />}
          onClick={openPdf}
          loading={pdf.isPending}
          data-testid="doc-pdf"
        >
          {t('crm.doc.openPdf')}
        </Button>
        {canSend ? (
          <Button
            variant={canIssue ? 'default' : 'filled'}
            leftSection={<IconSend size={16} />}
            onClick={() => setDialog('send')}
            data-testid="doc-send"
          >
            {t('crm.doc.send')}
          </Button>
        ) : null}
        {canPay ? (
          <Button
            color="green"
            leftSection={<IconCash size={16} />}
            onClick={() => setDialog('paid')}
            data-testid="doc-paid"
          >
            {t('crm.doc.markPaid')}
          </Button>
        ) : canIssue ? (
          // Shown but not usable on a draft, saying why (data-disabled keeps it focusable so the tooltip can show).
          <Tooltip label={t('crm.doc.payAfterIssue')} events={{ hover: true, focus: true, touch: true }}>
            <Button
              color="green"
              variant="light"
              leftSection={<IconCash size={16} />}
              data-disabled
              aria-disabled
              aria-describedby="doc-paid-hint"
              onClick={(e) => e.preventDefault()}
              data-testid="doc-paid"
            >
              {t('crm.doc.markPaid')}
            </Button>
          </Tooltip>
        ) : null}
        {type === 'quote' && s === 'sent' ? (
          <>
            <Button
              color="green"
              variant="light"
              onClick={() => decide.mutate('accepted')}
              loading={decide.isPending && decide.variables === 'accepted'}
              data-testid="quote-accept"
            >
              {t('crm.doc.accept')}
            </Button>
            <Button
              color="orange"
              variant="light"
              onClick={() => decide.mutate('declined')}
              loading={decide.isPending && decide.variables === 'declined'}
              data-testid="quote-decline"
            >
              {t('crm.doc.decline')}
            </Button>
          </>
        ) : null}
        {type === 'quote' && s !== 'cancelled' && s !== 'declined' ? (
          <Button
            variant="default"
            onClick={() => toInvoice.mutate()}
            loading={toInvoice.isPending}
            data-testid="quote-to-invoice"
          >
            {t('crm.deal.makeInvoice')}
          </Button>
        ) : null}
        {canCancel ? (
          <Button
            variant="subtle"
            color="red"
            leftSection={<IconX size={16} />}
            onClick={() => setDialog('cancel')}
            data-testid="doc-cancel"
          >
            {type === 'invoice' ? t('crm.doc.cancel') : t('crm.doc.cancelQuote')}
          </Button>
        ) : null}
      </Group>
      {pdfFallback ? (
        <Alert color="yellow" data-testid="pdf-fallback">
          {t('crm.doc.popupBlocked')}
          <Anchor href={pdfFallback} target="_blank" rel="noopener">
            {t('crm.doc.openPdf')}
          </Anchor>
        </Alert>
      ) : null}
      {canIssue ? (
        <Text size="xs" id="doc-paid-hint" data-testid="doc-paid-hint">
          {t('crm.doc.payAfterIssue')}
        </Text>
      ) : null}
      {issueRefused ? <SellerNameRefusal /> : null}
      {[issueRefused ? null : issue.error, pdf.error, decide.error, toInvoice.error].filter(Boolean).map((e, i) => (
        <ErrorNote key={i} error={e} />
      ))}
      {!phone ? <DocStepper doc={doc} /> : null}
      <SellerNotice doc={doc} />
      {doc.status === 'cancelled' && doc.cancelReason ? (
        <Alert color="red">
          {t('crm.doc.cancelReason')}: {doc.cancelReason}
        </Alert>
      ) : null}
      <Group gap="md" wrap="wrap">
        <Text size="sm">
          {t('crm.doc.deal')}:{' '}
          <Anchor component={Link} to={`/crm/deals/${doc.dealId}`} data-testid="doc-deal-link">
            {doc.dealTitle}
          </Anchor>
        </Text>
        {doc.issueDate ? (
          <Text size="sm">
            {t('crm.doc.issueDate')}: {formatDate(doc.issueDate)}
          </Text>
        ) : null}
        {doc.dueDate ? (
          <Text size="sm">
            {t('crm.doc.dueDate')}: {formatDate(doc.dueDate)}
          </Text>
        ) : null}
        {doc.sentAt ? (
          <Text size="sm" data-testid="doc-sent-to">
            {t('crm.doc.sent', { to: doc.sentTo.join(', ') })} · {formatDateTime(doc.sentAt)}
          </Text>
        ) : null}
        {doc.paidAt ? (
          <Text size="sm" c="green" data-testid="doc-paid-at">
            {t('crm.doc.statuses.paid')}: {formatDate(doc.paidAt)}
          </Text>
        ) : null}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <PartyCard
          title={t('crm.doc.seller')}
          lines={[
            doc.seller.legalName,
            doc.seller.vatId,
            doc.seller.regNo,
            addressLine(doc.seller.address),
            doc.seller.iban,
            doc.seller.bank,
            doc.seller.email,
          ]}
        />
        <PartyCard
          title={t('crm.doc.buyer')}
          lines={[
            doc.buyer.name,
            doc.buyer.contactName,
            doc.buyer.vatId,
            doc.buyer.regNo,
            addressLine(doc.buyer.address),
            doc.buyer.email,
            doc.buyer.phone,
          ]}
        />
      </SimpleGrid>
      <Card withBorder radius="md">
        <DocLines doc={doc} phone={!!phone} />
        <Stack gap={2} align="flex-end" mt="sm" data-testid="doc-totals">
          <Text size="sm">
            {t('crm.lines.net')}: {money(doc.totals.net, cur)}
          </Text>
          {doc.totals.taxGroups.map((g) => (
            <Text size="sm" c="dimmed" key={g.rateBp}>
              {t('crm.lines.taxTotal')} {percentText(g.rateBp, locale)} % ({money(g.base, cur)}): {money(g.tax, cur)}
            </Text>
          ))}
          <Text fw={700}>
            {t('crm.lines.total')}: <span data-testid="doc-total">{money(doc.totals.total, cur)}</span>
          </Text>
        </Stack>
      </Card>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          {doc.status === 'draft' ? (
            <Card withBorder radius="md">
              <DraftFields key={doc.version} doc={doc} path={path} />
            </Card>
          ) : doc.notes ? (
            <Card withBorder radius="md">
              <Title order={3} size="h6">
                {t('crm.doc.notes')}
              </Title>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {doc.notes}
              </Text>
            </Card>
          ) : null}
        </Grid.Col>
      </Grid>
      <Modal opened={dialog === 'send'} onClose={() => setDialog(null)} title={t('crm.doc.sendTitle')} size="lg">
        {dialog === 'send' ? <SendDialog doc={doc} path={path} onClose={() => setDialog(null)} /> : null}
      </Modal>
      <Modal opened={dialog === 'paid'} onClose={() => setDialog(null)} title={t('crm.doc.paidTitle')}>
        {dialog === 'paid' ? <PaidDialog doc={doc} path={path} onClose={() => setDialog(null)} /> : null}
      </Modal>
      <Modal
        opened={dialog === 'cancel'}
        onClose={() => setDialog(null)}
        title={type === 'invoice' ? t('crm.doc.cancelTitle') : t('crm.doc.cancelQuoteTitle')}
      >
        {dialog === 'cancel' ? <CancelDialog doc={doc} path={path} onClose={() => setDialog(null)} /> : null}
      </Modal>
    </Stack>
  );
}

export function InvoicePage() {
  return <DocumentScreen type="invoice" />;
}

export function QuotePage() {
  return <DocumentScreen type="quote" />;
}
