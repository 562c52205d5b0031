/**
 * The one place the egress inventory reads the gateway model: the per-caller model of
 * src/gateway/callers.ts (who makes each kind of request, with which client, through which
 * route) over the effective configuration of src/resolve, plus the TLS facts of
 * src/gateway/tls.ts. The inventory, kuma generate and kuma check only see CallerRoute.
 */
import { goTrimSpace } from '../go/strconv.js';
import type { LoadedConfig } from '../config/load.js';
import { DEFAULT_TYK_VERSION } from '../config/schema.js';
import { envValues, type EnvInput } from '../env/input.js';
import { CALLER_NAMES } from '../explain/reasons.js';
import { callerClient, callerRequest, callersOf, factoryFor, type CallerClient, type CallerId, type CallerSpec } from '../gateway/callers.js';
import { proxyConfigFromEnvironment } from '../gateway/httpproxy.js';
import { splitBypassProxy } from '../gateway/bypass.js';
import { factoryCertificates, storageCertificates } from '../gateway/tls.js';
import type { ClientResult } from '../gateway/factory.js';
import { buildEffective, type EffectiveConfig } from '../resolve/resolve.js';
import { storageMtls } from '../resolve/fates.js';
import { rootSource, type Source } from '../resolve/sources.js';
import { SERVICES, type ServiceName, type Span } from '../types.js';

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
  id: CallerId;
  /** The caller and its client, in words ("JWT JWK fetch, external-services client"). */
  caller: string;
  tls: CallerTls;
  decide(url: string): Decision;
  /** Where the proxy used for targets of this scheme is set, when in a file. */
  proxySetAt(scheme: 'https' | 'http'): WrittenAt | null;
}

const CLIENT_WORDS: Record<CallerClient['client'], string> = {
  'external-services': 'external-services client',
  legacy: 'legacy client',
  'go-default': "Go's default client",
  none: 'no HTTP client',
};

const DEFAULT_TLS: CallerTls = { clientCertificate: null, verification: 'system CAs', verified: true };

function writtenAt(s: Source | undefined): WrittenAt | null {
  if (s === undefined) return null;
  const r = rootSource(s);
  return r.kind === 'file' || r.kind === 'env-file' ? { file: r.file, span: r.span } : null;
}

export class GatewayModel {
  readonly eff: EffectiveConfig;
  private readonly envRecord: Record<string, string>;
  private readonly factories = new Map<ServiceName, ClientResult | null>();

  constructor(loaded: LoadedConfig | null, private readonly env: EnvInput, readonly version: string = DEFAULT_TYK_VERSION) {
    this.eff = buildEffective(loaded, env, 'gateway', version);
    this.envRecord = envValues(env);
  }

  private factory(svc: ServiceName): ClientResult | null {
    if (!this.factories.has(svc)) this.factories.set(svc, factoryFor(this.eff.config, svc));
    return this.factories.get(svc) ?? null;
  }

  private spec(id: CallerId): CallerSpec {
    for (const svc of SERVICES) {
      const s = callersOf(svc, this.version).find((c) => c.id === id);
      if (s !== undefined) return s;
    }
    throw new Error(`no caller ${id} in gateway ${this.version}`);
  }

  private tls(c: CallerClient): CallerTls {
    const cfg = this.eff.config;
    const legacy = this.eff.legacy;
    switch (c.verify) {
      case 'jwt_ssl_insecure_skip_verify':
        return legacy.jwtSslInsecureSkipVerify.value ? { clientCertificate: null, verification: 'not verified (jwt_ssl_insecure_skip_verify)', verified: false } : DEFAULT_TLS;
      case 'proxy_ssl_insecure_skip_verify':
        return legacy.proxySslInsecureSkipVerify.value ? { clientCertificate: null, verification: 'not verified (proxy_ssl_insecure_skip_verify)', verified: false } : DEFAULT_TLS;
      case 'mtls.insecure_skip_verify': {
        const m = cfg[c.spec.service].mtls;
        const { certificate, ca } = factoryCertificates(m);
        const cert = certificate === 'store' ? `cert_id ${m.cert_id}` : certificate === 'files' ? `cert_file ${m.cert_file}` : null;
        const caWords = ca === 'store' ? `ca_cert_ids ${(m.ca_cert_ids ?? []).join(', ')}` : ca === 'file' ? `ca_file ${m.ca_file}` : 'system CAs';
        return m.insecure_skip_verify ? { clientCertificate: cert, verification: 'not verified (insecure_skip_verify)', verified: false } : { clientCertificate: cert, verification: caWords, verified: true };
      }
      case null:
        return DEFAULT_TLS;
      default: {
        const never: never = c.verify;
        return never;
      }
    }
  }

