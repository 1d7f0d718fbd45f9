/** The portal's modules as they appear in the navigation; each gets its own route. */
import {
  IconAddressBook,
  IconBuildingCommunity,
  IconCalendarEvent,
  IconClockHour4,
  IconFolders,
  IconListCheck,
  IconMail,
  IconMessages,
  IconNews,
  IconPhoto,
  type Icon,
} from '@tabler/icons-react';

export type ModuleId =
  'feed' | 'messenger' | 'tasks' | 'crm' | 'drive' | 'calendar' | 'company' | 'time' | 'mail' | 'photos';

export interface PortalModule {
  id: ModuleId;
  path: string;
  icon: Icon;
}

export const MODULES: readonly PortalModule[] = [
  { id: 'feed', path: '/feed', icon: IconNews },
  { id: 'messenger', path: '/messenger', icon: IconMessages },
  { id: 'tasks', path: '/tasks', icon: IconListCheck },
  { id: 'crm', path: '/crm', icon: IconAddressBook },
  { id: 'drive', path: '/drive', icon: IconFolders },
  { id: 'calendar', path: '/calendar', icon: IconCalendarEvent },
  { id: 'company', path: '/company', icon: IconBuildingCommunity },
  { id: 'time', path: '/time', icon: IconClockHour4 },
  { id: 'mail', path: '/mail', icon: IconMail },
  { id: 'photos', path: '/photos', icon: IconPhoto },
];
