/**
 * Report rows (entity crmReport), kept by ADD updates in the transaction of the deal change that moves them:
 *
 *   REACH  PK = CRMREP#REACH#{pipelineId}#{yyyy}  SK = {mm}#{stageId}#{deptId|_}#{userId}   n, month, stageId, userId, deptId
 *   WON    PK = CRMREP#WON#{yyyy}                 SK = {mm}#{currency}#{deptId|_}#{userId}  n, amount, month, currency, userId, deptId
 *
 * The keys are computed (shared/crm/keys.ts) and carried as the key attributes themselves ("attributes as
 * indexes"): the year and month parts are not stored beside them, exactly as before.
 *
 * | access pattern                   | how |
 * |---|---|
 * | a pipeline's funnel for months   | ONE Query PK = CRMREP#REACH#{p}#{yyyy}, SK BETWEEN {mm}# AND {mm}#~ |
 * | won deals of a year              | ONE Query PK = CRMREP#WON#{yyyy} |
 * | a deal entering a stage / won    | Update ADD n (, amount) SET month, … (in the deal's transaction) |
 */
import { Entity, type EntityItem } from 'electrodb';
import { entityConfig, SERVICE } from '../data/electro';

export const REPORT_ENTITY = 'crmReport';

const buildReports = () =>
  new Entity(
    {
      model: { entity: REPORT_ENTITY, version: '1', service: SERVICE },
      attributes: {
        reportKey: { type: 'string', required: true, field: 'PK' },
        reportSlot: { type: 'string', required: true, field: 'SK' },
        n: { type: 'number' },
        amount: { type: 'number' },
        month: { type: 'string' },
        stageId: { type: 'string' },
        currency: { type: 'string' },
        userId: { type: 'string' },
        deptId: { type: 'string' },
      },
      indexes: {
        primary: {
          pk: { field: 'PK', composite: ['reportKey'], template: '${reportKey}', casing: 'none' },
          sk: { field: 'SK', composite: ['reportSlot'], template: '${reportSlot}', casing: 'none' },
        },
      },
    },
    entityConfig(),
  );

let built: ReturnType<typeof buildReports> | undefined;
/** Built on first use (the table name is read then, not at import). */
export const Reports = () => (built ??= buildReports());

export type ReportItem = EntityItem<ReturnType<typeof Reports>>;
