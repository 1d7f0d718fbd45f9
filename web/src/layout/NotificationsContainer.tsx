/** The notifications container alone, as its own chunk (see NotificationsHost). */
export { Notifications } from '@mantine/notifications';
