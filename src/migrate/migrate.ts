/**
 * Moves legacy settings into external_services (SEMANTICS.md §7) as text edits, re-parsing after
 * each one: top-level http_proxy / https_proxy, jwt_ssl_insecure_skip_verify, and the
 * 5.10.0-alpha1 interim block. Pure: text in, text and a report out.
 */
import { getNodeValue, type Node } from 'jsonc-parser';
import { SERVICES, type ServiceName } from '../types.js';
import { loadConfig, pathKey, type LoadedConfig } from '../config/load.js';
import { fileSchema } from '../config/schema.js';
import { createClient } from '../gateway/factory.js';
import { describeProxyUrlProblem, proxyUrlProblem } from '../gateway/dial.js';
import { buildEffective, type EffectiveConfig } from '../resolve/resolve.js';
import type { EnvInput } from '../env/input.js';
import { maskUrl } from '../mask.js';
import { deadBypassEntries } from '../gateway/bypass.js';
import { nodeAt, parse, propertiesFor, removePath, setValue } from './edit.js';
import { PLAN } from './words.js';
import { goFold } from '../go/fold.js';
import { DEFAULT_TYK_VERSION, readsExternalServices, type TykVersion } from '../config/versions.js';
import type { LegacyPlanArgs } from '../catalog.js';

export type ReportKind = 'moved' | 'dropped' | 'removed' | 'kept' | 'human' | 'note' | 'fixed';

export interface ReportItem {
  kind: ReportKind;
  message: string;
  /** The legacy settings the item is about, as lint names them (lint reads the plan by these). */
  settings?: string[];
}

export interface MigrateOptions {
  /** Add the new settings but leave the legacy keys in place (the docs' phase 2). */
  keepLegacy?: boolean;
  /** The environment the gateway will run with (renamed variables included): it decides, with the file, whether a client is built. */
  env?: EnvInput;
  /** The environment the gateway runs with today, before any rename (default: env). */
  envBefore?: EnvInput;
  /** The gateway version whose behaviour the plan keeps (default: the newest release). */
  version?: string;
}

export interface MigrateResult {
  text: string;
  items: ReportItem[];
}

const enc = new TextEncoder();

/** The last text loaded: the plan reads one text several times between edits. */
let lastLoaded: { text: string; version: TykVersion; loaded: LoadedConfig } | null = null;

/** The text (the current one by default) as the target version reads it: its keys, its types. */
function load(st: State, text: string = st.text): LoadedConfig {
  const version = (st.opts.version ?? DEFAULT_TYK_VERSION) as TykVersion;
  if (lastLoaded?.text !== text || lastLoaded.version !== version) lastLoaded = { text, version, loaded: loadConfig('tyk.conf', enc.encode(text), fileSchema(version)) };
  return lastLoaded.loaded;
}

function isSetInFile(l: LoadedConfig, path: string[]): boolean {
  return l.fields.has(pathKey(path));
}

