/** People administration (admins): role changes and (de)activation; the directory is refetched after each. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../../shared/auth/roles';
import { useApi } from '../services';

export type AdminAction = { kind: 'role'; role: Role } | { kind: 'deactivate' } | { kind: 'activate' };

export function usePersonAdmin() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, action }: { userId: string; action: AdminAction }): Promise<unknown> => {
      const params = { userId };
      if (action.kind === 'role') return api.people.setRole({ params, body: { role: action.role } });
      return action.kind === 'deactivate' ? api.people.deactivate({ params }) : api.people.activate({ params });
    },
    // Not optimistic: the cards show what the server says after the change (or after a refusal).
    onSettled: () => qc.invalidateQueries({ queryKey: ['people'] }),
  });
}
