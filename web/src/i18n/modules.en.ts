/**
 * English strings of the modules (people, messenger, tasks, drive, CRM, ...): most of the catalogue, so they
 * load with the first page that needs them (loadModuleStrings in index.ts), not with the sign-in page.
 */
import registrationEn from './registration.en';
import passwordsEn from './passwords.en';
import peopleEn from './people.en';
import invitationsEn from './invitations.en';
import messengerEn from './messenger.en';
import portalSettingsEn from './portal-settings.en';
import tasksEn from './tasks.en';
import workgroupsEn from './workgroups.en';
import departmentsEn from './departments.en';
import driveEn from './drive.en';
import documentsEn from './documents.en';
import crmEn from './crm.en';
import homeEn from './home.en';
import notificationsEn from './notifications.en';
import calendarEn from './calendar.en';

const moduleEn = {
  ...registrationEn,
  ...passwordsEn,
  ...peopleEn,
  ...invitationsEn,
  ...messengerEn,
  ...portalSettingsEn,
  ...tasksEn,
  ...workgroupsEn,
  ...departmentsEn,
  ...driveEn,
  ...documentsEn,
  ...crmEn,
  ...homeEn,
  ...notificationsEn,
  ...calendarEn,
};

export default moduleEn;
