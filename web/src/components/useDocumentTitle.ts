import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useOptionalConfig } from '../config';

/** "<page> · Portal · <tenant>" in the tab title. */
export function useDocumentTitle(page: string) {
  const { t } = useTranslation();
  const tenant = useOptionalConfig()?.tenant;
  useEffect(() => {
    document.title = [page, t('app.name'), tenant].filter(Boolean).join(' · ');
  }, [page, t, tenant]);
}
