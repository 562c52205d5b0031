/**
 * Who in the gateway makes outbound requests for each service, and with which client
 * (SEMANTICS.md §6 "Per-service callers"). Read in TykTechnologies/tyk v5.10.0 up to master:
 *
 * - JWT middleware JWK fetch (gateway/mw_jwt.go): the factory's client; when it cannot be built,
 *   and also when a fetch through it fails, the legacy getJWK: a transport with no proxy at all,
 *   jwt_ssl_insecure_skip_verify, no timeout.
 * - the JWT middleware's client-IdP JWKS fetch (5.14.0+, gateway/mw_jwt.go fetchJWKSKey): the same
 *   pattern for the jwks_uri of an IdP in the registry the Dashboard or MDCB hands the gateway.
 * - external OAuth middleware JWK fetch (gateway/mw_external_oauth.go): the same legacy getJWK
 *   when the factory fails, but a failed fetch is not retried.
 * - introspection (mw_external_oauth.go): the factory's client, else http.Post (Go's default
 *   client: environment proxy, no timeout).
 * - upstream OAuth token requests (enterprise, ee/middleware/upstreamoauth/oauth_client_utils.go):
 *   its own gate, oauth.mtls.enabled || oauth.proxy.enabled || global.enabled (URLs alone do not
 *   count); closed gate or any factory error (mTLS load errors included, whatever the comment
 *   there says: it returns nil either way) leaves oauth2 on http.DefaultClient.
 * - token exchange (enterprise, 5.14.0+, ee/middleware/oauth2tokenexchange, internal/oauth2common):
 *   always http.DefaultTransport, the provider's timeout or 15 s.
 * - webhooks (gateway/event_handler_webhooks.go): factory, else &http.Client{Timeout: 30s}.
 * - health (gateway/host_checker.go): factory, else the shared host-checker client (server.go:
 *   500 ms timeout, replaced by the check's own; a transport with no proxy,
 *   proxy_ssl_insecure_skip_verify and proxy_ssl_max_version).
 * - discovery (gateway/service_discovery.go): factory, else http.Get.
 * - storage: no caller asks the factory; the rate limiter's Redis connection
 *   (internal/rate/storage.go) reads storage.mtls when use_ssl and mtls.enabled.
 *
 * Every caller builds a new factory and transport per call, so no connection is reused across calls.
 *
 * Before 5.10.0 there is no factory (config/external_service.go and gateway's
 * ExternalHTTPClientFactory first appear in v5.10.0): every caller that exists uses what is its
 * fallback from 5.10.0 on, as read in the older tags (v4.0.0, v4.0.16, v5.0.15, v5.3.13, v5.9.2):
 *
 * - JWT JWK fetch: getSecretFromURL's own http.Client with an http.Transport that sets only
 *   TLSClientConfig{InsecureSkipVerify: JWTSSLInsecureSkipVerify} (no Proxy: direct), no timeout
 *   (gateway/mw_jwt.go v4.0.0, v4.0.16; from v4.3.0 the same client in getJWK, v5.0.15, v5.9.2).
 * - external OAuth (gateway/mw_external_oauth.go, first in v4.3.0): JWKs through that getJWK;
 *   introspection through http.Post (apidef/api_definitions.go in v4.3.0, the middleware from
 *   v5.0.0 to v5.9.2).
 * - upstream OAuth (ee/middleware/upstreamoauth, first in v5.7.0): oauth2's TokenSource with the
 *   request's context, which carries no HTTP client, so http.DefaultClient (token_cache.go v5.9.2).
 * - webhooks: &http.Client{Timeout: 30 * time.Second} (gateway/event_handler_webhooks.go v4.0.0
 *   to v5.9.2): Go's default transport, so the environment's proxy.
 * - host checker: HostCheckerClient, 500 ms timeout (a package variable in v4.0.0, gw.HostCheckerClient
 *   in server.go from v4.0.16), its Transport replaced per check by one with only TLSClientConfig
 *   {InsecureSkipVerify: ProxySSLInsecureSkipVerify, MaxVersion: ProxySSLMaxVersion}; the check's
 *   own timeout when set (gateway/host_checker.go v4.0.0 to v5.9.2).
 * - service discovery: http.Get (gateway/service_discovery.go v4.0.0 to v5.9.2).
 * - Redis: the rate limiter's own client (internal/rate/storage.go, called from
 *   gateway/session_manager.go) first appears in v5.3.0, with only the legacy storage.* TLS
 *   settings; external_services.storage.mtls does not exist yet. Before 5.3.0 storage has no
 *   caller in this table (the storage connection itself is egress's, src/egress/storage.ts).
 *
 * None of these differ from the fallback recorded below in client, route, verification key or
 * timeout. `since` is the first version with the caller ('4.0.0': before any recorded version).
 */
