/**
 * Characters refused in what people type, in one place for every contract (zod):
 * - control characters (C0 except tab, newline and carriage return; DEL; in names also C1): a NUL, BEL or ESC
 *   stored in a comment ends up in e-mails, CSV exports and terminals;
 * - in file and attachment names also the bidi embedding / override / isolate controls (U+202A–U+202E,
 *   U+2066–U+2069), which make `invoice‮fdp.exe` read as `invoiceexe.pdf`, and names that are paths
 *   (`/`, `\`, `.`, `..`).
 */
import * as z from 'zod';

// eslint-disable-next-line no-control-regex
export const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** The same, written as HTML numeric character references (`&#7;`, `&#x1b;`): rich text is HTML. */
export const CONTROL_CHAR_REFS = /&#(?:x0*(?:[0-8bcef]|1[0-9a-f]|7f)|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]|127));/i;
// eslint-disable-next-line no-control-regex
const NAME_CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;

export const CONTROL_MESSAGE = 'contains control characters that are not allowed';

/** Rich text (HTML from the editor, sanitised by the server before storing): no control characters. */
export const richText = (max: number) =>
  z
    .string()
    .max(max, { message: `at most ${max} characters` })
    .refine((s) => !CONTROL_CHARS.test(s) && !CONTROL_CHAR_REFS.test(s), { message: CONTROL_MESSAGE });

/**
 * A file, folder or attachment name: trimmed, 1–max characters, no `/` or `\`, no control or bidi control
 * characters, not `.` or `..`. Shown as text only: storage keys never contain it.
 */
export const fileName = (max: number) =>
  z
    .string({ message: 'required' })
    .trim()
    .min(1, { message: 'required' })
    .max(max, { message: `at most ${max} characters` })
    .refine((s) => !/[/\\]/.test(s), { message: 'must not contain / or \\' })
    .refine((s) => !NAME_CONTROL_CHARS.test(s), { message: 'must not contain control characters' })
    .refine((s) => !BIDI_CONTROLS.test(s), {
      message: 'must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069)',
    })
    .refine((s) => s !== '.' && s !== '..', { message: 'must not be . or ..' });
