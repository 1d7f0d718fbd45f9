/**
 * Duplicate lookups (design §4): ONE Query per key (`PK = CRMDUP#{E|P|N}#{norm}`, Limit 20), all keys of a check in
 * parallel, + ONE Query of the record's NOTDUP# rows when checking an existing record. Matches I may not see are
 * answered without id and name (only who holds them), so the duplicate check leaks no customer data across departments.
 */
import type { DuplicateMatch, RecordType } from '../../shared/crm/contract';
import { LIMITS } from '../../shared/crm/contract';
import { companyKey, matchedOn, normEmail, normPhone, personKey, type DupKey } from '../../shared/crm/dedupe';
import { dupPk, recordPk } from '../../shared/crm/keys';
import { canSee } from '../../shared/crm/policy';
import { BadRequestError } from '../../shared/http/errors';
import { queryRaw, type Vis } from './common';

export async function notDuplicatesOf(recordId: string): Promise<Set<string>> {
  const { items } = await queryRaw({ pk: recordPk(recordId), prefix: 'NOTDUP#', forward: true, limit: 200 });
  return new Set(items.map((r) => (r.SK as string).slice('NOTDUP#'.length)));
}

export async function findDuplicates(
  vis: Vis,
  keys: readonly DupKey[],
  opts: { excludeId?: string; types?: readonly RecordType[]; notDup?: Set<string> } = {},
): Promise<DuplicateMatch[]> {
  if (!keys.length) return [];
  const pages = await Promise.all(
    keys.map((k) => queryRaw({ pk: dupPk(k.kind, k.norm), forward: true, limit: LIMITS.duplicateMatches })),
  );
  const byId = new Map<string, DuplicateMatch>();
  pages.forEach((page, i) => {
    const key = keys[i]!;
    for (const row of page.items) {
      const id = row.id as string;
      const type = row.type as RecordType;
      if (id === opts.excludeId || opts.notDup?.has(id)) continue;
      if (opts.types && !opts.types.includes(type)) continue;
      const on = matchedOn(key.kind);
      const m = byId.get(id);
      if (m) {
        if (!m.matchedOn.includes(on)) m.matchedOn.push(on);
        continue;
      }
      const visible = canSee(vis, {
        responsibleId: row.responsibleId as string,
        deptId: (row.deptId as string | undefined) ?? null,
      });
      byId.set(id, {
        type,
        ...(visible ? { id, name: row.name as string } : {}),
        responsibleId: row.responsibleId as string,
        responsibleName: (row.responsibleName as string) ?? '',
        matchedOn: [on],
        visible,
      });
    }
  });
  // Invisible matches of the same person collapse into one line per holder and type.
  const out: DuplicateMatch[] = [];
  const hidden = new Set<string>();
  for (const m of byId.values()) {
    if (!m.visible) {
      const k = `${m.type}|${m.responsibleId}`;
      if (hidden.has(k)) continue;
      hidden.add(k);
    }
    out.push(m);
  }
  return out;
}

/** Keys of GET /crm/duplicates?email&phone&name&company. */
export function keysOfQuery(
  q: {
    type?: string | undefined;
    email?: string | undefined;
    phone?: string | undefined;
    name?: string | undefined;
    company?: string | undefined;
  },
  country: string,
): DupKey[] {
  const keys: DupKey[] = [];
  if (q.email) {
    const norm = normEmail(q.email);
    if (!norm) throw new BadRequestError('Invalid e-mail', [{ path: 'query.email', reason: 'not an e-mail address' }]);
    keys.push({ kind: 'E', norm });
  }
  if (q.phone) {
    const e164 = normPhone(q.phone, country);
    if (!e164)
      throw new BadRequestError('Invalid phone number', [{ path: 'query.phone', reason: 'not a valid phone number' }]);
    keys.push({ kind: 'P', norm: e164 });
  }
  if (q.company) {
    const ck = companyKey(q.company);
    if (q.name && personKey(q.name) && ck) keys.push({ kind: 'N', norm: `${personKey(q.name)}|${ck}` });
    if (ck && (!q.name || q.type === 'company' || !q.type)) keys.push({ kind: 'N', norm: ck });
  } else if (q.name && q.type === 'company') {
    const ck = companyKey(q.name);
    if (ck) keys.push({ kind: 'N', norm: ck });
  }
  return keys;
}