function rawValue(node: Node | undefined): unknown {
  return node === undefined ? undefined : getNodeValue(node);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function show(v: string): string {
  return JSON.stringify(maskUrl(v));
}

interface State {
  /** The text as given: what the gateway reads today. */
  original: string;
  text: string;
  items: ReportItem[];
  opts: MigrateOptions;
  /** The legacy settings the items being said are about. */
  settings?: string[];
  /** The 5.10.0-alpha1 block was left for a human: the proxy is a decision, so the top-level keys wait for it too. */
  proxyHeld?: boolean;
}

function say(st: State, kind: ReportKind, message: string): void {
  st.items.push(st.settings === undefined ? { kind, message } : { kind, message, settings: st.settings });
}

function about(st: State, settings: string[], f: () => void): void {
  const saved = st.settings;
  st.settings = settings;
  try {
    f();
  } finally {
    st.settings = saved;
  }
}

/** Sets one field unless the file already has it (the replacement wins); reports either way. */
function moveValue(st: State, from: string, to: string[], value: string | boolean): void {
  const l = load(st);
  const target = to.join('.');
  if (isSetInFile(l, to)) {
    // What Go decoded (duplicates merged, null a no-op), not the text of one occurrence.
    const current = decodedAt(l, to);
    if (current !== value) {
      say(st, 'dropped', PLAN.dropped(from, typeof value === 'string' ? show(value) : String(value), target, typeof current === 'string' ? show(current) : String(current)));
    }
    return;
  }
  st.text = setValue(st.text, to, value);
  say(st, 'moved', PLAN.moved(from, target, typeof value === 'string' ? show(value) : String(value)));
}

function remove(st: State, path: string[], label: string, exact = false): void {
  const before = st.text;
  st.text = removePath(st.text, path, exact);
  if (st.text !== before) say(st, 'removed', PLAN.removed(label));
}

function warnBypass(st: State, list: string, where: string): void {
  for (const { entry } of deadBypassEntries(list)) say(st, 'human', PLAN.bypassNeverMatches(where, entry));
}

/** external_services.proxy { use_environment, http_proxy, https_proxy, no_proxy } and service-level use_environment / no_proxy. */
function migrateInterim(st: State): void {
  about(st, ['external_services.proxy'], () => migrateInterimBlock(st));
  if (propertiesFor(nodeAt(parse(st.text), ['external_services']), 'analytics').length > 0) {
    about(st, ['external_services.analytics'], () => {
      say(st, 'note', PLAN.analyticsDropped());
      remove(st, ['external_services', 'analytics'], 'external_services.analytics');
    });
  }
  for (const svc of SERVICES) migrateInterimService(st, svc);
}

/** external_services.proxy itself: into global. */
function migrateInterimBlock(st: State): void {
  const root = parse(st.text);
  const block = nodeAt(root, ['external_services', 'proxy']);
  if (block?.type === 'object') {
    const v = rawValue(block) as Record<string, unknown>;
    const get = (k: string): unknown => rawValue(nodeAt(block, [k])) ?? v[k];
    const http = str(get('http_proxy'));
    const https = str(get('https_proxy'));
    const noProxy = str(get('no_proxy'));
    const useEnv = get('use_environment') === true;
    const moving = ([['http_proxy', http], ['https_proxy', https], ['bypass_proxy', noProxy]] as const).filter(([, v]) => v !== '').map(([key, value]) => ({ key, value }));
    const conflict = useEnv || http !== '' || https !== '' ? globalConflict(st, moving) : null;
    if (conflict !== null) {
      st.proxyHeld = true;
      say(st, 'human', PLAN.interimConflict(conflict));
    } else if ((useEnv || http !== '' || https !== '') && !enableGlobal(st, 'external_services.proxy was in use')) {
      st.proxyHeld = true;
    } else {
      if (http !== '') moveValue(st, 'external_services.proxy.http_proxy', ['external_services', 'global', 'http_proxy'], http);
      if (https !== '') moveValue(st, 'external_services.proxy.https_proxy', ['external_services', 'global', 'https_proxy'], https);
      if (noProxy !== '') {
        moveValue(st, 'external_services.proxy.no_proxy', ['external_services', 'global', 'bypass_proxy'], noProxy);
        warnBypass(st, noProxy, 'external_services.proxy.no_proxy');
      }
      if (st.opts.keepLegacy !== true) remove(st, ['external_services', 'proxy'], 'external_services.proxy (5.10.0-alpha1 shape)');
    }
  }
}

/** A service's use_environment / no_proxy (5.10.0-alpha1): into its own proxy block, each item naming its own setting. */
function migrateInterimService(st: State, svc: ServiceName): void {
  const proxy = nodeAt(parse(st.text), ['external_services', svc, 'proxy']);
  if (proxy?.type !== 'object') return;
  const useEnv = propertiesFor(proxy, 'use_environment').at(-1);
  if (useEnv !== undefined) {
    about(st, [`external_services.${svc}.proxy.use_environment`], () => {
      if (rawValue(useEnv.children?.[1]) === true) moveValue(st, `${svc}.proxy.use_environment`, ['external_services', svc, 'proxy', 'enabled'], true);
      remove(st, ['external_services', svc, 'proxy', 'use_environment'], `external_services.${svc}.proxy.use_environment`);
    });
  }
  const noProxy = propertiesFor(nodeAt(parse(st.text), ['external_services', svc, 'proxy']), 'no_proxy').at(-1);
  if (noProxy !== undefined) {
    about(st, [`external_services.${svc}.proxy.no_proxy`], () => {
      const value = str(rawValue(noProxy.children?.[1]));
      if (value !== '') {
        moveValue(st, `${svc}.proxy.no_proxy`, ['external_services', svc, 'proxy', 'bypass_proxy'], value);
        warnBypass(st, value, `${svc}.proxy.no_proxy`);
      }
      remove(st, ['external_services', svc, 'proxy', 'no_proxy'], `external_services.${svc}.proxy.no_proxy`);
    });
  }
}

/**
 * Turns global on first (so it reads first in the file) when moved URLs need it and neither the
 * file nor the environment says. False, with an item for a human, when something keeps global off:
 * moved, the URLs would stay as ignored as the legacy keys are today, so nothing is moved.
 */
function enableGlobal(st: State, why: string): boolean {
  const l = load(st);
  // The environment the gateway will run with overrides the file.
  const eff = effective(st, l, st.opts.env ?? new Map());
  const src = eff.sources.get(pathKey(['external_services', 'global', 'enabled']));
  if (src?.kind === 'env' || src?.kind === 'env-file') {
    if (eff.config.global.enabled) return true;
    say(st, 'human', PLAN.globalOffByEnv(src.name));
    return false;
  }
  if (l.externalServices.global.enabled) return true;
  if (isSetInFile(l, ['external_services', 'global', 'enabled'])) {
    say(st, 'human', PLAN.globalOffInFile());
    return false;
  }
  st.text = setValue(st.text, ['external_services', 'global', 'enabled'], true);
  say(st, 'moved', PLAN.globalEnabled(why));
  return true;
}

/** Top-level http_proxy / https_proxy: documented as the global proxy of every service, read by nothing. */
function migrateLegacyProxy(st: State): void {
  const root = parse(st.text);
  const legacy = (['http_proxy', 'https_proxy'] as const)
    .map((key) => ({ key, props: propertiesFor(root, key, true) }))
    .filter((x) => x.props.length > 0)
    .map((x) => ({ key: x.key, value: rawValue(x.props.at(-1)?.children?.[1]) }));
  const unusable = legacy.filter((x) => typeof x.value === 'string' && x.value !== '' && unusableProxyUrl(x.value) !== null);
  if (unusable.length > 0) {
    // Ignored today, it would break every external service once moved: a human decides.
    for (const { key, value } of unusable) {
      about(st, [key], () => say(st, 'human', PLAN.unusableLegacyUrl(key, show(String(value)), unusableProxyUrl(String(value)) ?? '')));
    }
    return;
  }
  const moving = legacy.filter((x): x is { key: 'http_proxy' | 'https_proxy'; value: string } => typeof x.value === 'string' && x.value !== '');
  if (st.proxyHeld === true && moving.length > 0) {
    // Moved alone, it would enable global and settle the question left open above.
    for (const { key, value } of moving) {
      about(st, [key], () => say(st, 'human', PLAN.proxyHeld(key, show(value))));
    }
    return;
  }
  const conflict = moving.length > 0 ? globalConflict(st, moving) : null;
  if (conflict !== null) {
    // Enabling global would put settings in force that no legacy key asks for: a human decides.
    for (const { key, value } of moving) {
      about(st, [key], () => say(st, 'human', PLAN.legacyConflict(key, show(value), conflict)));
    }
    return;
  }
  if (moving.length > 0 && !enableGlobal(st, 'the legacy keys applied to every service')) return;
  for (const { key, value } of legacy) {
    about(st, [key], () => {
      if (typeof value === 'string' && value !== '') moveValue(st, key, ['external_services', 'global', key], value);
      else say(st, 'note', PLAN.nothingToMove(key, JSON.stringify(value)));
      if (st.opts.keepLegacy === true) say(st, 'kept', PLAN.keptByFlagUnread(key));
      else remove(st, [key], key, true);
    });
  }
}

/**
 * The global settings that enabling global would put in force beyond what the legacy keys bring:
 * a different URL for a moved key, or a URL or bypass list of its own ('http_proxy "…", bypass_proxy
 * "…"'), read from the file and the environment the gateway will run with. null: none, or global
 * is enabled already (then the moved keys only fill what it leaves unset).
 */
type GlobalUrlKey = 'http_proxy' | 'https_proxy' | 'bypass_proxy';

function globalConflict(st: State, moving: readonly { key: GlobalUrlKey; value: string }[]): string | null {
  const g = effective(st, load(st), st.opts.env ?? new Map()).config.global;
  if (g.enabled) return null;
  const extra = (['http_proxy', 'https_proxy', 'bypass_proxy'] as const).filter((k) => {
    const mine = moving.find((m) => m.key === k);
    return g[k] !== '' && (mine === undefined || mine.value !== g[k]);
  });
  return extra.length === 0 ? null : extra.map((k) => `${k} ${show(g[k])}`).join(', ');
}

function decodedAt(l: LoadedConfig, path: string[]): unknown {
  let v: unknown = l.externalServices;
  for (const k of path.slice(1)) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/** Whether the gateway builds the oauth client for this text, with the environment it runs with. */
function oauthBuilt(st: State, text: string, env: EnvInput): boolean {
  return createClient(effective(st, load(st, text), env).config, 'oauth').built;
}

/** The file as written plus the environment, as the target gateway version reads them. */
function effective(st: State, l: LoadedConfig, env: EnvInput): EffectiveConfig {
  return buildEffective(l, env, 'intended', st.opts.version);
}

/** A legacy URL that would break every service once it takes effect (it is ignored today). */
function unusableProxyUrl(url: string): string | null {
  const p = proxyUrlProblem(url);
  return p === null ? null : describeProxyUrlProblem(p);
}

/** Which explicit TLS settings of oauth ask for verification (ca_file, ca_cert_ids, an mTLS block in force). */
function oauthTlsAsks(st: State, l: LoadedConfig, env: EnvInput): string[] {
  const m = effective(st, l, env).config.oauth.mtls;
  const out: string[] = [];
  if (m.enabled) {
    if (m.ca_cert_ids !== null && m.ca_cert_ids.length > 0) out.push(`ca_cert_ids ${m.ca_cert_ids.join(',')}`);
    else if (m.ca_file !== '') out.push(`ca_file ${m.ca_file}`);
    if (m.cert_id !== '' || m.cert_file !== '') out.push('a client certificate');
  }
  return out;
}

/**
 * jwt_ssl_insecure_skip_verify → oauth.mtls.insecure_skip_verify, only where the move keeps what
 * the gateway does: the key decides the legacy JWK fetch, and the replacement decides the oauth
 * external-services client. Moving it is faithful only when the migration itself turns oauth from
 * the legacy fetch to a built client (the docs' example). When the client is built already, the
 * key only reaches the legacy fetch that retries a failed one; moving it would switch off the
 * client's own checks, so it stays. When no client is built after the migration either, the key
 * is the only thing in force: a human decides.
 */
function migrateJwt(st: State): void {
  const key = 'jwt_ssl_insecure_skip_verify';
  const l = load(st);
  if (!l.fields.has(key)) return;
  const value = l.jwtSslInsecureSkipVerify;
  const target = ['external_services', 'oauth', 'mtls', 'insecure_skip_verify'];
  const envAfter = st.opts.env ?? new Map();
  const envBefore = st.opts.envBefore ?? envAfter;
  const removeLegacy = (): void => {
    if (st.opts.keepLegacy === true) say(st, 'kept', PLAN.keptByFlag(key));
    else remove(st, [key], key);
  };
  // A set variable replaces the file's value (envconfig): then the file's key decides nothing.
  const decided = effective(st, l, envBefore).legacy.jwtSslInsecureSkipVerify;
  if (decided.source.kind === 'env' || decided.source.kind === 'env-file') {
    say(st, 'kept', PLAN.jwtDecidedByEnv(key, decided.source.name, decided.value));
    return;
  }
  if (!value) {
    // false is the default: removing it changes nothing, so it is not an edit worth making.
    say(st, 'note', PLAN.jwtFalse(key));
    return;
  }
  const builtAfter = oauthBuilt(st, st.text, envAfter);
  if (!builtAfter) {
    say(st, 'human', PLAN.jwtNoClient(key));
    return;
  }
  if (isSetInFile(l, target)) {
    if (l.externalServices.oauth.mtls.insecure_skip_verify !== value) {
      say(st, 'dropped', PLAN.dropped(key, String(value), 'external_services.oauth.mtls.insecure_skip_verify', String(!value)));
    }
    removeLegacy();
    return;
  }
  const asks = oauthTlsAsks(st, l, envAfter);
  const builtBefore = oauthBuilt(st, st.original, envBefore);
  if (builtBefore || asks.length > 0) {
    say(st, 'kept', PLAN.jwtKeptForTls(key, builtBefore, asks));
    return;
  }
  moveValue(st, key, target, true);
  // An mTLS block in force asks for verification and keeps the key above, so mtls.enabled is
  // false here; the note is said only when that is what the gateway will run with.
  if (!effective(st, load(st), envAfter).config.oauth.mtls.enabled) {
    say(st, 'note', PLAN.mtlsLeftDisabled());
  }
  removeLegacy();
}

/**
 * The plan for one config text, pure: the edited text and what was done, kept or left for a
 * human, each item naming the legacy setting it is about. lint reads the same plan.
 */
export function migrateConfigText(text: string, opts: MigrateOptions = {}): MigrateResult {
  const st: State = { original: text, text, items: [], opts };
  migrateInterim(st);
  const legacyKeys = (['http_proxy', 'https_proxy'] as const).filter((k) => propertiesFor(parse(text), k, true).length > 0);
  about(st, legacyKeys, () => migrateLegacyProxy(st));
  about(st, ['jwt_ssl_insecure_skip_verify'], () => migrateJwt(st));
  return { text: st.text, items: st.items };
}

/** The top-level keys the plan reads (as Go binds them): the legacy keys, the block, and what decides its fallbacks. */
const PLANNED_TOP_LEVEL = new Set(['http_proxy', 'https_proxy', 'jwt_ssl_insecure_skip_verify', 'proxy_ssl_insecure_skip_verify', 'external_services', 'storage'].map(goFold));

/**
 * The plan for lint, which needs its decisions, not its text: made on a document of the top-level
 * properties the planner reads, cut from the file as they stand, so that a large file costs lint
 * one small plan instead of several passes over all of it. The decisions are the same: every
 * one of them depends only on those properties and the environment.
 */
export function planForLint(l: LoadedConfig, env: EnvInput, version?: string): MigrateResult | null {
  if (unplannable(l) !== null || l.tree?.type !== 'object') return null;
  const props = (l.tree.children ?? []).filter((p) => {
    const k = p.children?.[0]?.value;
    return typeof k === 'string' && PLANNED_TOP_LEVEL.has(goFold(k));
  });
  const text = `{\n${props.map((p) => l.text.slice(p.offset, p.offset + p.length)).join(',\n')}\n}\n`;
  return migrateConfigText(text, version === undefined ? { env } : { env, version });
}

/**
 * Why a file cannot be planned: text that does not parse, or a value of the wrong type (the gateway
 * discards the file today, so there is no behaviour to keep). migrate refuses it; lint says so.
 */
export type Unplannable =
  | { kind: 'syntax'; line: number | null; column: number | null; detail: string | undefined }
  | { kind: 'type'; line: number; column: number; goMessage: string };

export function unplannable(l: LoadedConfig): Unplannable | null {
  // A template is not JSON until it is rendered: its placeholders are as fatal to an edit as a syntax error.
  const broken = l.syntax.find((s) => s.code === 'JSON_SYNTAX' || s.code === 'TEMPLATE_PLACEHOLDER');
  if (broken !== undefined || l.tree === undefined) {
    return { kind: 'syntax', line: broken?.span.line ?? null, column: broken?.span.column ?? null, detail: broken?.detail };
  }
  const t = l.typeErrors[0];
  return t === undefined ? null : { kind: 'type', line: t.span.line, column: t.span.column, goMessage: t.goMessage };
}

/**
 * What the plan does with one legacy setting (the planner's name for it), for the views that
 * advise on it (lint's LEGACY_* findings, explain's "no effect" list): 'move' (it edits it),
 * 'human' (it leaves it for a decision, and says why in `detail`), 'keep' (it keeps it on
 * purpose, `detail` says why), 'blocked' (migrate refuses the file until its syntax or types are
 * fixed: `plan` null), 'upgrade' (the target version has no external_services to move it into;
 * `detail` is the version).
 */
export function planVerdict(plan: MigrateResult | null, setting: string, version: string): LegacyPlanArgs {
  const v = verdictOf(plan, setting);
  if (readsExternalServices(version as TykVersion)) return v;
  // `plan` is then the newest release's (planFor): what migrate does once the gateway reads the block.
  return { plan: 'upgrade', detail: version, thenPlan: v.plan, ...(v.detail === undefined ? {} : { thenDetail: v.detail }) };
}

function verdictOf(plan: MigrateResult | null, setting: string): { plan: 'move' | 'remove' | 'human' | 'keep' | 'blocked'; detail?: string } {
  if (plan === null) return { plan: 'blocked' };
  const items = plan.items.filter((i) => i.settings?.includes(setting) === true);
  const human = items.find((i) => i.kind === 'human');
  if (human !== undefined) return { plan: 'human', detail: human.message };
  if (items.some((i) => i.kind === 'moved' || i.kind === 'dropped')) return { plan: 'move' };
  if (items.some((i) => i.kind === 'removed')) return { plan: 'remove' };
  const kept = items.find((i) => i.kind === 'kept');
  return kept !== undefined ? { plan: 'keep', detail: kept.message } : { plan: 'move' };
}

/**
 * The plan the advice of lint and explain reads: for the target version, or for a target before
 * 5.10 (nothing to migrate into) the newest release's, which is what migrate would do after the
 * upgrade. null when the text cannot be planned (it does not parse, or has a wrong type).
 */
export function advicePlan(l: LoadedConfig, env: EnvInput, version: string): MigrateResult | null {
  return planForLint(l, env, readsExternalServices(version as TykVersion) ? version : DEFAULT_TYK_VERSION);
}

