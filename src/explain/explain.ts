/**
 * `explain`: what the gateway really does for one service's outbound requests, and where each
 * value comes from (SEMANTICS.md §2–§6). Pure: config and environment in, an Explanation out.
 *
 * It reads the inputs as the gateway does (buildEffective 'gateway'): a discarded, skipped or
 * missing file counts for nothing, and the explanation says so first. Every proxy URL is masked.
 */
import { describeProxyUrlProblem, proxyUrlProblem } from '../gateway/dial.js';
import { SERVICES, type ServiceName } from '../types.js';
import type { LoadedConfig } from '../config/load.js';
import { envValues, type EnvInput } from '../env/input.js';
import { blockFieldForSpelling, ENV_BY_NAME, type EnvField } from '../env/fields.js';
import { isZeroValue } from '../env/overlay.js';
import {
  buildEffective, envSource, resolveService, SERVICE_BUILTINS, type EffectiveConfig, type ServiceView,
  storageMtlsInForce,
} from '../resolve/resolve.js';
import { DEFAULT, rootSource, type Sourced } from '../resolve/sources.js';
import { LEGACY_FALLBACK } from '../resolve/fallback.js';
import { createClient, proxyForRequest, type BuiltClient, type ClientResult, type ProxyDecision } from '../gateway/factory.js';
import {
  parseEnvProxyValue, parseNoProxy, parseRequestURL, proxyConfigFromEnvironment, proxyFromEnvironment, type EnvProxyDecision, type EnvValue,
} from '../gateway/httpproxy.js';
import { goURLString } from '../go/url.js';
import { bypassProblem, splitBypassProxy } from '../gateway/bypass.js';
import { maskSecrets, maskUrl } from '../mask.js';
import type {
  ClientExplanation, Explanation, ExplainSource, FatalExplanation, FileExplanation, MtlsExplanation, NoEffect, PoolExplanation,
  ProxyExplanation, RequestExplanation, RouteExplanation, Trigger, Value,
} from './model.js';
import {
  APPLIES_TO, CALLER, CLIENT_NOTES, certLoadNote, VALUE_NOTES, builtReason, describeDecision, failedReason, fatalReason, fileMissingReason,
  fileOmittedReason, fileRejectedReason, fileUsedReason, legacyNoProxyReason, noEffectCode, noEffectReason, noHttpClientReason,
  notConfiguredReason, routeWords, storageClientReason, type NoEffectKind,
} from './reasons.js';

export type { Explanation } from './model.js';

export interface ExplainOptions {
  /** The config file as named on the command line; used to name a missing file. */
  configPath?: string;
}

interface Ctx {
  loaded: LoadedConfig | null;
  env: EnvInput;
  envRecord: Record<string, string>;
  eff: EffectiveConfig;
  configPath: string | null;
  urls: readonly string[];
}

function context(loaded: LoadedConfig | null, env: EnvInput, urls: readonly string[], options: ExplainOptions): Ctx {
  return {
    loaded, env, envRecord: envValues(env), eff: buildEffective(loaded, env, 'gateway'),
    configPath: options.configPath ?? null, urls,
  };
}

/** One service, as the gateway runs it; `urls` are simulated requests. */
export function explain(loaded: LoadedConfig | null, env: EnvInput, service: ServiceName, urls: readonly string[], options: ExplainOptions = {}): Explanation {
  return explainService(context(loaded, env, urls, options), service);
}

