/**
 * The gateway's own structs for the external_services block, as plain data with Go zero values.
 * This layer knows nothing about files, lines or sources: it is what the gateway holds after
 * decoding tyk.conf and applying TYK_GW_* (SEMANTICS.md §1).
 */
import type { ServiceName } from '../types.js';

export interface ProxyConfig {
  enabled: boolean;
  http_proxy: string;
  https_proxy: string;
  bypass_proxy: string;
}

export interface MTLSConfig {
  enabled: boolean;
  cert_file: string;
  key_file: string;
  ca_file: string;
  cert_id: string;
  /** Go nil slice is null; an empty JSON array or an empty env value is []. */
  ca_cert_ids: string[] | null;
  insecure_skip_verify: boolean;
  tls_min_version: string;
  tls_max_version: string;
}

export interface ServiceConfig {
  proxy: ProxyConfig;
  mtls: MTLSConfig;
}

export interface ExternalServicesConfig {
  global: ProxyConfig;
  oauth: ServiceConfig;
  storage: ServiceConfig;
  webhooks: ServiceConfig;
  health: ServiceConfig;
  discovery: ServiceConfig;
}

export function zeroProxy(): ProxyConfig {
  return { enabled: false, http_proxy: '', https_proxy: '', bypass_proxy: '' };
}

export function zeroMTLS(): MTLSConfig {
  return {
    enabled: false, cert_file: '', key_file: '', ca_file: '', cert_id: '', ca_cert_ids: null,
    insecure_skip_verify: false, tls_min_version: '', tls_max_version: '',
  };
}

export function zeroExternalServices(): ExternalServicesConfig {
  const svc = (): ServiceConfig => ({ proxy: zeroProxy(), mtls: zeroMTLS() });
  return { global: zeroProxy(), oauth: svc(), storage: svc(), webhooks: svc(), health: svc(), discovery: svc() };
}

/**
 * A deep copy. Written out rather than structuredClone, whose first call in a run cost 2 ms
 * (npm run bench), a tenth of a whole lint.
 */
export function cloneExternalServices(c: ExternalServicesConfig): ExternalServicesConfig {
  const svc = cloneService;
  return { global: { ...c.global }, oauth: svc(c.oauth), storage: svc(c.storage), webhooks: svc(c.webhooks), health: svc(c.health), discovery: svc(c.discovery) };
}

export function cloneService(s: ServiceConfig): ServiceConfig {
  return {
    proxy: { ...s.proxy },
    mtls: { ...s.mtls, ca_cert_ids: s.mtls.ca_cert_ids === null ? null : [...s.mtls.ca_cert_ids] },
  };
}

/** The factory's own name for each service: the gateway's constant for webhooks is singular. */
export const SERVICE_TYPE: Record<ServiceName, string> = {
  oauth: 'oauth', storage: 'storage', webhooks: 'webhook', health: 'health', discovery: 'discovery',
};

/** The idle pool of a factory client. Every caller builds a new transport per call, so it never reuses a connection across calls. */
export interface ClientPool {
  maxIdle: number;
  maxIdlePerHost: number;
  idleTimeoutSeconds: number;
}

/** The factory client's built-in values per service (not configurable; SEMANTICS.md §6). */
export const SERVICE_BUILTINS: Record<ServiceName, { timeoutSeconds: number; pool: ClientPool }> = {
  oauth: { timeoutSeconds: 15, pool: { maxIdle: 50, maxIdlePerHost: 10, idleTimeoutSeconds: 30 } },
  webhooks: { timeoutSeconds: 30, pool: { maxIdle: 50, maxIdlePerHost: 10, idleTimeoutSeconds: 30 } },
  health: { timeoutSeconds: 10, pool: { maxIdle: 20, maxIdlePerHost: 5, idleTimeoutSeconds: 15 } },
  discovery: { timeoutSeconds: 10, pool: { maxIdle: 30, maxIdlePerHost: 5, idleTimeoutSeconds: 20 } },
  storage: { timeoutSeconds: 20, pool: { maxIdle: 50, maxIdlePerHost: 15, idleTimeoutSeconds: 90 } },
};
