/**
 * The TYK_GW_* variables the gateway reads for external_services (SEMANTICS.md §3), derived from
 * the block schema (derive-fields.ts) and checked against the gateway's own list in the tests,
 * and how a spelling the gateway does not read is matched to one of them.
 */
import type { EnvField } from './derive-fields.js';
import type { EnvEntry, EnvInput } from './input.js';
import { ENV_FIELDS as GENERATED_ENV_FIELDS } from './fields.generated.js';

export { PREFIX, type EnvField, type EnvKind } from './derive-fields.js';

export const BLOCK_PREFIX = 'TYK_GW_EXTERNALSERVICES_';
export const DOC_BLOCK_PREFIX = 'TYK_GW_EXTERNAL_SERVICES_';

/**
 * In the gateway's struct order, which is the order envconfig applies them in. Derived from the
 * block schema by deriveEnvFields at build time (scripts/gen-validators.mjs; a test re-derives
 * them): walking the schema at every start cost most of a millisecond.
 */
export const ENV_FIELDS: readonly EnvField[] = GENERATED_ENV_FIELDS;
export const ENV_BY_NAME: ReadonlyMap<string, EnvField> = new Map(ENV_FIELDS.map((f) => [f.name, f]));

export const OMIT_CONFIG_FILE = 'TYK_GW_OMITCONFIGFILE';

/** The gateway checks this one by hand, before envconfig: strings.ToLower(v) == "true". */
export function isOmitted(env: EnvInput): EnvEntry | undefined {
  const e = env.get(OMIT_CONFIG_FILE);
  return e !== undefined && e.value.toLowerCase() === 'true' ? e : undefined;
}

/** The variables of the legacy top-level booleans that still matter (src/resolve reads them). */
export const LEGACY_ENV = {
  jwtSslInsecureSkipVerify: 'TYK_GW_JWTSSLINSECURESKIPVERIFY',
  proxySslInsecureSkipVerify: 'TYK_GW_PROXYSSLINSECURESKIPVERIFY',
  storageUseSsl: 'TYK_GW_STORAGE_USESSL',
} as const;

/** storage's own TLS settings (the Redis connection's when storage.mtls is not in force). */
export const STORAGE_TLS_ENV = {
  sslInsecureSkipVerify: 'TYK_GW_STORAGE_SSLINSECURESKIPVERIFY',
  caFile: 'TYK_GW_STORAGE_CAFILE',
  certFile: 'TYK_GW_STORAGE_CERTFILE',
  keyFile: 'TYK_GW_STORAGE_KEYFILE',
  tlsMinVersion: 'TYK_GW_STORAGE_TLSMINVERSION',
  tlsMaxVersion: 'TYK_GW_STORAGE_TLSMAXVERSION',
} as const;

/** storage.type: a string, so envconfig never fails on it. */
export const STORAGE_TYPE_ENV = 'TYK_GW_STORAGE_TYPE';

export const LEGACY_ENV_NAMES: readonly string[] = Object.values(LEGACY_ENV);

/** A name with case and underscores folded away: how a misspelt variable is matched to a real one. */
export function squashEnvName(name: string): string {
  return name.toUpperCase().replace(/_/g, '');
}

// Built on first use: only a misspelt variable needs it.
let bySquashed: ReadonlyMap<string, EnvField> | undefined;

/** The block's field a spelling the gateway does not read stands for (docs' underscores, other case), if any. */
export function blockFieldForSpelling(name: string): EnvField | undefined {
  if (ENV_BY_NAME.has(name)) return undefined;
  bySquashed ??= new Map(ENV_FIELDS.map((f) => [squashEnvName(f.name), f]));
  return bySquashed.get(squashEnvName(name));
}

const SQUASHED_BLOCK = squashEnvName(BLOCK_PREFIX);

/** Looks like one of the block's variables, in whatever spelling (the docs' underscores, any case). */
export function isBlockNamespace(name: string): boolean {
  return squashEnvName(name).startsWith(SQUASHED_BLOCK);
}
