import type { ServiceName } from '../types.js';

/** What each caller does when the external-services client is not built (SEMANTICS.md §6 table). */
export const LEGACY_FALLBACK: Record<ServiceName, string> = {
  oauth: 'JWK fetches use the legacy client (no proxy at all; jwt_ssl_insecure_skip_verify decides verification); introspection uses Go\'s default client (HTTP_PROXY/HTTPS_PROXY/NO_PROXY)',
  webhooks: 'webhooks use a 30 s client with the environment proxy (HTTP_PROXY/HTTPS_PROXY/NO_PROXY)',
  health: 'the host checker uses its own client: no proxy, proxy_ssl_insecure_skip_verify decides verification',
  discovery: 'service discovery uses Go\'s default client (HTTP_PROXY/HTTPS_PROXY/NO_PROXY)',
  storage: 'no HTTP client is made for storage; the Redis connection keeps the legacy storage.* TLS settings',
};
