/**
 * explain's "no effect" lines: values that are set but change nothing for one service, and why.
 * What becomes of each setting is decided once, in src/resolve/fates.ts and the gateway model;
 * this turns it into lines (reasons.ts words them), each with the lint code that reports the same.
 */
import type { ServiceName } from '../types.js';
import { blockFieldForSpelling, ENV_BY_NAME, type EnvField } from '../env/fields.js';
import { isZeroValue } from '../env/overlay.js';
import { envSource } from '../resolve/resolve.js';
import { LEGACY_FALLBACK } from '../resolve/fallback.js';
import { bypassFate, globalIgnored, proxyDisabledButUsed } from '../resolve/fates.js';
import { hasProxyUrl, type ClientResult } from '../gateway/factory.js';
import { deadBypassEntries } from '../gateway/bypass.js';
import { certKeysSet, isTlsVersion, PROXY_URL_KEYS } from '../gateway/tls.js';
import { parseNoProxy, proxyConfigFromEnvironment } from '../gateway/httpproxy.js';
import { maskUrl } from '../mask.js';
import { planVerdict } from '../migrate/migrate.js';
import { noEffectCode, noEffectReason, routeWords, type NoEffectKind } from './no-effect-words.js';
import type { ExplainSource, NoEffect, NoEffectValue } from './model.js';
import { environmentSource, isSet, shown, sourceAt, type Ctx } from './context.js';
import type { RouteGroup } from './routes.js';

const STANDARD_PROXY_VARS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'] as const;

class NoEffects {
  readonly items: NoEffect[] = [];
  add(settingName: string, value: NoEffectValue, source: ExplainSource, kind: NoEffectKind): void {
    this.items.push({ setting: settingName, value, source, reason: noEffectReason(kind), code: noEffectCode(kind) });
  }
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
  const keys = (['http_proxy', 'https_proxy'] as const).filter((k) => l.legacyProxy[k] !== undefined);
  if (keys.length === 0) return;
  // What migrate would do with each key: the advice follows the same plan as lint's LEGACY_PROXY_KEY.
  const version = ctx.model.version;
  const plan = ctx.plan();
  for (const key of keys) {
    const site = l.legacyProxy[key]!;
    const value = typeof site.value === 'string' ? maskUrl(site.value) : String(site.value);
    const v = planVerdict(plan, key, version);
    out.add(key, value, { kind: 'legacy', key, file: l.file, span: site.valueSpan }, { kind: 'legacy-proxy-key', plan: v.plan, then: v.thenPlan ?? null, version });
  }
}

function globalProxy(ctx: Ctx, svc: ServiceName, client: ClientResult, out: NoEffects): void {
  const cfg = ctx.eff.config;
  const g = cfg.global;
  const own = cfg[svc].proxy;
  const ownUrls = hasProxyUrl(own);
  const gPath = 'external_services.global';
  if (!g.enabled) {
    const enabledSet = isSet(ctx, `${gPath}.enabled`);
    for (const k of globalIgnored(cfg)) out.add(`${gPath}.${k}`, shown(k, g[k]), sourceAt(ctx, `${gPath}.${k}`), { kind: 'global-disabled', enabledSet });
    return;
  }
  let kind: NoEffectKind | null = null;
  if (!client.built) kind = { kind: 'client-not-built', service: svc, error: client.error, fallback: LEGACY_FALLBACK[svc] };
  else if (ownUrls) kind = { kind: 'service-own-proxy', service: svc };
  else if (own.enabled) kind = { kind: 'service-enabled-env', service: svc };
  if (kind === null) return;
  for (const k of PROXY_URL_KEYS.filter((x) => g[x] !== '')) out.add(`${gPath}.${k}`, shown(k, g[k]), sourceAt(ctx, `${gPath}.${k}`), kind);
}

function serviceProxy(ctx: Ctx, svc: ServiceName, client: ClientResult, routes: RouteGroup[], out: NoEffects): void {
  const cfg = ctx.eff.config;
  const own = cfg[svc].proxy;
  const base = `external_services.${svc}.proxy`;
  if (!client.built) {
    for (const k of ['enabled', ...PROXY_URL_KEYS] as const) {
      const v = own[k];
      if (v === '' || v === false) continue;
      out.add(`${base}.${k}`, typeof v === 'string' ? shown(k, v) : v, sourceAt(ctx, `${base}.${k}`),
        { kind: 'client-not-built', service: svc, error: client.error, fallback: LEGACY_FALLBACK[svc] });
    }
    return;
  }
  const fate = bypassFate(cfg, svc);
  if (fate !== null) {
    const kind: NoEffectKind = fate === 'replaced' ? { kind: 'bypass-replaced', service: svc, globalBypass: cfg.global.bypass_proxy }
      : fate === 'environment' ? { kind: 'bypass-env', service: svc } : { kind: 'bypass-unused', service: svc };
    out.add(`${base}.bypass_proxy`, own.bypass_proxy, sourceAt(ctx, `${base}.bypass_proxy`), kind);
  }
  if (proxyDisabledButUsed(ctx.eff, svc)) {
    const gated = routes.flatMap((r) => r.callers).filter((c) => c.route !== 'custom' && c.because === 'gate-closed').map((c) => c.id);
    out.add(`${base}.enabled`, false, sourceAt(ctx, `${base}.enabled`), { kind: 'enabled-false-urls-used', service: svc, notUsing: gated });
  }
  const main = routes[0].explanation;
  if (main.mode === 'custom' && main.bypass_proxy !== null) {
    for (const { entry, problem } of deadBypassEntries(main.bypass_proxy.value)) {
      out.add(client.inheritedFromGlobal ? 'external_services.global.bypass_proxy' : `${base}.bypass_proxy`, entry, main.bypass_proxy.source,
        { kind: 'bypass-entry-never-matches', entry, problem });
    }
  }
}

