/** Small pure helpers of the drive pages: sizes, names, file kinds. */

/** 1536 → "1.5 KB" (binary units, one decimal under 10). */
export function formatBytes(n: number, locale = 'en'): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = Math.max(0, n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const digits = i === 0 || v >= 10 ? 0 : 1;
  return `${v.toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 })} ${units[i]}`;
}

export const NAME_MAX = 255;

/** Why a node name is refused (a key under drive.name), or undefined when it is fine. Mirrors the server's rule. */
export function nameProblem(
  raw: string,
  max = NAME_MAX,
): 'required' | 'slash' | 'control' | 'dots' | 'tooLong' | undefined {
  const name = raw.trim();
  if (!name) return 'required';
  if (/[/\\]/.test(name)) return 'slash';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'control';
  if (name === '.' || name === '..') return 'dots';
  if (name.length > max) return 'tooLong';
  return undefined;
}

export type PreviewKind = 'image' | 'pdf' | 'text' | 'markdown' | 'audio' | 'video' | 'none';

const TEXT_EXT = /\.(txt|csv|tsv|log|json|xml|ya?ml|ini|conf|ts|tsx|js|jsx|css|html?|py|java|go|rs|sh|sql|c|h|cpp)$/i;

/** How the browser can show a file. */
export function previewKind(name: string, contentType: string): PreviewKind {
  const ct = contentType.toLowerCase();
  if (/\.(md|markdown)$/i.test(name) || ct === 'text/markdown') return 'markdown';
  if (ct.startsWith('image/') && !ct.includes('tiff')) return 'image';
  if (ct === 'application/pdf' || /\.pdf$/i.test(name)) return 'pdf';
  if (ct.startsWith('audio/')) return 'audio';
  if (ct.startsWith('video/')) return 'video';
  if (ct.startsWith('text/') || ct === 'application/json' || ct === 'application/xml' || TEXT_EXT.test(name))
    return 'text';
  return 'none';
}

/** "report.final.pdf" → "pdf". */
export function extension(name: string): string {
  const i = name.lastIndexOf('.');
  return i > 0 ? name.slice(i + 1).toLowerCase() : '';
}