  private routeOf(c: CallerClient, label: string): CallerRoute {
    const svc = c.spec.service;
    const section = c.built?.inheritedFromGlobal === true ? 'global' : `${svc}.proxy`;
    return {
      service: svc, id: c.spec.id, caller: `${CALLER_NAMES[c.spec.id]}, ${label}`, tls: this.tls(c),
      decide: (url) => {
        const d = callerRequest(c, url, this.envRecord);
        return { proxy: d.redacted, error: d.error };
      },
      proxySetAt: (scheme) => {
        if (c.route === 'custom' && c.built !== null) {
          const p = c.built.merged.proxy;
          // https targets take https_proxy, else http_proxy (SEMANTICS.md §4).
          const key = scheme === 'https' && p.https_proxy !== '' ? 'https_proxy' : 'http_proxy';
          return writtenAt(this.eff.sources.get(`external_services.${section}.${key}`));
        }
        if (c.route === 'environment') {
          const v = scheme === 'https' ? proxyConfigFromEnvironment(this.envRecord).httpsProxy : proxyConfigFromEnvironment(this.envRecord).httpProxy;
          const e = v === null ? undefined : this.env.get(v.variable);
          return e !== undefined && e.origin.kind === 'file' ? { file: e.origin.file, span: e.origin.span } : null;
        }
        return null;
      },
    };
  }

  private client(id: CallerId): CallerClient {
    const spec = this.spec(id);
    return callerClient(spec, this.eff.config, this.factory(spec.service));
  }

  /** The route of one caller, as these settings give it. */
  route(id: CallerId): CallerRoute {
    const c = this.client(id);
    return this.routeOf(c, CLIENT_WORDS[c.client]);
  }

  /**
   * The caller's fallback when a request through the factory's client fails and it retries
   * (the JWT middleware: legacy getJWK, no proxy), or null when it does not retry.
   */
  retryRoute(id: CallerId): CallerRoute | null {
    const c = this.client(id);
    if (!c.spec.retriesWithFallback || c.built === null) return null;
    const fb = c.spec.fallback;
    return this.routeOf({ ...c, client: fb.client, route: fb.route, built: null, verify: fb.verify }, `${CLIENT_WORDS[fb.client]} (retry)`);
  }

  /** The open-source callers of a service that make HTTP requests, in the model's order. */
  routes(svc: ServiceName): CallerRoute[] {
    return callersOf(svc, this.version).filter((s) => s.edition === 'oss' && s.fallback.client !== 'none').map((s) => this.route(s.id));
  }

  /** The first caller of a service (what --url service=URL stands for). */
  mainCaller(svc: ServiceName): CallerId | null {
    return callersOf(svc, this.version).find((s) => s.edition === 'oss' && s.fallback.client !== 'none')?.id ?? null;
  }

  /** What sends hosts of a service direct: bypass_proxy (custom route) or NO_PROXY (environment route), as written. */
  bypassEntries(svc: ServiceName): { via: 'bypass_proxy' | 'NO_PROXY'; entries: string[] }[] {
    const out: { via: 'bypass_proxy' | 'NO_PROXY'; entries: string[] }[] = [];
    for (const s of callersOf(svc, this.version).filter((x) => x.edition === 'oss')) {
      const c = this.client(s.id);
      let via: 'bypass_proxy' | 'NO_PROXY' | null = null;
      let entries: string[] = [];
      if (c.route === 'custom' && c.built !== null) {
        via = 'bypass_proxy';
        entries = splitBypassProxy(c.built.merged.proxy.bypass_proxy);
      } else if (c.route === 'environment') {
        via = 'NO_PROXY';
        const np = proxyConfigFromEnvironment(this.envRecord).noProxy;
        // Split and trimmed as httpproxy does (Go's white space), in the order written.
        entries = np === null ? [] : np.value.split(',').map(goTrimSpace).filter((x) => x !== '');
      }
      if (via !== null && entries.length > 0 && !out.some((o) => o.via === via)) out.push({ via, entries });
    }
    return out;
  }

  /** The rate limiter's Redis TLS: external_services.storage.mtls when in force (internal/rate/storage.go), file certificates only. */
  storageMtls(): { enabled: boolean; certFile: string | null; caFile: string | null; insecure: boolean } {
    const m = this.eff.config.storage.mtls;
    const inForce = storageMtls(this.eff).inForce;
    const { certificate, ca } = storageCertificates(m, inForce);
    return { enabled: inForce, certFile: certificate === 'files' ? m.cert_file : null, caFile: ca === 'file' ? m.ca_file : null, insecure: m.insecure_skip_verify };
  }

  /** The gateway reads tyk.conf (not rejected, omitted or missing). */
  usesFile(): boolean {
    return this.eff.fileIgnored === null;
  }
}
