/**
 * The JSON form of `explain` (issue 3's contract): one object per service, or an array of the
 * five. Keys are written in a fixed order here, whatever order the core builds them in, so the
 * output is stable byte for byte; sources become `{ kind, ... }` with line numbers, not offsets.
 */
import { maskSecrets } from '../mask.js';
import type {
  CallerExplanation, Explanation, ExplainSource, MtlsExplanation, NoEffect, ProxyExplanation, RequestExplanation, RouteExplanation, Value,
} from './model.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function sourceJson(s: ExplainSource): Json {
  switch (s.kind) {
    case 'file':
      return { kind: s.kind, file: s.file, line: s.span.line, column: s.span.column, path: s.path };
    case 'env':
      return { kind: s.kind, name: s.name };
    case 'env-file':
      return { kind: s.kind, name: s.name, file: s.file, line: s.span.line };
    case 'legacy':
      return { kind: s.kind, key: s.key, file: s.file, line: s.span?.line ?? null };
    case 'global':
      return { kind: s.kind, from: sourceJson(s.from) };
    case 'environment':
      return s.file !== undefined && s.span !== undefined ? { kind: s.kind, name: s.name, file: s.file, line: s.span.line } : { kind: s.kind, name: s.name };
    case 'default':
      return { kind: s.kind };
    default: {
      const never: never = s;
      return never;
    }
  }
}

function valueJson<T extends Json>(v: Value<T> | null): Json {
  if (v === null) return null;
  const out: { [key: string]: Json } = { value: v.value, source: sourceJson(v.source) };
  if (v.note !== undefined) out.note = v.note;
  return out;
}

function routeJson(r: RouteExplanation | CallerExplanation['proxy']): { [key: string]: Json } {
  return {
    caller: r.caller,
    mode: r.mode,
    http_proxy: valueJson(r.http_proxy),
    https_proxy: valueJson(r.https_proxy),
    bypass_proxy: valueJson(r.bypass_proxy),
  };
}

function proxyJson(p: ProxyExplanation | CallerExplanation['proxy']): Json {
  const r = routeJson(p);
  return {
    mode: r.mode,
    http_proxy: r.http_proxy,
    https_proxy: r.https_proxy,
    bypass_proxy: r.bypass_proxy,
    caller: r.caller,
    inherited_from_global: p.inherited_from_global,
    other_routes: p.other_routes.map(routeJson),
  };
}

function mtlsJson(m: MtlsExplanation): Json {
  return {
    enabled: valueJson(m.enabled),
    error: m.error,
    in_force: m.in_force,
    applies_to: m.applies_to,
    client_certificate: m.client_certificate,
    cert_id: valueJson(m.cert_id),
    cert_file: valueJson(m.cert_file),
    key_file: valueJson(m.key_file),
    ca: m.ca,
    ca_cert_ids: valueJson(m.ca_cert_ids),
    ca_file: valueJson(m.ca_file),
    insecure_skip_verify: valueJson(m.insecure_skip_verify),
    tls_min_version: valueJson(m.tls_min_version),
    tls_max_version: valueJson(m.tls_max_version),
  };
}

function noEffectJson(n: NoEffect): Json {
  return { setting: n.setting, value: n.value, source: sourceJson(n.source), reason: n.reason, code: n.code };
}

function requestJson(r: RequestExplanation): Json {
  return {
    url: r.url, via: r.via, proxy: r.proxy, rule: r.rule, matched: r.matched, reason: r.reason, error: r.error,
    routes: r.routes.map((x) => ({ caller: x.caller, via: x.via, proxy: x.proxy, rule: x.rule, matched: x.matched, reason: x.reason, error: x.error })),
  };
}

function callerJson(c: CallerExplanation): Json {
  return {
    id: c.id,
    name: c.name,
    client: c.client,
    gate_open: c.gate_open,
    error: c.error,
    proxy: proxyJson(c.proxy),
    verify: { on: c.verify.on, via: c.verify.via, source: sourceJson(c.verify.source) },
    certificate: c.certificate,
    ca: c.ca,
    timeout_seconds: c.timeout_seconds,
    timeout_note: c.timeout_note,
    fallback: c.fallback === null ? null : {
      client: c.fallback.client, route: c.fallback.route, verify: { on: c.fallback.verify.on, via: c.fallback.verify.via },
      when: c.fallback.when, on_cert_load_error: c.fallback.on_cert_load_error,
    },
    edition: c.edition,
    since: c.since,
    factory_since: c.factory_since,
  };
}

export function explanationJson(e: Explanation): Json {
  return {
    service: e.service,
    file: {
      path: e.file.path,
      used: e.file.used,
      status: e.file.status,
      reason: e.file.reason,
      error: e.file.error,
      at: e.file.at === null ? null : { line: e.file.at.line, column: e.file.at.column, code: e.file.at.code },
      source: e.file.source === null ? null : sourceJson(e.file.source),
    },
    fatal: e.fatal === null ? null : { error: e.fatal.error, source: sourceJson(e.fatal.source), code: e.fatal.code },
    client: {
      kind: e.client.kind,
      reason: e.client.reason,
      configured_by: e.client.configured_by.map((t) => ({ setting: t.setting, source: sourceJson(t.source) })),
      fallback: e.client.fallback,
      notes: e.client.notes,
    },
    proxy: proxyJson(e.proxy),
    callers: e.callers.map(callerJson),
    mtls: mtlsJson(e.mtls),
    timeout_seconds: valueJson(e.timeout_seconds),
    pool: e.pool === null ? null : {
      max_idle: valueJson(e.pool.max_idle),
      max_idle_per_host: valueJson(e.pool.max_idle_per_host),
      idle_timeout_seconds: valueJson(e.pool.idle_timeout_seconds),
    },
    no_effect: e.no_effect.map(noEffectJson),
    requests: e.requests.map(requestJson),
  };
}

/** One explanation as an object, several (no service named) as an array; 2-space indent. */
export function explanationsJson(e: Explanation | Explanation[]): string {
  const data = Array.isArray(e) ? e.map(explanationJson) : explanationJson(e);
  return maskSecrets(JSON.stringify(data, null, 2)) + '\n';
}
