/**
 * Quote / invoice PDF entry point. The layout (./layout.ts) needs pdf-lib and @pdf-lib/fontkit, over a megabyte of
 * JavaScript: it is imported on the first PDF a container renders, so crm-docs' other routes and its stream consumer
 * do not pay for it at cold start (issue 11 §5).
 */
import type { PdfInput } from './layout';

export type { PdfInput } from './layout';

let layout: Promise<typeof import('./layout')> | undefined;

/** The document's PDF bytes (stable: the same input gives the same file). */
export async function renderDocumentPdf(input: PdfInput): Promise<Uint8Array> {
  layout ??= import('./layout');
  return (await layout).renderDocumentPdf(input);
}
