/**
 * Moves legacy settings into external_services (SEMANTICS.md §7) as text edits, re-parsing after
 * each one: top-level http_proxy / https_proxy, jwt_ssl_insecure_skip_verify, and the
 * 5.10.0-alpha1 interim block. Pure: text in, text and a report out.
 */
import { getNodeValue, type Node } from 'jsonc-parser';
import { SERVICES } from '../types.js';
import { loadConfig, pathKey, type LoadedConfig } from '../config/load.js';
import { createClient } from '../gateway/factory.js';
import { describeProxyUrlProblem, proxyUrlProblem } from '../gateway/dial.js';
import { buildEffective } from '../resolve/resolve.js';
import type { EnvInput } from '../env/input.js';
import { maskUrl } from '../mask.js';
import { bypassProblem, splitBypassProxy } from '../gateway/bypass.js';
import { nodeAt, parse, propertiesFor, removePath, setValue } from './edit.js';

export type ReportKind = 'moved' | 'dropped' | 'removed' | 'kept' | 'human' | 'note';

export interface ReportItem {
  kind: ReportKind;
  message: string;
}

export interface MigrateOptions {
  /** Add the new settings but leave the legacy keys in place (the docs' phase 2). */
  keepLegacy?: boolean;
  /** The environment the gateway runs with: it decides, with the file, whether a client is built. */
  env?: EnvInput;
}

export interface MigrateResult {
  text: string;
  items: ReportItem[];
}

const enc = new TextEncoder();

function load(text: string): LoadedConfig {
  return loadConfig('tyk.conf', enc.encode(text));
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
  text: string;
  items: ReportItem[];
  opts: MigrateOptions;
}

function say(st: State, kind: ReportKind, message: string): void {
  st.items.push({ kind, message });
}

/** Sets one field unless the file already has it (the replacement wins); reports either way. */
function moveValue(st: State, from: string, to: string[], value: string | boolean): void {
  const l = load(st.text);
  const target = to.join('.');
  if (isSetInFile(l, to)) {
    // What Go decoded (duplicates merged, null a no-op), not the text of one occurrence.
    const current = decodedAt(l, to);
    if (current !== value) {
      say(st, 'dropped', `${from} ${typeof value === 'string' ? show(value) : String(value)} dropped: ${target} is already ${typeof current === 'string' ? show(current) : String(current)} and wins.`);
    }
    return;
  }
  st.text = setValue(st.text, to, value);
  say(st, 'moved', `${from} → ${target} = ${typeof value === 'string' ? show(value) : String(value)}`);
}

function remove(st: State, path: string[], label: string, exact = false): void {
  const before = st.text;
  st.text = removePath(st.text, path, exact);
  if (st.text !== before) say(st, 'removed', `${label} removed`);
}

function warnBypass(st: State, list: string, where: string): void {
  for (const entry of splitBypassProxy(list)) {
    if (bypassProblem(entry) !== null) {
      say(st, 'human', `${where} entry "${entry}" never matches in bypass_proxy (exact host comparison, unlike NO_PROXY): list the exact hosts.`);
    }
  }
}

/** external_services.proxy { use_environment, http_proxy, https_proxy, no_proxy } and service-level use_environment / no_proxy. */
function migrateInterim(st: State): void {
  const root = parse(st.text);
  const block = nodeAt(root, ['external_services', 'proxy']);
  if (block?.type === 'object') {
    const v = rawValue(block) as Record<string, unknown>;
    const get = (k: string): unknown => rawValue(nodeAt(block, [k])) ?? v[k];
    const http = str(get('http_proxy'));
    const https = str(get('https_proxy'));
    const noProxy = str(get('no_proxy'));
    const useEnv = get('use_environment') === true;
    if (useEnv || http !== '' || https !== '') enableGlobal(st, 'external_services.proxy was in use');
    if (http !== '') moveValue(st, 'external_services.proxy.http_proxy', ['external_services', 'global', 'http_proxy'], http);
    if (https !== '') moveValue(st, 'external_services.proxy.https_proxy', ['external_services', 'global', 'https_proxy'], https);
    if (noProxy !== '') {
      moveValue(st, 'external_services.proxy.no_proxy', ['external_services', 'global', 'bypass_proxy'], noProxy);
      warnBypass(st, noProxy, 'external_services.proxy.no_proxy');
    }
    if (st.opts.keepLegacy !== true) remove(st, ['external_services', 'proxy'], 'external_services.proxy (5.10.0-alpha1 shape)');
  }
  if (propertiesFor(nodeAt(parse(st.text), ['external_services']), 'analytics').length > 0) {
    say(st, 'note', 'external_services.analytics dropped: there is no analytics service in 5.10.0 and later.');
    remove(st, ['external_services', 'analytics'], 'external_services.analytics');
  }
  for (const svc of SERVICES) {
    const proxy = nodeAt(parse(st.text), ['external_services', svc, 'proxy']);
    if (proxy?.type !== 'object') continue;
    const useEnv = propertiesFor(proxy, 'use_environment').at(-1);
    if (useEnv !== undefined) {
      if (rawValue(useEnv.children?.[1]) === true) moveValue(st, `${svc}.proxy.use_environment`, ['external_services', svc, 'proxy', 'enabled'], true);
      remove(st, ['external_services', svc, 'proxy', 'use_environment'], `external_services.${svc}.proxy.use_environment`);
    }
    const noProxy = propertiesFor(nodeAt(parse(st.text), ['external_services', svc, 'proxy']), 'no_proxy').at(-1);
    if (noProxy !== undefined) {
      const value = str(rawValue(noProxy.children?.[1]));
      if (value !== '') {
        moveValue(st, `${svc}.proxy.no_proxy`, ['external_services', svc, 'proxy', 'bypass_proxy'], value);
        warnBypass(st, value, `${svc}.proxy.no_proxy`);
      }
      remove(st, ['external_services', svc, 'proxy', 'no_proxy'], `external_services.${svc}.proxy.no_proxy`);
    }
  }
}

