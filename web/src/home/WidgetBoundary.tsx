/**
 * One widget's failure stays in its card: a widget that throws while rendering, or whose code cannot load (a deploy
 * replaced its chunk, the network dropped), shows "could not be loaded", and the rest of Home keeps working. Retry
 * renders it again; a chunk that failed to load stays failed in React.lazy until the page is reloaded, so for that
 * case Retry reloads the page.
 */
import { Card, Text } from '@mantine/core';
import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { RetryAlert } from '../components/RetryAlert';

function WidgetFailed({ id, onRetry }: { id: string; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="lg" padding="lg" data-testid={`home-widget-${id}`} data-state="error">
      <RetryAlert onRetry={onRetry}>
        <Text size="sm">{t('home.widgetError')}</Text>
      </RetryAlert>
    </Card>
  );
}

/** Vite's and the browsers' words for a dynamic import that failed. */
const isChunkLoadError = (e: unknown) =>
  e instanceof Error && /dynamically imported module|Importing a module script failed|Loading chunk/i.test(e.message);

interface BoundaryState {
  failed: boolean;
  chunk: boolean;
}

export class WidgetBoundary extends Component<{ id: string; children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { failed: false, chunk: false };

  static getDerivedStateFromError(e: unknown): BoundaryState {
    return { failed: true, chunk: isChunkLoadError(e) };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    const retry = () => (this.state.chunk ? window.location.reload() : this.setState({ failed: false, chunk: false }));
    return <WidgetFailed id={this.props.id} onRetry={retry} />;
  }
}