/** The five services, in the gateway's order. */
export function explainAll(loaded: LoadedConfig | null, env: EnvInput, urls: readonly string[], options: ExplainOptions = {}): Explanation[] {
  const ctx = context(loaded, env, urls, options);
  return SERVICES.map((s) => explainService(ctx, s));
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const VERSIONS = ['1.0', '1.1', '1.2', '1.3'];
const STANDARD_PROXY_VARS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'] as const;

function sourceAt(ctx: Ctx, path: string): ExplainSource {
  return ctx.eff.sources.get(path) ?? DEFAULT;
}

function isSet(ctx: Ctx, path: string): boolean {
  return rootSource(sourceAt(ctx, path)).kind !== 'default';
}

/** A standard proxy variable, keeping the env-file line it came from. */
function environmentSource(ctx: Ctx, name: string): ExplainSource {
  const e = ctx.env.get(name);
  if (e !== undefined && e.origin.kind === 'file') return { kind: 'environment', name, file: e.origin.file, span: e.origin.span };
  return { kind: 'environment', name };
}

function val<T>(s: Sourced<T>, note?: string): Value<T> {
  return note === undefined ? { value: s.value, source: s.source } : { value: s.value, source: s.source, note };
}

function builtin<T>(value: T, note?: string): Value<T> {
  return note === undefined ? { value, source: DEFAULT } : { value, source: DEFAULT, note };
}

/** A string setting, or null when it is empty and nobody set it. */
function setting(s: Sourced<string>, isUrl: boolean): Value<string> | null {
  if (s.value === '' && rootSource(s.source).kind === 'default') return null;
  if (!isUrl) return { value: s.value, source: s.source };
  const value = maskUrl(s.value);
  return /^https:\/\//i.test(s.value) ? { value, source: s.source, note: VALUE_NOTES.tlsToProxy } : { value, source: s.source };
}

/** Masks every string of a plain-data value: the second net after maskUrl at each URL. */
function maskDeep<T>(v: T): T {
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') return maskSecrets(x);
    if (Array.isArray(x)) return x.map(walk);
    if (x !== null && typeof x === 'object') {
      // Spans are positions, not text: leave them.
      return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, k === 'span' ? y : walk(y)]));
    }
    return x;
  };
  return walk(v) as T;
}

// ---------------------------------------------------------------------------------------------
// The file, and a fatal environment

function rejectSite(l: LoadedConfig): FileExplanation['at'] {
  const fromType = l.typeErrors.length > 0 && l.rejectReason === l.typeErrors[0].goMessage && !l.syntax.some((s) => s.code !== 'JSON_TRAILING_CONTENT');
  if (fromType) {
    const t = l.typeErrors[0];
    return { line: t.span.line, column: t.span.column, code: 'TYPE_MISMATCH' };
  }
  const s = l.syntax.find((x) => x.code !== 'JSON_TRAILING_CONTENT');
  return s === undefined ? null : { line: s.span.line, column: s.span.column, code: s.code };
}

function fileSection(ctx: Ctx): FileExplanation {
  const path = ctx.loaded?.file ?? ctx.configPath;
  const ignored = ctx.eff.fileIgnored;
  const none = { error: null, at: null, source: null };
  if (ignored === null) return { path, used: true, status: 'used', reason: fileUsedReason(path ?? 'the config file'), ...none };
  switch (ignored.reason) {
    case 'rejected': {
      const at = ctx.loaded === null ? null : rejectSite(ctx.loaded);
      return {
        path, used: false, status: 'rejected',
        reason: fileRejectedReason(path ?? 'the config file', at?.code ?? null, at?.line ?? null, at?.column ?? null, ignored.detail),
        error: ignored.detail, at, source: null,
      };
    }
    case 'omitted':
      return {
        path, used: false, status: 'omitted', reason: fileOmittedReason(path, ignored.entry.name, ignored.entry.value),
        error: null, at: null, source: envSource(ignored.entry),
      };
    case 'missing':
      return { path, used: false, status: 'missing', reason: fileMissingReason(path), ...none };
    default: {
      const never: never = ignored;
      return never;
    }
  }
}

function fatalSection(ctx: Ctx): FatalExplanation | null {
  const bad = ctx.eff.overlay.bad[0];
  return bad === undefined ? null : { error: fatalReason(bad.goMessage), source: envSource(bad.entry) };
}

// ---------------------------------------------------------------------------------------------
// The client

function triggers(ctx: Ctx, svc: ServiceName): Trigger[] {
  const cfg = ctx.eff.config;
  const out: Trigger[] = [];
  const add = (path: string): void => {
    out.push({ setting: path, source: sourceAt(ctx, path) });
  };
  if (cfg.global.enabled) add('external_services.global.enabled');
  const s = cfg[svc];
  if (s.proxy.enabled) add(`external_services.${svc}.proxy.enabled`);
  if (s.proxy.http_proxy !== '') add(`external_services.${svc}.proxy.http_proxy`);
  if (s.proxy.https_proxy !== '') add(`external_services.${svc}.proxy.https_proxy`);
  if (s.mtls.enabled) add(`external_services.${svc}.mtls.enabled`);
  return out;
}

