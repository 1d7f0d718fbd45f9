/** The pool's password rules as a live checklist under a new-password field (registration, reset, invitation). */
import { List, Text, ThemeIcon, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconPoint } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PASSWORD_RULES, passwordChecks } from '../../../../shared/security/password-policy';

export function PasswordRules({ password, id }: { password: string; id: string }) {
  const { t } = useTranslation();
  const checks = passwordChecks(password);
  return (
    <div id={id} data-testid={id}>
      <Text size="sm" fw={500} mb={4}>
        {t('passwords.reset.rulesTitle')}
      </Text>
      <List spacing={2} size="sm" center>
        {PASSWORD_RULES.map((r) => (
          <List.Item
            key={r}
            data-rule={r}
            data-met={checks[r]}
            c={checks[r] ? 'teal.8' : 'dimmed'}
            icon={
              <ThemeIcon
                size={18}
                radius="xl"
                color={checks[r] ? 'teal' : 'gray'}
                variant={checks[r] ? 'filled' : 'light'}
                aria-hidden="true"
              >
                {checks[r] ? <IconCheck size={12} /> : <IconPoint size={12} />}
              </ThemeIcon>
            }
          >
            {t(`passwords.reset.rules.${r}`)}
            <VisuallyHidden> ({checks[r] ? t('passwords.reset.met') : t('passwords.reset.unmet')})</VisuallyHidden>
          </List.Item>
        ))}
      </List>
    </div>
  );
}
