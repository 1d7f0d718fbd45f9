/** English strings of password recovery: module strings (modules.en.ts); the two the sign-in page shows are in en.ts. */
const passwordsEn = {
  passwords: {
    back: 'Back to sign-in',
    forgot: {
      title: 'Forgot your password?',
      subtitle: "Enter your account's e-mail. We will send you a link to choose a new password.",
      email: 'E-mail',
      emailPlaceholder: 'you@company.com',
      submit: 'Send the link',
      submitting: 'Sending…',
      sentTitle: 'Check your inbox',
      sent: "If an account exists for this address, we've sent a link to reset its password. The link works for 1 hour.",
      sentHint: 'Nothing arrived after a few minutes? Check your spam folder or send another link.',
      again: 'Send another link',
      errors: {
        emailRequired: 'Enter your e-mail',
        emailInvalid: 'This does not look like an e-mail address',
        tooMany: 'Too many requests. Try again in {{minutes}} min.',
        network: 'The server cannot be reached. Check your connection and try again.',
        unknown: 'The link could not be sent. Try again in a moment.',
      },
    },
    reset: {
      title: 'Choose a new password',
      subtitle: 'Saving it signs you out on every device.',
      checking: 'Checking your link…',
      password: 'New password',
      confirm: 'Repeat the new password',
      toggle: 'Show or hide the password',
      submit: 'Save the new password',
      submitting: 'Saving…',
      rulesTitle: 'Your password needs',
      rules: {
        length: 'at least 12 characters',
        lower: 'a lower-case letter',
        upper: 'an upper-case letter',
        digit: 'a digit',
        symbol: 'a symbol, such as ! ? # or -',
      },
      met: 'met',
      unmet: 'not met yet',
      requestNew: 'Ask for a new link',
      states: {
        expiredTitle: 'This link has expired',
        expired: 'Reset links work for 1 hour, and only the newest one you asked for. Ask for a new link.',
        usedTitle: 'This link has already been used',
        used: 'Each reset link works once. If you did not change your password yourself, ask for a new link.',
        unknownTitle: 'This link is not valid',
        unknown: 'The link may be incomplete: open it straight from the e-mail, or ask for a new link.',
      },
      errors: {
        passwordRequired: 'Enter a new password',
        passwordWeak: 'The password does not meet every rule below',
        mismatch: 'The two passwords are different',
        tooMany: 'Too many attempts. Try again in {{minutes}} min.',
        network: 'The server cannot be reached. Check your connection and try again.',
        unknown: 'The password could not be changed. Try again in a moment.',
      },
    },
  },
};

export default passwordsEn;
