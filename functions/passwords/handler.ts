import { createFeatureHandler, reply } from '../../shared/runtime/feature-handler';
import { sourceIp } from '../../shared/security/rate-limit';
import { checkLink, requestReset, resetPassword } from './password-service';
import { passwordsFeature } from './routes';

/** The one answer of the forgot step, whether or not the address has an account. */
export const FORGOT_ANSWER = {
  status: 'accepted',
  message: "If an account exists for this address, we've sent a link to reset its password.",
} as const;

export const handler = createFeatureHandler(passwordsFeature, {
  http: {
    async forgotPassword({ body, event, logger }) {
      await requestReset({ email: body.email, language: body.language, ip: sourceIp(event) }, logger);
      return reply(202, FORGOT_ANSWER);
    },
    async checkResetToken({ body, event }) {
      return checkLink(body.token, sourceIp(event));
    },
    async resetPassword({ body, event, logger }) {
      await resetPassword({ token: body.token, password: body.password, ip: sourceIp(event) }, logger);
      return { status: 'reset' };
    },
  },
});
