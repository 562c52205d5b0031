/**
 * The gateway's external-services client factory (Tyk `internal/httpclient/factory.go` and
 * `config/external_service.go`): whether a service gets a client, the all-or-nothing merge with
 * global, mTLS validation, the proxy mode, and the proxy chosen for one request (SEMANTICS.md §4, §6).
 */
import { bypassMatch, splitBypassProxy } from './bypass.js';
import { SERVICES, type ServiceName } from '../types.js';
import {
  SERVICE_TYPE, cloneService, zeroExternalServices,
  type ExternalServicesConfig, type MTLSConfig, type ProxyConfig, type ServiceConfig,
} from './model.js';
import { goURLParse, goURLRedacted, goURLString, type GoURL } from '../go/url.js';
import { maskUrlError } from '../mask.js';
import {
  envProxyForURL, parseRequestURL, type Env, type EnvProxyReason, type NoSchemeProxy,
} from './httpproxy.js';

/** The block names a proxy URL: the custom proxy function is used, whatever `enabled` says. */
export function hasProxyUrl(p: ProxyConfig): boolean {
  return p.http_proxy !== '' || p.https_proxy !== '';
}

/** isServiceConfigured: global on, or the service's own proxy or mTLS switched on / given URLs. */
export function isServiceConfigured(cfg: ExternalServicesConfig, svc: ServiceName): boolean {
  if (cfg.global.enabled) return true;
  const s = cfg[svc];
  return s.proxy.enabled || hasProxyUrl(s.proxy) || s.mtls.enabled;
}

export interface MergedService {
  merged: ServiceConfig;
  /** The service's proxy block was empty and global was on, so it took global's URLs and bypass list whole. */
  inheritedFromGlobal: boolean;
}

/** getServiceConfig: a service with no URLs and `enabled: false` takes global's block whole; otherwise nothing. */
export function mergeServiceConfig(cfg: ExternalServicesConfig, svc: ServiceName): MergedService {
  const merged = cloneService(cfg[svc]);
  const p = merged.proxy;
  if (p.http_proxy === '' && p.https_proxy === '' && !p.enabled && cfg.global.enabled) {
    merged.proxy = {
      enabled: cfg.global.enabled,
      http_proxy: cfg.global.http_proxy,
      https_proxy: cfg.global.https_proxy,
      bypass_proxy: cfg.global.bypass_proxy,
    };
    return { merged, inheritedFromGlobal: true };
  }
  return { merged, inheritedFromGlobal: false };
}

/** What MTLSConfig.Validate rejects, in its order (SEMANTICS.md §6). */
export type MTLSProblem = 'store-and-files' | 'no-certificate' | 'partial-keypair';

/** The gateway's exact messages. */
export const MTLS_MESSAGES: Record<MTLSProblem, string> = {
  'store-and-files': 'cannot specify both file-based and certificate store configuration',
  'no-certificate': 'mTLS enabled but no certificate configuration provided',
  'partial-keypair': 'both cert_file and key_file must be specified for file-based configuration',
};

/** MTLSConfig.Validate: the first problem, or null when valid (always valid when disabled). */
export function mtlsProblem(m: MTLSConfig): MTLSProblem | null {
  if (!m.enabled) return null;
  const isFileConfig = m.cert_file !== '' || m.key_file !== '';
  const hasStoreConfig = m.cert_id !== '';
  const hasCAConfig = m.ca_file !== '' || (m.ca_cert_ids !== null && m.ca_cert_ids.length > 0);
  if (isFileConfig && hasStoreConfig) return 'store-and-files';
  if (!isFileConfig && !hasStoreConfig && !hasCAConfig) return 'no-certificate';
  if (isFileConfig && (m.cert_file === '' || m.key_file === '')) return 'partial-keypair';
  return null;
}

/** The gateway's message for MTLSConfig.Validate, or null when valid. */
export function validateMTLS(m: MTLSConfig): string | null {
  const p = mtlsProblem(m);
  return p === null ? null : MTLS_MESSAGES[p];
}

