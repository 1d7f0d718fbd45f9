/**
 * The font files the PDFs embed, inside the `dejavu-fonts-ttf` package. The Lambda bundle ships only these (the
 * package has 22 fonts, 12 MB): infra/constructs/feature-bundling.ts prunes the rest after CDK installs it.
 */
export const FONT_PACKAGE = 'dejavu-fonts-ttf';
export const FONT_FILES = { regular: 'ttf/DejaVuSans.ttf', bold: 'ttf/DejaVuSans-Bold.ttf' } as const;
