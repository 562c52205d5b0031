/**
 * Every host:port the gateway itself connects to, and how: which service and caller, through
 * which proxy or directly, who speaks TLS to whom, the client certificate, the verification.
 * Pure: the gateway model, Redis settings and the URLs in, rows out. What a firewall change
 * needs, and what `kuma generate` / `kuma check` read.
 *
 * TLS follows Go's transport: through an http:// proxy an https target gets a CONNECT tunnel
 * with TLS from the gateway to the target inside; an http target gets a plain request to the
 * proxy. An https:// proxy adds TLS from the gateway to the proxy, with the same client
 * certificate and verification settings (Go hands the transport's TLS config to both).
 */
import { goURLParse, hostname, port as urlPort } from '../go/url.js';
import { joinHostPort } from '../go/net.js';
import { canonicalAddr } from '../gateway/httpproxy.js';
import { maskUrl } from '../mask.js';
import type { ServiceName } from '../types.js';
import type { ApiUrl, ApiUrlKind } from './apis.js';
import type { EgressModel, CallerRoute, WrittenAt } from './model.js';
import type { CallerId } from '../gateway/callers.js';
import { hostAddrs, type StorageSettings } from './storage.js';
import { isLoopback, parseIP, splitHostPort } from '../go/net.js';
import { bypassProblem } from '../gateway/bypass.js';

/** Who speaks TLS to whom on the connection. */
export type TlsPath =
  | 'none'
  | 'target'
  | 'target-via-connect'
  | 'proxy'
  | 'proxy-and-target-via-connect'
  | 'target-via-socks';

export type DestinationKind = 'proxy' | 'target' | 'redis';

/** Why a destination needs the Kuma protocol it needs. */
export type NeedReason = 'connect' | 'proxy' | 'tyk-tls' | 'redis' | 'plain-http';

export interface EgressRow {
  /** host:port the gateway opens a connection to; port null when a bypass entry names none. */
  address: string;
  host: string;
  port: number | null;
  kind: DestinationKind;
  service: ServiceName;
  caller: string;
  /** What the connection is for: the URL (masked), a Redis address, or "any https target". */
  target: string;
  /** The proxy URL (masked) when the connection goes to a proxy. */
  proxy: string | null;
  tls: TlsPath;
  clientCertificate: string | null;
  verification: string;
  /** Where the target came from. */
  source: string;
  /** The API definition file that names the target, when one does. */
  sourceFile: string | null;
  /** Where the proxy of a proxied connection is set (tyk.conf or an env file line), when known. */
  setAt: WrittenAt | null;
  /** Made only when the caller's first try fails (the JWT middleware's retry without a proxy). */
  fallback: boolean;
  notes: string[];
  /** What a mesh must declare for this connection. */
  need: { protocol: 'tcp' | 'http'; reason: NeedReason };
}

export interface EgressInput {
  model: EgressModel;
  storage: readonly StorageSettings[];
  apiUrls: readonly ApiUrl[];
  /** The gateway's uptime_tests.disable: no host checker, no uptime-test requests. */
  uptimeDisabled: boolean;
  /** --url values: `[service=|caller=]URL`; without either, every HTTP service's main caller. */
  urls: readonly { service: ServiceName | null; caller: CallerId | null; url: string }[];
}

export interface Inventory {
  rows: EgressRow[];
  /** Requests that cannot be made at all (bad URL, bad proxy), in words. */
  failures: { service: ServiceName; caller: string; target: string; error: string }[];
  /** Callers whose targets of a scheme go direct: every such target is a destination of its own. */
  direct: { service: ServiceName; caller: string; scheme: 'https' | 'http' }[];
  /** Hosts a service's bypass_proxy sends direct (entries that can match). */
  bypassed: { service: ServiceName; via: 'bypass_proxy' | 'NO_PROXY'; entries: string[] }[];
}

const HTTP_SERVICES: readonly ServiceName[] = ['oauth', 'webhooks', 'health', 'discovery'];
const ANY = { https: 'https://any-target.invalid/', http: 'http://any-target.invalid/' } as const;

/** The caller that makes each kind of request an API definition names (src/gateway/callers.ts). */
const KIND_CALLER: Record<ApiUrlKind, CallerId> = {
  'jwt-jwks': 'jwt-jwk', 'external-oauth-jwks': 'external-oauth-jwk', introspection: 'introspection', 'upstream-oauth-token': 'upstream-oauth',
  webhook: 'webhooks', 'uptime-test': 'host-checker', 'service-discovery': 'service-discovery',
};

function addressOf(hostport: string): { host: string; port: number | null } {
  const hp = splitHostPort(hostport);
  if (hp === null) return { host: hostport, port: null };
  return { host: hp.host, port: /^\d+$/.test(hp.port) ? Number(hp.port) : null };
}

