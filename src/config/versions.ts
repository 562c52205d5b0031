/**
 * The gateway versions extsvc has facts for, how a version string given by the user picks one,
 * and the few behaviours that change between versions (each read in the gateway's code of that
 * version; schemas/facts/README.md says which tag and commit each version's facts come from).
 *
 * Pure data and functions: no file is read here, so importing this module costs nothing.
 */

/**
 * Recorded versions in release order (Go module semver: a prerelease sorts before its release).
 * Each minor line from 4.0 is there with its newest patch release; besides, 4.0.0 (4.0.5 changed
 * how TYK_GW_HTTPSERVEROPTIONS_CERTIFICATES is read, and images pinned to v4.0.0 are common) and
 * 5.10.0 (the release SEMANTICS.md was checked against); 5.15.0-alpha14 is the tip of master.
 */
import { UsageError } from '../errors.js';

export const TYK_VERSIONS = [
  '4.0.0', '4.0.16', '5.0.15', '5.1.2', '5.2.6', '5.3.13', '5.4.0', '5.5.2', '5.6.1', '5.7.3', '5.8.15', '5.9.2',
  '5.10.0', '5.10.2', '5.11.1', '5.12.1', '5.13.1', '5.14.0', '5.15.0-alpha14',
] as const;
export type TykVersion = (typeof TYK_VERSIONS)[number];

/** The tip of master (a prerelease): used only when asked for by name. */
export const MASTER_TYK_VERSION: TykVersion = '5.15.0-alpha14';

/** The newest release: never a prerelease. */
export const DEFAULT_TYK_VERSION: TykVersion = '5.14.0';

interface Semver {
  major: number;
  minor: number;
  patch: number;
  pre: string | undefined;
}

function parseSemver(v: string): Semver | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/.exec(v);
  if (m === null) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] };
}

function comparePre(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const na = /^\d+$/.test(pa[i]);
    const nb = /^\d+$/.test(pb[i]);
    if (na && nb && Number(pa[i]) !== Number(pb[i])) return Number(pa[i]) - Number(pb[i]);
    if (na !== nb) return na ? -1 : 1;
    if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  }
  return pa.length - pb.length;
}

/** Semver order; a prerelease before its release ("5.15.0-alpha14" < "5.15.0"). */
export function compareVersions(a: string, b: string): number {
  const x = parseSemver(a);
  const y = parseSemver(b);
  if (x === undefined || y === undefined) throw new Error(`not a version: ${x === undefined ? a : b}`);
  if (x.major !== y.major) return x.major - y.major;
  if (x.minor !== y.minor) return x.minor - y.minor;
  if (x.patch !== y.patch) return x.patch - y.patch;
  if (x.pre === undefined || y.pre === undefined) return x.pre === y.pre ? 0 : x.pre === undefined ? 1 : -1;
  return comparePre(x.pre, y.pre);
}

/**
 * `version` has what came in `since` (a version string, recorded or not). A pre-release counts as
 * its release line: 5.15.0-alpha14 has what came in 5.15.0, as the code on master does.
 */
export function versionAtLeast(version: string, since: string): boolean {
  return compareVersions(version.replace(/^v/, '').split('-')[0], since) >= 0;
}

/** The release that brought external_services, its TYK_GW_EXTERNALSERVICES_* variables and the client factory. */
export const EXTERNAL_SERVICES_SINCE = '5.10.0';

export function isTykVersion(v: string): v is TykVersion {
  return (TYK_VERSIONS as readonly string[]).includes(v);
}

/**
 * A version string as the user writes it (--tyk-version, tykVersion in .extsvcrc.json), to the
 * recorded version whose facts apply:
 * - a recorded version, with or without "v": itself;
 * - "latest": the newest release; "master": the tip of master;
 * - "5.3" or any release of a recorded line ("5.3.4", "v5.3.0"): the line's newest recorded
 *   release (5.3.13). Patch releases add few settings (5.10.2 added one): the newest is the
 *   closest superset.
 * Anything else (another major or minor, another prerelease): undefined.
 */
export function resolveTykVersion(given: string): TykVersion | undefined {
  const v = given.trim().replace(/^v/, '');
  if (isTykVersion(v)) return v;
  if (v === 'latest') return DEFAULT_TYK_VERSION;
  if (v === 'master') return MASTER_TYK_VERSION;
  const line = /^(\d+)\.(\d+)$/.exec(v);
  const sv = line === null ? parseSemver(v) : undefined;
  if (line === null && (sv === undefined || sv.pre !== undefined)) return undefined;
  const prefix = line !== null ? `${Number(line[1])}.${Number(line[2])}.` : `${sv!.major}.${sv!.minor}.`;
  const releases = TYK_VERSIONS.filter((x) => x.startsWith(prefix) && parseSemver(x)?.pre === undefined);
  return releases.at(-1);
}

