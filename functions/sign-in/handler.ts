import { createFeatureHandler, reply } from '../../shared/runtime/feature-handler';
import { sourceIp } from '../../shared/security/rate-limit';
import { signIn, signInWithCode, signOutEverywhere } from './sign-in-service';
import { signInFeature } from './routes';

export const handler = createFeatureHandler(signInFeature, {
  http: {
    async signIn({ body, event, logger }) {
      return signIn({ email: body.email, password: body.password, ip: sourceIp(event) }, logger);
    },
    async signInMfa({ body, event, logger }) {
      return signInWithCode({ email: body.email, session: body.session, code: body.code, ip: sourceIp(event) }, logger);
    },
    async signOutEverywhere({ user, event, logger }) {
      const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } })
        .authorizer?.jwt?.claims;
      const username = typeof claims?.['cognito:username'] === 'string' ? claims['cognito:username'] : user.sub;
      await signOutEverywhere(username, logger);
      return reply(204, undefined);
    },
  },
});
