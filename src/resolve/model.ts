/**
 * The one model of what the gateway does, computed once per (file, environment, gateway version)
 * and read by lint (its rules report from it), explain (renders it) and migrate (through
 * resolveAll): the file's fate, every fatal start-up error in the gateway's order, and per
 * service each caller with its gate, client, route, verification, certificates, timeout,
 * fallback, edition and first version (src/gateway/callers.ts).
 *
 * Two readings of the same inputs: `gateway` (what the gateway runs with: a discarded, skipped
 * or missing file counts for nothing) and `intended` (the file as written plus env, so that lint
 * can still say what is wrong inside a file it also reports as discarded). They are the same
 * object when the gateway reads the file.
 */
import type { Code, ServiceName, Span } from '../types.js';
import type { MTLSConfig } from '../gateway/model.js';
import { SERVICES } from '../types.js';
import type { LoadedConfig, SyntaxCode } from '../config/load.js';
import { DEFAULT_TYK_VERSION } from '../config/schema.js';
import { decodeErrorStopsGateway } from '../config/versions.js';
import type { EnvInput } from '../env/input.js';
import { envconfigFailures, namespaceOptions, type EnvFailure } from '../env/envconfig.js';
import { modelEnvFor, resolveEnvVersion } from '../env/namespace.js';
import type { ClientResult } from '../gateway/factory.js';
import {
  callerClient, callersOf, factoryFor, versionAtLeast,
  type CallerClient, type CallerId, type CertLoadFailure, type ClientKind, type Edition, type RouteMode,
} from '../gateway/callers.js';
import { factoryCertificates, isTlsVersion, storageCertificates, type CaSource, type ClientCertificate } from '../gateway/tls.js';
import { buildEffective, resolveService, type EffectiveConfig, type ServiceView, type SourcedProxy } from './resolve.js';
import { storageMtls, type StorageMtls } from './fates.js';
import { DEFAULT, type Source } from './sources.js';

/** The gateway's own message when storage.type is not "redis" (gateway/server.go, mainLog.Fatal). */
export const STORAGE_TYPE_FATAL = 'Redis connection details not set, please ensure that the storage type is set to Redis and that the connection parameters are correct.';

/** Where Go's decoder fails on a file, under the code lint reports it with (a type error, else the first syntax issue). */
export function decodeFailure(l: LoadedConfig): { code: SyntaxCode | 'TYPE_MISMATCH'; span: Span } | null {
  const fromType = l.typeErrors.length > 0 && l.rejectReason === l.typeErrors[0].goMessage && !l.syntax.some((s) => s.code !== 'JSON_TRAILING_CONTENT');
  if (fromType) return { code: 'TYPE_MISMATCH', span: l.typeErrors[0].span };
  const s = l.syntax.find((x) => x.code !== 'JSON_TRAILING_CONTENT');
  return s === undefined ? null : { code: s.code, span: s.span };
}

/** Before 5.3.0 a file Go cannot decode stops the gateway (server.go: Fatalf "Error initialising system: couldn't unmarshal config: …"). */
export function decodeFatalMessage(detail: string): string {
  return `Error initialising system: couldn't unmarshal config: ${detail}`;
}

/** A fatal start-up error in the gateway's own words. */
export function fatalMessage(f: FatalError): string {
  switch (f.kind) {
    case 'decode':
      return decodeFatalMessage(f.detail);
    case 'storage-type':
      return STORAGE_TYPE_FATAL;
    default:
      return f.failure.goMessage;
  }
}

/** Why the gateway does not start. */
export type FatalError =
  /** Before 5.3.0: the file does not decode (config.Load's error, before envconfig runs). */
  | { kind: 'decode'; detail: string; code: Code; source: Source }
  /** A TYK_GW_* value envconfig cannot convert, on both of its passes. */
  | { kind: 'envconfig'; failure: EnvFailure }
  /** storage.type set to something else than "redis". */
  | { kind: 'storage-type'; value: string; source: Source };

export interface Verification {
  /** Server certificates are checked. */
  on: boolean;
  /** The setting that decides it (dotted path or legacy key), or null for Go's default. */
  key: string | null;
  source: Source;
}

export interface CallerModel {
  id: CallerId;
  service: ServiceName;
  edition: Edition;
  /** The first gateway version that has this caller. */
  since: string;
  /** The first version in which it asks the external-services factory; null: it never does. */
  factorySince: string | null;
  /** The caller's own gate (the factory's "configured", or upstream OAuth's), open or not; always open for callers without one. */
  gateOpen: boolean;
  client: ClientKind;
  because: CallerClient['because'];
  /** The factory's error, in the gateway's words. */
  factoryError: string | null;
  route: RouteMode;
  /** custom: the merged settings the client uses, with their sources. */
  proxy: SourcedProxy | null;
  inheritsGlobal: boolean;
  verify: Verification;
  certificate: ClientCertificate;
  ca: CaSource;
  /**
   * The TLS versions the connection is held to, where a setting holds it (Redis: storage.mtls's,
   * or from 5.10.0 storage's own tls_min_version / tls_max_version); null: Go's defaults (1.2 to
   * 1.3). HTTP clients never apply the mtls block's versions.
   */
  tlsVersions: { min: string | null; max: string | null };
  timeoutSeconds: number | null;
  timeoutFrom: CallerClient['timeoutFrom'];
  fallbackWhen: CallerClient['fallbackWhen'];
  /**
   * What the fallback is: the caller's own client, route and verification when it leaves the
   * factory's; null when there is nothing to leave (it never asks, or the version has no factory).
   */
  fallback: { client: ClientKind; route: RouteMode; verify: Verification } | null;
  onCertLoadError: CertLoadFailure;
  /** For deciding requests. */
  detail: CallerClient;
}

