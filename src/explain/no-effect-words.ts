/**
 * The wording of explain's "no effect" lines: a kind plus data in, the reason and the lint code
 * that reports the same thing out. no-effect.ts decides; values handed in are already masked.
 */
import type { Code, ServiceName } from '../types.js';
import type { CallerId } from '../gateway/callers.js';
import type { LegacyPlanArgs } from '../catalog.js';
import { maskSecrets } from '../mask.js';
import { joinAnd } from '../messages.js';
import { CALLER, CALLER_NAMES } from './reasons.js';

const quote = (s: string): string => JSON.stringify(s);

export type NoEffectKind =
  | { kind: 'env-name-not-read'; realName: string }
  | { kind: 'global-disabled'; enabledSet: boolean }
  | { kind: 'service-own-proxy'; service: ServiceName }
  | { kind: 'service-enabled-env'; service: ServiceName }
  | { kind: 'bypass-replaced'; service: ServiceName; globalBypass: string }
  | { kind: 'bypass-env'; service: ServiceName }
  | { kind: 'bypass-unused'; service: ServiceName }
  | { kind: 'enabled-false-urls-used'; service: ServiceName; notUsing: CallerId[] }
  | { kind: 'bypass-entry-never-matches'; entry: string; problem: string }
  | { kind: 'client-not-built'; service: ServiceName; error: string; fallback: string }
  | { kind: 'mtls-disabled'; service: ServiceName }
  | { kind: 'ca-file-ignored' }
  | { kind: 'tls-version-http' }
  | { kind: 'insecure-not-built'; service: ServiceName; legacyKey: string | null }
  | { kind: 'storage-proxy' }
  | { kind: 'storage-global' }
  | { kind: 'storage-use-ssl' }
  | { kind: 'storage-cert-id' }
  | { kind: 'storage-ca-cert-ids' }
  | { kind: 'storage-tls-invalid' }
  | { kind: 'storage-mtls-off' }
  /** plan: what `extsvc migrate` does with the key (src/migrate/migrate.ts planVerdict); version: the modelled one. */
  | { kind: 'legacy-proxy-key'; plan: LegacyPlanArgs['plan']; then: LegacyPlanArgs['thenPlan'] | null; version: string }
  | { kind: 'health-proxy-ssl' }
  | { kind: 'env-shadowed'; winner: string }
  | { kind: 'env-not-consulted'; service: ServiceName; routes: string; enterprise: string[] }
  | { kind: 'no-proxy-entry-ignored'; entry: string }
  | { kind: 'file-overridden-by-env'; variable: string; cleared: boolean };

const BYPASS_PROBLEM_WORDS: Record<string, string> = {
  suffix: 'a leading dot is not a suffix match',
  wildcard: 'wildcards are not expanded',
  cidr: 'CIDR ranges are not understood',
  scheme: 'an entry is a host, not a URL',
  separator: 'the list is split on commas only',
  path: 'an entry is a host, not a path',
  'ipv6-brackets': 'IPv6 hosts are compared in brackets ([::1])',
  uppercase: 'the comparison is case-sensitive and URL hosts are normally lower-case',
};

export function noEffectCode(k: NoEffectKind): Code | null {
  switch (k.kind) {
    case 'env-name-not-read': return 'ENV_NAME_NOT_READ';
    case 'global-disabled': return 'GLOBAL_DISABLED_URLS_IGNORED';
    case 'service-own-proxy': return 'SERVICE_HIDES_GLOBAL';
    case 'service-enabled-env': return 'SERVICE_ENABLED_USES_ENV';
    case 'bypass-replaced':
    case 'bypass-env':
    case 'bypass-unused': return 'BYPASS_WITHOUT_PROXY';
    case 'enabled-false-urls-used': return 'PROXY_DISABLED_BUT_USED';
    case 'bypass-entry-never-matches': return 'BYPASS_NEVER_MATCHES';
    case 'mtls-disabled': return 'MTLS_SETTINGS_WHILE_DISABLED';
    case 'ca-file-ignored': return 'CA_FILE_IGNORED';
    case 'tls-version-http': return 'TLS_VERSION_IGNORED';
    case 'storage-proxy': return 'STORAGE_PROXY_UNUSED';
    case 'storage-use-ssl':
    case 'storage-cert-id':
    case 'storage-ca-cert-ids': return 'STORAGE_MTLS_INACTIVE';
    case 'storage-tls-invalid': return 'TLS_VERSION_INVALID';
    case 'legacy-proxy-key': return 'LEGACY_PROXY_KEY';
    case 'client-not-built':
    case 'insecure-not-built':
    case 'storage-global':
    case 'storage-mtls-off':
    case 'health-proxy-ssl':
    case 'env-shadowed':
    case 'env-not-consulted':
    case 'no-proxy-entry-ignored': return null;
    case 'file-overridden-by-env': return k.cleared ? 'ENV_EMPTY_OVERRIDE' : 'ENV_OVERRIDES_FILE';
    default: {
      const never: never = k;
      return never;
    }
  }
}