/** Turns global on first (so it reads first in the file) when moved URLs need it and the file does not say. */
function enableGlobal(st: State, why: string): void {
  const l = load(st.text);
  if (l.externalServices.global.enabled) return;
  if (isSetInFile(l, ['external_services', 'global', 'enabled'])) {
    say(st, 'human', 'external_services.global.enabled is false in the file: the moved proxy URLs stay ignored until it is true. Decide, then set it.');
    return;
  }
  st.text = setValue(st.text, ['external_services', 'global', 'enabled'], true);
  say(st, 'moved', `external_services.global.enabled = true (${why})`);
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
      say(st, 'human', `${key} ${show(String(value))} kept: ${unusableProxyUrl(String(value))}. The gateway ignores this key today; moved, it would be the proxy of every external service and every proxied request would fail. Fix the URL, then migrate again.`);
    }
    return;
  }
  if (legacy.some((x) => typeof x.value === 'string' && x.value !== '')) enableGlobal(st, 'the legacy keys applied to every service');
  for (const { key, value } of legacy) {
    if (typeof value === 'string' && value !== '') moveValue(st, key, ['external_services', 'global', key], value);
    else say(st, 'note', `${key} is ${JSON.stringify(value)}: nothing to move.`);
    if (st.opts.keepLegacy === true) say(st, 'kept', `${key} kept (--keep-legacy); the gateway does not read it.`);
    else remove(st, [key], key, true);
  }
}

function decodedAt(l: LoadedConfig, path: string[]): unknown {
  let v: unknown = l.externalServices;
  for (const k of path.slice(1)) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/** Whether the gateway builds the oauth client for this text, with the environment it runs with. */
function oauthBuilt(text: string, env: EnvInput): boolean {
  return createClient(buildEffective(load(text), env, 'intended').config, 'oauth').built;
}

/** A legacy URL that would break every service once it takes effect (it is ignored today). */
function unusableProxyUrl(url: string): string | null {
  const p = proxyUrlProblem(url);
  return p === null ? null : describeProxyUrlProblem(p);
}

/** jwt_ssl_insecure_skip_verify → oauth.mtls.insecure_skip_verify, only where the oauth client is built. */
function migrateJwt(st: State): void {
  const key = 'jwt_ssl_insecure_skip_verify';
  const l = load(st.text);
  if (!l.fields.has(key)) return;
  const value = l.jwtSslInsecureSkipVerify;
  const target = ['external_services', 'oauth', 'mtls', 'insecure_skip_verify'];
  const removeLegacy = (): void => {
    if (st.opts.keepLegacy === true) say(st, 'kept', `${key} kept (--keep-legacy).`);
    else remove(st, [key], key);
  };
  if (isSetInFile(l, target)) {
    if (l.externalServices.oauth.mtls.insecure_skip_verify !== value) {
      say(st, 'dropped', `${key} ${String(value)} dropped: external_services.oauth.mtls.insecure_skip_verify is already ${String(!value)} and wins.`);
    }
    removeLegacy();
    return;
  }
  if (!value) {
    say(st, 'note', `${key} is false, the default: nothing to move.`);
    removeLegacy();
    return;
  }
  if (!oauthBuilt(st.text, st.opts.env ?? new Map())) {
    say(st, 'human', `${key} kept: nothing configures an external-services client for oauth (no global.enabled, no oauth proxy), so JWK fetches use the legacy client, which reads this key. Moving it would turn certificate checks back on. Configure oauth first, then migrate again.`);
    return;
  }
  moveValue(st, key, target, true);
  say(st, 'note', 'oauth.mtls.enabled is left false on purpose: the docs\' after-example ({ "enabled": true, "insecure_skip_verify": true }) fails mTLS validation ("no certificate configuration provided"), the gateway falls back to the legacy fetch, and verification silently turns back on.');
  removeLegacy();
}

export function migrateConfigText(text: string, opts: MigrateOptions = {}): MigrateResult {
  const st: State = { text, items: [], opts };
  migrateInterim(st);
  migrateLegacyProxy(st);
  migrateJwt(st);
  return { text: st.text, items: st.items };
}
