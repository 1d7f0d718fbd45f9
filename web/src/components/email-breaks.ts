/**
 * Where an e-mail address may wrap: first after the "@" ("ana.popescu@ / example.com"); only a part longer than
 * the line also wraps before its dots ("mail.example / .co.uk"); never inside a word ("example.co / m").
 *
 * The address is two groups — the local part with its "@", then the domain — each a list of pieces that start at
 * a dot. EmailText renders each group as one inline-block (so a group moves to the next line whole) with a <wbr>
 * between its pieces (used only when the group alone is wider than the line).
 */
export function emailGroups(email: string): string[][] {
  const at = email.lastIndexOf('@');
  const parts = at < 0 ? [email] : [email.slice(0, at + 1), email.slice(at + 1)];
  return parts.filter((p) => p !== '').map((p) => p.split(/(?=\.)/).filter((s) => s !== ''));
}
