/**
 * The wording of `explain`: the file, the client, and request decisions from the gateway model's
 * structured reasons ("no effect" reasons are no-effect-words.ts's). explain.ts decides, this
 * module only words; values handed in are already masked, and every sentence passes maskSecrets
 * on its way out.
 */
import type { ServiceName } from '../types.js';
import type { CallerId, CertLoadFailure, ClientKind } from '../gateway/callers.js';
import type { ProxyReason } from '../gateway/factory.js';
import type { NoProxyMatchKind } from '../gateway/httpproxy.js';
import { cidrContains, parseCIDR, parseIP } from '../go/net.js';
import { bypassProblem } from '../gateway/bypass.js';
import { maskSecrets, maskUrl } from '../mask.js';
import { CERT_LOAD_FAILURE } from '../resolve/fallback.js';
import type { RejectCode, RequestRule } from './model.js';

const quote = (s: string): string => JSON.stringify(s);

// ---------------------------------------------------------------------------------------------
// The file

const REJECT_WORDS = {
  JSON_SYNTAX: 'a syntax error',
  JSON_COMMENT: 'a comment',
  JSON_TRAILING_COMMA: 'a trailing comma',
  JSON_BOM: 'a UTF-8 byte-order mark',
  JSON_TRAILING_CONTENT: 'text after the JSON value',
  TEMPLATE_PLACEHOLDER: 'a template placeholder',
  TYPE_MISMATCH: 'a value of the wrong type',
} satisfies Record<RejectCode, string>;

const DEFAULTS_PLUS_ENV = 'runs on built-in defaults plus environment';

export function fileUsedReason(path: string): string {
  return `the gateway reads ${path}`;
}

/** `exitsIn`: the version, when it stops at start on a decode error (before 5.3.0) instead of running on defaults. */
export function fileRejectedReason(path: string, code: RejectCode | null, line: number | null, column: number | null, goError: string, exitsIn: string | null = null): string {
  const what = code === null ? 'an error' : REJECT_WORDS[code];
  const where = line === null ? '' : ` at ${line}:${column ?? 1}`;
  const then = exitsIn === null
    ? `the gateway logs "Error loading config, using defaults" and ${DEFAULTS_PLUS_ENV}, as shown below`
    : `Tyk ${exitsIn} exits at start instead (the fallback to defaults came in 5.3.0), so none of what follows runs`;
  return maskSecrets(`${path} is DISCARDED: ${what}${where} makes Go's decoder fail ("${goError}"); ${then}`);
}

export function fileOmittedReason(path: string | null, variable: string, value: string): string {
  return `${path ?? 'the config file'} is SKIPPED: ${variable}=${value} makes the gateway ignore the file: it ${DEFAULTS_PLUS_ENV}, as shown below`;
}

export function fileEnvErrorReason(path: string, variable: string, goError: string): string {
  return maskSecrets(`${path} is DISCARDED: envconfig fails on ${variable} while reading it with the file ("${goError}"); the gateway logs "Error loading config, using defaults" and ${DEFAULTS_PLUS_ENV}, where that variable is not read, as shown below`);
}

export function fileMissingReason(path: string | null): string {
  return `${path ?? 'tyk.conf'}: no such file. A gateway that finds no config file runs on built-in defaults plus environment (it also tries to write a default file there), as shown below; check the path if you meant another file`;
}

export function fatalReason(goMessage: string): string {
  return maskSecrets(`the gateway exits at start: ${goMessage}`);
}

// ---------------------------------------------------------------------------------------------
// The client

export const CALLER = {
  factory: 'external-services client',
  oauthJwk: 'legacy JWK fetch',
  goDefault: 'Go default client',
  webhooks: 'legacy webhook client',
  health: 'legacy host checker',
  storage: 'no HTTP client',
} as const;

/** Each kind of client a caller gets, in words (src/gateway/callers.ts ClientKind): explain, egress and migrate's rows. */
export const CLIENT_KIND_WORDS: Record<ClientKind, string> = {
  'external-services': CALLER.factory, legacy: 'legacy client', 'go-default': CALLER.goDefault, none: CALLER.storage,
};

/** What a caller does when its certificates fail to load (src/gateway/callers.ts CertLoadFailure), as a verb phrase. */
export const CERT_LOAD_WORDS: Record<CertLoadFailure, string> = {
  fallback: 'falls back', 'skip-delivery': 'skips the delivery', 'fail-check': 'fails the check', 'fail-request': 'fails the request', 'connect-without-cert': 'connects without the certificate',
};