function clientSection(ctx: Ctx, svc: ServiceName, client: ClientResult | null): ClientExplanation {
  if (client === null) {
    return { kind: 'legacy', reason: storageClientReason(), configured_by: [], fallback: null, notes: [] };
  }
  const configuredBy = triggers(ctx, svc);
  const mtlsOn = ctx.eff.config[svc].mtls.enabled;
  if (client.built) {
    const notes: string[] = [];
    if (svc === 'oauth') notes.push(CLIENT_NOTES.oauthJwkRetry);
    if (mtlsOn && svc !== 'storage') notes.push(certLoadNote(svc));
    return { kind: 'external_services', reason: builtReason(), configured_by: configuredBy, fallback: null, notes };
  }
  const notes: string[] = [];
  if (svc === 'webhooks' && mtlsOn && client.failure.kind === 'mtls') notes.push(CLIENT_NOTES.webhooksMtlsValidation);
  return {
    kind: 'legacy',
    reason: client.failure.kind === 'not-configured' ? notConfiguredReason(svc, client.error) : failedReason(client.error),
    configured_by: configuredBy,
    fallback: LEGACY_FALLBACK[svc],
    notes,
  };
}

// ---------------------------------------------------------------------------------------------
// Routes: who makes the requests, and how one request goes

interface Route {
  explanation: RouteExplanation;
  usesEnvironment: boolean;
  decide(url: string): RequestExplanation;
}

function targetScheme(url: string): string {
  const p = parseRequestURL(url);
  return p.ok ? p.url.scheme : '';
}

function envProxyValue(ctx: Ctx, v: EnvValue | null, cgi: EnvValue | null): Value<string> | null {
  if (v === null) return null;
  const source = environmentSource(ctx, v.variable);
  const parsed = parseEnvProxyValue(v.value);
  let note: string | undefined;
  if (!parsed.ok) note = VALUE_NOTES.envUnparsable;
  else if (parsed.addedScheme) note = VALUE_NOTES.readAs(maskUrl(goURLString(parsed.url)));
  else if (parsed.url.scheme === 'https') note = VALUE_NOTES.tlsToProxy;
  if (cgi !== null) note = VALUE_NOTES.cgiRefused;
  return note === undefined ? { value: maskUrl(v.value), source } : { value: maskUrl(v.value), source, note };
}

function environmentValues(ctx: Ctx): Pick<RouteExplanation, 'http_proxy' | 'https_proxy' | 'bypass_proxy'> {
  const cfg = proxyConfigFromEnvironment(ctx.envRecord);
  return {
    http_proxy: envProxyValue(ctx, cfg.httpProxy, cfg.cgi),
    https_proxy: envProxyValue(ctx, cfg.httpsProxy, null),
    bypass_proxy: cfg.noProxy === null ? null : { value: cfg.noProxy.value, source: environmentSource(ctx, cfg.noProxy.variable) },
  };
}

function request(url: string, via: string, proxy: string | null, words: { rule: RequestExplanation['rule']; matched: string | null; reason: string }, error: string | null): RequestExplanation {
  return { url: maskUrl(url), via, proxy: proxy === null ? null : maskUrl(proxy), rule: words.rule, matched: words.matched, reason: maskSecrets(words.reason), error };
}

function factoryRoute(ctx: Ctx, client: BuiltClient, view: ServiceView): Route {
  const caller = CALLER.factory;
  const values = client.mode === 'custom'
    ? { http_proxy: setting(view.proxy.http_proxy, true), https_proxy: setting(view.proxy.https_proxy, true), bypass_proxy: setting(view.proxy.bypass_proxy, false) }
    : client.mode === 'environment' ? environmentValues(ctx) : { http_proxy: null, https_proxy: null, bypass_proxy: null };
  return {
    explanation: { caller, mode: client.mode, ...values },
    usesEnvironment: client.mode === 'environment',
    decide(url) {
      const d = proxyForRequest(client, url, ctx.envRecord);
      // The URL parsed, so the client was built; whether it can be dialled is another matter (§4).
      const problem = d.error === null && d.proxy !== null && client.mode === 'custom' ? proxyUrlProblem(d.proxy) : null;
      const error = problem === null ? envDialError(d) : `every request through this proxy fails: ${describeProxyUrlProblem(problem)}`;
      return request(url, caller, d.proxy, describeDecision(d.reason, targetScheme(url), client.inheritedFromGlobal), error);
    },
  };
}

/** The decision's error, or for an environment proxy that cannot be dialled, why every request through it fails. */
function envDialError(d: ProxyDecision | EnvProxyDecision): string | null {
  if (d.error !== null || d.reason.kind !== 'env' || d.reason.dialProblem === undefined) return d.error;
  return `every request through this proxy fails: ${d.reason.dialProblem}`;
}

