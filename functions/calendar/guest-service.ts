import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { GuestAnswerBody, GuestInvitationView } from '../../shared/calendar/contract';

/** Scaffold: replaced by the helper that owns this file. */
const notBuilt = (what: string): never => {
  throw new Error(`${what}: not built yet`);
};

export const guestInvitation = async (_token: string, _event: APIGatewayProxyEventV2): Promise<GuestInvitationView> =>
  notBuilt('guestInvitation');
export const guestAnswer = async (
  _token: string,
  _body: GuestAnswerBody,
  _event: APIGatewayProxyEventV2,
): Promise<GuestInvitationView> => notBuilt('guestAnswer');