/** Each caller in words (src/gateway/callers.ts). */
export const CALLER_NAMES: Record<CallerId, string> = {
  'jwt-jwk': 'JWT JWK fetch',
  'client-idp-jwk': 'client-IdP JWKS fetch',
  'external-oauth-jwk': 'external OAuth JWK fetch',
  introspection: 'introspection',
  'upstream-oauth': 'upstream OAuth token requests',
  'token-exchange': 'token exchange',
  webhooks: 'webhook delivery',
  'host-checker': 'host checks',
  'service-discovery': 'service discovery',
  redis: 'the rate limiter\'s Redis connection',
};

export const TIMEOUT_NOTES = {
  'uptime-test': 'an uptime test\'s own timeout replaces it',
  provider: 'the provider\'s timeout replaces it',
} as const;

export function builtReason(): string {
  return 'the factory builds a client: the service counts as configured (configured_by)';
}

export function notConfiguredReason(service: ServiceName, gatewayError: string): string {
  return `${gatewayError}: global.enabled is false and ${service} sets none of proxy.enabled, proxy.http_proxy, proxy.https_proxy, mtls.enabled`;
}

export function failedReason(gatewayError: string): string {
  return maskSecrets(`the factory fails: ${gatewayError}`);
}

/** The one line for a gateway before 5.10.0: no factory, no block; each caller's own client follows. */
export function noExternalServicesReason(version: string, since: string): string {
  return `Tyk ${version} has no external_services (read from ${since} on): every caller uses its own client, as shown below`;
}

/** Storage before 5.10.0: neither the rate limiter's mtls nor any other part of the block exists. */
export function storageBeforeBlockReason(version: string, since: string): string {
  return `storage makes no HTTP requests; Tyk ${version} has no external_services (read from ${since} on), so the Redis connection keeps the legacy storage.* TLS settings`;
}

export function storageClientReason(): string {
  return 'storage makes no HTTP requests: the gateway never asks the factory for a storage client, so proxy settings are unused; only mtls can matter, for the rate limiter\'s Redis connection';
}

/** The note for a service whose mtls is enabled: what happens if its certificates cannot be loaded. */
export function certLoadNote(svc: Exclude<ServiceName, 'storage'>): string {
  return `mtls is enabled: if the certificates cannot be loaded, ${CERT_LOAD_FAILURE[svc]}`;
}

export const CLIENT_NOTES = {
  oauthJwkRetry: 'a JWT middleware JWK fetch that fails through this client is retried with the legacy fetch: no proxy at all, jwt_ssl_insecure_skip_verify deciding verification (the external OAuth middleware\'s JWK fetch is not retried)',
  webhooksMtlsValidation: 'a validation error (as here) is not a certificate load error: deliveries fall back to the legacy client rather than being skipped',
} as const;

export const APPLIES_TO = {
  factoryOn: 'TLS connections of the external-services client',
  factoryOff: 'no client certificate or CA: mtls.enabled is false (insecure_skip_verify still applies)',
  legacy: 'nothing: the external-services client is not built',
  noBlock: 'nothing: this gateway version has no external_services (read from 5.10.0 on)',
  storageNoBlock: 'nothing: this gateway version has no external_services (read from 5.10.0 on); Redis TLS keeps the legacy storage.* settings',
  storageOn: 'the rate limiter\'s Redis connection (replacing the legacy storage.* TLS settings)',
  storageOff: 'nothing: mtls.enabled is false; Redis TLS keeps the legacy storage.* settings',
  storageNoSsl: 'nothing: storage.use_ssl is not true, so Redis is not reached over TLS',
  storageNotRedis: 'nothing: storage.type is not redis (and the gateway exits at start)',
} as const;