function environmentRoute(ctx: Ctx, caller: string): Route {
  return {
    explanation: { caller, mode: 'environment', ...environmentValues(ctx) },
    usesEnvironment: true,
    decide(url) {
      const d = proxyFromEnvironment(url, ctx.envRecord);
      return request(url, caller, d.proxy, describeDecision(d.reason, targetScheme(url), false), envDialError(d));
    },
  };
}

function noProxyRoute(caller: string, clientReason: string): Route {
  return {
    explanation: { caller, mode: 'direct', http_proxy: null, https_proxy: null, bypass_proxy: null },
    usesEnvironment: false,
    decide(url) {
      const p = parseRequestURL(url);
      if (!p.ok) return request(url, caller, null, describeDecision({ kind: 'bad-target-url', error: p.error }, '', false), p.error);
      return request(url, caller, null, { rule: 'legacy-no-proxy', matched: null, reason: legacyNoProxyReason(caller, clientReason) }, null);
    },
  };
}

function noClientRoute(): Route {
  const caller = CALLER.storage;
  return {
    explanation: { caller, mode: 'direct', http_proxy: null, https_proxy: null, bypass_proxy: null },
    usesEnvironment: false,
    decide(url) {
      return request(url, caller, null, { rule: 'no-http-client', matched: null, reason: noHttpClientReason() }, null);
    },
  };
}

/** The callers of a service, main one first (SEMANTICS.md §6 when the client is not built). */
function routesFor(ctx: Ctx, svc: ServiceName, client: ClientResult | null, view: ServiceView): Route[] {
  if (client === null) return [noClientRoute()];
  if (client.built) return [factoryRoute(ctx, client, view)];
  switch (svc) {
    case 'oauth':
      return [noProxyRoute(CALLER.oauthJwk, client.error), environmentRoute(ctx, CALLER.oauthIntrospection)];
    case 'webhooks':
      return [environmentRoute(ctx, CALLER.webhooks)];
    case 'health':
      return [noProxyRoute(CALLER.health, client.error)];
    case 'discovery':
      return [environmentRoute(ctx, CALLER.discovery)];
    case 'storage':
      return [noClientRoute()];
    default: {
      const never: never = svc;
      return never;
    }
  }
}

function proxySection(routes: Route[], client: ClientResult | null): ProxyExplanation {
  const [main, ...others] = routes;
  return {
    ...main.explanation,
    inherited_from_global: client !== null && client.built && client.inheritedFromGlobal,
    other_routes: others.map((r) => r.explanation),
  };
}

// ---------------------------------------------------------------------------------------------
// mTLS and TLS

function goTls(minNote: string = VALUE_NOTES.goTlsDefault, maxNote: string = VALUE_NOTES.goTlsDefault): Pick<MtlsExplanation, 'tls_min_version' | 'tls_max_version'> {
  return { tls_min_version: builtin('1.2', minNote), tls_max_version: builtin('1.3', maxNote) };
}

function storageMtls(ctx: Ctx, view: ServiceView): MtlsExplanation {
  const m = view.mtls;
  const inForce = storageMtlsInForce(ctx.eff);
  const files = inForce && m.cert_file.value !== '' && m.key_file.value !== '';
  const caFile = inForce && m.ca_file.value !== '';
  let tls: Pick<MtlsExplanation, 'tls_min_version' | 'tls_max_version'> = { tls_min_version: null, tls_max_version: null };
  if (inForce) {
    const lo = VERSIONS.indexOf(m.tls_min_version.value);
    const hi = VERSIONS.indexOf(m.tls_max_version.value);
    const min = lo >= 0 ? val(m.tls_min_version, hi >= 0 && lo > hi ? VALUE_NOTES.tlsRange : undefined) : builtin('1.2', VALUE_NOTES.goTlsDefault);
    const max = hi >= 0 ? val(m.tls_max_version) : builtin('1.3', VALUE_NOTES.goTlsDefault);
    tls = { tls_min_version: min, tls_max_version: max };
  }
  return {
    enabled: val(m.enabled),
    error: view.mtlsError,
    in_force: inForce,
    applies_to: inForce ? APPLIES_TO.storageOn : ctx.eff.legacy.storageUseSsl.value ? APPLIES_TO.storageOff : APPLIES_TO.storageNoSsl,
    client_certificate: files ? 'files' : null,
    cert_id: null,
    cert_file: files ? val(m.cert_file) : null,
    key_file: files ? val(m.key_file) : null,
    ca: caFile ? 'file' : 'system',
    ca_cert_ids: null,
    ca_file: caFile ? val(m.ca_file) : null,
    insecure_skip_verify: inForce ? val(m.insecure_skip_verify) : null,
    ...tls,
  };
}

