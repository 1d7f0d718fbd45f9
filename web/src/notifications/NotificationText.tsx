/**
 * A notification in words, in the interface language: the sentence from shared/notifications/texts.ts (the
 * one place of every kind's text, also used by the e-mails), with a second line (a message's beginning) when
 * the kind has one. Dates in the sentence are shown in the person's time zone. Params are plain text.
 */
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { NotificationView } from '../../../shared/notifications/contract';
import { notificationLang, notificationText } from '../../../shared/notifications/texts';
import { displayTimeZone } from '../components/time';

export function NotificationText({ n }: { n: Pick<NotificationView, 'kind' | 'params'> }) {
  const { i18n } = useTranslation();
  const tz = displayTimeZone();
  const words = notificationText(n, notificationLang(i18n.language), tz ? { timeZone: tz } : {});
  return (
    <>
      <Text size="sm" data-testid="bell-text" data-kind={n.kind}>
        {words.text}
      </Text>
      {words.detail ? (
        <Text size="xs" c="dimmed" lineClamp={2}>
          {words.detail}
        </Text>
      ) : null}
    </>
  );
}
