/** English strings of the bell's list and the notification settings (profile → Notifications). */
const notificationsEn = {
  notifications: {
    today: 'Today',
    yesterday: 'Yesterday',
    loadingOlder: 'Loading older notifications…',
    loadOlder: 'Show older',
    end: 'That is all from the last 90 days.',
    settingsLink: 'Notification settings',
    settings: {
      title: 'Notifications',
      intro:
        'For each kind of notification, choose how it reaches you: the bell, the bell and an e-mail, or not at all.',
      bell: 'Bell',
      emailShort: 'E-mail',
      off: 'Off',
      hint: 'E-mails are written in your language ({{language}}) and link to the page in the portal.',
      saved: 'Saved.',
      saveError: 'Could not save the setting. Try again.',
      conflict: 'Your settings were changed in another tab meanwhile; the current ones are shown. Choose again.',
      loadError: 'Could not load your notification settings.',
      /** What each group covers (its name is NOTIFICATION_GROUP_LABELS in shared/notifications/texts.ts). */
      groups: {
        chats: 'Mentions, being added to a chat',
        tasks: 'Assigned, comments, status, deadlines',
        drive: 'Files and folders shared with me',
        crm: 'Leads, deals, invoices, imports',
        people: 'Invitations, requests',
        calendar: 'Meeting invitations, changes, answers, reminders',
      },
    },
  },
};

export default notificationsEn;
