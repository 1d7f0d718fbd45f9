/** How cdk-nag renders a stack's partition/region/account inside finding ids (for acknowledgements). */
import { type Stack, Token } from 'aws-cdk-lib';

export const nagRegion = (stack: Stack): string => (Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region);
export const nagAccount = (stack: Stack): string =>
  Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
const nagPartition = (stack: Stack) => (Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition);

export function nagArn(stack: Stack, service: string, resource: string, opts: { global?: boolean } = {}): string {
  return opts.global
    ? `arn:${nagPartition(stack)}:${service}:::${resource}`
    : `arn:${nagPartition(stack)}:${service}:${nagRegion(stack)}:${nagAccount(stack)}:${resource}`;
}
