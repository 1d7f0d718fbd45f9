/** Answers of the shell's routes (functions/health, functions/me), which have no contract file of their own. */
import type { Language } from '../i18n/languages';

export interface Health {
  status: string;
  tenant: string;
  time: string;
  checks: { table: { status: string; ms: number } };
  lastHeartbeat: string | null;
}

export interface Preferences {
  language: Language;
  timeZone: string;
  version: number;
  updatedAt: string | null;
}

export interface Me {
  sub: string;
  email: string;
  groups: string[];
  /** "First Last" from the profile; '' while they have none yet (still joining). Shown instead of the address. */
  name: string;
  /** From the person's profile; '' while they have none yet. */
  firstName: string;
  lastName: string;
  hasPhoto: boolean;
  /** The profile photo's thumbnail (presigned, 5 minutes), or null. */
  photoUrl: string | null;
  /** The company's name (Portal settings, set at registration); null before the portal exists. */
  companyName: string | null;
  preferences: Preferences;
}
