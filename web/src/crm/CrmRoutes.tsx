/**
 * /crm/*: the CRM section — a row of section links above the section's page. On phones the row scrolls sideways:
 * the active section is scrolled into view (centred) on every route change, and faded edges show there is more.
 * Reports (charts) and the import wizard load as their own chunks.
 */
import { Box, Center, Loader, UnstyledButton } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useContext, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes, useLocation } from 'react-router';
import type { CrmFrame } from '../../../shared/crm/contract';
import type { JobProgressFrame } from '../../../shared/crm/intake-contract';
import { NotFoundPage } from '../pages/NotFoundPage';
import { LiveContext } from '../services';
import { invalidateLists, TYPE_ROUTE } from './api';
import { useMe } from './common';
import { DealPage } from './DealPage';
import { DealsBoardPage } from './DealsBoardPage';
import { DealsListPage } from './DealsListPage';
import { InvoicePage, QuotePage } from './DocumentPage';
import { InvoicesPage } from './InvoicesPage';
import { LeadPage } from './LeadPage';
import { LeadsPage } from './LeadsPage';
import { ProductsPage } from './ProductsPage';
import { RecordListPage } from './RecordListPage';
import { RecordPage } from './RecordPage';
import './crm.css';

const ReportsPage = lazy(() => import('./ReportsPage').then((m) => ({ default: m.ReportsPage })));
const ImportPage = lazy(() => import('./ImportPage').then((m) => ({ default: m.ImportPage })));
const SettingsPage = lazy(() => import('./SettingsPage').then((m) => ({ default: m.SettingsPage })));

const SECTIONS = [
  { key: 'deals', to: '/crm', end: true },
  { key: 'leads', to: '/crm/leads' },
  { key: 'contacts', to: '/crm/contacts' },
  { key: 'companies', to: '/crm/companies' },
  { key: 'invoices', to: '/crm/invoices' },
  { key: 'products', to: '/crm/products' },
  { key: 'reports', to: '/crm/reports' },
  { key: 'import', to: '/crm/import' },
  { key: 'settings', to: '/crm/settings', admin: true },
] as const;

/** Scrolls the row so the active link is centred (never the page), and says which edges hide more links. */
function useActiveInView() {
  const { pathname } = useLocation();
  const ref = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState({ start: false, end: false });
  const measure = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const start = el.scrollLeft > 1;
    const end = el.scrollLeft + el.clientWidth < el.scrollWidth - 1;
    setMore((m) => (m.start === start && m.end === end ? m : { start, end }));
  }, []);
  useLayoutEffect(() => {
    const el = ref.current;
    const active = el?.querySelector<HTMLElement>('.crm-nav-link.active');
    if (el && active && el.scrollWidth > el.clientWidth) {
      const target = active.offsetLeft - (el.clientWidth - active.offsetWidth) / 2;
      el.scrollLeft = Math.max(0, Math.min(target, el.scrollWidth - el.clientWidth));
    }
    measure();
  }, [pathname, measure]);
  useEffect(() => {
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [measure]);
  return { ref, more, measure };
}

function CrmNav() {
  const { t } = useTranslation();
  const me = useMe();
  const { ref, more, measure } = useActiveInView();
  return (
    <div
      ref={ref}
      className="crm-nav-scroll"
      onScroll={measure}
      data-more-start={more.start || undefined}
      data-more-end={more.end || undefined}
      data-testid="crm-nav-scroll"
    >
      <nav aria-label={t('crm.nav.label')} className="crm-nav" data-testid="crm-nav">
        {SECTIONS.filter((s) => !('admin' in s) || me.isAdmin).map((s) => (
          <UnstyledButton
            key={s.key}
            component={NavLink}
            to={s.to}
            end={'end' in s ? s.end : false}
            className="crm-nav-link"
            data-testid={`crm-nav-${s.key}`}
          >
            {t(`crm.nav.${s.key}`)}
          </UnstyledButton>
        ))}
      </nav>
    </div>
  );
}

const Wait = () => (
  <Center mih="30vh">
    <Loader type="dots" />
  </Center>
);

/**
 * Live frames: `crm.record.changed` (a record of mine changed — e.g. a lead given to me, a deal moved by someone
 * else) refetches boards, lists and that record; `crm.job.progress` refreshes the import/export job.
 */
function useCrmFrames() {
  const live = useContext(LiveContext);
  const qc = useQueryClient();
  useEffect(() => {
    if (!live) return undefined;
    return live.onFrame((raw) => {
      if (raw.type === 'crm.record.changed') {
        const f = raw as unknown as CrmFrame;
        invalidateLists(qc);
        const base = TYPE_ROUTE[f.recordType];
        if (base) void qc.invalidateQueries({ queryKey: ['crm', 'one', `${base}/${encodeURIComponent(f.id)}`] });
      } else if (raw.type === 'crm.job.progress') {
        const f = raw as unknown as JobProgressFrame;
        void qc.invalidateQueries({ queryKey: ['crm', 'job', f.jobId] });
      }
    });
  }, [live, qc]);
}

export function CrmRoutes() {
  useCrmFrames();
  return (
    <Box className="crm-page" data-testid="crm-page">
      <CrmNav />
      <Suspense fallback={<Wait />}>
        <Routes>
          <Route index element={<DealsBoardPage />} />
          <Route path="deals" element={<DealsListPage />} />
          <Route path="deals/:id" element={<DealPage />} />
          <Route path="leads" element={<LeadsPage />} />
          <Route path="leads/:id" element={<LeadPage />} />
          <Route path="contacts" element={<RecordListPage type="contact" />} />
          <Route path="contacts/:id" element={<RecordPage type="contact" />} />
          <Route path="companies" element={<RecordListPage type="company" />} />
          <Route path="companies/:id" element={<RecordPage type="company" />} />
          <Route path="invoices" element={<InvoicesPage />} />
          <Route path="invoices/:id" element={<InvoicePage />} />
          <Route path="quotes/:id" element={<QuotePage />} />
          <Route path="products" element={<ProductsPage />} />
          <Route path="reports" element={<ReportsPage />} />
          <Route path="import" element={<ImportPage />} />
          <Route path="settings" element={<SettingsPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </Box>
  );
}
