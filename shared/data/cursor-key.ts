/**
 * The key that signs list cursors. Locally it comes from CURSOR_SECRET (the local stack generates
 * one per data folder); in the cloud from the Secrets Manager secret named by CURSOR_SECRET_ARN,
 * fetched once per container and cached by Powertools.
 */
let cached: Promise<string> | undefined;

export function cursorKey(): Promise<string> {
  cached ??= (async () => {
    if (process.env.CURSOR_SECRET) return process.env.CURSOR_SECRET;
    const arn = process.env.CURSOR_SECRET_ARN;
    if (!arn) throw new Error('CURSOR_SECRET or CURSOR_SECRET_ARN must be set');
    // Powertools parameters + the Secrets Manager SDK load here, on the first cursor, not at cold start.
    const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
    const value = await getSecret(arn, { maxAge: 3600 });
    if (typeof value !== 'string' || value.length < 32) throw new Error('cursor secret is missing or too short');
    return value;
  })();
  cached.catch(() => (cached = undefined));
  return cached;
}
