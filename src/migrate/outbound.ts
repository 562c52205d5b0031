/**
 * What each caller in the gateway does with its outbound requests, as flat comparable values: the
 * view migrate's proof is run over (once for the old file and environment, once for the new ones).
 * Every value is read from the gateway model (src/resolve/model.ts, one row per caller of
 * src/gateway/callers.ts); routes are the model's own decision for a request to a probe host of
 * each scheme (callerRequest), so nothing here restates what a caller does. This module only
 * names the model's answers as short strings.
 *
 * The view is typed by FIELDS: a new fact is a new field with its extractor, and the comparison,
 * the labels and both reports pick it up.
 */
import type { ServiceName } from '../types.js';
import type { EffectiveConfig } from '../resolve/resolve.js';
import { certificateSettings, readingOf, type CallerModel, type CertificateSettings, type Reading, type Verification } from '../resolve/model.js';
import { callerRequest, type CallerDecision, type CallerId, type ClientKind as ModelClient, type Edition, type RouteMode } from '../gateway/callers.js';
import { proxyConfigFromEnvironment } from '../gateway/httpproxy.js';
import { CERT_LOAD_WORDS, CLIENT_KIND_WORDS } from '../explain/reasons.js';
import { envValues, type EnvInput } from '../env/input.js';
import { maskUrl } from '../mask.js';

export type ClientKind = 'external_services' | 'legacy' | 'go_default' | 'none';
/** on: server certificates are checked; off: not; '-': the caller makes no TLS connection of its own. */
export type Verify = 'on' | 'off' | '-';

export interface CallerOutbound {
  service: ServiceName;
  caller: CallerId;
  edition: Edition;
  /** The client the caller gets. */
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
  /** 'min 1.3, max Go default': the TLS versions a setting holds the connection to; '-' without TLS of its own. */
  tls_versions: string;
  timeout: string;
  /** What the caller does when a request through its client, or loading its certificates, fails. */
  fallback: string;
  /** Whether the client it falls back to checks server certificates. */
  fallback_verify: Verify;
}

export const FIELDS = [
  'client', 'route.http', 'route.https', 'route.other', 'bypass', 'http_proxy', 'https_proxy',
  'verify', 'verify_key', 'client_cert', 'ca', 'tls_versions', 'timeout', 'fallback', 'fallback_verify',
] as const;
export type Field = (typeof FIELDS)[number];