function mtlsSection(ctx: Ctx, svc: ServiceName, view: ServiceView, client: ClientResult | null): MtlsExplanation {
  if (client === null) return storageMtls(ctx, view);
  const m = view.mtls;
  if (client.built) {
    const on = m.enabled.value;
    const ids = m.ca_cert_ids.value ?? [];
    const cert = !on ? null : m.cert_id.value !== '' ? 'store' : m.cert_file.value !== '' && m.key_file.value !== '' ? 'files' : null;
    const ca = !on ? 'system' : ids.length > 0 ? 'store' : m.ca_file.value !== '' ? 'file' : 'system';
    const insecure = m.insecure_skip_verify;
    return {
      enabled: val(m.enabled),
      error: view.mtlsError,
      in_force: on,
      applies_to: on ? APPLIES_TO.factoryOn : APPLIES_TO.factoryOff,
      client_certificate: cert,
      cert_id: cert === 'store' ? val(m.cert_id) : null,
      cert_file: cert === 'files' ? val(m.cert_file) : null,
      key_file: cert === 'files' ? val(m.key_file) : null,
      ca,
      ca_cert_ids: ca === 'store' ? { value: ids, source: m.ca_cert_ids.source } : null,
      ca_file: ca === 'file' ? val(m.ca_file) : null,
      insecure_skip_verify: val(insecure, insecure.value && !on ? VALUE_NOTES.insecureWhileDisabled : undefined),
      ...goTls(),
    };
  }
  const legacy = ctx.eff.legacy;
  const jwt = legacy.jwtSslInsecureSkipVerify;
  const proxySsl = legacy.proxySslInsecureSkipVerify;
  const insecure = svc === 'oauth' ? val(jwt, jwt.source.kind === 'default' ? VALUE_NOTES.jwtLegacyUnset : VALUE_NOTES.jwtLegacy)
    : svc === 'health' ? val(proxySsl, proxySsl.source.kind === 'default' ? VALUE_NOTES.proxySslLegacyUnset : VALUE_NOTES.proxySslLegacy)
      : builtin(false, VALUE_NOTES.goDefaultClient);
  return {
    enabled: val(m.enabled),
    error: view.mtlsError,
    in_force: false,
    applies_to: APPLIES_TO.legacy,
    client_certificate: null,
    cert_id: null,
    cert_file: null,
    key_file: null,
    ca: 'system',
    ca_cert_ids: null,
    ca_file: null,
    insecure_skip_verify: insecure,
    ...(svc === 'health' ? goTls(VALUE_NOTES.goTlsDefault, VALUE_NOTES.goTlsMaxHostChecker) : goTls()),
  };
}

function timeoutSection(svc: ServiceName, client: ClientResult | null): { timeout: Value<number> | null; pool: PoolExplanation | null } {
  if (client === null) return { timeout: null, pool: null };
  const b = SERVICE_BUILTINS[svc];
  if (!client.built) {
    return { timeout: svc === 'webhooks' ? builtin(30, VALUE_NOTES.webhooksLegacyTimeout) : null, pool: null };
  }
  return {
    timeout: builtin(b.timeoutSeconds, svc === 'health' ? VALUE_NOTES.healthTimeout : undefined),
    pool: { max_idle: builtin(b.pool.maxIdle), max_idle_per_host: builtin(b.pool.maxIdlePerHost), idle_timeout_seconds: builtin(b.pool.idleTimeoutSeconds) },
  };
}

// ---------------------------------------------------------------------------------------------
// Values without effect

type NoEffectValue = NoEffect['value'];

class NoEffects {
  readonly items: NoEffect[] = [];
  add(settingName: string, value: NoEffectValue, source: ExplainSource, kind: NoEffectKind): void {
    this.items.push({ setting: settingName, value, source, reason: noEffectReason(kind), code: noEffectCode(kind) });
  }
}

const PROXY_KEYS = ['http_proxy', 'https_proxy', 'bypass_proxy'] as const;
const CERT_KEYS = ['cert_file', 'key_file', 'ca_file', 'cert_id', 'ca_cert_ids'] as const;