/** custom: the merged block has a URL; environment: enabled without URLs; direct: neither. */
export type ClientMode = 'custom' | 'environment' | 'direct';

export type ClientFailure =
  | { kind: 'not-configured' }
  | { kind: 'proxy'; setting: 'http_proxy' | 'https_proxy'; value: string; parseError: string }
  | { kind: 'mtls'; message: string };

export interface FailedClient {
  built: false;
  /** The gateway's exact error text; the caller then falls back to its legacy client. */
  error: string;
  failure: ClientFailure;
  serviceType: string;
}

export interface BuiltClient {
  built: true;
  serviceType: string;
  merged: ServiceConfig;
  mode: ClientMode;
  inheritedFromGlobal: boolean;
}

export type ClientResult = FailedClient | BuiltClient;

/**
 * CreateClient, up to what can be known without the certificate files and store: the gateway
 * can still fail later while loading certificates.
 */
export function createClient(cfg: ExternalServicesConfig, svc: ServiceName): ClientResult {
  const serviceType = SERVICE_TYPE[svc];
  if (!isServiceConfigured(cfg, svc)) {
    return {
      built: false, serviceType, failure: { kind: 'not-configured' },
      error: `external services not configured for service type: ${serviceType}`,
    };
  }
  const { merged, inheritedFromGlobal } = mergeServiceConfig(cfg, svc);
  const p = merged.proxy;
  if (hasProxyUrl(p)) {
    const checks: ['http_proxy' | 'https_proxy', string, string][] = [
      ['http_proxy', p.http_proxy, 'HTTP'],
      ['https_proxy', p.https_proxy, 'HTTPS'],
    ];
    for (const [setting, value, label] of checks) {
      if (value === '') continue;
      const parsed = goURLParse(value);
      if (!parsed.ok) {
        const parseError = maskUrlError(parsed.error, value);
        return {
          built: false, serviceType, failure: { kind: 'proxy', setting, value, parseError },
          error: `failed to configure proxy: invalid ${label} proxy URL: ${parseError}`,
        };
      }
    }
  }
  const mtlsError = validateMTLS(merged.mtls);
  if (mtlsError !== null) {
    return {
      built: false, serviceType, failure: { kind: 'mtls', message: mtlsError },
      error: `failed to configure TLS: invalid mTLS configuration: ${mtlsError}`,
    };
  }
  return { built: true, serviceType, merged, mode: clientMode(p), inheritedFromGlobal };
}

/** How a client with these (merged) proxy settings routes: its URLs, Go's environment path, or direct. */
export function clientMode(p: ProxyConfig): ClientMode {
  return hasProxyUrl(p) ? 'custom' : p.enabled ? 'environment' : 'direct';
}

// ---------------------------------------------------------------------------------------------
// One request

export type CustomProxyReason =
  | NoSchemeProxy
  /** Direct: `entry` equals the request host (`localhostAlias`: entry `localhost`, host `127.0.0.1`). */
  | { kind: 'bypass'; entry: string; host: string; localhostAlias: boolean }
  /** Proxied through `setting`; no bypass entry (possibly none at all) equals `host`. */
  | { kind: 'bypass-miss'; setting: 'http_proxy' | 'https_proxy'; value: string; entries: string[]; host: string }
  /** The chosen URL does not parse: the request fails. createClient never builds such a client. */
  | { kind: 'invalid-proxy-url'; setting: 'http_proxy' | 'https_proxy'; value: string; error: string };

export type ProxyReason = CustomProxyReason | EnvProxyReason | { kind: 'direct-mode' };

export interface ProxyDecision {
  proxy: string | null;
  /** `proxy` with any password replaced by `xxxxx`. */
  redacted: string | null;
  /** The request fails with this error (bad target URL, CGI refusal). */
  error: string | null;
  reason: ProxyReason;
}

