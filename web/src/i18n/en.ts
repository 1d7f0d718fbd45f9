/**
 * English: the reference catalogue. Every other language must have exactly these keys (checked by the type of
 * ro.ts). These are the strings the sign-in and boot screens need; the modules' are in modules.en.ts.
 */
import type moduleEn from './modules.en';

const en = {
  // The few strings of registration and password recovery that the sign-in page shows; the rest are
  // module strings (registration.*.ts, passwords.*.ts), merged in with the first page that needs them.
  registration: {
    createPortal: 'Create your portal',
    createPortalHint: 'New here?',
    signUpHint: 'Colleague with a company address?',
    signUp: 'Create your account',
    signOut: 'Sign out',
    emailConfirmedNotice: 'Your e-mail address is confirmed. Sign in to finish creating your portal.',
  },
  passwords: {
    forgotLink: 'Forgot password?',
    signedOutNotice:
      'Your password has been changed and you were signed out everywhere. Sign in with the new password.',
  },
  app: {
    name: 'Portal',
    skipToContent: 'Skip to main content',
    tagline: "Your company's workspace",
  },
  common: {
    loading: 'Loading…',
    retry: 'Try again',
    details: 'Technical details',
    close: 'Close',
  },
  boot: {
    loading: 'Starting the portal…',
    errorTitle: 'The portal could not start',
    errorBody:
      'Its configuration (/config.json) could not be loaded. Check your connection and try again. If it keeps failing, tell your administrator.',
  },
  languages: {
    label: 'Language',
    en: 'English',
    ro: 'Română',
  },
  signIn: {
    title: 'Sign in',
    subtitle: 'Welcome back. Sign in with your work e-mail.',
    email: 'E-mail',
    emailPlaceholder: 'you@company.com',
    password: 'Password',
    passwordPlaceholder: 'Your password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    togglePassword: 'Show or hide the password',
    or: 'or',
    sso: 'Sign in with company SSO',
    callback: {
      working: 'Finishing your sign-in…',
      failed: 'Company sign-in did not work',
      denied: 'The company sign-in was cancelled or refused.',
      expired: 'This sign-in link is no longer valid. Start again from the sign-in page.',
      back: 'Back to sign-in',
    },
    errors: {
      wrongCredentials: 'Wrong e-mail or password',
      emailRequired: 'Enter your e-mail',
      emailInvalid: 'This does not look like an e-mail address',
      passwordRequired: 'Enter your password',
      network: 'The sign-in service cannot be reached. Check your connection and try again.',
      tooMany: 'Too many attempts. Wait a minute, then try again.',
      tooManyWait: 'Too many attempts, try again in {{wait}}.',
      newPasswordRequired: 'Your account needs a new password before its first use. Ask your administrator.',
      unknown: 'Sign-in did not work. Try again in a moment.',
      codeRequired: 'Enter the 6-digit code',
      wrongCode: 'Wrong or expired code. Enter the code your app shows now.',
      mfaExpired: 'This sign-in took too long. Enter your password again.',
    },
    code: {
      title: 'Authenticator code',
      hint: 'Open your authenticator app and enter the 6-digit code for this portal.',
      label: 'Code',
      submit: 'Verify',
      submitting: 'Verifying…',
      back: 'Use another account',
    },
  },
  mfa: {
    title: 'Two-step sign-in',
    intro:
      'Administrators sign in with their password and a code from an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password, …). Administration stays closed until it is set up.',
    start: 'Set up the authenticator app',
    starting: 'Preparing…',
    step1:
      '1. Add this portal to your authenticator app: scan the QR code, open the link on your phone, or type the key.',
    openLink: 'Open in the authenticator app',
    keyLabel: 'Key (time-based, 6 digits)',
    copy: 'Copy the key',
    copied: 'Copied',
    qrAlt: 'QR code to scan with your authenticator app',
    step2: '2. Enter the code the app shows.',
    codeLabel: 'Code',
    verify: 'Turn on two-step sign-in',
    verifying: 'Turning on…',
    later: 'Later',
    enabled: 'Two-step sign-in is on. Sign in again with your password and a code from the app.',
    alreadyOn: 'Two-step sign-in is on for this account.',
    requiredTitle: 'Two-step sign-in needed',
    required: 'Administration needs a sign-in with an authenticator code.',
    setUp: 'Set it up',
    errors: {
      codeRequired: 'Enter the 6-digit code',
      wrongCode: 'This code does not match. Enter the code your app shows now.',
      failed: 'It could not be set up. Try again in a moment.',
    },
  },
  session: {
    expiredTitle: 'Session ended',
    expired: 'Your session has expired. Please sign in again.',
    signedOut: 'You have signed out.',
  },
  header: {
    openNavigation: 'Open navigation',
    closeNavigation: 'Close navigation',
    toDark: 'Switch to dark theme',
    toLight: 'Switch to light theme',
    userMenu: 'Account menu',
    chooseLanguage: 'Choose the interface language',
  },
  user: {
    signedInAs: 'Signed in as',
    signOut: 'Sign out',
    signOutEverywhere: 'Sign out everywhere',
    signOutEverywhereFailed: 'Signing out of your other devices did not work. Try again.',
  },
  roles: {
    admin: 'Administrator',
    employee: 'Employee',
    extranet: 'External partner',
    none: 'No role',
  },
  nav: {
    label: 'Main navigation',
    home: 'Home',
    modules: 'Modules',
    workgroups: 'Workgroups & projects',
  },
  modules: {
    feed: { title: 'Feed', description: 'Company news, announcements and appreciations in one stream.' },
    messenger: { title: 'Messenger', description: 'Chats, group conversations and video calls with your colleagues.' },
    tasks: { title: 'Tasks & Projects', description: 'Plan the work, assign tasks and follow projects to the finish.' },
    crm: { title: 'CRM', description: 'Leads, contacts, companies and deals along your sales pipeline.' },
    drive: { title: 'Drive', description: 'Store, share and keep every version of your documents and files.' },
    calendar: { title: 'Calendar', description: 'Personal and shared calendars, meetings and invitations.' },
    company: { title: 'Company', description: 'The company structure, departments and the employee directory.' },
    time: { title: 'Time tracking', description: 'Start and end your working day, record breaks and see reports.' },
    mail: { title: 'Mail', description: 'Your mailboxes, read and answered inside the portal.' },
    photos: { title: 'Photos', description: 'Photo galleries of company events and teams.' },
  },
  placeholder: {
    badge: 'Coming soon',
    body: 'This module is being built and will appear here in a coming update.',
    back: 'Back to home',
  },
  dashboard: {
    title: 'Home',
  },
  health: {
    title: 'System status',
    ok: 'All systems operational',
    degraded: 'Some services have problems',
    tableLatency: 'Database latency',
    ms: '{{ms}} ms',
    lastHeartbeat: 'Last scheduler heartbeat',
    never: 'Not yet',
    checkedAt: 'Checked at {{time}}',
    error: 'The system status could not be loaded.',
    refreshing: 'Refreshing',
  },
  me: {
    error: 'Your account details could not be loaded.',
  },
  live: {
    title: 'Live connection',
    live: 'Live',
    connecting: 'Connecting…',
    reconnecting: 'Reconnecting…',
    offline: 'Offline',
    latency: 'Round trip {{ms}} ms',
    retryIn: 'Next attempt in {{s}} s',
    description: 'Messages and notifications arrive instantly while the connection is live.',
  },
  errors: {
    title: 'Something went wrong',
    network: 'The server cannot be reached. Check your connection.',
    generic: 'Something went wrong. Try again in a moment.',
    requestId: 'Request id: {{id}}',
    savePreferences: 'Your language choice could not be saved to your account.',
  },
  notFound: {
    title: 'Page not found',
    body: 'There is nothing at this address.',
  },
};

export default en;

/** The shape of a catalogue: the same keys, any strings. */
type Catalogue<T> = { [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]> };
export type Messages = Catalogue<typeof en>;
export type ModuleMessages = Catalogue<typeof moduleEn>;
/** Every key `t()` knows: these and the modules'. */
export type AllMessages = typeof en & typeof moduleEn;