function shown(key: string, v: string): string {
  return key === 'http_proxy' || key === 'https_proxy' ? maskUrl(v) : v;
}

/** TYK_GW_ spellings the gateway never reads (the docs' names, or another case) that belong to this service or to global. */
function unreadEnv(ctx: Ctx, svc: ServiceName, out: NoEffects): void {
  for (const e of ctx.env.values()) {
    if (ENV_BY_NAME.has(e.name)) continue;
    // The same matcher as lint's ENV_NAME_NOT_READ, so both name the same variables.
    const field: EnvField | undefined = blockFieldForSpelling(e.name);
    if (field === undefined) continue;
    const section = field.path[1];
    if (section !== 'global' && section !== svc) continue;
    const leaf = field.path[field.path.length - 1];
    out.add(e.name, shown(leaf, e.value), envSource(e), { kind: 'env-name-not-read', realName: field.name });
  }
}

/** File values of this service (or global) that a TYK_GW_* variable replaces or clears (§3). */
function fileOverridden(ctx: Ctx, svc: ServiceName, out: NoEffects): void {
  const l = ctx.loaded;
  if (l === null || ctx.eff.fileIgnored !== null) return;
  for (const a of ctx.eff.overlay.applied) {
    const section = a.field.path[1];
    if (section !== 'global' && section !== svc) continue;
    const site = l.fields.get(a.field.path.join('.'));
    const before = a.previous;
    if (site === undefined || before === null || isZeroValue(before) || JSON.stringify(before) === JSON.stringify(a.value)) continue;
    const leaf = a.field.path[a.field.path.length - 1];
    const value = Array.isArray(before) ? before : typeof before === 'string' ? shown(leaf, before) : before;
    const cleared = isZeroValue(a.value) && typeof a.value !== 'boolean';
    out.add(a.field.path.join('.'), value, { kind: 'file', file: l.file, path: a.field.path.join('.'), span: site.valueSpan }, { kind: 'file-overridden-by-env', variable: a.entry.name, cleared });
  }
}

function legacyProxyKeys(ctx: Ctx, out: NoEffects): void {
  const l = ctx.loaded;
  if (l === null || ctx.eff.fileIgnored !== null) return;
  for (const key of ['http_proxy', 'https_proxy'] as const) {
    const site = l.legacyProxy[key];
    if (site === undefined) continue;
    const value = typeof site.value === 'string' ? maskUrl(site.value) : String(site.value);
    out.add(key, value, { kind: 'legacy', key, file: l.file, span: site.valueSpan }, { kind: 'legacy-proxy-key' });
  }
}

function globalProxy(ctx: Ctx, svc: ServiceName, client: ClientResult, out: NoEffects): void {
  const cfg = ctx.eff.config;
  const g = cfg.global;
  const own = cfg[svc].proxy;
  const ownUrls = own.http_proxy !== '' || own.https_proxy !== '';
  const gPath = 'external_services.global';
  const setGlobal = PROXY_KEYS.filter((k) => g[k] !== '');
  if (!g.enabled) {
    const enabledSet = isSet(ctx, `${gPath}.enabled`);
    for (const k of setGlobal) out.add(`${gPath}.${k}`, shown(k, g[k]), sourceAt(ctx, `${gPath}.${k}`), { kind: 'global-disabled', enabledSet });
    return;
  }
  let kind: NoEffectKind | null = null;
  if (!client.built) kind = { kind: 'client-not-built', service: svc, error: client.error, fallback: LEGACY_FALLBACK[svc] };
  else if (ownUrls) kind = { kind: 'service-own-proxy', service: svc };
  else if (own.enabled) kind = { kind: 'service-enabled-env', service: svc };
  if (kind === null) return;
  for (const k of setGlobal) out.add(`${gPath}.${k}`, shown(k, g[k]), sourceAt(ctx, `${gPath}.${k}`), kind);
}

