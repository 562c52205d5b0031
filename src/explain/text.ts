/**
 * The text form of `explain`: `git config --show-origin` meets `ssh -G`. One value a line,
 * `key  value  origin`, aligned, origins dimmed; values that are set but change nothing are
 * marked with ✗ and their reason; what the gateway does with the file comes first.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { describeSource } from '../resolve/sources.js';
import { maskSecrets } from '../mask.js';
import { terminalSafe } from '../terminal.js';
import { CALLER, CERT_LOAD_WORDS, CLIENT_KIND_WORDS, VALUE_NOTES } from './reasons.js';
import type { CallerExplanation, CallerRoute, Explanation, ExplainSource, MtlsExplanation, NoEffectValue, RequestExplanation, RouteExplanation, Value } from './model.js';

export interface TextOptions {
  /** Emit ANSI colour codes. The caller decides: TTY and NO_COLOR. */
  color: boolean;
}

export function describeExplainSource(s: ExplainSource): string {
  if (s.kind === 'environment') return s.file !== undefined && s.span !== undefined ? `environment ${s.name} (${s.file}:${s.span.line})` : `environment ${s.name}`;
  if (s.kind === 'global') return `inherited from global: ${describeExplainSource(s.from)}`;
  return describeSource(s);
}

function origin<T>(v: Value<T>): string {
  if (v.note === undefined) return describeExplainSource(v.source);
  return v.source.kind === 'default' ? v.note : `${describeExplainSource(v.source)}; ${v.note}`;
}

function show(v: NoEffectValue | number | null): string {
  if (v === null) return '-';
  if (Array.isArray(v)) return JSON.stringify(v);
  if (typeof v === 'string') return v === '' ? '""' : v;
  return String(v);
}

type RowKind = 'value' | 'noeffect' | 'request' | 'fail';

interface Row {
  key: string;
  value: string;
  origin: string;
  kind: RowKind;
}

/** Rows with values longer than this do not widen the value column. */
const VALUE_COLUMN_CAP = 44;

function renderRows(c: ChalkInstance, rows: Row[], indent: string): string {
  const keyWidth = Math.max(0, ...rows.map((r) => r.key.length));
  const valueWidth = Math.max(0, ...rows.map((r) => r.value.length).filter((n) => n <= VALUE_COLUMN_CAP));
  return rows.map((r) => {
    const key = r.key.padEnd(keyWidth);
    const styledKey = r.kind === 'noeffect' ? c.yellow(key) : r.kind === 'fail' ? c.red(key) : key;
    if (r.origin === '') return `${indent}${styledKey}  ${r.value}`.trimEnd();
    const value = r.value.padEnd(valueWidth);
    return `${indent}${styledKey}  ${value}  ${c.dim(r.origin)}`;
  }).join('\n');
}

/** Every cell passes terminalSafe: keys, values and origins come from the input. */
function row(key: string, value: string, originText = '', kind: RowKind = 'value'): Row {
  return { key: terminalSafe(key), value: terminalSafe(value), origin: terminalSafe(originText), kind };
}

function valueRow<T extends NoEffectValue | number>(key: string, v: Value<T> | null, missing = ''): Row {
  return v === null ? row(key, '-', missing) : row(key, show(v.value), origin(v));
}

function routeRows(r: RouteExplanation, inherited: boolean): Row[] {
  if (r.caller === CALLER.storage) return [row('route', '-', 'no HTTP client: storage makes no HTTP requests')];
  const rows: Row[] = [row('route', `${r.caller}${r.edition === 'ee' ? ' (enterprise build only)' : ''}`), row('proxy.mode', `${r.mode}${inherited ? ' (inherited from global)' : ''}`)];
  if (r.mode === 'custom') {
    rows.push(valueRow('proxy.http_proxy', r.http_proxy, 'not set'), valueRow('proxy.https_proxy', r.https_proxy, 'not set'), valueRow('proxy.bypass_proxy', r.bypass_proxy, 'not set'));
  } else if (r.mode === 'environment') {
    rows.push(
      valueRow('proxy.http_proxy', r.http_proxy, 'HTTP_PROXY / http_proxy not set'),
      valueRow('proxy.https_proxy', r.https_proxy, 'HTTPS_PROXY / https_proxy not set'),
      valueRow('proxy.bypass_proxy', r.bypass_proxy, 'NO_PROXY / no_proxy not set'),
    );
  }
  return rows;
}

