/**
 * file + env + legacy keys → the effective per-service view (SEMANTICS.md §3–§6), every value
 * carrying its source. Two readings of the same inputs:
 * - 'gateway': what the gateway really runs with (a rejected or omitted file counts for nothing);
 * - 'intended': the file as written plus env, even when the gateway would drop it, so that lint
 *   can still say what is wrong inside a file it also reports as discarded.
 */
import { SERVICES, type ServiceName } from '../types.js';
import { SERVICE_BUILTINS, zeroExternalServices, zeroMTLS, type ClientPool, type ExternalServicesConfig, type MTLSConfig, type ProxyConfig } from '../gateway/model.js';
import { clientMode, createClient, mergeServiceConfig, validateMTLS, type ClientMode, type ClientResult } from '../gateway/factory.js';
import { pathKey, type LoadedConfig } from '../config/load.js';
import { applyEnv, parseGoBool, type EnvOverlay } from '../env/overlay.js';
import { ENV_FIELDS, isOmitted, LEGACY_ENV, STORAGE_TLS_ENV, STORAGE_TYPE_ENV } from '../env/fields.js';
import type { EnvEntry, EnvInput } from '../env/input.js';
import { envconfigFailures, namespaceOptions } from '../env/envconfig.js';
import { resolveEnvVersion } from '../env/namespace.js';
import { DEFAULT_TYK_VERSION } from '../config/schema.js';
import { readsExternalServices } from '../config/versions.js';
import { DEFAULT, type Source, type Sourced } from './sources.js';

export type ReadingMode = 'gateway' | 'intended';

export type FileIgnored =
  | { reason: 'rejected'; detail: string }
  /**
   * envconfig failed on the file's reading only (a tracer loader the file selects): the gateway
   * logs "Error loading config, using defaults" and runs on defaults plus environment.
   */
  | { reason: 'env-error'; entry: EnvEntry; detail: string }
  | { reason: 'omitted'; entry: EnvEntry }
  | { reason: 'missing' };

export interface LegacyValues {
  jwtSslInsecureSkipVerify: Sourced<boolean>;
  proxySslInsecureSkipVerify: Sourced<boolean>;
  storageUseSsl: Sourced<boolean>;
  /** storage.type ("" when neither the file nor TYK_GW_STORAGE_TYPE sets it). */
  storageType: Sourced<string>;
  /** storage's own TLS settings: the Redis connection's when storage.mtls is not in force (internal/rate/storage.go). */
  storageTls: StorageTls;
}

export interface StorageTls {
  sslInsecureSkipVerify: Sourced<boolean>;
  caFile: Sourced<string>;
  certFile: Sourced<string>;
  keyFile: Sourced<string>;
  tlsMinVersion: Sourced<string>;
  tlsMaxVersion: Sourced<string>;
}

export interface EffectiveConfig {
  config: ExternalServicesConfig;
  /** Source of every leaf of the block, by dotted path ("external_services.oauth.mtls.enabled"). */
  sources: Map<string, Source>;
  overlay: EnvOverlay;
  /** Why the file's content does not count (gateway reading only). */
  fileIgnored: FileIgnored | null;
  legacy: LegacyValues;
}

export function envSource(e: EnvEntry): Source {
  return e.origin.kind === 'file' ? { kind: 'env-file', name: e.name, file: e.origin.file, span: e.origin.span } : { kind: 'env', name: e.name };
}

/** Legacy top-level keys that still matter, with the variables envconfig reads for them. */
const LEGACY_FIELDS = [
  { key: 'jwt_ssl_insecure_skip_verify', env: LEGACY_ENV.jwtSslInsecureSkipVerify, pick: (l: LoadedConfig) => l.jwtSslInsecureSkipVerify, prop: 'jwtSslInsecureSkipVerify' },
  { key: 'proxy_ssl_insecure_skip_verify', env: LEGACY_ENV.proxySslInsecureSkipVerify, pick: (l: LoadedConfig) => l.proxySslInsecureSkipVerify, prop: 'proxySslInsecureSkipVerify' },
  { key: 'storage.use_ssl', env: LEGACY_ENV.storageUseSsl, pick: (l: LoadedConfig) => l.storageUseSsl, prop: 'storageUseSsl' },
] as const;




/**
 * Where a legacy (non-block) setting's value comes from: a set variable (a bool only when it
 * parses; a string, even empty, always), else the file, else the default.
 */
