/**
 * Notification settings per person (profile → Notifications): for each group of kinds, how it reaches me.
 *
 *   bell   the bell only (the default, except CRM: see DEFAULT_DELIVERY)
 *   email  the bell AND one e-mail in my language with a link to the portal page
 *   off    nothing: no notification is stored, nothing is pushed, no e-mail
 *
 * HTTP (access `user`, a person only ever sees their own):
 *   GET /notifications/settings                               → NotificationSettingsView (defaults, version 0, when never saved)
 *   PUT /notifications/settings {groups: {tasks: 'email'}, version}  the groups given change, the others stay;
 *                                                             versioned: a stale version → 409 with the current settings
 */
import * as z from 'zod';
import type { NotificationKind } from './contract';
import { NOTIFICATION_GROUP_IDS, NOTIFICATION_GROUPS, type NotificationGroup } from './texts';

/** The groups a person sets; every notification kind belongs to one (NOTIFICATION_GROUPS in ./texts.ts). */
export const NOTIFICATION_GROUP_NAMES = NOTIFICATION_GROUP_IDS;
export type { NotificationGroup };

export const DELIVERIES = ['bell', 'email', 'off'] as const;
export type Delivery = (typeof DELIVERIES)[number];

export type NotificationDeliveries = Record<NotificationGroup, Delivery>;

/**
 * The bell for everything, no e-mail: an e-mail per task comment would be noise, and a person opts in per group.
 * CRM is the exception because assignments have always been e-mailed (functions/crm/events.ts): the default keeps that;
 * so is the calendar (invitations carry the .ics that puts the meeting in a phone's or Outlook's calendar).
 */
export const DEFAULT_DELIVERY: NotificationDeliveries = {
  chats: 'bell',
  tasks: 'bell',
  drive: 'bell',
  crm: 'email',
  people: 'bell',
  // Meeting invitations come by e-mail with their .ics (what Outlook and Google users expect), and so do reminders.
  calendar: 'email',
};

export interface NotificationSettingsView {
  groups: NotificationDeliveries;
  /** 0 while never saved (the defaults). */
  version: number;
  updatedAt: string | null;
}

const delivery = z.enum(DELIVERIES, { message: `one of ${DELIVERIES.join(', ')}` });

export const settingsBody = z.strictObject({
  /** Only the groups to change; an unknown group is refused by name. */
  groups: z.strictObject(
    Object.fromEntries(NOTIFICATION_GROUP_NAMES.map((g) => [g, delivery.optional()])) as Record<
      NotificationGroup,
      z.ZodOptional<typeof delivery>
    >,
  ),
  /** The version the client edited; 0 when the settings were never saved. */
  version: z.number().int().min(0),
});
export type SettingsBody = z.output<typeof settingsBody>;

/** Stored groups over the defaults: a group added later, or a value no longer known, reads as its default. */
export function withDefaults(stored: Partial<Record<string, unknown>> | undefined): NotificationDeliveries {
  const out = { ...DEFAULT_DELIVERY };
  for (const g of NOTIFICATION_GROUP_NAMES) {
    const v = stored?.[g];
    if ((DELIVERIES as readonly unknown[]).includes(v)) out[g] = v as Delivery;
  }
  return out;
}

/** How a notification of this kind reaches a person with these settings. */
export const deliveryOf = (kind: NotificationKind, groups: NotificationDeliveries): Delivery =>
  groups[NOTIFICATION_GROUPS[kind]];
