/** The answer of GET/PATCH /portal/settings: one contract for the API (functions/portal-settings) and the SPA. */
export interface PortalSettingsView {
  companyName: string;
  portalName: string;
  ownerEmail: string;
  allowedDomains: string[];
  employeesMayInvite: boolean;
  /** What the sign-in page offers newcomers: `closed` = invitation only, `domains` = the allowed domains may join. */
  selfRegistration: 'closed' | 'domains';
  licenceVersion: string;
  licenceAcceptedAt: string;
  promoCode: string | null;
  /** Drive: the largest file anyone may upload and each person's quota, in bytes. */
  driveMaxFileBytes: number;
  driveQuotaBytes: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
  version: number;
}