const CA_WORDS: Record<MtlsExplanation['ca'], string> = { store: 'certificate store', file: 'ca_file', system: 'system roots' };

function mtlsRows(m: MtlsExplanation): Row[] {
  const rows: Row[] = [valueRow('mtls.enabled', m.enabled)];
  if (m.error !== null) rows.push(row('mtls.error', m.error, '', 'fail'));
  rows.push(row('mtls.in_force', String(m.in_force), m.applies_to));
  // The certificates in force: mtls's, or (Redis without storage.mtls) storage's own.
  if (m.in_force || m.client_certificate !== null || m.ca !== 'system') {
    rows.push(row('mtls.client_certificate', m.client_certificate === 'store' ? 'cert_id' : m.client_certificate === 'files' ? 'cert_file + key_file' : 'none'));
    for (const [k, v] of [['mtls.cert_id', m.cert_id], ['mtls.cert_file', m.cert_file], ['mtls.key_file', m.key_file]] as const) if (v !== null) rows.push(valueRow(k, v));
    rows.push(row('mtls.ca', CA_WORDS[m.ca]));
    if (m.ca_cert_ids !== null) rows.push(valueRow('mtls.ca_cert_ids', m.ca_cert_ids));
    if (m.ca_file !== null) rows.push(valueRow('mtls.ca_file', m.ca_file));
  }
  if (m.insecure_skip_verify !== null) rows.push(valueRow('insecure_skip_verify', m.insecure_skip_verify));
  rows.push(valueRow('tls.min_version', m.tls_min_version, 'no TLS settings of this service in force'));
  rows.push(valueRow('tls.max_version', m.tls_max_version, 'no TLS settings of this service in force'));
  return rows;
}

function requestValue(url: string, r: { proxy: string | null; error: string | null }): string {
  if (r.error !== null) return `${url} → fails`;
  return `${url} → ${r.proxy ?? 'direct'}`;
}

/** One row per route a URL takes; the route (with its callers) is named only when there is more than one. */
function requestRows(r: RequestExplanation, key: string): Row[] {
  const byVia = new Map<string, CallerRoute[]>();
  for (const x of r.routes) byVia.set(x.via, [...(byVia.get(x.via) ?? []), x]);
  const groups = [...byVia.values()];
  // No caller at all (storage before 5.3.0): the request's own answer.
  if (groups.length === 0) return [row(key, requestValue(r.url, r), r.reason, r.error !== null ? 'fail' : 'request')];
  return groups.map((g) => {
    const first = g[0];
    const reason = groups.length > 1 ? `${first.reason} (via the ${first.via}: ${g.map((x) => x.caller).join(', ')})` : first.reason;
    return row(key, requestValue(r.url, first), reason, first.error !== null ? 'fail' : 'request');
  });
}

const WHEN_WORDS: Record<NonNullable<CallerExplanation['fallback']>['when'][number], string> = {
  'gate-closed': 'its gate is closed', 'not-configured': 'not configured', 'proxy-error': 'a proxy URL error', 'validation-error': 'an mTLS validation error',
  'cert-load-error': 'a certificate load error', 'fetch-failed': 'a failed fetch (retried)',
};