import { EXTERNAL_SERVICES_SINCE, versionAtLeast } from '../config/versions.js';
import type { ServiceName } from '../types.js';
import { SERVICE_BUILTINS, type ExternalServicesConfig } from './model.js';
import { createClient, proxyForRequest, type BuiltClient, type ClientResult, type ProxyDecision } from './factory.js';
import { parseRequestURL, proxyFromEnvironment, type BadTargetURL, type Env } from './httpproxy.js';

export const CALLER_IDS = [
  'jwt-jwk', 'client-idp-jwk', 'external-oauth-jwk', 'introspection', 'upstream-oauth', 'token-exchange',
  'webhooks', 'host-checker', 'service-discovery', 'redis',
] as const;
export type CallerId = (typeof CALLER_IDS)[number];

/** external-services: the factory's client; legacy: the caller's own; go-default: Go's default client or transport; none: no HTTP client. */
export type ClientKind = 'external-services' | 'legacy' | 'go-default' | 'none';
/** custom: the configured URLs and bypass list; environment: HTTP(S)_PROXY and NO_PROXY; direct: no proxy; none: no HTTP. */
export type RouteMode = 'custom' | 'environment' | 'direct' | 'none';
export type Edition = 'oss' | 'ee';

/** When a caller leaves the factory's client for its fallback. */
export type FallbackWhen = 'gate-closed' | 'not-configured' | 'proxy-error' | 'validation-error' | 'cert-load-error' | 'fetch-failed';

/** What a caller does when its service's mtls is enabled and the certificates cannot be loaded. */
export type CertLoadFailure = 'fallback' | 'skip-delivery' | 'fail-check' | 'fail-request' | 'connect-without-cert';

/** The setting that decides server-certificate verification, or null for Go's default (verified, system roots). */
export type VerifyKey = 'mtls.insecure_skip_verify' | 'jwt_ssl_insecure_skip_verify' | 'proxy_ssl_insecure_skip_verify' | null;

interface ClientSpec {
  client: ClientKind;
  route: RouteMode;
  verify: VerifyKey;
  /** Built-in timeout in seconds; null: none at all. */
  timeoutSeconds: number | null;
  /** What replaces the built-in timeout, when something can. */
  timeoutFrom: 'uptime-test' | 'provider' | null;
}

export interface CallerSpec {
  id: CallerId;
  service: ServiceName;
  edition: Edition;
  /** The first gateway version that has this caller ('4.0.0': before any recorded version). */
  since: string;
  /** The first version in which it asks the external-services factory; null: it never does. */
  factorySince: string | null;
  /** factory: asks the factory; upstream-oauth: its own gate first; never: does not use the factory at all. */
  gate: 'factory' | 'upstream-oauth' | 'never';
  /** The client when the factory's is not there (for `never`, and before factorySince: the only one). */
  fallback: ClientSpec;
  onCertLoadError: CertLoadFailure;
  /** A request that fails through the factory's client is retried with the fallback. */
  retriesWithFallback: boolean;
}

const NO_PROXY_JWK: ClientSpec = { client: 'legacy', route: 'direct', verify: 'jwt_ssl_insecure_skip_verify', timeoutSeconds: null, timeoutFrom: null };
const GO_DEFAULT: ClientSpec = { client: 'go-default', route: 'environment', verify: null, timeoutSeconds: null, timeoutFrom: null };
/** The external-services factory: config/external_service.go, v5.10.0. */
export const FACTORY_SINCE = EXTERNAL_SERVICES_SINCE;
const V4_0 = '4.0.0';
/** gateway/mw_external_oauth.go first appears in v4.3.0 (not in v4.2.4). */
const EXTERNAL_OAUTH = '4.3.0';
const ASKS = { gate: 'factory', factorySince: FACTORY_SINCE } as const;
const NEVER = { gate: 'never', factorySince: null } as const;

