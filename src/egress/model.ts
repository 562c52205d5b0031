/**
 * The one place the egress inventory reads the gateway model: today through explain's view of
 * each service (its callers, the proxy each request takes, the TLS settings in force), which is
 * built on src/resolve and src/gateway. When the per-caller gateway model lands (issue 10), this
 * adapter is what changes; the inventory, kuma generate and kuma check stay as they are.
 */
import type { LoadedConfig } from '../config/load.js';
import { envValues, type EnvInput } from '../env/input.js';
import { explain } from '../explain/explain.js';
import { CALLER } from '../explain/reasons.js';
import type { Explanation, MtlsExplanation, Value } from '../explain/model.js';
import { rootSource } from '../resolve/sources.js';
import type { ServiceName, Span } from '../types.js';
import { proxyFromEnvironment } from '../gateway/httpproxy.js';
import { buildEffective, type EffectiveConfig } from '../resolve/resolve.js';

/** Which of a service's callers makes a kind of request. */
export type CallerKind = 'main' | 'jwk' | 'introspection' | 'upstream-oauth' | 'jwk-retry';

export interface CallerTls {
  /** The client certificate presented, in words ("cert_file /etc/tyk/client.crt"), or null. */
  clientCertificate: string | null;
  /** How server certificates are checked, in words. */
  verification: string;
  verified: boolean;
}

export interface Decision {
  /** The proxy URL (masked), or null for a direct connection. */
  proxy: string | null;
  /** The request fails with this error. */
  error: string | null;
}

/** Where a setting is written: a line of tyk.conf or of an env file. */
export interface WrittenAt {
  file: string;
  span: Span;
}

export interface CallerRoute {
  service: ServiceName;
  caller: string;
  tls: CallerTls;
  decide(url: string): Decision;
  /** Where the proxy used for targets of this scheme is set, when in a file. */
  proxySetAt(scheme: 'https' | 'http'): WrittenAt | null;
}

function writtenAt(v: Value<string> | null): WrittenAt | null {
  if (v === null) return null;
  const s = v.source;
  if (s.kind === 'global') {
    const r = rootSource(s.from);
    return r.kind === 'file' || r.kind === 'env-file' ? { file: r.file, span: r.span } : null;
  }
  if (s.kind === 'file' || s.kind === 'env-file') return { file: s.file, span: s.span };
  if (s.kind === 'environment' && s.file !== undefined && s.span !== undefined) return { file: s.file, span: s.span };
  return null;
}

export const UPSTREAM_OAUTH_CALLER = 'upstream OAuth client';
const UPSTREAM_OAUTH_DEFAULT = 'upstream OAuth (http.DefaultClient)';

function factoryTls(m: MtlsExplanation): CallerTls {
  const cert = m.client_certificate === 'store' ? `cert_id ${m.cert_id?.value ?? ''}` : m.client_certificate === 'files' ? `cert_file ${m.cert_file?.value ?? ''}` : null;
  const insecure = m.insecure_skip_verify?.value === true;
  const ca = m.ca === 'store' ? `ca_cert_ids ${(m.ca_cert_ids?.value ?? []).join(', ')}` : m.ca === 'file' ? `ca_file ${m.ca_file?.value ?? ''}` : 'system CAs';
  return { clientCertificate: cert, verification: insecure ? 'not verified (insecure_skip_verify)' : ca, verified: !insecure };
}

const DEFAULT_TLS: CallerTls = { clientCertificate: null, verification: 'system CAs', verified: true };

function legacyTls(svc: ServiceName, caller: string, m: MtlsExplanation): CallerTls {
  if (caller === CALLER.oauthJwk) {
    return m.insecure_skip_verify?.value === true ? { clientCertificate: null, verification: 'not verified (jwt_ssl_insecure_skip_verify)', verified: false } : DEFAULT_TLS;
  }
  if (svc === 'health') {
    return m.insecure_skip_verify?.value === true ? { clientCertificate: null, verification: 'not verified (proxy_ssl_insecure_skip_verify)', verified: false } : DEFAULT_TLS;
  }
  return DEFAULT_TLS;
}

export class GatewayModel {
  readonly eff: EffectiveConfig;
  private readonly envRecord: Record<string, string>;
  private readonly cache = new Map<string, Explanation>();

  constructor(private readonly loaded: LoadedConfig | null, private readonly env: EnvInput) {
    this.eff = buildEffective(loaded, env, 'gateway');
    this.envRecord = envValues(env);
  }

  /** explain's view of a service for these URLs (one call per service and URL set). */
  private view(svc: ServiceName, urls: readonly string[]): Explanation {
    const k = `${svc}\n${urls.join('\n')}`;
    let e = this.cache.get(k);
    if (e === undefined) {
      e = explain(this.loaded, this.env, svc, urls);
      this.cache.set(k, e);
    }
    return e;
  }

  /** The callers of a service that make requests, main one first. */
  callers(svc: ServiceName): string[] {
    const p = this.view(svc, []).proxy;
    return [p.caller, ...p.other_routes.map((r) => r.caller)];
  }

