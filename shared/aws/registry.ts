/**
 * What every AWS SDK client module shares: the region, the local emulator endpoints, and a registry of resets.
 * Each client lives in its own module and is created on first use, so a feature's bundle loads only the SDK
 * packages of the clients it imports (a DynamoDB-only feature never loads S3, SES or Cognito at cold start).
 * In the cloud the clients use the default endpoints; locally they point at the emulators through *_ENDPOINT.
 */
export const region = (): string => process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';

/** `{ endpoint }` from the named variable when set (the local stack), else nothing (the cloud default). */
export const endpointFrom = (variable: string): { endpoint?: string } =>
  process.env[variable] ? { endpoint: process.env[variable] } : {};

const resets = new Set<() => void>();

/** A client module registers how to forget its client; resetClients() calls every registered reset. */
export function onClientsReset(reset: () => void): void {
  resets.add(reset);
}

/** Forgets every client created so far (modules not loaded yet have none to forget). */
export function resetRegisteredClients(): void {
  for (const reset of resets) reset();
}
