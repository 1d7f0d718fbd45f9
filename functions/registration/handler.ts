import { createFeatureHandler, reply } from '../../shared/runtime/feature-handler';
import { sourceIp } from '../../shared/security/rate-limit';
import { registrationFeature } from './routes';
import { createCompany, join } from './portal-creation';
import { portalInfo } from './registration-rules';
import { checkLink, confirm, register } from './registration-service';
import { status } from './registration-status';

/** Stage 1 answers the same whatever happened: nothing in it tells whether the address is known. */
const ACCEPTED = {
  status: 'accepted',
  message: 'If this address can register, a confirmation link is on its way. Check your e-mail.',
};

export const handler = createFeatureHandler(registrationFeature, {
  http: {
    async register({ body, event, logger }) {
      const outcome = await register(body, sourceIp(event));
      logger.info('registration stage 1', { outcome });
      return reply(202, ACCEPTED);
    },
    async checkLink({ body, event }) {
      return checkLink(body.token, sourceIp(event));
    },
    async confirm({ body, event }) {
      return confirm(body, sourceIp(event));
    },
    async createCompany({ user, body }) {
      return reply(201, await createCompany(user, body));
    },
    async join({ user, body }) {
      return reply(201, await join(user, body));
    },
    async status({ user }) {
      return status(user);
    },
    async portal() {
      return portalInfo();
    },
  },
});
