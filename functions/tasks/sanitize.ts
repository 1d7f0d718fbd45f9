/** Tasks' rich text is sanitised by the shared sanitiser (calendar event descriptions use the same one). */
export { plainOf, sanitizeRichText } from '../../shared/security/rich-text-sanitize';
