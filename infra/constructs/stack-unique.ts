/**
 * A suffix unique to one stack, known before any resource exists: 12 hex digits of the stack's own id
 * (`arn:…:stack/Portal-acme/1c2fa620-982a-11e3-aff7-50e2416294e0` → `1c2fa620982a`, the UUID's time fields).
 *
 * Names that must be unique beyond the account use it: the Cognito hosted-UI prefix (unique per region across
 * ALL AWS accounts, so `portal-acme` may belong to a stranger) and the drive bucket (global; retained, so a
 * failed first create must not block the retry — a new stack has a new id, hence a new name). It works in an
 * environment-agnostic synth too, where the account is not known, which a hash of account and tenant would not.
 * The CSP and /config.json can still name these hosts before the resources exist: no dependency cycle.
 */
import { Fn, type Stack } from 'aws-cdk-lib';

export function stackUniqueSuffix(stack: Stack): string {
  // stack.stackId is a stack-scoped reference: used in a nested stack it is passed in, not re-read there.
  const uuid = Fn.select(2, Fn.split('/', stack.stackId));
  const parts = Fn.split('-', uuid);
  return Fn.join('', [Fn.select(0, parts), Fn.select(1, parts)]);
}