/** One caller in a line: client and route, verification, timeout, fallback, edition and first version. */
function callerRow(c: CallerExplanation): Row {
  const verify = c.verify.on ? 'verifies certificates' : `DOES NOT verify certificates (${c.verify.via ?? 'Go default'})`;
  const timeout = c.timeout_seconds === null ? 'no timeout' : `timeout ${c.timeout_seconds}s${c.timeout_note === null ? '' : ` (${c.timeout_note})`}`;
  // Redis has no HTTP client, but a TLS connection whose verification a setting decides.
  const redisTls = c.client === 'none' && (c.verify.via !== null || !c.verify.on);
  const parts = [`${CLIENT_KIND_WORDS[c.client]}, ${c.proxy.mode}`, c.client === 'none' && !redisTls ? null : verify, c.client === 'none' ? null : timeout];
  if (c.fallback !== null && c.client === 'external-services') {
    const v = c.fallback.verify.on ? '' : `, NOT verifying certificates (${c.fallback.verify.via ?? 'Go default'})`;
    parts.push(`falls back to the ${CLIENT_KIND_WORDS[c.fallback.client]} (${c.fallback.route}${v}) on ${c.fallback.when.map((w) => WHEN_WORDS[w]).join(', ')}`);
  }
  if (c.fallback !== null && c.client === 'external-services' && !c.fallback.when.includes('cert-load-error')) parts.push(`on a certificate load error ${CERT_LOAD_WORDS[c.fallback.on_cert_load_error]}`);
  parts.push(`${c.edition === 'ee' ? 'enterprise build only, ' : ''}since ${c.since}`);
  return row('caller', c.name, parts.filter((x): x is string => x !== null).join('; '));
}

function banners(c: ChalkInstance, e: Explanation): string[] {
  const out: string[] = [];
  if (!e.file.used) out.push(c.red(terminalSafe(`! ${e.file.reason}`)));
  if (e.fatal !== null) out.push(c.red(terminalSafe(`! ${e.fatal.error} (${describeExplainSource(e.fatal.source)}) [${e.fatal.code}]`)));
  return out;
}

function fileWords(e: Explanation): string {
  switch (e.file.status) {
    case 'used':
      return 'read by the gateway';
    case 'rejected':
      return `DISCARDED by the gateway${e.file.at !== null ? ` (${e.file.at.code} at ${e.file.at.line}:${e.file.at.column})` : ''}`;
    case 'omitted':
      return `SKIPPED by the gateway${e.file.source !== null ? ` (${describeExplainSource(e.file.source)})` : ''}`;
    case 'missing':
      return 'no such file: built-in defaults plus environment';
    default: {
      const never: never = e.file.status;
      return never;
    }
  }
}

/** The routes of the open-source build (enterprise-only ones are in the detail, marked). */
function ossModes(e: Explanation): string {
  return [e.proxy, ...e.proxy.other_routes].filter((r) => r.edition === 'oss').map((r) => r.mode).join(' / ');
}

function summary(e: Explanation): string {
  const client = e.service === 'storage' ? 'no HTTP client' : e.client.kind === 'external_services' ? 'external-services client' : 'legacy client';
  const routes = ossModes(e);
  const mtls = e.mtls.in_force ? 'mTLS in force' : e.mtls.enabled.value ? 'mTLS enabled, not in force' : 'no mTLS';
  return `${e.service}: ${client}, ${e.service === 'storage' ? 'no proxy' : routes}, ${mtls}`;
}