export function fieldValue(v: CallerOutbound, f: Field): string {
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

const GO_MIN_TLS = '1.2';

function tlsVersionsText(v: CallerModel['tlsVersions']): string {
  return `min ${v.min ?? `Go default (${GO_MIN_TLS})`}, max ${v.max ?? 'Go default'}`;
}

/** The minimum TLS version a tls_versions value allows. */
function minTls(v: string): number {
  const m = /^min (\d\.\d)/.exec(v);
  return Number(m === null ? GO_MIN_TLS : m[1]);
}

/**
 * Does going from `before` to `after` in this field weaken TLS: verification off where it was on
 * (or where there was no such connection), a client certificate or a CA dropped, a lower minimum
 * TLS version? `beforeRow`: the caller's whole row before, for the fallback (a new unverified
 * fallback is no weakening when every request went unverified before).
 */
export function weakensTls(f: Field, before: string, after: string, beforeRow?: Pick<CallerOutbound, 'verify'>): boolean {
  switch (f) {
    case 'verify':
      // '-' → off: a connection that did not exist now skips verification.
      return before !== 'off' && after === 'off';
    case 'fallback_verify':
      return before !== 'off' && after === 'off' && beforeRow?.verify !== 'off';
    case 'tls_versions':
      return before !== '-' && after !== '-' && minTls(after) < minTls(before);
    case 'client_cert':
      return before !== 'none' && after === 'none';
    case 'ca':
      return before !== 'system' && after === 'system';
    default:
      return false;
  }
}

/** A host no bypass list is written for: a request to it shows where the caller's traffic goes. */
const PROBE = { http: 'http://destination.invalid/', https: 'https://destination.invalid/', other: 'ws://destination.invalid/' } as const;

const CLIENT: Record<ModelClient, ClientKind> = { 'external-services': 'external_services', legacy: 'legacy', 'go-default': 'go_default', none: 'none' };

function routeOf(d: CallerDecision, mode: RouteMode): string {
  if (d.reason.kind === 'no-http-client') return '-';
  if (d.error !== null) return `fails (${d.error})`;
  if (d.proxy !== null) return d.reason.kind === 'env' ? `environment (${d.reason.variable} ${maskUrl(d.proxy)})` : maskUrl(d.proxy);
  return mode === 'environment' ? 'environment (direct)' : 'direct';
}

function bypassOf(c: CallerModel, env: Record<string, string>): string {
  if (c.route === 'custom') return c.proxy?.bypass_proxy.value ?? '';
  if (c.route !== 'environment') return '';
  const n = proxyConfigFromEnvironment(env).noProxy;
  return n === null ? '' : `NO_PROXY ${n.value}`;
}

const onOff = (v: Verification): Verify => (v.on ? 'on' : 'off');

function certText(c: CallerModel, m: CertificateSettings): string {
  switch (c.certificate) {
    case 'store':
      return `cert_id ${m.cert_id}`;
    case 'files':
      return `cert_file ${m.cert_file} + key_file ${m.key_file}`;
    default:
      return 'none';
  }
}

function caText(c: CallerModel, m: CertificateSettings): string {
  switch (c.ca) {
    case 'store':
      return `ca_cert_ids ${(m.ca_cert_ids ?? []).join(',')}`;
    case 'file':
      return `ca_file ${m.ca_file}`;
    default:
      return 'system';
  }
}

function timeoutText(c: CallerModel): string {
  if (c.client === 'none') return '-';
  if (c.timeoutSeconds === null) return 'none';
  const t = `${c.timeoutSeconds}s`;
  if (c.timeoutFrom === 'uptime-test') return `${t} unless the check sets one`;
  if (c.timeoutFrom === 'provider') return `the provider's, else ${t}`;
  return t;
}

/**
 * What happens after the client is chosen: a failed request retried by another client, or what a
 * certificate load error does (certificates are loaded only with mtls.enabled).
 */
function fallbackOf(c: CallerModel, mtlsEnabled: boolean): { text: string; verify: Verify } {
  if (c.client !== 'external-services' || c.fallback === null) {
    // Redis loads its certificate files (storage.mtls's or storage's own) whenever it has some.
    return c.client === 'none' && c.certificate !== null ? { text: `on a certificate load error: ${CERT_LOAD_WORDS['connect-without-cert']}`, verify: '-' } : { text: 'none', verify: '-' };
  }
  const other = `the ${CLIENT_KIND_WORDS[c.fallback.client]} (${c.fallback.route})`;
  const parts: string[] = [];
  let reaches = false;
  if (c.fallbackWhen.includes('fetch-failed')) {
    parts.push(`a failed request is retried by ${other}`);
    reaches = true;
  }
  if (mtlsEnabled) {
    const fallsBack = c.onCertLoadError === 'fallback';
    parts.push(`on a certificate load error: ${CERT_LOAD_WORDS[c.onCertLoadError]}${fallsBack ? ` to ${other}, without the certificate` : ''}`);
    if (fallsBack) reaches = true;
  }
  return { text: parts.length === 0 ? 'none' : parts.join('; '), verify: reaches ? onOff(c.fallback.verify) : '-' };
}

function callerRow(r: Reading, c: CallerModel, env: Record<string, string>): CallerOutbound {
  const m = r.effective.config[c.service].mtls;
  const none = c.client === 'none';
  const fb = fallbackOf(c, m.enabled);
  const route = {
    http: routeOf(callerRequest(c.detail, PROBE.http, env), c.route),
    https: routeOf(callerRequest(c.detail, PROBE.https, env), c.route),
    other: routeOf(callerRequest(c.detail, PROBE.other, env), c.route),
  };
  return {
    service: c.service, caller: c.id, edition: c.edition,
    client: CLIENT[c.client],
    route,
    bypass: bypassOf(c, env),
    http_proxy: c.proxy === null ? '' : maskUrl(c.proxy.http_proxy.value),
    https_proxy: c.proxy === null ? '' : maskUrl(c.proxy.https_proxy.value),
    // Redis speaks TLS only with storage.use_ssl (then storage.mtls or storage's own settings decide).
    verify: none && r.storageMtls.tls === 'none' ? '-' : onOff(c.verify),
    verify_key: none && r.storageMtls.tls === 'none' ? '-' : c.verify.key ?? 'Go default',
    client_cert: certText(c, certificateSettings(r, c)),
    ca: caText(c, certificateSettings(r, c)),
    tls_versions: none && r.storageMtls.tls === 'none' ? '-' : tlsVersionsText(c.tlsVersions),
    timeout: timeoutText(c),
    fallback: fb.text,
    fallback_verify: fb.verify,
  };
}

/** Every caller of the gateway version, in the model's order (service, then caller), for one reading of file + environment. */
export function outboundViews(eff: EffectiveConfig, env: EnvInput, version: string): CallerOutbound[] {
  const record = envValues(env);
  const r = readingOf(eff, version);
  return r.services.flatMap((s) => s.callers.map((c) => callerRow(r, c, record)));
}

/** The row's name in reports: "oauth jwt-jwk". */
export function rowName(v: Pick<CallerOutbound, 'service' | 'caller'>): string {
  return `${v.service} ${v.caller}`;
}
