/**
 * The account quotas that bind as tenants are added, checked against what the fleet's templates actually hold.
 *
 * After a synth (diff and deploy synthesize too), every tenant's templates are in cdk.out/<slug>. This sums, per
 * account (AWS profile) and region, the resources that count against a default quota, and says which sums pass it.
 * The numbers are AWS's defaults (README, "Operating a fleet of tenants"); an account with raised quotas reads
 * the warning as a reminder to check Service Quotas, not as an error — the command's exit code does not change.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Tenant } from './tenants';

/** What one tenant's templates count against the account's quotas. */
export interface TenantFootprint {
  distributions: number;
  userPools: number;
  httpApis: number;
  webSocketApis: number;
  functions: number;
  /** Sum of ReservedConcurrentExecutions over its functions. */
  reservedConcurrency: number;
  /** Functions with no reservation: they share the account's unreserved pool with everyone. */
  unreservedFunctions: number;
}

interface CfnResource {
  Type?: string;
  Properties?: { ReservedConcurrentExecutions?: unknown; ProtocolType?: unknown };
}

/** Default quotas (AWS documentation, checked 2026-12). Per account and region unless `global`. */
export const DEFAULT_QUOTAS = {
  /** CloudFront distributions per account (global). */
  distributions: 500,
  /** Cognito user pools per account and region. */
  userPools: 1000,
  /** Lambda concurrent executions per account and region; 100 of them can never be reserved. */
  lambdaConcurrency: 1000,
  lambdaUnreservable: 100,
} as const;

/** Reads every template of one tenant's cloud assembly folder (the stack and its nested stacks). */
export function footprintOf(assemblyDir: string): TenantFootprint | undefined {
  if (!fs.existsSync(assemblyDir)) return undefined;
  const templates = fs.readdirSync(assemblyDir).filter((f) => f.endsWith('.template.json'));
  if (!templates.length) return undefined;
  const total: TenantFootprint = {
    distributions: 0,
    userPools: 0,
    httpApis: 0,
    webSocketApis: 0,
    functions: 0,
    reservedConcurrency: 0,
    unreservedFunctions: 0,
  };
  for (const file of templates) {
    const template = JSON.parse(fs.readFileSync(path.join(assemblyDir, file), 'utf8')) as {
      Resources?: Record<string, CfnResource>;
    };
    for (const resource of Object.values(template.Resources ?? {})) {
      switch (resource.Type) {
        case 'AWS::CloudFront::Distribution':
          total.distributions += 1;
          break;
        case 'AWS::Cognito::UserPool':
          total.userPools += 1;
          break;
        case 'AWS::ApiGatewayV2::Api':
          if (resource.Properties?.ProtocolType === 'WEBSOCKET') total.webSocketApis += 1;
          else total.httpApis += 1;
          break;
        case 'AWS::Lambda::Function': {
          total.functions += 1;
          const reserved = resource.Properties?.ReservedConcurrentExecutions;
          if (typeof reserved === 'number') total.reservedConcurrency += reserved;
          else total.unreservedFunctions += 1;
          break;
        }
      }
    }
  }
  return total;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * Lines for the end of a run: per account and region, the sums and the verdict against the default quotas.
 * Tenants without a template from this run (their synth failed) are named, since the sums then undercount.
 */
export function quotaLines(
  tenants: Tenant[],
  succeeded: ReadonlySet<string>,
  outRoot: string,
  defaultRegion: string | undefined,
): string[] {
  const groups = new Map<string, { tenants: string[]; sum: TenantFootprint }>();
  const distributionsPerAccount = new Map<string, number>();
  const missing: string[] = [];
  for (const t of tenants) {
    // A failed tenant's folder may hold an older assembly: counting it would be a guess.
    const footprint = succeeded.has(t.slug) ? footprintOf(path.join(outRoot, t.slug)) : undefined;
    if (!footprint) {
      missing.push(t.slug);
      continue;
    }
    const account = t.profile ? `profile ${t.profile}` : 'default credentials';
    const key = `${account}, ${t.region ?? defaultRegion ?? 'default region'}`;
    const group = groups.get(key) ?? {
      tenants: [],
      sum: {
        distributions: 0,
        userPools: 0,
        httpApis: 0,
        webSocketApis: 0,
        functions: 0,
        reservedConcurrency: 0,
        unreservedFunctions: 0,
      },
    };
    group.tenants.push(t.slug);
    for (const k of Object.keys(group.sum) as (keyof TenantFootprint)[]) group.sum[k] += footprint[k];
    groups.set(key, group);
    distributionsPerAccount.set(account, (distributionsPerAccount.get(account) ?? 0) + footprint.distributions);
  }
  if (!groups.size) return [];

  const q = DEFAULT_QUOTAS;
  const reservable = q.lambdaConcurrency - q.lambdaUnreservable;
  const out = ['Account quotas these tenants use (AWS defaults; an account with raised quotas: check Service Quotas):'];
  for (const [key, { tenants: slugs, sum }] of groups) {
    const over = sum.reservedConcurrency > reservable;
    out.push(
      `  ${key}: ${slugs.length} tenant(s)`,
      `    Lambda reserved concurrency ${fmt(sum.reservedConcurrency)} of ${fmt(reservable)} reservable ` +
        `(${fmt(q.lambdaConcurrency)} per region, ${q.lambdaUnreservable} always unreserved)` +
        (over ? ' — OVER: request a higher concurrency quota before deploying' : '') +
        `; ${sum.unreservedFunctions} function(s) without a reservation share the rest`,
      `    Cognito user pools ${fmt(sum.userPools)} of ${fmt(q.userPools)}` +
        (sum.userPools > q.userPools ? ' — OVER' : ''),
      `    API Gateway: ${sum.httpApis} HTTP + ${sum.webSocketApis} WebSocket APIs, all behind one 10,000 rps account throttle`,
    );
  }
  for (const [account, distributions] of distributionsPerAccount)
    out.push(
      `  CloudFront distributions (${account}, all regions): ${fmt(distributions)} of ${fmt(q.distributions)}` +
        (distributions > q.distributions ? ' — OVER' : ''),
    );
  if (missing.length) out.push(`  (not counted, no template from this run: ${missing.join(', ')})`);
  return out;
}
