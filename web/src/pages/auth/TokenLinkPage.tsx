/**
 * The pages behind e-mailed one-time links (reset a password, accept an invitation, confirm a
 * registration) share one shape: read `?token=`, ask the API what the link is worth (nothing is used
 * by the check), say "checking…", offer a retry when the server cannot answer, give each dead state
 * (used, expired, revoked, unknown…) its own clear page, and show the page's form when the link is
 * valid. The form reports a link that died in the meantime through `onDead`.
 */
import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconAlertTriangle, IconClockX, IconInfoCircle, IconLinkOff } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { ApiClient } from '../../../../shared/api/client';
import { ApiError } from '../../api/client';
import { useApi } from '../../services';
import { AuthFrame } from './AuthFrame';

/** What a link check answers: valid with what the page needs, or one of the page's dead states. */
export type LinkCheck<A, D extends string> = { state: 'valid'; answer: A } | { state: D };

export interface TokenLinkPageProps<A, D extends string> {
  /** The frame's title while checking and when the server cannot answer. */
  title: string;
  checkingText: string;
  errorText: (network: boolean) => string;
  check: (api: ApiClient, token: string) => Promise<LinkCheck<A, D>>;
  /** The dead state of a link without a token. */
  missing: D;
  dead: (state: D) => ReactNode;
  children: (valid: { token: string; answer: A; onDead: (state: D) => void }) => ReactNode;
}

export function TokenLinkPage<A, D extends string>(props: TokenLinkPageProps<A, D>) {
  const { check, missing } = props;
  const api = useApi();
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [dead, setDead] = useState<D | null>(null);
  // A plain request, not a cached query: the app clears the query cache when it settles on "signed out".
  const [checked, setChecked] = useState<{
    token: string;
    result: LinkCheck<A, D> | { state: 'error'; network: boolean };
  } | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!token) return;
    let live = true;
    check(api, token).then(
      (result) => live && setChecked({ token, result }),
      (err: unknown) =>
        live && setChecked({ token, result: { state: 'error', network: err instanceof ApiError && err.isNetwork } }),
    );
    return () => {
      live = false;
    };
  }, [api, check, token, attempt]);

  if (dead) return props.dead(dead);
  if (!token) return props.dead(missing);
  if (checked?.token !== token) {
    return (
      <AuthFrame title={props.title} testId="link-checking">
        <Center py="lg" role="status" aria-live="polite">
          <Stack align="center" gap="xs">
            <Loader type="dots" />
            <Text c="dimmed" size="sm">
              {props.checkingText}
            </Text>
          </Stack>
        </Center>
      </AuthFrame>
    );
  }
  const { result } = checked;
  if ('network' in result) {
    return (
      <AuthFrame title={props.title} testId="link-check-error">
        <Stack gap="md">
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
            {props.errorText(result.network)}
          </Alert>
          <Button
            variant="light"
            onClick={() => {
              setChecked(null);
              setAttempt((a) => a + 1);
            }}
          >
            {t('common.retry')}
          </Button>
        </Stack>
      </AuthFrame>
    );
  }
  if (result.state !== 'valid') return props.dead(result.state as D);
  return props.children({ token, answer: (result as { answer: A }).answer, onDead: setDead });
}

type Tone = 'info' | 'warning' | 'danger';
const TONE_COLOR: Record<Tone, string> = { info: 'blue', warning: 'yellow', danger: 'red' };

/**
 * A link that can no longer be used, on its own page: a title that says what happened, a message,
 * and the ways on (ask for a new link, sign in…). `data-state` names the state for tests.
 */
export function LinkStatePanel(props: {
  title: string;
  state: string;
  message: ReactNode;
  tone: Tone;
  frameTestId: string;
  testId: string;
  children?: ReactNode;
}) {
  const { state, tone } = props;
  const Icon =
    state === 'expired'
      ? IconClockX
      : tone === 'info'
        ? IconInfoCircle
        : state === 'used'
          ? IconAlertTriangle
          : IconLinkOff;
  return (
    <AuthFrame title={props.title} testId={props.frameTestId}>
      <Stack gap="md" data-state={state} data-testid={props.testId}>
        <Alert color={TONE_COLOR[tone]} variant="light" icon={<Icon size={18} />}>
          {props.message}
        </Alert>
        {props.children}
      </Stack>
    </AuthFrame>
  );
}
