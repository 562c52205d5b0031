/**
 * The one place the egress inventory reads the gateway model: the one model of
 * src/resolve/model.ts (gatewayModel: who makes each kind of request in this gateway version,
 * with which client, through which route, verification and certificates), read as the gateway
 * runs it. Nothing is decided here again; this only puts the model's facts in egress's words.
 * The inventory, kuma generate and kuma check only see CallerRoute.
 */
import { goTrimSpace } from '../go/strconv.js';
import type { LoadedConfig } from '../config/load.js';
import { DEFAULT_TYK_VERSION } from '../config/schema.js';
import { envValues, type EnvInput } from '../env/input.js';
import { CALLER_NAMES, CLIENT_KIND_WORDS } from '../explain/reasons.js';
import { callerRequest, type CallerClient, type CallerId } from '../gateway/callers.js';
import { proxyConfigFromEnvironment } from '../gateway/httpproxy.js';
import { splitBypassProxy } from '../gateway/bypass.js';
import { certificateSettings, gatewayModel, type CallerModel, type GatewayModel, type Reading } from '../resolve/model.js';
import type { EffectiveConfig } from '../resolve/resolve.js';
import { rootSource, type Source } from '../resolve/sources.js';
import type { ServiceName, Span } from '../types.js';

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

const DEFAULT_TLS: CallerTls = { clientCertificate: null, verification: 'system CAs', verified: true };

function writtenAt(s: Source | undefined): WrittenAt | null {
  if (s === undefined) return null;
  const r = rootSource(s);
  return r.kind === 'file' || r.kind === 'env-file' ? { file: r.file, span: r.span } : null;
}

/** How server certificates are checked, in egress's words, from the model's verification and certificates. */
function tlsOf(c: CallerModel, r: Reading): CallerTls {
  if (c.client === 'external-services') {
    const m = certificateSettings(r, c);
    const cert = c.certificate === 'store' ? `cert_id ${m.cert_id}` : c.certificate === 'files' ? `cert_file ${m.cert_file}` : null;
    const caWords = c.ca === 'store' ? `ca_cert_ids ${(m.ca_cert_ids ?? []).join(', ')}` : c.ca === 'file' ? `ca_file ${m.ca_file}` : 'system CAs';
    return c.verify.on ? { clientCertificate: cert, verification: caWords, verified: true } : { clientCertificate: cert, verification: 'not verified (insecure_skip_verify)', verified: false };
  }
  if (c.verify.on || c.verify.key === null) return DEFAULT_TLS;
  return { clientCertificate: null, verification: `not verified (${c.verify.key})`, verified: false };
}

/** The egress view of the one gateway model (src/resolve/model.ts), as the gateway runs it. */
export class EgressModel {
  readonly model: GatewayModel;
  readonly eff: EffectiveConfig;
  private readonly reading: Reading;
  private readonly envRecord: Record<string, string>;

  constructor(loaded: LoadedConfig | null, private readonly env: EnvInput, version: string = DEFAULT_TYK_VERSION) {
    this.model = gatewayModel(loaded, env, version);
    this.reading = this.model.gateway;
    this.eff = this.reading.effective;
    this.envRecord = envValues(env);
  }

  get version(): string {
    return this.model.version;
  }

  /** The caller in this gateway version, or undefined when the version does not have it. */
  caller(id: CallerId): CallerModel | undefined {
    for (const s of this.reading.services) {
      const c = s.callers.find((x) => x.id === id);
      if (c !== undefined) return c;
    }
    return undefined;
  }