function settingValue<T extends boolean | string>(loaded: LoadedConfig | null, env: EnvInput, key: string, variable: string, fileValue: T, zero: T, parse: (v: string) => T | undefined): Sourced<T> {
  const e = env.get(variable);
  const fromEnv = e === undefined ? undefined : parse(e.value);
  if (e !== undefined && fromEnv !== undefined) return { value: fromEnv, source: envSource(e) };
  const site = loaded?.fields.get(key);
  if (loaded === null || site === undefined) return { value: zero, source: DEFAULT };
  return { value: fileValue, source: { kind: 'legacy', key, file: loaded.file, span: site.valueSpan } };
}

/** storage.ssl_insecure_skip_verify, ca_file, cert_file, key_file, tls_min_version, tls_max_version, as the gateway reads them. */
function storageTls(loaded: LoadedConfig | null, env: EnvInput): StorageTls {
  const f = loaded?.storageTls;
  const text = (v: string): string => v;
  return {
    sslInsecureSkipVerify: settingValue(loaded, env, 'storage.ssl_insecure_skip_verify', STORAGE_TLS_ENV.sslInsecureSkipVerify, f?.sslInsecureSkipVerify ?? false, false, parseGoBool),
    caFile: settingValue(loaded, env, 'storage.ca_file', STORAGE_TLS_ENV.caFile, f?.caFile ?? '', '', text),
    certFile: settingValue(loaded, env, 'storage.cert_file', STORAGE_TLS_ENV.certFile, f?.certFile ?? '', '', text),
    keyFile: settingValue(loaded, env, 'storage.key_file', STORAGE_TLS_ENV.keyFile, f?.keyFile ?? '', '', text),
    tlsMinVersion: settingValue(loaded, env, 'storage.tls_min_version', STORAGE_TLS_ENV.tlsMinVersion, f?.tlsMinVersion ?? '', '', text),
    tlsMaxVersion: settingValue(loaded, env, 'storage.tls_max_version', STORAGE_TLS_ENV.tlsMaxVersion, f?.tlsMaxVersion ?? '', '', text),
  };
}

/** The gateway's own reading: whether it reads the file at all (SEMANTICS.md §2, §3). */
export function fileFate(loaded: LoadedConfig | null, env: EnvInput, version: string = DEFAULT_TYK_VERSION): FileIgnored | null {
  const omitted = isOmitted(env);
  if (omitted !== undefined) return { reason: 'omitted', entry: omitted };
  if (loaded === null) return { reason: 'missing' };
  if (loaded.rejectReason !== null) return { reason: 'rejected', detail: loaded.rejectReason };
  const failures = envconfigFailures(env, resolveEnvVersion(version), namespaceOptions(loaded, env));
  // Only a failure the defaults-plus-environment pass does not meet again lets the gateway start.
  const first = failures[0];
  if (first !== undefined && failures.every((f) => f.consequence === 'defaults')) return { reason: 'env-error', entry: first.entry, detail: first.goMessage };
  return null;
}

/** The block's dotted paths, in ENV_FIELDS' order: worked out once, not per file (a fleet lint's hot spot). */
const FIELD_KEYS: readonly string[] = ENV_FIELDS.map((f) => pathKey(f.path));

const NO_ENV: EnvInput = new Map();

/**
 * Before 5.10.0 the gateway has no external_services field and no TYK_GW_EXTERNALSERVICES_*
 * variables (readsExternalServices): the block stays at its zero value, neither the file's block
 * nor those variables count, in either reading.
 */
export function buildEffective(loaded: LoadedConfig | null, env: EnvInput, mode: ReadingMode, version: string = DEFAULT_TYK_VERSION): EffectiveConfig {
  const fileIgnored = mode === 'gateway' ? fileFate(loaded, env, version) : null;
  const useFile = fileIgnored === null && loaded !== null;
  const readsBlock = readsExternalServices(resolveEnvVersion(version));
  const useBlock = useFile && readsBlock;
  const base = useBlock ? loaded.externalServices : zeroExternalServices();
  const sources = new Map<string, Source>();
  for (const key of FIELD_KEYS) {
    const site = useBlock ? loaded.fields.get(key) : undefined;
    sources.set(key, site === undefined ? DEFAULT : { kind: 'file', file: loaded!.file, path: key, span: site.valueSpan });
  }
  // ENV_FIELDS are the block's variables only: none of them is read before 5.10.0.
  const overlay = applyEnv(base, readsBlock ? env : NO_ENV);
  for (const a of overlay.applied) sources.set(pathKey(a.field.path), envSource(a.entry));

  const file = useFile ? loaded : null;
  const legacy = {} as Record<(typeof LEGACY_FIELDS)[number]['prop'], Sourced<boolean>>;
  for (const f of LEGACY_FIELDS) legacy[f.prop] = settingValue(file, env, f.key, f.env, file === null ? false : f.pick(file), false, parseGoBool);
  return { config: overlay.config, sources, overlay, fileIgnored, legacy: {
    ...legacy,
    // A string, so envconfig cannot fail on it: a set variable (even empty) replaces the file's value.
    storageType: settingValue(file, env, 'storage.type', STORAGE_TYPE_ENV, file?.storageType ?? '', '', (v) => v),
    storageTls: storageTls(file, env),
  } };
}