export const VALUE_NOTES = {
  goTlsDefault: 'Go default',
  goTlsMaxHostChecker: 'Go default, unless proxy_ssl_max_version is set (the legacy host checker reads it)',
  insecureWhileDisabled: 'applied although mtls.enabled is false',
  jwtLegacy: 'for JWK fetches only; introspection verifies certificates',
  jwtLegacyUnset: 'jwt_ssl_insecure_skip_verify not set: JWK fetches and introspection verify certificates',
  proxySslLegacy: 'read by the legacy host checker',
  proxySslLegacyUnset: 'proxy_ssl_insecure_skip_verify not set: the legacy host checker verifies certificates',
  goDefaultClient: "Go's default client verifies certificates",
  healthTimeout: "built-in; an uptime test's own timeout replaces it",
  poolPerCall: 'built-in; every call builds a new factory and transport, so no connection is reused across calls',
  webhooksLegacyTimeout: 'legacy webhook client',
  cgiRefused: 'refused: REQUEST_METHOD is set (CGI), so Go will not use HTTP_PROXY',
  envUnparsable: 'does not parse: Go ignores it',
  tlsRange: 'above tls_max_version: every handshake fails',
  tlsToProxy: 'https://: TLS to the proxy itself',
  readAs: (url: string): string => `read as ${url}`,
} as const;

// ---------------------------------------------------------------------------------------------
// One request

export interface DecisionWords {
  rule: RequestRule;
  matched: string | null;
  reason: string;
}

/** "host:port" → name (IPv6 keeps its brackets) and port. */
function splitHost(host: string): { name: string; port: string } {
  const colon = host.lastIndexOf(':');
  if (colon > host.lastIndexOf(']')) return { name: host.slice(0, colon), port: host.slice(colon + 1) };
  return { name: host, port: '' };
}

/** Entries that look as if they were meant for this host, and why they do not equal it. */
function nearMisses(entries: string[], host: string): string[] {
  const { name, port } = splitHost(host);
  const bare = name.startsWith('[') ? name.slice(1, -1) : name;
  const notes: string[] = [];
  for (const e of entries) {
    if (port !== '' && e === name) {
      notes.push(`${quote(e)} lacks the port (the host is ${quote(host)})`);
    } else if (port !== '' && e === 'localhost' && name === '127.0.0.1') {
      notes.push('"localhost" covers 127.0.0.1 only when the URL names no port');
    } else if (e.toLowerCase() === host.toLowerCase() || (port !== '' && e.toLowerCase() === name.toLowerCase())) {
      notes.push(`${quote(e)} differs in case (the comparison is case-sensitive)`);
    } else {
      const problem = bypassProblem(e);
      if (problem === 'suffix' && bare.endsWith(e)) {
        notes.push(`${quote(e)} is not a suffix match: entries are compared exactly`);
      } else if (problem === 'wildcard' && bare.endsWith(e.replace(/^\*+/, ''))) {
        notes.push(`${quote(e)} is not a wildcard: entries are compared exactly`);
      } else if (problem === 'cidr') {
        const net = parseCIDR(e);
        const ip = parseIP(bare);
        if (net !== null && ip !== null && cidrContains(net, ip)) notes.push(`${quote(e)} is not a CIDR match: entries are compared exactly`);
      } else if (problem === 'ipv6-brackets' && `[${e}]` === name) {
        notes.push(`${quote(e)} needs brackets: [${e}]`);
      }
    }
  }
  return notes;
}

function schemeChoice(scheme: string, setting: 'http_proxy' | 'https_proxy'): string {
  if (scheme === 'https') return setting === 'https_proxy' ? 'https target → https_proxy' : 'https target → http_proxy (no https_proxy is set)';
  return `${scheme} target → http_proxy`;
}

const NO_PROXY_MATCH: Record<NoProxyMatchKind, string> = {
  all: '"*" matches every host',
  cidr: 'the IP lies in the range',
  ip: 'the same IP',
  host: 'the domain itself',
  subdomain: 'a subdomain of it',
};

/**
 * Words for one decision of the factory client or of Go's environment path. `fromGlobal`: the
 * custom settings were inherited from global. `scheme`: the target's scheme.
 */