function serviceMtls(ctx: Ctx, svc: ServiceName, client: ClientResult, out: NoEffects): void {
  const m = ctx.eff.config[svc].mtls;
  const base = `external_services.${svc}.mtls`;
  if (!m.enabled) {
    for (const k of certKeysSet(m)) out.add(`${base}.${k}`, m[k] ?? [], sourceAt(ctx, `${base}.${k}`), { kind: 'mtls-disabled', service: svc });
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
  for (const k of ['enabled', ...PROXY_URL_KEYS] as const) {
    const v = p[k];
    if (!isSet(ctx, `${pBase}.${k}`)) continue;
    out.add(`${pBase}.${k}`, typeof v === 'string' ? shown(k, v) : v, sourceAt(ctx, `${pBase}.${k}`), { kind: 'storage-proxy' });
  }
  const g = cfg.global;
  if (g.enabled) {
    for (const k of PROXY_URL_KEYS) {
      if (g[k] !== '') out.add(`external_services.global.${k}`, shown(k, g[k]), sourceAt(ctx, `external_services.global.${k}`), { kind: 'storage-global' });
    }
  }
  const m = cfg.storage.mtls;
  const base = 'external_services.storage.mtls';
  const at = (k: string): ExplainSource => sourceAt(ctx, `${base}.${k}`);
  const { inForce, gaps } = ctx.reading.storageMtls;
  if (!m.enabled) {
    for (const k of certKeysSet(m)) out.add(`${base}.${k}`, m[k] ?? [], at(k), { kind: 'mtls-disabled', service: 'storage' });
  }
  if (gaps.includes('use_ssl')) out.add(`${base}.enabled`, true, at('enabled'), { kind: 'storage-use-ssl' });
  if (m.cert_id !== '') out.add(`${base}.cert_id`, m.cert_id, at('cert_id'), { kind: 'storage-cert-id' });
  if ((m.ca_cert_ids ?? []).length > 0) out.add(`${base}.ca_cert_ids`, m.ca_cert_ids ?? [], at('ca_cert_ids'), { kind: 'storage-ca-cert-ids' });
  for (const k of ['tls_min_version', 'tls_max_version'] as const) {
    if (m[k] === '') continue;
    if (!isTlsVersion(m[k])) out.add(`${base}.${k}`, m[k], at(k), { kind: 'storage-tls-invalid' });
    else if (!inForce) out.add(`${base}.${k}`, m[k], at(k), { kind: 'storage-mtls-off' });
  }
  if (!inForce && m.insecure_skip_verify) out.add(`${base}.insecure_skip_verify`, true, at('insecure_skip_verify'), { kind: 'storage-mtls-off' });
}

function environmentNoEffects(ctx: Ctx, svc: ServiceName, routes: RouteGroup[], out: NoEffects): void {
  const set = STANDARD_PROXY_VARS.filter((n) => ctx.env.has(n));
  if (set.length === 0) return;
  const value = (n: string): string => {
    const v = ctx.env.get(n)?.value ?? '';
    return n.toUpperCase() === 'NO_PROXY' ? v : maskUrl(v);
  };
  // Enterprise-only callers do not make a variable count for the open-source build; they are named.
  const oss = routes.filter((r) => r.edition === 'oss');
  if (!oss.some((r) => r.usesEnvironment)) {
    const words = oss.map((r) => routeWords(r.explanation.caller, r.explanation.mode)).join('; ');
    const enterprise = routes.filter((r) => r.edition === 'ee' && r.usesEnvironment).flatMap((r) => r.callerNames);
    for (const n of set) out.add(n, value(n), environmentSource(ctx, n), { kind: 'env-not-consulted', service: svc, routes: words, enterprise });
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

export function noEffects(ctx: Ctx, svc: ServiceName, client: ClientResult | null, routes: RouteGroup[]): NoEffect[] {
  const out = new NoEffects();
  if (!ctx.readsBlock) {
    // Before 5.10.0 nothing of the block is read (the explanation says so once); the legacy keys
    // and the environment still count.
    if (svc !== 'storage') legacyProxyKeys(ctx, out);
    environmentNoEffects(ctx, svc, routes, out);
    return out.items;
  }
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
