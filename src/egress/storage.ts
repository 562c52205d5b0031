/**
 * The Redis addresses the gateway dials, as Tyk reads them (TykTechnologies/tyk v5.10.0):
 * config.Default (localhost:6379) overlaid by tyk.conf and TYK_GW_STORAGE_*, then
 * StorageOptionsConf.HostAddrs (config/util.go; the storage library's GetRedisAddrs is the
 * same): `addrs` if any, else the deprecated `hosts` map, else host:port when port is not 0.
 * `master_name` makes them Sentinel addresses, `enable_cluster` cluster seeds. Two callers: the
 * storage connection (storage/connection_handler.go: legacy storage.* TLS keys) and the rate
 * limiter's client (internal/rate/storage.go: external_services.storage.mtls when enabled).
 */
import type { Node } from 'jsonc-parser';
import { bindKey } from '../go/fold.js';
import type { LoadedConfig } from '../config/load.js';
import type { EnvInput } from '../env/input.js';
import { parseGoBool } from '../env/overlay.js';

export interface StorageSettings {
  /** tyk.conf key of the section: storage, cache_storage, analytics_storage. */
  section: 'storage' | 'cache_storage' | 'analytics_storage';
  type: string;
  host: string;
  port: number;
  hosts: Record<string, string>;
  addrs: string[];
  masterName: string;
  enableCluster: boolean;
  useSsl: boolean;
  sslInsecureSkipVerify: boolean;
  caFile: string;
  certFile: string;
  keyFile: string;
}

function prop(node: Node | undefined, key: string): Node | undefined {
  if (node?.type !== 'object') return undefined;
  let found: Node | undefined;
  for (const p of node.children ?? []) {
    const k = p.children?.[0];
    if (k === undefined || typeof k.value !== 'string') continue;
    if (bindKey(k.value, [key]) === key) found = p.children?.[1];
  }
  return found;
}

function valueOf(node: Node | undefined): unknown {
  if (node === undefined) return undefined;
  if (node.type === 'array') return (node.children ?? []).map(valueOf);
  if (node.type === 'object') {
    const out: Record<string, unknown> = {};
    for (const p of node.children ?? []) {
      const k = p.children?.[0];
      if (k !== undefined && typeof k.value === 'string') out[k.value] = valueOf(p.children?.[1]);
    }
    return out;
  }
  return node.value;
}

/** A top-level value of tyk.conf as Go binds it (case-insensitive), or undefined. */
export function topLevel(loaded: LoadedConfig, key: string): unknown {
  return valueOf(prop(loaded.tree, key));
}

const DEFAULT_STORAGE = { type: 'redis', host: 'localhost', port: 6379 };

function envName(section: StorageSettings['section'], field: string): string {
  const s = { storage: 'STORAGE', cache_storage: 'CACHESTORAGE', analytics_storage: 'ANALYTICSSTORAGE' }[section];
  return `TYK_GW_${s}_${field}`;
}

