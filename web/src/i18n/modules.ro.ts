/** Romanian strings of the modules; the type keeps the keys identical to English (modules.en.ts). */
import type { ModuleMessages } from './en';
import registrationRo from './registration.ro';
import passwordsRo from './passwords.ro';
import peopleRo from './people.ro';
import invitationsRo from './invitations.ro';
import messengerRo from './messenger.ro';
import portalSettingsRo from './portal-settings.ro';
import tasksRo from './tasks.ro';
import workgroupsRo from './workgroups.ro';
import departmentsRo from './departments.ro';
import driveRo from './drive.ro';
import documentsRo from './documents.ro';
import crmRo from './crm.ro';
import homeRo from './home.ro';
import notificationsRo from './notifications.ro';
import calendarRo from './calendar.ro';

const moduleRo: ModuleMessages = {
  ...registrationRo,
  ...passwordsRo,
  ...peopleRo,
  ...invitationsRo,
  ...messengerRo,
  ...portalSettingsRo,
  ...tasksRo,
  ...workgroupsRo,
  ...departmentsRo,
  ...driveRo,
  ...documentsRo,
  ...crmRo,
  ...homeRo,
  ...notificationsRo,
  ...calendarRo,
};

export default moduleRo;