function tlsPath(targetScheme: string, proxyScheme: string | null): TlsPath {
  const tlsTarget = targetScheme === 'https';
  if (proxyScheme === null) return tlsTarget ? 'target' : 'none';
  if (proxyScheme === 'socks5' || proxyScheme === 'socks5h') return tlsTarget ? 'target-via-socks' : 'none';
  if (proxyScheme === 'https') return tlsTarget ? 'proxy-and-target-via-connect' : 'proxy';
  return tlsTarget ? 'target-via-connect' : 'none';
}

function needFor(kind: DestinationKind, tls: TlsPath): EgressRow['need'] {
  if (kind === 'proxy') return { protocol: 'tcp', reason: tls === 'target-via-connect' || tls === 'proxy-and-target-via-connect' ? 'connect' : 'proxy' };
  if (tls !== 'none') return { protocol: 'tcp', reason: 'tyk-tls' };
  return kind === 'redis' ? { protocol: 'tcp', reason: 'redis' } : { protocol: 'http', reason: 'plain-http' };
}

function rowFor(route: CallerRoute, url: string, shownTarget: string, source: string, givenNotes: string[], out: Inventory, sourceFile: string | null = null): EgressRow | null {
  let notes = givenNotes;
  const parsed = goURLParse(url);
  if (!parsed.ok) {
    out.failures.push({ service: route.service, caller: route.caller, target: maskUrl(url), error: parsed.error });
    return null;
  }
  const d = route.decide(url);
  if (d.error !== null) {
    out.failures.push({ service: route.service, caller: route.caller, target: shownTarget, error: d.error });
    return null;
  }
  const target = parsed.url;
  let hostport: string;
  let proxyScheme: string | null = null;
  let kind: DestinationKind = 'target';
  if (d.proxy !== null) {
    const p = goURLParse(d.proxy);
    if (!p.ok) return null;
    proxyScheme = p.url.scheme;
    hostport = canonicalAddr(p.url);
    kind = 'proxy';
  } else {
    const explicit = urlPort(target);
    hostport = joinHostPort(hostname(target), explicit !== '' ? explicit : target.scheme === 'https' ? '443' : '80');
  }
  const tls = tlsPath(target.scheme, proxyScheme);
  const { host, port } = addressOf(hostport);
  const usesTls = tls !== 'none';
  // Go's transport uses the same TLS config for an https:// proxy as for the target (transport.go addTLS).
  if (proxyScheme === 'https' && (route.tls.clientCertificate !== null || route.tls.verification !== 'system CAs')) {
    notes = [...notes, `the TLS to the proxy uses the target's settings too (Go uses one TLS config for both): ${route.tls.clientCertificate ?? 'no client certificate'}, ${route.tls.verification}`];
  }
  return {
    address: hostport, host, port, kind, service: route.service, caller: route.caller, target: shownTarget,
    proxy: d.proxy, tls,
    clientCertificate: usesTls ? route.tls.clientCertificate : null,
    verification: usesTls ? route.tls.verification : '-',
    source, sourceFile, setAt: kind === 'proxy' ? route.proxySetAt(target.scheme === 'https' ? 'https' : 'http') : null, fallback: false, notes, need: needFor(kind, tls),
  };
}

function storageRows(model: EgressModel, s: StorageSettings): EgressRow[] {
  if (s.type !== 'redis' && s.type !== '') return [];
  const rows: EgressRow[] = [];
  const notes: string[] = [];
  if (s.masterName !== '') notes.push(`Sentinel (master_name ${s.masterName}): the master's own address comes from the sentinels at run time`);
  else if (s.enableCluster) notes.push('cluster seed: the other nodes are found at run time');
  const tls: 'target' | 'none' = s.useSsl ? 'target' : 'none';
  const callers: { caller: string; cert: string | null; verification: string }[] = [{
    caller: 'storage connection',
    cert: s.certFile !== '' && s.keyFile !== '' ? `cert_file ${s.certFile}` : null,
    verification: s.sslInsecureSkipVerify ? 'not verified (ssl_insecure_skip_verify)' : s.caFile !== '' ? `ca_file ${s.caFile}` : 'system CAs',
  }];
  // The rate limiter's own Redis client exists from 5.3.0 (the model's redis caller).
  const limiter = s.section === 'storage' ? model.rateLimiterTls() : null;
  if (limiter !== null) {
    callers.push({
      caller: 'rate limiter',
      cert: limiter.certFile !== null ? `cert_file ${limiter.certFile}` : null,
      verification: limiter.verifyOff !== null ? `not verified (${limiter.verifyOff.replace(/^storage\./, '')})` : limiter.caFile !== null ? `ca_file ${limiter.caFile}` : 'system CAs',
    });
  }
  for (const addr of hostAddrs(s)) {
    const { host, port } = addressOf(addr);
    for (const c of callers) {
      rows.push({
        address: addr, host: host === '' ? 'localhost' : host, port, kind: 'redis', service: 'storage', caller: c.caller,
        target: `redis ${addr}`, proxy: null, tls,
        clientCertificate: s.useSsl ? c.cert : null, verification: s.useSsl ? c.verification : '-',
        source: s.section, sourceFile: null, setAt: null, fallback: false, notes, need: needFor('redis', tls),
      });
    }
  }
  return rows;
}