function serviceProxy(ctx: Ctx, svc: ServiceName, client: ClientResult, routes: Route[], out: NoEffects): void {
  const cfg = ctx.eff.config;
  const own = cfg[svc].proxy;
  const base = `external_services.${svc}.proxy`;
  const ownUrls = own.http_proxy !== '' || own.https_proxy !== '';
  if (!client.built) {
    for (const k of ['enabled', ...PROXY_KEYS] as const) {
      const v = own[k];
      if (v === '' || v === false) continue;
      out.add(`${base}.${k}`, typeof v === 'string' ? shown(k, v) : v, sourceAt(ctx, `${base}.${k}`),
        { kind: 'client-not-built', service: svc, error: client.error, fallback: LEGACY_FALLBACK[svc] });
    }
    return;
  }
  if (own.bypass_proxy !== '' && !ownUrls) {
    const inherits = !own.enabled && cfg.global.enabled;
    const kind: NoEffectKind = inherits ? { kind: 'bypass-replaced', service: svc, globalBypass: cfg.global.bypass_proxy }
      : own.enabled ? { kind: 'bypass-env', service: svc } : { kind: 'bypass-unused', service: svc };
    out.add(`${base}.bypass_proxy`, own.bypass_proxy, sourceAt(ctx, `${base}.bypass_proxy`), kind);
  }
  if (ownUrls && !own.enabled && isSet(ctx, `${base}.enabled`)) {
    out.add(`${base}.enabled`, false, sourceAt(ctx, `${base}.enabled`), { kind: 'enabled-false-urls-used', service: svc });
  }
  const main = routes[0].explanation;
  if (main.mode === 'custom' && main.bypass_proxy !== null) {
    for (const entry of splitBypassProxy(main.bypass_proxy.value)) {
      const problem = bypassProblem(entry);
      if (problem !== null) {
        out.add(client.inheritedFromGlobal ? 'external_services.global.bypass_proxy' : `${base}.bypass_proxy`, entry, main.bypass_proxy.source,
          { kind: 'bypass-entry-never-matches', entry, problem });
      }
    }
  }
}

function serviceMtls(ctx: Ctx, svc: ServiceName, client: ClientResult, out: NoEffects): void {
  const m = ctx.eff.config[svc].mtls;
  const base = `external_services.${svc}.mtls`;
  if (!m.enabled) {
    for (const k of CERT_KEYS) {
      const v = m[k];
      if (k === 'ca_cert_ids' ? (m.ca_cert_ids ?? []).length === 0 : v === '') continue;
      out.add(`${base}.${k}`, v ?? [], sourceAt(ctx, `${base}.${k}`), { kind: 'mtls-disabled', service: svc });
    }
  } else if (client.built && m.ca_file !== '' && (m.ca_cert_ids ?? []).length > 0) {
    out.add(`${base}.ca_file`, m.ca_file, sourceAt(ctx, `${base}.ca_file`), { kind: 'ca-file-ignored' });
  }
  for (const k of ['tls_min_version', 'tls_max_version'] as const) {
    if (m[k] !== '') out.add(`${base}.${k}`, m[k], sourceAt(ctx, `${base}.${k}`), { kind: 'tls-version-http' });
  }
  if (!client.built && m.insecure_skip_verify) {
    const legacyKey = svc === 'oauth' ? 'jwt_ssl_insecure_skip_verify' : svc === 'health' ? 'proxy_ssl_insecure_skip_verify' : null;
    out.add(`${base}.insecure_skip_verify`, true, sourceAt(ctx, `${base}.insecure_skip_verify`), { kind: 'insecure-not-built', service: svc, legacyKey });
  }
  if (svc === 'health' && client.built && ctx.eff.legacy.proxySslInsecureSkipVerify.value) {
    const s = ctx.eff.legacy.proxySslInsecureSkipVerify;
    out.add('proxy_ssl_insecure_skip_verify', true, s.source, { kind: 'health-proxy-ssl' });
  }
}