export const CALLERS: readonly CallerSpec[] = [
  { id: 'jwt-jwk', service: 'oauth', edition: 'oss', since: V4_0, ...ASKS, fallback: NO_PROXY_JWK, onCertLoadError: 'fallback', retriesWithFallback: true },
  // The client-IdP registry's JWKS fetch (gateway/mw_jwt.go fetchJWKSKey / fetchAndCacheJWKS,
  // gateway/idp_registry.go), first in v5.14.0 (not in v5.13.1): CreateJWKClient, and when it
  // cannot be built or its fetch fails, GetJWK (no proxy, jwt_ssl_insecure_skip_verify); the
  // registry comes from the Dashboard or MDCB (GET /system/clientidps, GetClientIdPs).
  { id: 'client-idp-jwk', service: 'oauth', edition: 'oss', since: '5.14.0', ...ASKS, fallback: NO_PROXY_JWK, onCertLoadError: 'fallback', retriesWithFallback: true },
  { id: 'external-oauth-jwk', service: 'oauth', edition: 'oss', since: EXTERNAL_OAUTH, ...ASKS, fallback: NO_PROXY_JWK, onCertLoadError: 'fallback', retriesWithFallback: false },
  { id: 'introspection', service: 'oauth', edition: 'oss', since: EXTERNAL_OAUTH, ...ASKS, fallback: GO_DEFAULT, onCertLoadError: 'fallback', retriesWithFallback: false },
  // ee/middleware/upstreamoauth first appears in v5.7.0; its own gate (oauth_client_utils.go) in v5.10.0.
  { id: 'upstream-oauth', service: 'oauth', edition: 'ee', since: '5.7.0', gate: 'upstream-oauth', factorySince: FACTORY_SINCE, fallback: GO_DEFAULT, onCertLoadError: 'fallback', retriesWithFallback: false },
  {
    // ee/middleware/oauth2tokenexchange first appears in v5.14.0 (not in v5.13.1).
    id: 'token-exchange', service: 'oauth', edition: 'ee', since: '5.14.0', ...NEVER,
    fallback: { ...GO_DEFAULT, timeoutSeconds: 15, timeoutFrom: 'provider' }, onCertLoadError: 'fallback', retriesWithFallback: false,
  },
  {
    id: 'webhooks', service: 'webhooks', edition: 'oss', since: V4_0, ...ASKS,
    fallback: { client: 'legacy', route: 'environment', verify: null, timeoutSeconds: 30, timeoutFrom: null }, onCertLoadError: 'skip-delivery', retriesWithFallback: false,
  },
  {
    id: 'host-checker', service: 'health', edition: 'oss', since: V4_0, ...ASKS,
    fallback: { client: 'legacy', route: 'direct', verify: 'proxy_ssl_insecure_skip_verify', timeoutSeconds: 0.5, timeoutFrom: 'uptime-test' }, onCertLoadError: 'fail-check', retriesWithFallback: false,
  },
  { id: 'service-discovery', service: 'discovery', edition: 'oss', since: V4_0, ...ASKS, fallback: GO_DEFAULT, onCertLoadError: 'fail-request', retriesWithFallback: false },
  {
    // internal/rate/storage.go first appears in v5.3.0 (not in v5.2.6).
    id: 'redis', service: 'storage', edition: 'oss', since: '5.3.0', ...NEVER,
    fallback: { client: 'none', route: 'none', verify: null, timeoutSeconds: null, timeoutFrom: null }, onCertLoadError: 'connect-without-cert', retriesWithFallback: false,
  },
];

export { versionAtLeast };

const byVersion = new Map<string, Map<ServiceName, CallerSpec[]>>();

/** The caller asks the external-services factory in this gateway version. */
export function asksFactory(spec: CallerSpec, version: string): boolean {
  return spec.factorySince !== null && versionAtLeast(version, spec.factorySince);
}

/** The callers a gateway version has, in the table's order. */
export function callersOf(service: ServiceName, version: string): CallerSpec[] {
  let m = byVersion.get(version);
  if (m === undefined) byVersion.set(version, (m = new Map()));
  let list = m.get(service);
  if (list === undefined) m.set(service, (list = CALLERS.filter((c) => c.service === service && versionAtLeast(version, c.since))));
  return list;
}

/** Why a caller ends up with the client it has. */
export type ClientBecause =
  | 'built'
  | 'gate-closed'
  | 'not-configured'
  | 'proxy-error'
  | 'validation-error'
  /** It never asks the factory (token exchange, Redis). */
  | 'always'
  /** The gateway version has no factory yet (before 5.10.0): its own client, and nothing to fall back from. */
  | 'before-factory';

export interface CallerClient {
  spec: CallerSpec;
  client: ClientKind;
  route: RouteMode;
  because: ClientBecause;
  /** The factory client when the caller uses it. */
  built: BuiltClient | null;
  /** The factory's error, in the gateway's words, when the caller asked and it failed. */
  factoryError: string | null;
  verify: VerifyKey;
  timeoutSeconds: number | null;
  timeoutFrom: 'uptime-test' | 'provider' | null;
  /** When this caller leaves the factory's client (empty: it never uses it, or never leaves it). */
  fallbackWhen: FallbackWhen[];
}

