/** Server state of the portal settings page (admins): GET and a versioned PATCH of /portal/settings. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PortalSettingsView } from '../../../shared/portal/settings-view';
import { ApiError } from '../api/client';
import { useApi } from '../services';

export type PortalSettings = PortalSettingsView;
export interface PortalSettingsInput {
  companyName: string;
  allowedDomains: string[];
  employeesMayInvite: boolean;
}

export const portalSettingsKey = ['portal', 'settings'] as const;

export function usePortalSettings() {
  const api = useApi();
  return useQuery({
    queryKey: portalSettingsKey,
    queryFn: ({ signal }) => api.portalSettings.getSettings({ signal }),
    // The page shows its own states ("no portal yet" for a 404, a retry for anything else): no toast.
  });
}

export const isNoPortal = (e: unknown) => e instanceof ApiError && e.status === 404;

/** Saves; a 409 is a result (the page says "changed by someone else — reload"), not a notified error. */
export function useSavePortalSettings() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({
      input,
      version,
    }: {
      input: PortalSettingsInput;
      version: number;
    }): Promise<{ saved: PortalSettings } | { conflict: true }> => {
      try {
        return {
          saved: await api.portalSettings.updateSettings({ body: { ...input, version } }),
        };
      } catch (e) {
        if (e instanceof ApiError && e.status === 409) return { conflict: true };
        throw e;
      }
    },
    onSuccess: (r) => {
      if ('saved' in r) qc.setQueryData(portalSettingsKey, r.saved);
    },
  });
}