function storageNoEffects(ctx: Ctx, out: NoEffects): void {
  const cfg = ctx.eff.config;
  const p = cfg.storage.proxy;
  const pBase = 'external_services.storage.proxy';
  for (const k of ['enabled', ...PROXY_KEYS] as const) {
    const v = p[k];
    if (!isSet(ctx, `${pBase}.${k}`)) continue;
    out.add(`${pBase}.${k}`, typeof v === 'string' ? shown(k, v) : v, sourceAt(ctx, `${pBase}.${k}`), { kind: 'storage-proxy' });
  }
  const g = cfg.global;
  if (g.enabled) {
    for (const k of PROXY_KEYS) {
      if (g[k] !== '') out.add(`external_services.global.${k}`, shown(k, g[k]), sourceAt(ctx, `external_services.global.${k}`), { kind: 'storage-global' });
    }
  }
  const m = cfg.storage.mtls;
  const base = 'external_services.storage.mtls';
  const useSsl = ctx.eff.legacy.storageUseSsl.value;
  const at = (k: string): ExplainSource => sourceAt(ctx, `${base}.${k}`);
  if (!m.enabled) {
    for (const k of CERT_KEYS) {
      if (k === 'ca_cert_ids' ? (m.ca_cert_ids ?? []).length === 0 : m[k] === '') continue;
      out.add(`${base}.${k}`, m[k] ?? [], at(k), { kind: 'mtls-disabled', service: 'storage' });
    }
  } else if (!useSsl) {
    out.add(`${base}.enabled`, true, at('enabled'), { kind: 'storage-use-ssl' });
  }
  if (m.cert_id !== '') out.add(`${base}.cert_id`, m.cert_id, at('cert_id'), { kind: 'storage-cert-id' });
  if ((m.ca_cert_ids ?? []).length > 0) out.add(`${base}.ca_cert_ids`, m.ca_cert_ids ?? [], at('ca_cert_ids'), { kind: 'storage-ca-cert-ids' });
  const inForce = m.enabled && useSsl;
  for (const k of ['tls_min_version', 'tls_max_version'] as const) {
    if (m[k] === '') continue;
    if (!VERSIONS.includes(m[k])) out.add(`${base}.${k}`, m[k], at(k), { kind: 'storage-tls-invalid' });
    else if (!inForce) out.add(`${base}.${k}`, m[k], at(k), { kind: 'storage-mtls-off' });
  }
  if (!inForce && m.insecure_skip_verify) out.add(`${base}.insecure_skip_verify`, true, at('insecure_skip_verify'), { kind: 'storage-mtls-off' });
}

function environmentNoEffects(ctx: Ctx, svc: ServiceName, routes: Route[], out: NoEffects): void {
  const set = STANDARD_PROXY_VARS.filter((n) => ctx.env.has(n));
  if (set.length === 0) return;
  const value = (n: string): string => {
    const v = ctx.env.get(n)?.value ?? '';
    return n.toUpperCase() === 'NO_PROXY' ? v : maskUrl(v);
  };
  if (!routes.some((r) => r.usesEnvironment)) {
    const words = routes.map((r) => routeWords(r.explanation.caller, r.explanation.mode)).join('; ');
    for (const n of set) out.add(n, value(n), environmentSource(ctx, n), { kind: 'env-not-consulted', service: svc, routes: words });
    return;
  }
  for (const [upper, lower] of [['HTTP_PROXY', 'http_proxy'], ['HTTPS_PROXY', 'https_proxy'], ['NO_PROXY', 'no_proxy']] as const) {
    const u = ctx.env.get(upper);
    if (u !== undefined && u.value !== '' && ctx.env.has(lower)) out.add(lower, value(lower), environmentSource(ctx, lower), { kind: 'env-shadowed', winner: upper });
  }
  const np = proxyConfigFromEnvironment(ctx.envRecord).noProxy;
  if (np !== null) {
    for (const entry of parseNoProxy(np.value).ignored) out.add(np.variable, entry, environmentSource(ctx, np.variable), { kind: 'no-proxy-entry-ignored', entry });
  }
}

function noEffects(ctx: Ctx, svc: ServiceName, client: ClientResult | null, routes: Route[]): NoEffect[] {
  const out = new NoEffects();
  unreadEnv(ctx, svc, out);
  fileOverridden(ctx, svc, out);
  if (client === null) {
    storageNoEffects(ctx, out);
  } else {
    legacyProxyKeys(ctx, out);
    globalProxy(ctx, svc, client, out);
    serviceProxy(ctx, svc, client, routes, out);
    serviceMtls(ctx, svc, client, out);
  }
  environmentNoEffects(ctx, svc, routes, out);
  return out.items;
}

// ---------------------------------------------------------------------------------------------

function explainService(ctx: Ctx, svc: ServiceName): Explanation {
  const view = resolveService(ctx.eff, svc);
  const client = svc === 'storage' ? null : createClient(ctx.eff.config, svc);
  const routes = routesFor(ctx, svc, client, view);
  const { timeout, pool } = timeoutSection(svc, client);
  return maskDeep<Explanation>({
    service: svc,
    file: fileSection(ctx),
    fatal: fatalSection(ctx),
    client: clientSection(ctx, svc, client),
    proxy: proxySection(routes, client),
    mtls: mtlsSection(ctx, svc, view, client),
    timeout_seconds: timeout,
    pool,
    no_effect: noEffects(ctx, svc, client, routes),
    requests: ctx.urls.flatMap((url) => routes.map((r) => r.decide(url))),
  });
}