/**
 * What a run says about the version it picked when that is not literally what was asked for
 * ("5.3.4" → 5.3.13): one deterministic line (no newline), or undefined when the choice is the
 * version given. `where` names the setting: "--tyk-version", "--upgrade-from", an rc file's key.
 */
export function tykVersionNote(given: string, version: TykVersion, where = '--tyk-version'): string | undefined {
  const v = given.trim().replace(/^v/, '');
  if (v === version) return undefined;
  const why = v === 'latest' ? 'the newest release'
    : v === 'master' ? 'the tip of master'
      : `the newest recorded release of the ${lineOf(version)} line`;
  return `${where} ${given}: checking against Tyk ${version}, ${why}.`;
}

/** The usage error for a version string resolveTykVersion does not know. */
export function unknownTykVersionMessage(given: string, where = '--tyk-version'): string {
  return `${where} ${given}: no recorded gateway version; expected one of ${TYK_VERSIONS.join(', ')}, a line such as 5.3 (or any of its releases, e.g. 5.3.4), latest or master`;
}

/** The recorded version a user's version string means, or a UsageError that lists the known ones. */
export function requireTykVersion(given: string, where = '--tyk-version'): TykVersion {
  const v = resolveTykVersion(given);
  if (v === undefined) throw new UsageError(unknownTykVersionMessage(given, where));
  return v;
}

/** The recorded versions as "5.3" lines (a version of its own for master). */
export function lineOf(v: TykVersion): string {
  return parseSemver(v)?.pre !== undefined ? v : v.split('.').slice(0, 2).join('.');
}

// ---------------------------------------------------------------------------------------------
// Behaviour by version

/**
 * Before 5.3.0 a tyk.conf that config.Load cannot decode stops the gateway: initialiseSystem
 * returns Load's error and Start calls mainLog.Fatalf("Error initialising system: %v")
 * (gateway/server.go, v4.0.16 to v5.2.6). From v5.3.0 Start loads the file itself and, on error,
 * logs "Error loading config, using defaults" and runs on config.NewDefaultWithEnv().
 */
export function decodeErrorStopsGateway(v: TykVersion): boolean {
  return !versionAtLeast(v, '5.3.0');
}

/**
 * external_services (and its TYK_GW_EXTERNALSERVICES_* variables) exists from v5.10.0
 * (config/external_service.go); before, the gateway ignores the block and the variables.
 * test/versions.test.ts checks this against every version's recorded schema.
 */
export function readsExternalServices(v: TykVersion): boolean {
  return versionAtLeast(v, EXTERNAL_SERVICES_SINCE);
}

/** KV schemes the gateway resolves in oauth's cert_file / key_file / ca_file. */
export type KvScheme = 'secrets' | 'env' | 'consul' | 'vault' | 'file' | 'kv';

/**
 * From which version each scheme is resolved in external_services.oauth.mtls's cert_file,
 * key_file and ca_file (only when oauth.mtls.enabled; afterConfSetup in gateway/server.go):
 * none before 5.13 (v5.12.1 has no such call); v5.13.1 gw.kvStore: secrets, env, consul, vault;
 * v5.14.0 adds file (gateway/kv_file.go); master resolves any other value through the kv
 * registry (kv://<store>/<path>, gateway/kv.go).
 */
export const OAUTH_KV_SINCE: Readonly<Record<KvScheme, string>> = {
  secrets: '5.13.0', env: '5.13.0', consul: '5.13.0', vault: '5.13.0', file: '5.14.0', kv: '5.15.0-alpha14',
};

const KV_SCHEMES: readonly KvScheme[] = ['secrets', 'env', 'consul', 'vault', 'file', 'kv'];

/** The KV scheme of a value such as "secrets://client-cert", or null for a plain path. */
export function kvSchemeOf(value: string): KvScheme | null {
  for (const s of KV_SCHEMES) if (value.startsWith(`${s}://`)) return s;
  return null;
}

export function oauthResolvesKv(v: TykVersion, scheme: KvScheme): boolean {
  return versionAtLeast(v, OAUTH_KV_SINCE[scheme]);
}