/** The upstream OAuth middleware's own gate: URLs alone do not open it. */
export function upstreamOAuthGate(cfg: ExternalServicesConfig): boolean {
  return cfg.oauth.mtls.enabled || cfg.oauth.proxy.enabled || cfg.global.enabled;
}

function failedBecause(r: Exclude<ClientResult, BuiltClient>): ClientBecause {
  return r.failure.kind === 'not-configured' ? 'not-configured' : r.failure.kind === 'proxy' ? 'proxy-error' : 'validation-error';
}

const WHEN = new Map<CallerId, FallbackWhen[]>();

/** When a caller leaves the factory's client: the same for every configuration, so worked out once. */
function whenOf(spec: CallerSpec): FallbackWhen[] {
  let w = WHEN.get(spec.id);
  if (w === undefined) WHEN.set(spec.id, (w = computeWhen(spec)));
  return w;
}

function computeWhen(spec: CallerSpec): FallbackWhen[] {
  if (spec.gate === 'never') return [];
  const out: FallbackWhen[] = spec.gate === 'upstream-oauth' ? ['gate-closed', 'proxy-error', 'validation-error'] : ['not-configured', 'proxy-error', 'validation-error'];
  if (spec.onCertLoadError === 'fallback') out.push('cert-load-error');
  if (spec.retriesWithFallback) out.push('fetch-failed');
  return out;
}

/**
 * The client one caller gets from these settings in one gateway version. `factory` is the
 * service's createClient result, computed once per service (null for storage, which has none,
 * and before 5.10.0, when nothing has one).
 */
export function callerClient(spec: CallerSpec, cfg: ExternalServicesConfig, factory: ClientResult | null, version: string): CallerClient {
  if (spec.gate !== 'never' && !asksFactory(spec, version)) {
    const fb = spec.fallback;
    return {
      spec, client: fb.client, route: fb.route, because: 'before-factory', built: null, factoryError: null,
      verify: fb.verify, timeoutSeconds: fb.timeoutSeconds, timeoutFrom: fb.timeoutFrom, fallbackWhen: [],
    };
  }
  let because: ClientBecause;
  if (spec.gate === 'never' || factory === null) because = 'always';
  else if (spec.gate === 'upstream-oauth' && !upstreamOAuthGate(cfg)) because = 'gate-closed';
  else if (!factory.built) because = failedBecause(factory);
  else {
    return {
      spec, client: 'external-services', route: factory.mode, because: 'built', built: factory, factoryError: null,
      verify: 'mtls.insecure_skip_verify', timeoutSeconds: SERVICE_BUILTINS[spec.service].timeoutSeconds,
      timeoutFrom: spec.service === 'health' ? 'uptime-test' : null, fallbackWhen: whenOf(spec),
    };
  }
  const fb = spec.fallback;
  return {
    spec, client: fb.client, route: fb.route, because, built: null,
    factoryError: factory !== null && !factory.built && because !== 'gate-closed' && because !== 'always' ? factory.error : null,
    verify: fb.verify, timeoutSeconds: fb.timeoutSeconds, timeoutFrom: fb.timeoutFrom, fallbackWhen: whenOf(spec),
  };
}

/** What one request of a caller does: the factory's decision, Go's environment path, or none. */
export type CallerDecision =
  | ProxyDecision
  /** A client with no proxy at all (the legacy JWK fetch, the legacy host checker). */
  | { proxy: null; redacted: null; error: string | null; reason: { kind: 'no-proxy-client' } | BadTargetURL }
  /** No HTTP client (storage). */
  | { proxy: null; redacted: null; error: null; reason: { kind: 'no-http-client' } };

/** The proxy one request to `url` takes through this caller's client (environment injected). */
export function callerRequest(c: CallerClient, url: string, env: Env): CallerDecision {
  if (c.client === 'none') return { proxy: null, redacted: null, error: null, reason: { kind: 'no-http-client' } };
  if (c.built !== null) return proxyForRequest(c.built, url, env);
  if (c.route === 'environment') return proxyFromEnvironment(url, env);
  const p = parseRequestURL(url);
  if (!p.ok) return { proxy: null, redacted: null, error: p.error, reason: { kind: 'bad-target-url', error: p.error } };
  return { proxy: null, redacted: null, error: null, reason: { kind: 'no-proxy-client' } };
}

/**
 * createClient for a service, or null when no caller asks the factory: storage, and every
 * service before 5.10.0 (no factory at all).
 */
export function factoryFor(cfg: ExternalServicesConfig, service: ServiceName, version: string): ClientResult | null {
  return service === 'storage' || !versionAtLeast(version, FACTORY_SINCE) ? null : createClient(cfg, service);
}
