/** Registration calls: whether a portal exists (public) and where the signed-in person's registration stands. */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { PortalInfo } from '../../../shared/api/account-views';
import { useApi } from '../services';

export type { PortalInfo, RegistrationStage, RegistrationStatus } from '../../../shared/api/account-views';

export const registrationKeys = {
  status: ['registration-status'] as const,
};

/**
 * GET /portal, shared by the components that ask and kept for a minute. Not a TanStack query: the
 * signed-out routes clear the query cache when they mount, which would orphan a query started by
 * the sign-in page in the same render.
 */
let cached: { at: number; promise: Promise<PortalInfo | null> } | undefined;
export const forgetPortalInfo = () => {
  cached = undefined;
};

export function usePortalInfo(): { data: PortalInfo | null | undefined } {
  const api = useApi();
  const [data, setData] = useState<PortalInfo | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    if (!cached || Date.now() - cached.at > 60_000) {
      // On failure the "Create your portal" link just stays hidden.
      cached = {
        at: Date.now(),
        promise: api.registration.portal().catch((): PortalInfo | null => null),
      };
    }
    const mine = cached;
    void mine.promise.then((d) => {
      if (d === null && cached === mine) cached = undefined; // try again next time
      if (live) setData(d);
    });
    return () => {
      live = false;
    };
  }, [api]);
  return { data };
}

export function useRegistrationStatus() {
  const api = useApi();
  return useQuery({
    queryKey: registrationKeys.status,
    queryFn: ({ signal }) => api.registration.status({ signal }),
    meta: { errorKey: 'registration.statusError' },
  });
}

/** The e-mail the sign-in form starts with (after registering or confirming: router state `email`). */
export const prefilledEmail = (state: unknown): string => {
  const e = (state as { email?: unknown } | null)?.email;
  return typeof e === 'string' ? e : '';
};
