/**
 * The portal's manifest: every feature, hence every HTTP route, WebSocket route, stream consumer and
 * schedule. CDK, the local gateway and the tests all read this list. Adding a feature = its folder
 * (`routes.ts` + `handler.ts`) and one line here.
 */
import type { FeatureManifest } from '../shared/manifest/types';
import { healthFeature } from './health/routes';
import { meFeature } from './me/routes';
import { peopleFeature } from './people/routes';
import { passwordsFeature } from './passwords/routes';
import { realtimeFeature } from './realtime/routes';
import { registrationFeature } from './registration/routes';
import { invitationsFeature } from './invitations/routes';
import { signInFeature } from './sign-in/routes';
import { portalSettingsFeature } from './portal-settings/routes';
import { messengerFeature } from './messenger/routes';
import { notificationsFeature } from './notifications/routes';
import { workgroupsFeature } from './workgroups/routes';
import { tasksFeature } from './tasks/routes';
import { departmentsFeature } from './departments/routes';
import { driveFeature } from './drive/routes';
import { crmFeature } from './crm/routes';
import { crmDocsFeature } from './crm-docs/routes';
import { crmIntakeFeature } from './crm-intake/routes';
import { crmJobsFeature } from './crm-jobs/routes';
import { calendarFeature } from './calendar/routes';
import { calendarSyncFeature } from './calendar-sync/routes';

export const FEATURES: readonly FeatureManifest[] = [
  healthFeature,
  meFeature,
  passwordsFeature,
  realtimeFeature,
  peopleFeature,
  registrationFeature,
  signInFeature,
  invitationsFeature,
  portalSettingsFeature,
  notificationsFeature,
  messengerFeature,
  workgroupsFeature,
  tasksFeature,
  departmentsFeature,
  driveFeature,
  crmFeature,
  crmDocsFeature,
  crmIntakeFeature,
  crmJobsFeature,
  calendarFeature,
  calendarSyncFeature,
];

/** Where each feature's Lambda entry point lives (relative to the repository root). */
export const handlerPath = (feature: string): string => `functions/${feature}/handler.ts`;