/** The factory's ClientMode: how requests are routed when the client is built. */
export type ProxyMode = ClientMode;

export { SERVICE_BUILTINS };

export interface SourcedProxy {
  enabled: Sourced<boolean>;
  http_proxy: Sourced<string>;
  https_proxy: Sourced<string>;
  bypass_proxy: Sourced<string>;
}

export type SourcedMTLS = { [K in keyof MTLSConfig]: Sourced<MTLSConfig[K]> };

export interface ServiceView {
  service: ServiceName;
  client: { kind: 'external_services' } | { kind: 'legacy'; reason: string };
  /** How requests are routed when the external-services client is built. */
  mode: ProxyMode;
  /** The service took global's proxy settings as a whole. */
  inheritsGlobal: boolean;
  /** The merged proxy settings the client uses (the service's own, or global's). */
  proxy: SourcedProxy;
  mtls: SourcedMTLS;
  /** mTLS validation failure (only checked when mtls.enabled), in the gateway's words. */
  mtlsError: string | null;
  timeoutSeconds: number;
  pool: ClientPool;
}


/** `key`: the dotted path. */
function sourced<T>(eff: EffectiveConfig, key: string, value: T, fromGlobal = false): Sourced<T> {
  const s = eff.sources.get(key) ?? DEFAULT;
  return { value, source: fromGlobal ? { kind: 'global', from: s } : s };
}

type ProxyKeys = Record<keyof ProxyConfig, string>;

function proxyKeys(section: string): ProxyKeys {
  return { enabled: `${section}.enabled`, http_proxy: `${section}.http_proxy`, https_proxy: `${section}.https_proxy`, bypass_proxy: `${section}.bypass_proxy` };
}

const MTLS_KEYS = Object.keys(zeroMTLS()) as (keyof MTLSConfig)[];

/** Every dotted key resolveService looks up, built once rather than per file and service. */
const KEYS = {
  global: proxyKeys('external_services.global'),
  proxy: Object.fromEntries(SERVICES.map((s) => [s, proxyKeys(`external_services.${s}.proxy`)])) as Record<ServiceName, ProxyKeys>,
  mtls: Object.fromEntries(SERVICES.map((s) => [s, MTLS_KEYS.map((k) => `external_services.${s}.mtls.${k}`)])) as Record<ServiceName, string[]>,
};

function sourcedProxy(eff: EffectiveConfig, keys: ProxyKeys, p: ProxyConfig, fromGlobal: boolean): SourcedProxy {
  return {
    enabled: sourced(eff, keys.enabled, p.enabled, fromGlobal),
    http_proxy: sourced(eff, keys.http_proxy, p.http_proxy, fromGlobal),
    https_proxy: sourced(eff, keys.https_proxy, p.https_proxy, fromGlobal),
    bypass_proxy: sourced(eff, keys.bypass_proxy, p.bypass_proxy, fromGlobal),
  };
}

/** `result`: createClient's answer for the service, when the caller already has it. */
export function resolveService(eff: EffectiveConfig, service: ServiceName, result: ClientResult = createClient(eff.config, service)): ServiceView {
  const cfg = eff.config;
  const own = cfg[service];
  const { merged: mergedService, inheritedFromGlobal: inheritsGlobal } = mergeServiceConfig(cfg, service);
  const merged = mergedService.proxy;
  const proxy = inheritsGlobal ? sourcedProxy(eff, KEYS.global, merged, true) : sourcedProxy(eff, KEYS.proxy[service], merged, false);
  const mtlsKeys = KEYS.mtls[service];
  const mtls = {} as Record<keyof MTLSConfig, Sourced<MTLSConfig[keyof MTLSConfig]>>;
  for (let i = 0; i < MTLS_KEYS.length; i++) mtls[MTLS_KEYS[i]] = sourced(eff, mtlsKeys[i], own.mtls[MTLS_KEYS[i]]);
  return {
    service,
    client: result.built ? { kind: 'external_services' } : { kind: 'legacy', reason: result.error },
    mode: clientMode(merged),
    inheritsGlobal,
    proxy,
    mtls: mtls as SourcedMTLS,
    mtlsError: validateMTLS(own.mtls),
    ...SERVICE_BUILTINS[service],
  };
}

export function resolveAll(eff: EffectiveConfig): ServiceView[] {
  return SERVICES.map((s) => resolveService(eff, s));
}
