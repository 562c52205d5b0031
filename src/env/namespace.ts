/**
 * The whole TYK_GW_* namespace of one gateway version: which variables envconfig reads, their Go
 * types and paths (how a value is converted is convert.ts's).
 *
 * The variable lists are generated (scripts/gen-config-schema.mjs, schemas/tyk-config-<version>.env.json)
 * from the gateway's config structs, and read from schemas/ on first use (src/assets.ts): most runs
 * have no TYK_GW_* variable outside the external_services block and never need them.
 */
import { schemaAsset } from '../assets.js';
import { DEFAULT_TYK_VERSION, TYK_VERSIONS, readsExternalServices, resolveTykVersion, type TykVersion } from '../config/versions.js';
import { isBlockNamespace, OMIT_CONFIG_FILE } from './fields.js';
import type { EnvInput } from './input.js';

// ---------------------------------------------------------------------------------------------
// The generated files

export type ParseRule = 'string' | 'bool' | 'int' | 'uint' | 'float' | 'duration' | 'slice' | 'bytes' | 'map' | 'custom' | 'none';

/** How envconfig converts a value of one Go type (a variable, or a slice/map element). */
export interface EnvConversion {
  parse: ParseRule;
  /** The Go type as reflect prints it ("int64", "time.Duration", "map[string]string", "*bool"). */
  goType: string;
  /** The Go kind behind it ("int32", "slice", "struct", …). */
  kind?: string;
  bits?: number;
  /** slice and map elements. */
  elem?: EnvConversion;
  key?: EnvConversion;
  /** custom: the method envconfig calls (Decode, Set, UnmarshalText, UnmarshalBinary). */
  method?: string;
  /** custom: "json" (the method is json.Unmarshal), "fatal" (no value works). */
  format?: string;
  accepts?: string;
  /** A pointer to a non-struct (*bool): allocated when set. */
  pointer?: boolean;
}

export interface EnvVariable extends EnvConversion {
  /** The name envconfig looks up. */
  name: string;
  /** Go field path from the root struct ("Config.HttpServerOptions.MinVersion"). */
  goPath: string;
  /** Key path in tyk.conf, or null when the file cannot set the field. */
  path: string[] | null;
  /** A nil pointer to a struct that envconfig allocates (and dereferences) on its own. */
  allocates?: boolean;
  alsoReads?: string;
  default?: string;
  required?: boolean;
}

export interface EnvLoader {
  /** "zipkin" or "jaeger": the tracer loaders that run a second envconfig.Process. */
  loader: string;
  when: string;
  source: string;
  pathRelativeTo: string[];
  allocates: string[];
  variables: EnvVariable[];
}

export interface EnvSpecial {
  name: string;
  rule: string;
  source: string;
}

interface EnvFile {
  version: string;
  generatedFrom: string;
  source: { repo: string; commit: string; tag?: string };
  decoder: string;
  prefix: string;
  rules: Record<string, string>;
  allocates: string[];
  variables: EnvVariable[];
  conditional: EnvLoader[];
  special: EnvSpecial[];
}

/** The recorded gateway versions (config/schema.ts): each has its file schema and its variable list. */
export const ENV_VERSIONS = TYK_VERSIONS;
export type EnvVersion = TykVersion;

/**
 * The newest recorded version, as issue 6 asks ("default the newest recorded") and as the file
 * side does (src/config/schema.ts DEFAULT_TYK_VERSION): file keys and variables are checked
 * against one version. Used only when the caller gives none.
 */
export const DEFAULT_ENV_VERSION: EnvVersion = DEFAULT_TYK_VERSION;

function envFile(version: EnvVersion): EnvFile {
  return schemaAsset(`tyk-config-${version}.env.json`) as EnvFile;
}


/** One version's namespace, indexed. */
export interface EnvNamespace {
  version: EnvVersion;
  source: { repo: string; commit: string; tag?: string };
  prefix: string;
  /** envconfig.Process("TYK_GW", &conf), in the order it applies them (the order of its errors). */
  variables: readonly EnvVariable[];
  /** The tracer loaders, run after the main pass when tracing.name selects them. */
  loaders: readonly EnvLoader[];
  /** Names the gateway reads by hand (TYK_GW_OMITCONFIGFILE, TYK_GW_LOGLEVEL, …; also TYK_LOGLEVEL). */
  special: readonly EnvSpecial[];
  byName: ReadonlyMap<string, EnvVariable>;
  /** Every TYK_GW_* name the gateway reads: variables, loader variables and special names. */
  names: ReadonlySet<string>;
  /** The same, sorted, for did-you-mean. */
  sortedNames: readonly string[];
}

const cache = new Map<EnvVersion, EnvNamespace>();

export function loadEnvNamespace(version: EnvVersion): EnvNamespace {
  let ns = cache.get(version);
  if (ns !== undefined) return ns;
  const f = envFile(version);
  const names = new Set<string>();
  for (const v of f.variables) names.add(v.name);
  for (const l of f.conditional) for (const v of l.variables) names.add(v.name);
  for (const s of f.special) if (s.name.startsWith(`${f.prefix}_`)) names.add(s.name);
  ns = {
    version,
    source: f.source,
    prefix: f.prefix,
    variables: f.variables,
    loaders: f.conditional,
    special: f.special,
    byName: new Map(f.variables.map((v) => [v.name, v])),
    names,
    sortedNames: [...names].sort(),
  };
  cache.set(version, ns);
  return ns;
}

/**
 * A version given by the caller (resolved as --tyk-version is: "5.3.4" is 5.3.13), or the default
 * when it names no recorded version.
 */
export function resolveEnvVersion(v: string | undefined): EnvVersion {
  return (v === undefined ? undefined : resolveTykVersion(v)) ?? DEFAULT_ENV_VERSION;
}


/** Whether `version` reads TYK_GW_OMITCONFIGFILE (from the recorded special names: not 4.0.0). */
export function readsOmitConfigFile(version: EnvVersion): boolean {
  return loadEnvNamespace(version).special.some((s) => s.name === OMIT_CONFIG_FILE);
}

/**
 * The environment as the model of `version` sees it (ENV_UNKNOWN_NAME reports what it drops):
 * before 5.10.0 no TYK_GW_EXTERNALSERVICES_* variable is read, and 4.0.0 does not read
 * TYK_GW_OMITCONFIGFILE (4.0.1 added it).
 */
export function modelEnvFor(env: EnvInput, version: EnvVersion): EnvInput {
  const dropBlock = !readsExternalServices(version);
  const dropOmit = env.has(OMIT_CONFIG_FILE) && !readsOmitConfigFile(version);
  if (!dropBlock && !dropOmit) return env;
  return new Map([...env].filter(([name]) => !(dropBlock && isBlockNamespace(name)) && !(dropOmit && name === OMIT_CONFIG_FILE)));
}

/** The Go field name envconfig puts in its error (the last element of the Go path). */
export function goFieldName(v: EnvVariable): string {
  const i = v.goPath.lastIndexOf('.');
  return i < 0 ? v.goPath : v.goPath.slice(i + 1);
}

/**
 * The type envconfig names in its error: reflect's String() of the field it holds. A pointer to a
 * struct has been allocated and dereferenced by gatherInfo ("*regexp.Regexp" → "regexp.Regexp"); a
 * nil pointer to a non-struct stays a pointer ("*bool"). It is always nil when the gateway prints
 * the error that stops it: that is the second pass, over config.Default, which sets none of them.
 */
export function goTypeInError(v: EnvVariable): string {
  return v.allocates === true && v.goType.startsWith('*') ? v.goType.slice(1) : v.goType;
}
