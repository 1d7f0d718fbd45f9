import { SegmentedControl, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../../shared/i18n/languages';
import { isLanguage } from '../i18n';
import { useLanguage } from '../i18n/useLanguage';

/** EN / RO switch: a radio group (arrow keys move between languages), full names for screen readers. */
export function LanguageSwitch({ size = 'xs' }: { size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  const { language, change } = useLanguage();
  return (
    <SegmentedControl
      size={size}
      radius="xl"
      value={language}
      onChange={(v) => isLanguage(v) && change(v)}
      aria-label={t('header.chooseLanguage')}
      data-testid="language-switch"
      data={LANGUAGES.map((l: Language) => ({
        value: l,
        label: (
          <span lang={l}>
            <span aria-hidden="true">{l.toUpperCase()}</span>
            <VisuallyHidden>{t(`languages.${l}`)}</VisuallyHidden>
          </span>
        ),
      }))}
    />
  );
}