  /** Whether the factory client is built for the service. */
  built(svc: ServiceName): boolean {
    return this.view(svc, []).client.kind === 'external_services';
  }

  private callerFor(svc: ServiceName, kind: CallerKind): string {
    const callers = this.callers(svc);
    if (kind === 'jwk') return callers.find((c) => c === CALLER.factory || c === CALLER.oauthJwk) ?? callers[0];
    if (kind === 'introspection') return callers.find((c) => c === CALLER.factory || c === CALLER.oauthIntrospection) ?? callers[0];
    return callers[0];
  }

  /**
   * The route a kind of request of a service takes. Upstream OAuth (enterprise) has a gate of
   * its own (SEMANTICS.md §6): oauth.mtls.enabled, oauth.proxy.enabled or global.enabled, and
   * then the factory client; otherwise, or when that fails, http.DefaultClient.
   */
  route(svc: ServiceName, kind: CallerKind): CallerRoute {
    if (kind === 'jwk-retry') {
      // The legacy GetJWK, which the JWT middleware falls back to: no proxy, jwt_ssl_insecure_skip_verify.
      const jwt = this.eff.legacy.jwtSslInsecureSkipVerify.value;
      return {
        service: 'oauth', caller: `${CALLER.oauthJwk} (retry)`,
        tls: jwt ? { clientCertificate: null, verification: 'not verified (jwt_ssl_insecure_skip_verify)', verified: false } : DEFAULT_TLS,
        decide: () => ({ proxy: null, error: null }),
        proxySetAt: () => null,
      };
    }
    if (kind === 'upstream-oauth') {
      const c = this.eff.config;
      const gate = c.oauth.mtls.enabled || c.oauth.proxy.enabled || c.global.enabled;
      if (!gate || !this.built('oauth')) {
        return {
          service: 'oauth', caller: UPSTREAM_OAUTH_DEFAULT, tls: DEFAULT_TLS, proxySetAt: () => null,
          decide: (url) => {
            const d = proxyFromEnvironment(url, this.envRecord);
            return { proxy: d.redacted, error: d.error };
          },
        };
      }
      return { ...this.route('oauth', 'main'), caller: UPSTREAM_OAUTH_CALLER };
    }
    const caller = this.callerFor(svc, kind);
    const base = this.view(svc, []);
    const tls = caller === CALLER.factory ? factoryTls(base.mtls) : legacyTls(svc, caller, base.mtls);
    const p = base.proxy;
    const route = p.caller === caller ? p : p.other_routes.find((r) => r.caller === caller) ?? null;
    return {
      service: svc, caller, tls,
      // Go picks https_proxy for https targets and falls back to http_proxy in custom mode only.
      proxySetAt: (scheme) => route === null ? null : scheme === 'https'
        ? writtenAt(route.https_proxy) ?? (route.mode === 'custom' ? writtenAt(route.http_proxy) : null)
        : writtenAt(route.http_proxy),
      decide: (url) => {
        const e = this.view(svc, [url]);
        const r = e.requests.find((q) => q.via === caller);
        return { proxy: r?.proxy ?? null, error: r?.error ?? null };
      },
    };
  }

  /** A route for each caller of the service that makes requests, main one first. */
  routes(svc: ServiceName): CallerRoute[] {
    return this.callers(svc).map((c) => this.route(svc, c === CALLER.oauthJwk ? 'jwk' : c === CALLER.oauthIntrospection ? 'introspection' : 'main'));
  }

  /** What sends hosts of a service direct: bypass_proxy (custom mode) or NO_PROXY (the environment path), as written. */
  bypassEntries(svc: ServiceName): { via: 'bypass_proxy' | 'NO_PROXY'; entries: string[] }[] {
    const p = this.view(svc, []).proxy;
    const out: { via: 'bypass_proxy' | 'NO_PROXY'; entries: string[] }[] = [];
    for (const r of [p, ...p.other_routes]) {
      if (r.bypass_proxy === null || r.mode === 'direct') continue;
      const via = r.mode === 'custom' ? 'bypass_proxy' : 'NO_PROXY';
      const entries = r.bypass_proxy.value.split(',').map((x) => x.trim()).filter((x) => x !== '');
      if (entries.length > 0 && !out.some((o) => o.via === via)) out.push({ via, entries });
    }
    return out;
  }

  /** Redis TLS of the rate limiter: external_services.storage.mtls when enabled (internal/rate/storage.go). */
  storageMtls(): { enabled: boolean; certFile: string; keyFile: string; caFile: string; insecure: boolean } {
    const m = this.eff.config.storage.mtls;
    return { enabled: m.enabled, certFile: m.cert_file, keyFile: m.key_file, caFile: m.ca_file, insecure: m.insecure_skip_verify };
  }

  /** The gateway reads tyk.conf (not rejected, omitted or missing). */
  usesFile(): boolean {
    return this.eff.fileIgnored === null;
  }
}
