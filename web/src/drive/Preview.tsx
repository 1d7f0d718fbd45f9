/**
 * What a file looks like in the browser, from a short-lived presigned URL: images, PDF (the browser's
 * viewer), text and Markdown (fetched, Markdown rendered then sanitised: no raw HTML, no scripts, links
 * open safely), audio and video in the browser's players. Used by the drive's preview modal and by the
 * anonymous public-link page.
 */
import { Alert, Anchor, Box, Center, Code, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { previewKind, type PreviewKind } from './format';
import { TEXT_PREVIEW_BYTES, textPreviewTruncated } from './preview-text';

export function renderMarkdown(src: string): string {
  const html = marked.parse(src, { async: false, gfm: true, breaks: false }) as string;
  const clean = DOMPurify.sanitize(html, {
    ALLOWED_TAGS: [
      'h1',
      'h2',
      'h3',
      'h4',
      'h5',
      'h6',
      'p',
      'br',
      'hr',
      'strong',
      'b',
      'em',
      'i',
      'del',
      's',
      'code',
      'pre',
      'blockquote',
      'ul',
      'ol',
      'li',
      'a',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'img',
      'input',
    ],
    ALLOWED_ATTR: ['href', 'src', 'alt', 'title', 'type', 'checked', 'disabled', 'align'],
    ALLOW_DATA_ATTR: false,
    RETURN_DOM_FRAGMENT: false,
  });
  // links: http(s)/mailto only, new tab, no referrer; images: https only (no tracking through data/http)
  const doc = new DOMParser().parseFromString(`<div>${clean}</div>`, 'text/html');
  doc.querySelectorAll('a').forEach((a) => {
    const href = a.getAttribute('href') ?? '';
    if (!/^(https?:|mailto:|#)/i.test(href)) a.removeAttribute('href');
    a.setAttribute('target', '_blank');
    a.setAttribute('rel', 'noopener noreferrer nofollow');
  });
  doc.querySelectorAll('img').forEach((img) => {
    if (!/^https:/i.test(img.getAttribute('src') ?? '')) img.removeAttribute('src');
  });
  doc.querySelectorAll('input').forEach((i) => {
    if (i.getAttribute('type') !== 'checkbox') i.remove();
    else i.setAttribute('disabled', '');
  });
  return doc.body.firstElementChild?.innerHTML ?? '';
}

function useText(url: string | undefined, enabled: boolean, fileSize: number) {
  return useQuery({
    queryKey: ['drive', 'preview-text', url],
    queryFn: async ({ signal }) => {
      const res = await fetch(url!, { signal, headers: { range: `bytes=0-${TEXT_PREVIEW_BYTES - 1}` } });
      if (!res.ok && res.status !== 206) throw new Error(`HTTP ${res.status}`);
      const buf = await res.arrayBuffer();
      const bytes = buf.byteLength > TEXT_PREVIEW_BYTES ? buf.slice(0, TEXT_PREVIEW_BYTES) : buf;
      return {
        text: new TextDecoder('utf-8', { fatal: false }).decode(bytes),
        truncated: textPreviewTruncated({
          status: res.status,
          contentRange: res.headers.get('content-range'),
          receivedBytes: buf.byteLength,
          fileSize,
        }),
      };
    },
    enabled: enabled && !!url,
    staleTime: 60_000,
    retry: false,
  });
}

function TextPreview({ url, kind, size }: { url: string; kind: PreviewKind; size: number }) {
  const { t } = useTranslation();
  const q = useText(url, true, size);
  const html = useMemo(() => (kind === 'markdown' && q.data ? renderMarkdown(q.data.text) : ''), [kind, q.data]);
  if (q.isPending) return <PreviewLoader />;
  if (q.isError) return <PreviewFailed />;
  return (
    <Stack gap="xs" w="100%" data-testid="preview-text" data-kind={kind}>
      {q.data.truncated ? (
        <Text size="xs" c="dimmed">
          {t('drive.preview.textTruncated')}
        </Text>
      ) : null}
      {kind === 'markdown' ? (
        <Box className="drive-markdown" data-testid="preview-markdown" dangerouslySetInnerHTML={{ __html: html }} />
      ) : (
        <Code block className="drive-text">
          {q.data.text}
        </Code>
      )}
    </Stack>
  );
}

function PreviewLoader() {
  const { t } = useTranslation();
  return (
    <Center mih={200} role="status" aria-live="polite">
      <Loader type="dots" aria-label={t('drive.preview.loading')} />
    </Center>
  );
}

function PreviewFailed() {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="light" role="alert" w="100%">
      {t('drive.preview.failed')}
    </Alert>
  );
}

/** The preview of one file; `url` is a presigned inline GET (undefined while it is being fetched). */
export function FilePreview({
  name,
  contentType,
  size,
  url,
  error,
}: {
  name: string;
  contentType: string;
  size: number;
  url: string | undefined;
  error?: boolean;
}) {
  const { t } = useTranslation();
  const kind = previewKind(name, contentType);
  if (error) return <PreviewFailed />;
  if (kind === 'none') {
    return (
      <Center mih={160} data-testid="preview-none">
        <Text c="dimmed">{t('drive.preview.none')}</Text>
      </Center>
    );
  }
  if (!url) return <PreviewLoader />;
  switch (kind) {
    case 'image':
      return (
        <Center w="100%">
          <img src={url} alt={name} className="drive-preview-image" data-testid="preview-image" />
        </Center>
      );
    case 'pdf':
      return (
        <Stack w="100%" gap="xs">
          <iframe
            src={url}
            title={t('drive.preview.title', { name })}
            className="drive-preview-pdf"
            data-testid="preview-pdf"
          />
          <Anchor
            href={url}
            target="_blank"
            rel="noopener noreferrer"
            size="sm"
            ta="center"
            data-testid="preview-pdf-open"
          >
            {t('drive.preview.openNewTab')}
          </Anchor>
        </Stack>
      );
    case 'audio':
      return <audio src={url} controls className="drive-preview-audio" data-testid="preview-audio" aria-label={name} />;
    case 'video':
      return <video src={url} controls className="drive-preview-video" data-testid="preview-video" aria-label={name} />;
    default:
      return <TextPreview url={url} kind={kind} size={size} />;
  }
}