export function noEffectReason(k: NoEffectKind): string {
  switch (k.kind) {
    case 'env-name-not-read':
      return `never read: the gateway reads ${k.realName}`;
    case 'global-disabled':
      return `global.enabled is ${k.enabledSet ? 'false' : 'not set'}, so global's URLs and bypass list are ignored by every service`;
    case 'service-own-proxy':
      return `${k.service} has a proxy URL of its own, so it takes nothing from global (not the other URL, not the bypass list)`;
    case 'service-enabled-env':
      return `${k.service}.proxy.enabled with no URLs uses HTTP_PROXY/HTTPS_PROXY/NO_PROXY, not global's proxy`;
    case 'bypass-replaced':
      return `replaced by global's bypass list (${k.globalBypass === '' ? 'empty' : quote(k.globalBypass)}): ${k.service} has no proxy URL, so it takes global's block as a whole`;
    case 'bypass-env':
      return `unused: ${k.service} has no proxy URL and uses the environment, where NO_PROXY decides`;
    case 'bypass-unused':
      return `unused: ${k.service} has no proxy at all`;
    case 'enabled-false-urls-used':
      return `the proxy URLs are used anyway: the gateway does not check proxy.enabled when URLs are set${k.notUsing.length > 0 ? `, except by ${joinAnd(k.notUsing.map((c) => CALLER_NAMES[c]))} (enterprise build), whose own gate stays closed: HTTP_PROXY/HTTPS_PROXY` : ''}`;
    case 'bypass-entry-never-matches':
      return `never matches: ${BYPASS_PROBLEM_WORDS[k.problem] ?? 'entries are compared with the request host exactly'}; entries must equal the request host exactly`;
    case 'client-not-built':
      return maskSecrets(`not used: the external-services client is not built (${k.error}); ${k.fallback}`);
    case 'mtls-disabled':
      return `${k.service}.mtls.enabled is false`;
    case 'ca-file-ignored':
      return 'ignored: ca_cert_ids is not empty, and the store\'s CAs win';
    case 'tls-version-http':
      return 'not applied to HTTP clients: Go\'s defaults (TLS 1.2 to 1.3) hold';
    case 'insecure-not-built':
      return `not applied: the external-services client is not built${k.legacyKey === null ? '' : `; the legacy client reads ${k.legacyKey} instead`}`;
    case 'storage-proxy':
      return 'storage makes no HTTP client: proxy settings are unused';
    case 'storage-global':
      return 'global\'s proxy does not reach storage: the gateway makes no HTTP client for it';
    case 'storage-use-ssl':
      return 'storage.use_ssl is not true: the Redis connection does not use TLS at all';
    case 'storage-cert-id':
      return 'not supported for storage: file certificates only';
    case 'storage-ca-cert-ids':
      return 'not supported for storage: use ca_file';
    case 'storage-tls-invalid':
      return 'not one of "1.0" "1.1" "1.2" "1.3": the gateway logs it and ignores it';
    case 'storage-mtls-off':
      return 'storage.mtls is not in force';
    case 'legacy-proxy-key': {
      const head = 'not read by the gateway: its Config has no such field';
      switch (k.plan) {
        case 'human':
          return `${head} ("extsvc migrate" leaves it for a human, and says why)`;
        case 'upgrade':
          return k.then === 'move' || k.then === 'remove'
            ? `${head} (Tyk ${k.version} has no external_services: migrate it once the gateway is on 5.10 or later)`
            : `${head} (Tyk ${k.version} has no external_services; even on 5.10 or later "extsvc migrate" would leave it for a human)`;
        case 'blocked':
          return `${head} (fix the file's syntax or types, then run "extsvc migrate")`;
        default:
          return `${head} (run "extsvc migrate")`;
      }
    }
    case 'health-proxy-ssl':
      return 'not used by health checks while the external-services client is built (it still applies to upstream API traffic)';
    case 'env-shadowed':
      return `${k.winner} is set and wins (upper-case names come first when non-empty)`;
    case 'file-overridden-by-env':
      return k.cleared ? `${k.variable} is set but empty: it clears this value (every set variable overrides the file)` : `${k.variable} replaces it (every set variable overrides the file)`;
    case 'env-not-consulted':
      return `not consulted by ${k.service}: ${k.routes}${k.enterprise.length > 0 ? ` (in the enterprise build, ${joinAnd(k.enterprise)} ${k.enterprise.length > 1 ? 'read' : 'reads'} it)` : ''}`;
    case 'no-proxy-entry-ignored':
      return `Go drops the malformed entry ${quote(k.entry)}`;
    default: {
      const never: never = k;
      return never;
    }
  }
}

/** How a route goes, for "HTTP_PROXY is not consulted" reasons. */
export function routeWords(caller: string, mode: string): string {
  if (caller === CALLER.storage) return 'storage makes no HTTP requests';
  return `the ${caller} goes ${mode === 'custom' ? 'through its configured proxy' : 'direct'}`;
}
