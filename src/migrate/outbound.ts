/**
 * What the gateway does for each service's outbound requests, as flat comparable values: the view
 * migrate's proof is run over (once for the old file and environment, once for the new ones).
 * Built from the resolver's reading (src/resolve/) and the gateway model (src/gateway/); nothing
 * here decides a fact of its own beyond naming which caller's behaviour a value describes.
 *
 * The view is typed by FIELDS: a new fact (per-caller routes when the resolver exposes them, say)
 * is a new field with its extractor, and the comparison, the labels and both reports pick it up.
 */
import { SERVICES, type ServiceName } from '../types.js';
import { resolveAll, SERVICE_BUILTINS, type EffectiveConfig, type ServiceView } from '../resolve/resolve.js';
import { storageMtls } from '../resolve/fates.js';
import { parseEnvProxyValue, proxyConfigFromEnvironment, type EnvValue } from '../gateway/httpproxy.js';
import { goURLString } from '../go/url.js';
import { envValues, type EnvInput } from '../env/input.js';
import { maskUrl } from '../mask.js';
import type { MTLSConfig } from '../gateway/model.js';

export type ClientKind = 'external_services' | 'legacy' | 'none';
/** on: server certificates are checked; off: not; '-': the service makes no TLS connection of its own. */
export type Verify = 'on' | 'off' | '-';

export interface ServiceOutbound {
  service: ServiceName;
  /** The client the service's main caller gets. */
  client: ClientKind;
  /** Where a request to an http, https or other-scheme target goes: a proxy URL (masked), direct, or why it fails. */
  route: { http: string; https: string; other: string };
  /** The bypass list in force: bypass_proxy for the client's own URLs, NO_PROXY on the environment path. */
  bypass: string;
  /** The proxy URLs the client is configured with (masked), '' when it has none. */
  http_proxy: string;
  https_proxy: string;
  verify: Verify;
  /** The setting that decides verify. */
  verify_key: string;
  /** 'none', 'cert_id …' or 'cert_file … + key_file …'. */
  client_cert: string;
  /** 'system', 'ca_cert_ids …' or 'ca_file …'. */
  ca: string;
  timeout: string;
  /** What the main caller falls back to when its request or its certificates fail. */
  fallback: string;
  /** Whether the fallback checks server certificates. */
  fallback_verify: Verify;
  /** The service's other callers and where they go (the legacy oauth path has two). */
  other_callers: string;
}

export const FIELDS = [
  'client', 'route.http', 'route.https', 'route.other', 'bypass', 'http_proxy', 'https_proxy',
  'verify', 'verify_key', 'client_cert', 'ca', 'timeout', 'fallback', 'fallback_verify', 'other_callers',
] as const;
export type Field = (typeof FIELDS)[number];

export function fieldValue(v: ServiceOutbound, f: Field): string {
  switch (f) {
    case 'route.http':
      return v.route.http;
    case 'route.https':
      return v.route.https;
    case 'route.other':
      return v.route.other;
    default:
      return v[f];
  }
}

/** Does going from `before` to `after` in this field weaken TLS (verification off, a client certificate or a CA dropped)? */
export function weakensTls(f: Field, before: string, after: string): boolean {
  switch (f) {
    case 'verify':
    case 'fallback_verify':
      return before === 'on' && after === 'off';
    case 'client_cert':
      return before !== 'none' && after === 'none';
    case 'ca':
      return before !== 'system' && after === 'system';
    default:
      return false;
  }
}

const DIRECT = 'direct';

function envRoute(v: EnvValue | null, refusedByCgi: boolean): string {
  if (v === null) return 'environment (direct)';
  if (refusedByCgi) return 'fails (CGI refuses HTTP_PROXY)';
  const p = parseEnvProxyValue(v.value);
  if (!p.ok) return 'environment (direct)';
  return `environment (${v.variable} ${maskUrl(goURLString(p.url))})`;
}

interface Routing {
  route: ServiceOutbound['route'];
  bypass: string;
}

function environmentRouting(env: Record<string, string>): Routing {
  const cfg = proxyConfigFromEnvironment(env);
  return {
    route: { http: envRoute(cfg.httpProxy, cfg.cgi !== null), https: envRoute(cfg.httpsProxy, false), other: 'environment (direct)' },
    bypass: cfg.noProxy === null ? '' : `NO_PROXY ${cfg.noProxy.value}`,
  };
}

const directRouting: Routing = { route: { http: DIRECT, https: DIRECT, other: DIRECT }, bypass: '' };

function clientCert(m: MTLSConfig): string {
  if (!m.enabled) return 'none';
  if (m.cert_id !== '') return `cert_id ${m.cert_id}`;
  if (m.cert_file !== '' && m.key_file !== '') return `cert_file ${m.cert_file} + key_file ${m.key_file}`;
  return 'none';
}

function caOf(m: MTLSConfig): string {
  if (!m.enabled) return 'system';
  if (m.ca_cert_ids !== null && m.ca_cert_ids.length > 0) return `ca_cert_ids ${m.ca_cert_ids.join(',')}`;
  if (m.ca_file !== '') return `ca_file ${m.ca_file}`;
  return 'system';
}

const onOff = (insecure: boolean): Verify => (insecure ? 'off' : 'on');

