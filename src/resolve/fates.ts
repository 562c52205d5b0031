/**
 * What happens to each setting, decided once for lint's rules and explain's "no effect" lines
 * (SEMANTICS.md §4, §6): a service bypass list without URLs, URLs under enabled: false, global's
 * URLs while global is off, storage mTLS in force or not and why.
 */
import type { ServiceName } from '../types.js';
import { pathKey } from '../config/load.js';
import type { ExternalServicesConfig } from '../gateway/model.js';
import { hasProxyUrl } from '../gateway/factory.js';
import { PROXY_URL_KEYS } from '../gateway/tls.js';
import type { EffectiveConfig } from './resolve.js';

/** Set in the file or the environment (as opposed to a zero value nobody wrote). */
export function isSetting(eff: EffectiveConfig, path: readonly (string | number)[]): boolean {
  const s = eff.sources.get(pathKey([...path]));
  return s !== undefined && s.kind !== 'default';
}

/**
 * What becomes of a service's own bypass_proxy when it has no URL of its own: replaced by
 * global's (the service takes global's block whole), left to NO_PROXY (enabled: the environment
 * path), or unused (no proxy at all). null when the service has URLs or no bypass list.
 */
export type BypassFate = 'replaced' | 'environment' | 'unused';

export function bypassFate(cfg: ExternalServicesConfig, svc: ServiceName): BypassFate | null {
  const p = cfg[svc].proxy;
  if (p.bypass_proxy === '' || hasProxyUrl(p)) return null;
  return !p.enabled && cfg.global.enabled ? 'replaced' : p.enabled ? 'environment' : 'unused';
}

/** Service URLs with enabled: false written out: the factory uses the URLs anyway. */
export function proxyDisabledButUsed(eff: EffectiveConfig, svc: ServiceName): boolean {
  const p = eff.config[svc].proxy;
  return hasProxyUrl(p) && !p.enabled && isSetting(eff, ['external_services', svc, 'proxy', 'enabled']);
}

/** Global's settings that every service ignores because global.enabled is false. */
export function globalIgnored(cfg: ExternalServicesConfig): (typeof PROXY_URL_KEYS)[number][] {
  return cfg.global.enabled ? [] : PROXY_URL_KEYS.filter((k) => cfg.global[k] !== '');
}

/** The service's own proxy enabled without URLs while global has URLs: it uses the environment, not global. */
export function enabledUsesEnvironment(cfg: ExternalServicesConfig, svc: ServiceName): boolean {
  const p = cfg[svc].proxy;
  return p.enabled && !hasProxyUrl(p) && cfg.global.enabled && hasProxyUrl(cfg.global);
}

/** What of global's a service with URLs of its own does not get (it inherits nothing). */
export function hiddenGlobal(cfg: ExternalServicesConfig, svc: ServiceName): (typeof PROXY_URL_KEYS)[number][] {
  const p = cfg[svc].proxy;
  if (!hasProxyUrl(p) || !cfg.global.enabled) return [];
  return PROXY_URL_KEYS.filter((k) => p[k] === '' && cfg.global[k] !== '');
}

export type StorageMtlsGap = 'use_ssl' | 'cert_id' | 'ca_cert_ids';

export interface StorageMtls {
  /** The rate limiter's Redis connection uses storage.mtls (and no longer the legacy storage.* TLS keys). */
  inForce: boolean;
  /** With mtls.enabled: what keeps it, or part of it, from working. */
  gaps: StorageMtlsGap[];
  /**
   * The rate limiter's Redis TLS (internal/rate/storage.go): none without use_ssl; with it,
   * storage.mtls when enabled, else storage's own settings (ssl_insecure_skip_verify, and from
   * 5.10.0 createTLSConfig's ca_file, cert_file, key_file and TLS versions: src/resolve/model.ts).
   */
  tls: 'none' | 'legacy' | 'mtls';
}

/**
 * Storage mTLS applies to the rate limiter's Redis connection only when storage.type is redis,
 * storage.use_ssl and storage.mtls.enabled (internal/rate/storage.go); file certificates only.
 * An unset storage.type is taken as redis (a fragment of a config, not a whole one).
 */
export function storageMtls(eff: EffectiveConfig): StorageMtls {
  const m = eff.config.storage.mtls;
  // Set to anything but "redis", "" included, the gateway exits at start (the model's fatal
  // errors). Unset is taken as redis: extsvc is often given a fragment of a config (a whole file
  // read without it stops the gateway too, as docs/rules.md STORAGE_TYPE_NOT_REDIS says).
  const t = eff.legacy.storageType;
  const redis = t.source.kind === 'default' || t.value === 'redis';
  const useSsl = eff.legacy.storageUseSsl.value;
  const gaps: StorageMtlsGap[] = [];
  if (m.enabled) {
    if (!useSsl) gaps.push('use_ssl');
    if (m.cert_id !== '') gaps.push('cert_id');
    if ((m.ca_cert_ids ?? []).length > 0) gaps.push('ca_cert_ids');
  }
  const inForce = m.enabled && useSsl && redis;
  return { inForce, gaps, tls: !useSsl || !redis ? 'none' : inForce ? 'mtls' : 'legacy' };
}
