/**
 * CRM key strings of the single table (design §2.2). One place for every PK/SK/GSI key so the row builders
 * (./records.ts), the routes and the other CRM features (crm-docs, crm-intake, crm-jobs, the bench) agree.
 *
 *   record      CRM#{id} / REC
 *   index row   CRM#{id} / IX#{A | U#{userId} | D#{deptId}}
 *                 GSI1 CRMS#{scope}#{type}#{pipelineId|_}#{stageId|status}  {movedAt}#{id}
 *                 GSI2 CRMS#{scope}#{type}                                    {updatedAt}#{id}
 *                 GSI3 CRMS#{scope}#{type}                                    {sortKey}#{id}
 *   dup         CRMDUP#{E|P|N}#{norm} / {type}#{id}
 *   not-dup     CRM#{a} / NOTDUP#{b}
 *   link        CRM#{a} / LINK#{TYPE}#{b}
 *   activity    CRM#{id} / ACT#{ulid}
 *   counter     CRMTOT#{scope}#{type}#{pipelineId|_} / {stageId|status}
 *   report      CRMREP#REACH#{pipelineId}#{yyyy} / {mm}#{stageId}#{deptId|_}#{userId}
 *               CRMREP#WON#{yyyy} / {mm}#{currency}#{deptId|_}#{userId}
 *   pipeline    CRMPIPE#{pipelineId} / PIPE     GSI1 CRMPIPES {order}#{pipelineId}
 *   product     CRMPROD#{id} / PROD             GSI1 CRMPRODS {searchKey}#{id} (live) | GSI2 CRMPRODS#ARCH {searchKey}#{id}
 *   settings    CRMSETTINGS / SETTINGS
 */
import type { RecordType } from './contract';

/** A scope key of index rows and counters: `A` (all), `U#{userId}`, `D#{deptId}`. */
export type ScopeKey = 'A' | `U#${string}` | `D#${string}`;

export const recordPk = (id: string) => `CRM#${id}`;
export const REC_SK = 'REC';
export const indexSk = (scope: ScopeKey) => `IX#${scope}`;
export const notDupSk = (otherId: string) => `NOTDUP#${otherId}`;
export const linkSk = (type: RecordType, otherId: string) => `LINK#${type.toUpperCase()}#${otherId}`;
export const linkPrefix = (type?: RecordType) => (type ? `LINK#${type.toUpperCase()}#` : 'LINK#');
export const activitySk = (activityId: string) => `ACT#${activityId}`;
export const ACT_PREFIX = 'ACT#';

/** The scopes a record lists under: all, its responsible, its department (when it has one). */
export function scopesOf(rec: { responsibleId: string; deptId?: string | null }): ScopeKey[] {
  const s: ScopeKey[] = ['A', `U#${rec.responsibleId}`];
  if (rec.deptId) s.push(`D#${rec.deptId}`);
  return s;
}

/** GSI1PK: a Kanban column / a status list. `group` = pipelineId for deals, `_` otherwise; `bucket` = stageId or status. */
export const columnKey = (scope: ScopeKey, type: RecordType, group: string, bucket: string) =>
  `CRMS#${scope}#${type}#${group}#${bucket}`;
/** GSI2PK and GSI3PK: every record of a type in a scope. */
export const typeKey = (scope: ScopeKey, type: RecordType) => `CRMS#${scope}#${type}`;

export const dupPk = (kind: 'E' | 'P' | 'N', norm: string) => `CRMDUP#${kind}#${norm}`;
export const dupSk = (type: RecordType, id: string) => `${type}#${id}`;

export const counterPk = (scope: ScopeKey, type: RecordType, group: string) => `CRMTOT#${scope}#${type}#${group}`;

export const reachPk = (pipelineId: string, year: string) => `CRMREP#REACH#${pipelineId}#${year}`;
export const reachSk = (month: string, stageId: string, deptId: string | null | undefined, userId: string) =>
  `${month}#${stageId}#${deptId || '_'}#${userId}`;
export const wonPk = (year: string) => `CRMREP#WON#${year}`;
export const wonSk = (month: string, currency: string, deptId: string | null | undefined, userId: string) =>
  `${month}#${currency}#${deptId || '_'}#${userId}`;

export const pipelinePk = (pipelineId: string) => `CRMPIPE#${pipelineId}`;
export const PIPE_SK = 'PIPE';
export const PIPELINES_GSI = 'CRMPIPES';
export const productPk = (productId: string) => `CRMPROD#${productId}`;
export const PROD_SK = 'PROD';
export const PRODUCTS_GSI = 'CRMPRODS';
export const PRODUCTS_ARCHIVED_GSI = 'CRMPRODS#ARCH';
export const SETTINGS_PK = 'CRMSETTINGS';
export const SETTINGS_SK = 'SETTINGS';

/** A money counter attribute: `A_RON` (minor units, ADDed). */
export const amountAttr = (currency: string) => `A_${currency}`;

/**
 * Name sort/search key: diacritic-free, lower-case, single spaces ("Ștefan  Popescu" → "stefan popescu").
 * Also used by prefix search (GSI3 begins_with searchKey(q)).
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .slice(0, 80);
}

/** YYYY-MM of an ISO time; YYYY. */
export const monthOf = (iso: string) => iso.slice(0, 7);
export const yearOf = (iso: string) => iso.slice(0, 4);