/** One storage section; `useFile` is false when the gateway does not read tyk.conf. */
export function readStorage(loaded: LoadedConfig | null, useFile: boolean, env: EnvInput, section: StorageSettings['section']): StorageSettings {
  const node = useFile && loaded !== null ? prop(loaded.tree, section) : undefined;
  const base = section === 'storage' ? DEFAULT_STORAGE : { type: '', host: '', port: 0 };
  const str = (k: string, d: string): string => {
    const v = valueOf(prop(node, k));
    return typeof v === 'string' ? v : d;
  };
  const bool = (k: string): boolean => valueOf(prop(node, k)) === true;
  const portV = valueOf(prop(node, 'port'));
  const addrsV = valueOf(prop(node, 'addrs'));
  const hostsV = valueOf(prop(node, 'hosts'));
  const s: StorageSettings = {
    section,
    type: str('type', base.type),
    host: str('host', base.host),
    port: typeof portV === 'number' && Number.isInteger(portV) ? portV : base.port,
    hosts: typeof hostsV === 'object' && hostsV !== null && !Array.isArray(hostsV)
      ? Object.fromEntries(Object.entries(hostsV).filter((e): e is [string, string] => typeof e[1] === 'string')) : {},
    addrs: Array.isArray(addrsV) ? addrsV.filter((a): a is string => typeof a === 'string') : [],
    masterName: str('master_name', ''),
    enableCluster: bool('enable_cluster'),
    useSsl: bool('use_ssl'),
    sslInsecureSkipVerify: bool('ssl_insecure_skip_verify'),
    caFile: str('ca_file', ''),
    certFile: str('cert_file', ''),
    keyFile: str('key_file', ''),
  };
  // envconfig: set variables override; lists and maps split on commas, map pairs on ':'.
  const e = (f: string): string | undefined => env.get(envName(section, f))?.value;
  const host = e('HOST');
  if (host !== undefined) s.host = host;
  const port = e('PORT');
  if (port !== undefined && /^[-+]?\d+$/.test(port)) s.port = Number(port);
  const addrs = e('ADDRS');
  if (addrs !== undefined) s.addrs = addrs === '' ? [] : addrs.split(',');
  const hosts = e('HOSTS');
  if (hosts !== undefined) {
    s.hosts = {};
    for (const pair of hosts === '' ? [] : hosts.split(',')) {
      const [k, ...v] = pair.split(':');
      if (v.length > 0) s.hosts[k] = v.join(':');
    }
  }
  for (const [f, k] of [['MASTERNAME', 'masterName'], ['CAFILE', 'caFile'], ['CERTFILE', 'certFile'], ['KEYFILE', 'keyFile'], ['TYPE', 'type']] as const) {
    const v = e(f);
    if (v !== undefined) s[k] = v;
  }
  for (const [f, k] of [['ENABLECLUSTER', 'enableCluster'], ['USESSL', 'useSsl'], ['SSLINSECURESKIPVERIFY', 'sslInsecureSkipVerify']] as const) {
    const v = e(f);
    const b = v === undefined ? undefined : parseGoBool(v);
    if (b !== undefined) s[k] = b;
  }
  return s;
}

/** HostAddrs: the addresses as the gateway hands them to the Redis client (hosts map sorted: Go's map order is random). */
export function hostAddrs(s: StorageSettings): string[] {
  let addrs = s.addrs.length > 0 ? [...s.addrs] : Object.keys(s.hosts).sort().map((h) => `${h}:${s.hosts[h]}`);
  if (addrs.length === 0 && s.port !== 0) addrs = [`${s.host}:${s.port}`];
  return addrs;
}

/** Which sections open Redis connections: storage always; the others when their enable_* switches are on. */
export function storageSections(loaded: LoadedConfig | null, useFile: boolean, env: EnvInput): StorageSettings[] {
  const flag = (key: string, envKey: string): boolean => {
    const v = env.get(envKey)?.value;
    const b = v === undefined ? undefined : parseGoBool(v);
    if (b !== undefined) return b;
    return useFile && loaded !== null && topLevel(loaded, key) === true;
  };
  const out = [readStorage(loaded, useFile, env, 'storage')];
  if (flag('enable_separate_cache_store', 'TYK_GW_ENABLESEPERATECACHESTORE')) out.push(readStorage(loaded, useFile, env, 'cache_storage'));
  if (flag('enable_analytics', 'TYK_GW_ENABLEANALYTICS') && flag('enable_separate_analytics_store', 'TYK_GW_ENABLESEPERATEANALYTICSSTORE')) {
    out.push(readStorage(loaded, useFile, env, 'analytics_storage'));
  }
  return out;
}

/** uptime_tests.disable of tyk.conf (TYK_GW_UPTIMETESTS_DISABLE): the gateway starts no host checker (gateway/server.go). */
export function uptimeDisabled(loaded: LoadedConfig | null, useFile: boolean, env: EnvInput): boolean {
  const v = env.get('TYK_GW_UPTIMETESTS_DISABLE')?.value;
  const b = v === undefined ? undefined : parseGoBool(v);
  if (b !== undefined) return b;
  if (!useFile || loaded === null) return false;
  return valueOf(prop(prop(loaded.tree, 'uptime_tests'), 'disable')) === true;
}
