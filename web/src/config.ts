/**
 * `/config.json`: where this deployment's API, WebSocket and Cognito are. Read once at boot and checked
 * against the schema shared with CDK and the local stack (as JSON Schema, see config-check.ts), so a wrong
 * file fails loudly, not later.
 */
import { createContext, useContext } from 'react';
import portalConfigJsonSchema from 'virtual:portal-config-schema';
import type { PortalConfig } from '../../shared/config/portal-config';
import { checkConfig } from './config-check';

export type { PortalConfig };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

async function fetchConfig(): Promise<PortalConfig> {
  let res: Response;
  try {
    res = await fetch('/config.json', { cache: 'no-store', headers: { accept: 'application/json' } });
  } catch (e) {
    throw new ConfigError(`GET /config.json failed: ${(e as Error).message}`);
  }
  if (!res.ok) throw new ConfigError(`GET /config.json answered ${res.status} ${res.statusText}`);
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new ConfigError('/config.json is not valid JSON');
  }
  const parsed = checkConfig<PortalConfig>(json, portalConfigJsonSchema);
  if (!parsed.success) {
    const issues = parsed.issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ');
    throw new ConfigError(`/config.json is not a valid portal configuration: ${issues}`);
  }
  return parsed.data;
}

/** The one read of /config.json for this page; a failed read is forgotten so that "Retry" reads again. */
let configRead: Promise<PortalConfig> | null = null;

/**
 * The configuration, read once per page load. Every caller shares the same request: React's StrictMode
 * mounts the boot effect twice, and aborting the first mount's request used to cancel a /config.json
 * fetch on every load. `signal` only stops this caller waiting (it rejects with an AbortError); the shared
 * request carries on for the others.
 */
export function loadConfig(signal?: AbortSignal): Promise<PortalConfig> {
  const read = (configRead ??= fetchConfig().catch((e: unknown) => {
    configRead = null;
    throw e;
  }));
  if (!signal) return read;
  return new Promise<PortalConfig>((resolve, reject) => {
    const aborted = () => reject(new DOMException('The config read was aborted', 'AbortError'));
    if (signal.aborted) return aborted();
    signal.addEventListener('abort', aborted, { once: true });
    read.then(resolve, reject).finally(() => signal.removeEventListener('abort', aborted));
  });
}

export const ConfigContext = createContext<PortalConfig | null>(null);

export function useConfig(): PortalConfig {
  const c = useContext(ConfigContext);
  if (!c) throw new Error('useConfig outside <ConfigContext.Provider>');
  return c;
}

export function useOptionalConfig(): PortalConfig | null {
  return useContext(ConfigContext);
}