function directFor(reason: ProxyReason, error: string | null = null): ProxyDecision {
  return { proxy: null, redacted: null, error, reason };
}

function customProxyForURL(p: ProxyConfig, target: GoURL): ProxyDecision {
  let setting: 'http_proxy' | 'https_proxy' | null = null;
  if (target.scheme === 'https' && p.https_proxy !== '') setting = 'https_proxy';
  else if (target.scheme === 'http' && p.http_proxy !== '') setting = 'http_proxy';
  else if (p.http_proxy !== '') setting = 'http_proxy';
  if (setting === null) {
    const consulted = target.scheme === 'https' ? ['https_proxy', 'http_proxy'] : ['http_proxy'];
    return directFor({ kind: 'no-proxy-for-scheme', mode: 'custom', scheme: target.scheme, consulted });
  }
  const entries = splitBypassProxy(p.bypass_proxy);
  const host = target.host;
  const hit = bypassMatch(entries, host);
  if (hit !== null) return directFor({ kind: 'bypass', entry: hit.entry, host, localhostAlias: hit.localhostAlias });
  const value = p[setting];
  const parsed = goURLParse(value);
  if (!parsed.ok) {
    const error = maskUrlError(parsed.error, value);
    return directFor({ kind: 'invalid-proxy-url', setting, value, error }, error);
  }
  return {
    proxy: goURLString(parsed.url),
    redacted: goURLRedacted(parsed.url),
    error: null,
    reason: { kind: 'bypass-miss', setting, value, entries, host },
  };
}

/** The proxy the built client uses for one request to `url` (as http.NewRequest parses it). */
export function proxyForRequest(client: BuiltClient, url: string, env: Env): ProxyDecision {
  if (client.mode === 'direct') return directFor({ kind: 'direct-mode' });
  const parsed = parseRequestURL(url);
  if (!parsed.ok) return directFor({ kind: 'bad-target-url', error: parsed.error }, parsed.error);
  if (client.mode === 'custom') return customProxyForURL(client.merged.proxy, parsed.url);
  return envProxyForURL(parsed.url, env);
}

// ---------------------------------------------------------------------------------------------
// Plain data in

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fillProxy(into: ProxyConfig, v: unknown): void {
  if (!isRecord(v)) return;
  if (typeof v.enabled === 'boolean') into.enabled = v.enabled;
  if (typeof v.http_proxy === 'string') into.http_proxy = v.http_proxy;
  if (typeof v.https_proxy === 'string') into.https_proxy = v.https_proxy;
  if (typeof v.bypass_proxy === 'string') into.bypass_proxy = v.bypass_proxy;
}

function fillMTLS(into: MTLSConfig, v: unknown): void {
  if (!isRecord(v)) return;
  for (const key of ['enabled', 'insecure_skip_verify'] as const) {
    const b = v[key];
    if (typeof b === 'boolean') into[key] = b;
  }
  for (const key of ['cert_file', 'key_file', 'ca_file', 'cert_id', 'tls_min_version', 'tls_max_version'] as const) {
    const s = v[key];
    if (typeof s === 'string') into[key] = s;
  }
  const ids = v.ca_cert_ids;
  if (Array.isArray(ids)) into.ca_cert_ids = ids.filter((x): x is string => typeof x === 'string');
}

/**
 * An `external_services` object as plain JSON (exact lower-case keys, values of the right type)
 * into the model, zero values elsewhere. For tests and vectors, not for tyk.conf: the real
 * decoding rules live in src/config.
 */
export function externalServicesFromPlain(obj: unknown): ExternalServicesConfig {
  const cfg = zeroExternalServices();
  if (!isRecord(obj)) return cfg;
  fillProxy(cfg.global, obj.global);
  for (const svc of SERVICES) {
    const s = obj[svc];
    if (!isRecord(s)) continue;
    fillProxy(cfg[svc].proxy, s.proxy);
    fillMTLS(cfg[svc].mtls, s.mtls);
  }
  return cfg;
}