  private routeOf(c: CallerModel, client: CallerClient, tls: CallerTls, label: string): CallerRoute {
    const svc = c.service;
    const section = client.built?.inheritedFromGlobal === true ? 'global' : `${svc}.proxy`;
    return {
      service: svc, id: c.id, caller: `${CALLER_NAMES[c.id]}, ${label}`, tls,
      decide: (url) => {
        const d = callerRequest(client, url, this.envRecord);
        return { proxy: d.redacted, error: d.error };
      },
      proxySetAt: (scheme) => {
        if (client.route === 'custom' && client.built !== null) {
          const p = client.built.merged.proxy;
          // https targets take https_proxy, else http_proxy (SEMANTICS.md §4).
          const key = scheme === 'https' && p.https_proxy !== '' ? 'https_proxy' : 'http_proxy';
          return writtenAt(this.eff.sources.get(`external_services.${section}.${key}`));
        }
        if (client.route === 'environment') {
          const v = scheme === 'https' ? proxyConfigFromEnvironment(this.envRecord).httpsProxy : proxyConfigFromEnvironment(this.envRecord).httpProxy;
          const e = v === null ? undefined : this.env.get(v.variable);
          return e !== undefined && e.origin.kind === 'file' ? { file: e.origin.file, span: e.origin.span } : null;
        }
        return null;
      },
    };
  }

  /** The route of one caller, as these settings give it; null when this gateway version has no such caller. */
  route(id: CallerId): CallerRoute | null {
    const c = this.caller(id);
    return c === undefined ? null : this.routeOf(c, c.detail, tlsOf(c, this.reading), CLIENT_KIND_WORDS[c.client]);
  }

  /**
   * The caller's fallback when a request through the factory's client fails and it retries
   * (the JWT middleware: legacy getJWK, no proxy), or null when it does not retry.
   */
  retryRoute(id: CallerId): CallerRoute | null {
    const c = this.caller(id);
    if (c === undefined || c.fallback === null || !c.fallbackWhen.includes('fetch-failed') || c.detail.built === null) return null;
    const fb = c.fallback;
    const client: CallerClient = { ...c.detail, client: fb.client, route: fb.route, built: null, verify: c.detail.spec.fallback.verify };
    const tls = fb.verify.on || fb.verify.key === null ? DEFAULT_TLS : { clientCertificate: null, verification: `not verified (${fb.verify.key})`, verified: false };
    return this.routeOf(c, client, tls, `${CLIENT_KIND_WORDS[fb.client]} (retry)`);
  }

  /** The open-source callers of a service that make HTTP requests, in the model's order. */
  private httpCallers(svc: ServiceName): CallerModel[] {
    return this.reading.services.find((s) => s.service === svc)?.callers.filter((c) => c.edition === 'oss' && c.client !== 'none') ?? [];
  }

  routes(svc: ServiceName): CallerRoute[] {
    return this.httpCallers(svc).map((c) => this.routeOf(c, c.detail, tlsOf(c, this.reading), CLIENT_KIND_WORDS[c.client]));
  }

  /** The first caller of a service (what --url service=URL stands for). */
  mainCaller(svc: ServiceName): CallerId | null {
    return this.httpCallers(svc)[0]?.id ?? null;
  }

  /** What sends hosts of a service direct: bypass_proxy (custom route) or NO_PROXY (environment route), as written. */
  bypassEntries(svc: ServiceName): { via: 'bypass_proxy' | 'NO_PROXY'; entries: string[] }[] {
    const out: { via: 'bypass_proxy' | 'NO_PROXY'; entries: string[] }[] = [];
    for (const c of this.reading.services.find((s) => s.service === svc)?.callers.filter((x) => x.edition === 'oss') ?? []) {
      const built = c.detail.built;
      let via: 'bypass_proxy' | 'NO_PROXY' | null = null;
      let entries: string[] = [];
      if (c.route === 'custom' && built !== null) {
        via = 'bypass_proxy';
        entries = splitBypassProxy(built.merged.proxy.bypass_proxy);
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

  /**
   * The rate limiter's Redis TLS as the model has it (internal/rate/storage.go): storage.mtls when in
   * force, else storage's own settings; null when the version has no such caller.
   */
  rateLimiterTls(): { certFile: string | null; caFile: string | null; verifyOff: string | null } | null {
    const c = this.caller('redis');
    if (c === undefined) return null;
    const f = certificateSettings(this.reading, c);
    return { certFile: c.certificate === 'files' ? f.cert_file : null, caFile: c.ca === 'file' ? f.ca_file : null, verifyOff: c.verify.on ? null : c.verify.key };
  }

  /** The gateway reads tyk.conf (not rejected, omitted or missing). */
  usesFile(): boolean {
    return this.eff.fileIgnored === null;
  }
}
