import { createFeatureHandler, reply } from '../../shared/runtime/feature-handler';
import { sourceIp } from '../../shared/security/rate-limit';
import { acceptEvents } from './accept-events';
import { accept, check, invite, listInvitations, resend, revoke } from './invitation-service';
import { invitationsFeature } from './routes';

export const handler = createFeatureHandler(invitationsFeature, {
  http: {
    async invite({ user, body, logger }) {
      return reply(201, await invite(user, body, logger));
    },
    async listInvitations({ query }) {
      return listInvitations(query);
    },
    async resendInvitation({ user, params }) {
      return resend(user, params.email);
    },
    async revokeInvitation({ params }) {
      return revoke(params.email);
    },
    async checkInvitation({ body, event }) {
      return check(body.token, sourceIp(event));
    },
    async acceptInvitation({ body, event, logger }) {
      return reply(201, await accept(body, sourceIp(event), logger));
    },
  },
  streams: {
    acceptEvents: (changes) => acceptEvents(changes),
  },
});
