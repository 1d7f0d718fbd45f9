import { Logger } from '@aws-lambda-powertools/logger';

const loggers = new Map<string, Logger>();

/** One Powertools JSON logger per feature (service), created once per Lambda container. */
export function loggerFor(feature: string): Logger {
  let l = loggers.get(feature);
  if (!l) {
    l = new Logger({
      serviceName: `portal-${feature}`,
      logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO',
    });
    loggers.set(feature, l);
  }
  return l;
}