function rowKey(r: EgressRow): string {
  return JSON.stringify([r.address, r.service, r.caller, r.target, r.tls, r.proxy]);
}

export function compareRows(a: EgressRow, b: EgressRow): number {
  const ka = [a.host, String(a.port ?? 0).padStart(5, '0'), a.service, a.caller, a.target];
  const kb = [b.host, String(b.port ?? 0).padStart(5, '0'), b.service, b.caller, b.target];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  return 0;
}

export function buildInventory(input: EgressInput): Inventory {
  const out: Inventory = { rows: [], failures: [], direct: [], bypassed: [] };
  const { model } = input;
  const add = (r: EgressRow | null): void => {
    if (r !== null && !out.rows.some((x) => rowKey(x) === rowKey(r))) out.rows.push(r);
  };
  // Each HTTP caller's generic route: where any https / http target of the service goes.
  for (const svc of HTTP_SERVICES) {
    for (const route of model.routes(svc)) {
      for (const scheme of ['https', 'http'] as const) {
        const r = rowFor(route, ANY[scheme], `any ${scheme} target`, 'routing', [], out);
        // Direct generic targets name no host: the concrete ones come from --apis, --url and bypass lists.
        if (r !== null && r.kind === 'proxy') add(r);
        else if (r !== null) out.direct.push({ service: svc, caller: route.caller, scheme });
      }
    }
    // A bypass entry is a host that goes direct when some URL names it, not a connection of its
    // own: the connections are the URLs that match it (--apis, --url).
    for (const b of model.bypassEntries(svc)) {
      // bypass_proxy entries that can never match are left out (BYPASS_NEVER_MATCHES says why).
      const entries = b.via === 'bypass_proxy' ? b.entries.filter((e) => bypassProblem(e) === null) : b.entries;
      if (entries.length > 0) out.bypassed.push({ service: svc, via: b.via, entries });
    }
  }
  const withRetry = (id: CallerId, url: string, source: string, sourceFile: string | null): void => {
    const route = model.route(id);
    // A caller this gateway version does not have yet (external OAuth before 4.3, token exchange before 5.14) makes no request.
    if (route === null) return;
    const r = rowFor(route, url, maskUrl(url), source, [], out, sourceFile);
    add(r);
    // A caller that retries a failed fetch with its fallback (the JWT middleware: no proxy at all) makes that connection too.
    const retry = model.retryRoute(id);
    if (r !== null && r.kind === 'proxy' && retry !== null) {
      const direct = rowFor(retry, url, maskUrl(url), source, ['only when the request through the proxy fails: the caller retries with its fallback client'], out, sourceFile);
      if (direct !== null && direct.address !== r.address) add({ ...direct, fallback: true });
    }
  };
  for (const u of input.apiUrls) {
    if (u.uptime && input.uptimeDisabled) continue;
    withRetry(KIND_CALLER[u.kind], u.url, `${u.file}: ${u.at}`, u.file);
  }
  for (const u of input.urls) {
    const ids = u.caller !== null ? [u.caller] : (u.service === null ? HTTP_SERVICES : [u.service]).map((svc) => model.mainCaller(svc));
    for (const id of ids) if (id !== null) withRetry(id, u.url, '--url', null);
  }
  for (const s of input.storage) for (const r of storageRows(model, s)) add(r);
  // Entries that a listed URL already matches need no note.
  out.bypassed = out.bypassed
    .map((b) => ({ ...b, entries: b.entries.filter((e) => !out.rows.some((r) => r.service === b.service && r.kind === 'target' && (r.address === e || r.host === e))) }))
    .filter((b) => b.entries.length > 0);
  out.rows.sort(compareRows);
  return out;
}

/** The distinct addresses of an inventory (fallback-only connections left out), each with what a mesh must allow there. */
export interface Destination {
  address: string;
  host: string;
  port: number;
  rows: EgressRow[];
  /** tcp when any connection to it needs tcp. */
  protocol: 'tcp' | 'http';
  /** The strongest reason for tcp, for the messages. */
  reason: NeedReason;
  /** localhost or a loopback IP: the connection never leaves the host (nor a mesh's sidecar). */
  loopback: boolean;
}

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  const ip = parseIP(h);
  return ip !== null && isLoopback(ip);
}

const REASON_ORDER: NeedReason[] = ['connect', 'proxy', 'tyk-tls', 'redis', 'plain-http'];

export function destinations(inv: Inventory): Destination[] {
  const by = new Map<string, EgressRow[]>();
  for (const r of inv.rows) {
    if (r.port === null || r.fallback) continue;
    by.set(r.address, [...(by.get(r.address) ?? []), r]);
  }
  return [...by.entries()].map(([address, rows]) => {
    const reason = REASON_ORDER.find((x) => rows.some((r) => r.need.reason === x)) ?? 'plain-http';
    return {
      address, host: rows[0].host, port: rows[0].port ?? 0, rows, protocol: rows.some((r) => r.need.protocol === 'tcp') ? 'tcp' : 'http', reason,
      loopback: isLoopbackHost(rows[0].host),
    };
  });
}
