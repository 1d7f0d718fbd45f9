/** What the people API answers: shared by functions/people and the SPA so the two cannot drift. */
import type { Role } from '../auth/roles';
import type { Language } from '../i18n/languages';
import type { PROFILE_STATUSES } from './profile-entity';

export type ProfileStatus = (typeof PROFILE_STATUSES)[number];

export interface ProfileView {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  position: string;
  phone: string;
  language: Language;
  timeZone: string;
  role: Role;
  status: ProfileStatus;
  hasPhoto: boolean;
  version: number;
  updatedAt: string | null;
}

export interface DirectoryEntry {
  userId: string;
  firstName: string;
  lastName: string;
  position: string;
  email: string;
  role: Role;
  status: ProfileStatus;
  hasPhoto: boolean;
  /** The departments the person is in (shared/departments; names come from GET /departments). */
  departmentIds: string[];
  /** Presigned GET of the 128 px thumbnail (5 min), when there is one. */
  thumbnailUrl?: string;
}

/** A directory entry with when the person joined (their profile was created): Home's "New colleagues". */
export interface NewcomerEntry extends DirectoryEntry {
  joinedAt: string;
}