export interface ServiceModel {
  service: ServiceName;
  view: ServiceView;
  /** createClient's answer; null when no caller asks the factory: storage, and every service before 5.10.0. */
  factory: ClientResult | null;
  callers: CallerModel[];
}

export interface Reading {
  effective: EffectiveConfig;
  services: ServiceModel[];
  storageMtls: StorageMtls;
}

export interface GatewayModel {
  version: string;
  /** Every fatal start-up error, in the order the gateway meets them; it reports the first. */
  fatal: FatalError[];
  gateway: Reading;
  intended: Reading;
}

function verification(c: CallerClient, eff: EffectiveConfig, view: ServiceView, storage: StorageMtls): Verification {
  switch (c.verify) {
    case 'mtls.insecure_skip_verify': {
      const f = view.mtls.insecure_skip_verify;
      return { on: !f.value, key: `external_services.${view.service}.mtls.insecure_skip_verify`, source: f.source };
    }
    case 'jwt_ssl_insecure_skip_verify':
      return { on: !eff.legacy.jwtSslInsecureSkipVerify.value, key: 'jwt_ssl_insecure_skip_verify', source: eff.legacy.jwtSslInsecureSkipVerify.source };
    case 'proxy_ssl_insecure_skip_verify':
      return { on: !eff.legacy.proxySslInsecureSkipVerify.value, key: 'proxy_ssl_insecure_skip_verify', source: eff.legacy.proxySslInsecureSkipVerify.source };
    case null: {
      if (view.service === 'storage' && storage.tls === 'mtls') {
        const f = view.mtls.insecure_skip_verify;
        return { on: !f.value, key: 'external_services.storage.mtls.insecure_skip_verify', source: f.source };
      }
      if (view.service === 'storage' && storage.tls === 'legacy') {
        const f = eff.legacy.storageTls.sslInsecureSkipVerify;
        return { on: !f.value, key: 'storage.ssl_insecure_skip_verify', source: f.source };
      }
      return { on: true, key: null, source: DEFAULT };
    }
    default: {
      const never: never = c.verify;
      return never;
    }
  }
}

const NO_CERTIFICATES = { certificate: null, ca: 'system' } as const;

/** storage's own certificate files, as the gateway reads them. */
function legacyStorageFiles(eff: EffectiveConfig): { certFile: string; keyFile: string; caFile: string } {
  const t = eff.legacy.storageTls;
  return { certFile: t.certFile.value, keyFile: t.keyFile.value, caFile: t.caFile.value };
}

export type CertificateSettings = Pick<MTLSConfig, 'cert_id' | 'cert_file' | 'key_file' | 'ca_file' | 'ca_cert_ids'>;

/**
 * The settings a caller's `certificate` and `ca` answers point at: its service's mtls block, or
 * for Redis without storage.mtls in force, storage's own cert_file, key_file and ca_file.
 */
export function certificateSettings(r: Reading, c: CallerModel): CertificateSettings {
  const m = r.effective.config[c.service].mtls;
  if (c.service !== 'storage' || r.storageMtls.tls !== 'legacy') return m;
  const f = legacyStorageFiles(r.effective);
  return { cert_id: '', cert_file: f.certFile, key_file: f.keyFile, ca_file: f.caFile, ca_cert_ids: null };
}

/**
 * internal/rate/storage.go: from v5.10.0 createTLSConfig gives the rate limiter storage's own
 * ca_file, cert_file, key_file and TLS versions when storage.mtls is not in force; v5.3.0 to v5.9.2
 * set only InsecureSkipVerify from ssl_insecure_skip_verify.
 */
const REDIS_LEGACY_TLS_FILES_SINCE = '5.10.0';

const anyTlsVersion = (v: string): string | null => (isTlsVersion(v) ? v : null);

function redisTlsVersions(eff: EffectiveConfig, storage: StorageMtls, legacyFiles: boolean): CallerModel['tlsVersions'] {
  if (storage.tls === 'mtls') {
    const m = eff.config.storage.mtls;
    return { min: anyTlsVersion(m.tls_min_version), max: anyTlsVersion(m.tls_max_version) };
  }
  if (storage.tls === 'legacy' && legacyFiles) {
    const t = eff.legacy.storageTls;
    return { min: anyTlsVersion(t.tlsMinVersion.value), max: anyTlsVersion(t.tlsMaxVersion.value) };
  }
  return GO_TLS_VERSIONS;
}

const GO_TLS_VERSIONS = { min: null, max: null } as const;