export function describeDecision(reason: ProxyReason, scheme: string, fromGlobal: boolean): DecisionWords {
  const origin = fromGlobal ? ' (from global)' : '';
  switch (reason.kind) {
    case 'bypass':
      return reason.localhostAlias
        ? { rule: 'bypass-localhost-alias', matched: reason.entry, reason: `bypass_proxy entry "localhost" also covers "127.0.0.1" (the one built-in alias, only without a port): direct` }
        : { rule: 'bypass', matched: reason.entry, reason: `bypass_proxy entry ${quote(reason.entry)} equals host ${quote(reason.host)}: direct` };
    case 'bypass-miss': {
      const via = `${schemeChoice(scheme, reason.setting)} ${maskUrl(reason.value)}${origin}`;
      let bypass: string;
      if (reason.entries.length === 0) {
        bypass = 'bypass_proxy is empty';
      } else {
        const notes = nearMisses(reason.entries, reason.host);
        bypass = `no bypass_proxy entry equals host ${quote(reason.host)}${notes.length > 0 ? `: ${notes.join('; ')}` : ` (entries: ${reason.entries.join(', ')})`}`;
      }
      return { rule: 'proxy', matched: null, reason: `${via}; ${bypass}` };
    }
    case 'invalid-proxy-url':
      return { rule: 'invalid-proxy-url', matched: null, reason: `${reason.setting} ${quote(maskUrl(reason.value))} does not parse (${reason.error}): the request fails` };
    case 'no-proxy-for-scheme':
      if (reason.mode === 'custom') {
        return {
          rule: 'no-proxy-for-scheme', matched: null,
          reason: scheme === 'https'
            ? `https target, and neither https_proxy nor http_proxy is set${origin}: direct`
            : `${scheme} target: only http_proxy serves it, and http_proxy is not set${origin} (https_proxy is for https targets only): direct`,
        };
      }
      return {
        rule: 'no-proxy-for-scheme', matched: null,
        reason: reason.consulted.length === 0
          ? `${scheme} target: Go's environment proxy covers only http and https: direct`
          : `${reason.consulted.join(' and ')} not set${scheme === 'https' ? ' (https targets never use HTTP_PROXY)' : ''}: direct`,
      };
    case 'direct-mode':
      return { rule: 'direct-mode', matched: null, reason: 'the client has no proxy: no proxy URL and proxy.enabled is false (only mTLS configures it): direct' };
    case 'env': {
      const via = reason.firstError !== undefined
        ? `${reason.variable}=${maskUrl(reason.value)} does not parse (${reason.firstError}), so Go reads it with http:// in front: the gateway connects to ${reason.proxyAddr}, not to the proxy it names`
        : `${reason.variable}=${maskUrl(reason.value)}${reason.addedScheme ? ' (read with http:// in front)' : ''}`;
      const np = reason.noProxy === null ? 'NO_PROXY not set' : `no ${reason.noProxy.variable} entry matches ${reason.addr}`;
      return { rule: 'env-proxy', matched: null, reason: `${via}; ${np}` };
    }
    case 'env-invalid':
      return { rule: 'env-invalid', matched: null, reason: `${reason.variable}=${maskUrl(reason.value)} does not parse (${reason.error}): Go ignores it: direct` };
    case 'cgi-refused':
      return { rule: 'cgi-refused', matched: null, reason: `REQUEST_METHOD=${reason.requestMethod} marks a CGI process: Go refuses ${reason.variable} and the request fails` };
    case 'loopback':
      return {
        rule: 'loopback', matched: null,
        reason: reason.rule === 'localhost' ? 'Go never proxies "localhost" on the environment path: direct' : `Go never proxies a loopback address (${reason.host}) on the environment path: direct`,
      };
    case 'no-proxy-env':
      return {
        rule: 'no-proxy-env', matched: reason.entry,
        reason: `${reason.variable} entry ${quote(reason.entry)} matches ${reason.host}${reason.port !== '' ? `:${reason.port}` : ''} (${NO_PROXY_MATCH[reason.match]}): direct`,
      };
    case 'unsplittable-address':
      return { rule: 'unsplittable-address', matched: null, reason: `the address ${quote(reason.addr)} does not split into host and port: direct` };
    case 'bad-target-url':
      return { rule: 'bad-target-url', matched: null, reason: `the URL does not parse (${reason.error}): no request is made` };
    default: {
      const never: never = reason;
      return never;
    }
  }
}

export function legacyNoProxyReason(caller: string, clientReason: string): string {
  return maskSecrets(`the ${caller} uses no proxy at all (the external-services client is not built: ${clientReason}): direct`);
}

/** Before 5.10.0: the caller's own client, which has no proxy. */
export function ownClientNoProxyReason(caller: string, version: string): string {
  return `the ${caller} uses no proxy at all (Tyk ${version} has no external-services client): direct`;
}

export function noHttpClientReason(): string {
  return 'storage makes no HTTP requests: no storage client would fetch this URL';
}
