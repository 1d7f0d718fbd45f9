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
  preferences: Preferences;
}