function callerModel(c: CallerClient, eff: EffectiveConfig, view: ServiceView, storage: StorageMtls, legacyFiles: boolean): CallerModel {
  const spec = c.spec;
  const m = eff.config[spec.service].mtls;
  const certs = c.client === 'external-services' ? factoryCertificates(m)
    : spec.service === 'storage' ? storageCertificates(m, storage.inForce, storage.tls === 'legacy' && legacyFiles ? legacyStorageFiles(eff) : undefined) : NO_CERTIFICATES;
  return {
    id: spec.id, service: spec.service, edition: spec.edition, since: spec.since, factorySince: spec.factorySince,
    gateOpen: c.because !== 'gate-closed' && c.because !== 'not-configured',
    client: c.client, because: c.because, factoryError: c.factoryError, route: c.route,
    proxy: c.route === 'custom' ? view.proxy : null,
    inheritsGlobal: c.built !== null && c.built.inheritedFromGlobal,
    verify: verification(c, eff, view, storage),
    certificate: certs.certificate, ca: certs.ca,
    tlsVersions: spec.service === 'storage' ? redisTlsVersions(eff, storage, legacyFiles) : GO_TLS_VERSIONS,
    timeoutSeconds: c.timeoutSeconds, timeoutFrom: c.timeoutFrom, fallbackWhen: c.fallbackWhen,
    fallback: spec.gate === 'never' || c.because === 'before-factory' ? null : {
      client: spec.fallback.client, route: spec.fallback.route,
      verify: verification({ ...c, verify: spec.fallback.verify }, eff, view, storage),
    },
    onCertLoadError: spec.onCertLoadError,
    detail: c,
  };
}


export function readingOf(effective: EffectiveConfig, version: string): Reading {
  const storage = storageMtls(effective);
  const legacyFiles = versionAtLeast(version, REDIS_LEGACY_TLS_FILES_SINCE);
  const services = SERVICES.map((service): ServiceModel => {
    const factory = factoryFor(effective.config, service, version);
    const view = factory === null ? resolveService(effective, service) : resolveService(effective, service, factory);
    const callers = callersOf(service, version).map((spec) => callerModel(callerClient(spec, effective.config, factory, version), effective, view, storage, legacyFiles));
    return { service, view, factory, callers };
  });
  return { effective, services, storageMtls: storage };
}

function fatalErrors(loaded: LoadedConfig | null, env: EnvInput, version: string, gateway: EffectiveConfig): FatalError[] {
  const options = loaded === null || gateway.fileIgnored !== null ? {} : namespaceOptions(loaded, env);
  const out: FatalError[] = [];
  const ignored = gateway.fileIgnored;
  if (ignored?.reason === 'rejected' && loaded !== null && decodeErrorStopsGateway(resolveEnvVersion(version))) {
    const at = decodeFailure(loaded);
    const span = at?.span ?? { offset: 0, length: 0, line: 1, column: 1, endLine: 1, endColumn: 1 };
    out.push({ kind: 'decode', detail: ignored.detail, code: at?.code ?? 'JSON_SYNTAX', source: { kind: 'file', file: loaded.file, path: '', span } });
  }
  out.push(...envconfigFailures(env, resolveEnvVersion(version), options)
    .filter((f) => f.consequence === 'exit')
    .map((failure): FatalError => ({ kind: 'envconfig', failure })));
  // envconfig runs first (config.Load); the storage check comes later, in Start.
  const t = gateway.legacy.storageType;
  // Set to anything but "redis", "" included, Start exits (v5.14.0 gateway/server.go). Unset is not
  // reported: Start reads an empty Config too (config.Config{}), but extsvc is often given a fragment.
  if (t.source.kind !== 'default' && t.value !== 'redis') out.push({ kind: 'storage-type', value: t.value, source: t.source });
  return out;
}

/**
 * The model of one file (null: no file at all) under one environment, for one gateway version.
 * Each command computes it once and hands it on; it is not cached here (a WeakMap per file made
 * a fleet lint's garbage collection twice as slow, npm run bench). Variables the version does
 * not read (modelEnvFor: the block's before 5.10.0, TYK_GW_OMITCONFIGFILE in 4.0.0) do not
 * reach it.
 */
export function gatewayModel(loaded: LoadedConfig | null, env: EnvInput, version: string = DEFAULT_TYK_VERSION): GatewayModel {
  return computeModel(loaded, modelEnvFor(env, resolveEnvVersion(version)), version);
}

function computeModel(loaded: LoadedConfig | null, env: EnvInput, version: string): GatewayModel {
  const gatewayEff = buildEffective(loaded, env, 'gateway', version);
  const gateway = readingOf(gatewayEff, version);
  const intended = gatewayEff.fileIgnored === null || loaded === null ? gateway : readingOf(buildEffective(loaded, env, 'intended', version), version);
  return { version, fatal: fatalErrors(loaded, env, version, gatewayEff), gateway, intended };
}

export function serviceModel(r: Reading, service: ServiceName): ServiceModel {
  const s = r.services.find((x) => x.service === service);
  if (s === undefined) throw new Error(`no model for ${service}`);
  return s;
}
