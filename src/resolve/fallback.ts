import type { ServiceName } from '../types.js';

/** What each service's callers do when the external-services client is not built, in words (src/gateway/callers.ts has the facts). */
export const LEGACY_FALLBACK: Record<ServiceName, string> = {
  oauth: 'JWK fetches use the legacy client (no proxy at all; jwt_ssl_insecure_skip_verify decides verification); introspection, and in the enterprise build upstream OAuth token requests, use Go\'s default client (HTTP_PROXY/HTTPS_PROXY/NO_PROXY)',
  webhooks: 'webhooks use a 30 s client with the environment proxy (HTTP_PROXY/HTTPS_PROXY/NO_PROXY)',
  health: 'the host checker uses its own client: no proxy, proxy_ssl_insecure_skip_verify decides verification',
  discovery: 'service discovery uses Go\'s default client (HTTP_PROXY/HTTPS_PROXY/NO_PROXY)',
  storage: 'no HTTP client is made for storage; the Redis connection keeps the legacy storage.* TLS settings',
};

/**
 * What each HTTP caller does when its mtls is enabled and the certificates cannot be loaded
 * (httpclient.IsMTLSError). Webhooks, health and discovery refuse the fallback, which would drop
 * the client certificate (event_handler_webhooks.go, host_checker.go, service_discovery.go);
 * oauth falls back. A validation error is not a load error: those callers fall back as above.
 */
export const CERT_LOAD_FAILURE: Record<Exclude<ServiceName, 'storage'>, string> = {
  oauth: 'JWK fetches and introspection fall back to their legacy clients, without the client certificate',
  webhooks: 'delivery is skipped and every webhook is dropped (no fallback to the legacy client)',
  health: 'the check is marked failed (no fallback to the legacy client)',
  discovery: 'the discovery request fails (no fallback to the legacy client)',
};
