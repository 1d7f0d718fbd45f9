/** English strings of the admin tools: portal settings and people administration. Merged into en.ts. */
const portalSettingsEn = {
  portalSettings: {
    menu: 'Portal settings',
    title: 'Portal settings',
    intro: 'Who may join the portal and who may invite people. Only administrators see this page.',
    company: 'Company',
    companyName: 'Company name',
    companyNameHint: 'Shown on the sign-in page and in the e-mails the portal sends.',
    companyNameInvalid: 'Between 2 and 120 characters',
    access: 'Joining the portal',
    domains: 'Allowed e-mail domains',
    domainsHint:
      'People with an address at these domains may register themselves and join as employees. Leave empty for invitation only. Press Enter or comma after each domain.',
    domainsPlaceholder: 'e.g. company.com',
    domainsMax: 'At most {{max}} domains',
    domainInvalid: '“{{domain}}” is not a domain name (like company.com)',
    domainDuplicate: '“{{domain}}” is already listed',
    selfRegistration: {
      closed: 'Now: invitation only',
      domains: 'Now: open to {{count}} domain(s)',
    },
    mayInvite: 'Employees may invite people',
    mayInviteHint:
      'When off, only administrators send invitations. Partners (extranet) are always invited by administrators.',
    facts: 'About this portal',
    portalName: 'Portal name',
    owner: 'Created by',
    created: 'Created',
    licence: 'Licence accepted',
    promoCode: 'Promo code',
    none: 'None',
    lastChange: 'Last changed {{time}} by {{who}}',
    save: 'Save settings',
    saved: 'The portal settings were saved.',
    reset: 'Undo changes',
    loadError: 'The portal settings could not be loaded.',
    saveError: 'The portal settings could not be saved.',
    noPortal: 'There is no portal yet: it is created when its first administrator registers.',
    conflictTitle: 'Changed by someone else',
    conflictBody:
      'Another administrator saved these settings meanwhile. Reload to see their version, then make your change again.',
    reload: 'Reload',
    tabs: { settings: 'Settings', status: 'Status', rooms: 'Meeting rooms' },
    statusIntro: 'How the portal is doing right now: the database, the scheduler and your live connection.',
    noAccess: 'You do not have access to the portal settings: only administrators see them.',
  },
  peopleAdmin: {
    actions: 'Actions for {{name}}',
    makeAdmin: 'Make administrator',
    makeEmployee: 'Make employee',
    makeExtranet: 'Make external partner',
    deactivate: 'Deactivate',
    activate: 'Activate',
    cancel: 'Cancel',
    confirm: {
      roleTitle: 'Change the role of {{name}}?',
      roleBody:
        '{{name}} becomes: {{role}}. They are signed out on every device and get the new access when they sign in again (a session already open keeps its old access for at most an hour).',
      deactivateTitle: 'Deactivate {{name}}?',
      deactivateBody:
        '{{name}} can no longer sign in and is signed out on every device (a session already open may last at most an hour). They stay in the directory as deactivated; you can activate them again.',
      activateTitle: 'Activate {{name}}?',
      activateBody: '{{name}} can sign in again with their password.',
    },
    done: {
      role: '{{name}} is now: {{role}}.',
      deactivated: '{{name}} was deactivated.',
      activated: '{{name}} was activated.',
    },
    failed: 'The change could not be made.',
    lastAdmin: 'The portal needs at least one active administrator: make someone else an administrator first.',
  },
};

export default portalSettingsEn;
