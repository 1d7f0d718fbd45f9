import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { UserContext } from '../../shared/auth/claims';
import type { SyncView } from '../../shared/calendar/contract';

/** Scaffold: replaced by the helper that owns this file. */
const notBuilt = (what: string): never => {
  throw new Error(`${what}: not built yet`);
};

export const getSync = async (_user: UserContext, _event: APIGatewayProxyEventV2): Promise<SyncView> =>
  notBuilt('getSync');
export const regenerateSync = async (_user: UserContext, _event: APIGatewayProxyEventV2): Promise<SyncView> =>
  notBuilt('regenerateSync');
export const revokeSync = async (_user: UserContext): Promise<void> => notBuilt('revokeSync');