function builtView(eff: EffectiveConfig, v: ServiceView, env: Record<string, string>): ServiceOutbound {
  const svc = v.service;
  const p = { http: v.proxy.http_proxy.value, https: v.proxy.https_proxy.value, bypass: v.proxy.bypass_proxy.value };
  const routing: Routing = v.mode === 'custom'
    ? {
      route: {
        http: p.http !== '' ? maskUrl(p.http) : DIRECT,
        https: p.https !== '' ? maskUrl(p.https) : p.http !== '' ? maskUrl(p.http) : DIRECT,
        other: p.http !== '' ? maskUrl(p.http) : DIRECT,
      },
      bypass: p.bypass,
    }
    : v.mode === 'environment' ? environmentRouting(env) : directRouting;
  const mtls = eff.config[svc].mtls;
  const jwt = eff.legacy.jwtSslInsecureSkipVerify.value;
  const certFailure = mtls.enabled ? CERT_LOAD_FALLBACK[svc] : '';
  const retry = svc === 'oauth' ? 'a failed JWT JWK fetch is retried by the legacy fetch (no proxy)' : '';
  return {
    service: svc,
    client: 'external_services',
    ...routing,
    http_proxy: v.mode === 'custom' ? maskUrl(p.http) : '',
    https_proxy: v.mode === 'custom' ? maskUrl(p.https) : '',
    verify: onOff(mtls.insecure_skip_verify),
    verify_key: `external_services.${svc}.mtls.insecure_skip_verify`,
    client_cert: clientCert(mtls),
    ca: caOf(mtls),
    timeout: `${SERVICE_BUILTINS[svc].timeoutSeconds}s`,
    fallback: [retry, certFailure].filter((x) => x !== '').join('; ') || 'none',
    fallback_verify: svc === 'oauth' ? onOff(jwt) : '-',
    other_callers: svc === 'oauth' ? 'introspection: the same client' : '-',
  };
}

/** On a certificate load error (only with mtls.enabled): SEMANTICS.md §6, per caller. */
const CERT_LOAD_FALLBACK: Record<ServiceName, string> = {
  oauth: 'on a certificate load error: the legacy clients, without the certificate',
  webhooks: 'on a certificate load error: delivery skipped',
  health: 'on a certificate load error: the check fails',
  discovery: 'on a certificate load error: the request fails',
  storage: 'on a certificate load error: Redis without the certificate',
};

/** The caller's own client when the external-services client is not built (SEMANTICS.md §6 table). */
function legacyView(eff: EffectiveConfig, svc: Exclude<ServiceName, 'storage'>, env: Record<string, string>): ServiceOutbound {
  const base = {
    service: svc, client: 'legacy' as const, http_proxy: '', https_proxy: '', client_cert: 'none', ca: 'system',
    fallback: 'none', fallback_verify: '-' as Verify, other_callers: '-',
  };
  const envR = environmentRouting(env);
  switch (svc) {
    case 'oauth': {
      const intro = envR.route;
      return {
        ...base, ...directRouting,
        verify: onOff(eff.legacy.jwtSslInsecureSkipVerify.value), verify_key: 'jwt_ssl_insecure_skip_verify', timeout: 'none',
        other_callers: `introspection: Go default client, http ${intro.http}, https ${intro.https}, verify on`,
      };
    }
    case 'webhooks':
      return { ...base, ...envR, verify: 'on', verify_key: 'Go default', timeout: '30s' };
    case 'health':
      return { ...base, ...directRouting, verify: onOff(eff.legacy.proxySslInsecureSkipVerify.value), verify_key: 'proxy_ssl_insecure_skip_verify', timeout: '0.5s unless the check sets one' };
    case 'discovery':
      return { ...base, ...envR, verify: 'on', verify_key: 'Go default', timeout: 'none' };
    default: {
      const never: never = svc;
      return never;
    }
  }
}

/** Storage makes no HTTP requests; its mtls matters only for the rate limiter's Redis connection. */
function storageView(eff: EffectiveConfig): ServiceOutbound {
  const inForce = storageMtls(eff).inForce;
  const m = eff.config.storage.mtls;
  return {
    service: 'storage', client: 'none', route: { http: '-', https: '-', other: '-' }, bypass: '', http_proxy: '', https_proxy: '',
    verify: '-', verify_key: '-',
    client_cert: inForce && m.cert_file !== '' && m.key_file !== '' ? `cert_file ${m.cert_file} + key_file ${m.key_file}` : 'none',
    ca: inForce && m.ca_file !== '' ? `ca_file ${m.ca_file}` : 'system',
    timeout: '-', fallback: inForce ? CERT_LOAD_FALLBACK.storage : 'none', fallback_verify: '-', other_callers: '-',
  };
}

/** The five services, in the gateway's order, for one reading of file + environment. */
export function outboundViews(eff: EffectiveConfig, env: EnvInput): ServiceOutbound[] {
  const record = envValues(env);
  const views = resolveAll(eff);
  return SERVICES.map((svc) => {
    if (svc === 'storage') return storageView(eff);
    const v = views.find((x) => x.service === svc)!;
    return v.client.kind === 'external_services' ? builtView(eff, v, record) : legacyView(eff, svc, record);
  });
}