/** `extsvc explain <service>`. */
export function explanationText(e: Explanation, opts: TextOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const rows: Row[] = [];
  rows.push(row('file', e.file.path ?? '-', fileWords(e)));
  rows.push(row('client', e.client.kind, e.client.reason));
  for (const t of e.client.configured_by) rows.push(row('client.configured_by', t.setting.replace(/^external_services\./, ''), describeExplainSource(t.source)));
  if (e.client.fallback !== null) rows.push(row('client.fallback', e.client.fallback));
  for (const n of e.client.notes) rows.push(row('client.note', n));
  rows.push(...routeRows(e.proxy, e.proxy.inherited_from_global));
  for (const r of e.proxy.other_routes) rows.push(...routeRows(r, false));
  for (const x of e.callers) rows.push(callerRow(x));
  rows.push(...mtlsRows(e.mtls));
  const none = e.service === 'storage' ? 'no HTTP client' : 'the legacy client\'s own';
  rows.push(e.timeout_seconds === null ? row('timeout', '-', e.service === 'storage' ? none : 'none: the client has no timeout') : row('timeout', `${e.timeout_seconds.value}s`, origin(e.timeout_seconds)));
  if (e.pool === null) {
    rows.push(row('pool', '-', none));
  } else {
    rows.push(valueRow('pool.max_idle', e.pool.max_idle), valueRow('pool.max_idle_per_host', e.pool.max_idle_per_host));
    rows.push(row('pool.idle_timeout', `${e.pool.idle_timeout_seconds.value}s`, origin(e.pool.idle_timeout_seconds)));
  }

  // The version's one line (gateway_note) is the client row's reason here.
  const out = [...banners(c, e), c.bold(terminalSafe(summary(e))), renderRows(c, rows, '  ')];
  if (e.no_effect.length > 0) {
    out.push(c.yellow(`  no effect (${e.no_effect.length}):`));
    const ne = e.no_effect.map((n) => row(`✗ ${n.setting}`, show(n.value), `${describeExplainSource(n.source)}: ${n.reason}${n.code !== null ? ` [${n.code}]` : ''}`, 'noeffect'));
    out.push(renderRows(c, ne, '  '));
  }
  if (e.requests.length > 0) {
    out.push('  requests:');
    out.push(renderRows(c, e.requests.flatMap((r) => requestRows(r, 'request')), '  '));
  }
  return maskSecrets(out.join('\n') + '\n');
}

function mtlsCell(m: MtlsExplanation): string {
  if (m.error !== null) return 'error';
  if (!m.in_force) return m.enabled.value ? 'inactive' : 'off';
  const cert = m.client_certificate === 'store' ? 'cert store' : m.client_certificate === 'files' ? 'cert files' : 'no cert';
  const ca = m.ca === 'store' ? 'CA store' : m.ca === 'file' ? 'CA file' : 'system CA';
  return `${cert}, ${ca}`;
}

function proxyCell(v: Value<string> | null, mode: string): string {
  if (mode === 'direct') return '-';
  if (v === null) return '-';
  // REQUEST_METHOD set: Go refuses HTTP_PROXY, and http requests on this route fail (§5).
  return v.note === VALUE_NOTES.cgiRefused ? `${show(v.value)} (refused: CGI)` : show(v.value);
}

/** `extsvc explain` with no service: a compact table of the five, then any --url decisions. */
export function tableText(es: Explanation[], opts: TextOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const out: string[] = [];
  const first = es[0];
  if (first !== undefined) {
    const b = banners(c, first);
    out.push(...(b.length > 0 ? b : [terminalSafe(`${first.file.path ?? 'config'}: ${fileWords(first)}`)]));
    if (first.gateway_note !== null) out.push(terminalSafe(first.gateway_note));
    out.push('');
  }
  const header = ['SERVICE', 'CLIENT', 'ROUTE', 'HTTP_PROXY', 'HTTPS_PROXY', 'BYPASS', 'MTLS', 'TIMEOUT', 'NO EFFECT'];
  const cells = es.map((e) => [
    e.service,
    e.service === 'storage' ? 'none' : e.client.kind,
    e.service === 'storage' ? 'no HTTP' : ossModes(e),
    proxyCell(e.proxy.http_proxy, e.proxy.mode),
    proxyCell(e.proxy.https_proxy, e.proxy.mode),
    proxyCell(e.proxy.bypass_proxy, e.proxy.mode),
    mtlsCell(e.mtls),
    e.timeout_seconds === null ? '-' : `${e.timeout_seconds.value}s`,
    String(e.no_effect.length),
  ].map((x) => terminalSafe(x)));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (r: string[]): string => r.map((x, i) => (i === r.length - 1 ? x : x.padEnd(widths[i]))).join('  ').trimEnd();
  out.push(c.bold(line(header)));
  for (const r of cells) out.push(line(r));
  const requests = es.flatMap((e) => e.requests.flatMap((r) => requestRows(r, e.service)));
  if (requests.length > 0) {
    out.push('', 'requests:');
    out.push(renderRows(c, requests, '  '));
  }
  return maskSecrets(out.join('\n') + '\n');
}
