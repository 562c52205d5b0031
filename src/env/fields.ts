/**
 * The TYK_GW_* variables the gateway reads for external_services (SEMANTICS.md §3).
 * envconfig builds names from Go field names, upper-cased and joined by '_', with no word
 * splitting; for this block each Go field name is its JSON key without underscores
 * (http_proxy ↔ HTTPProxy), so the names are derived from the schema and checked against the
 * gateway's own list in the tests.
 */
import { deref, schema, types, type SchemaNode } from '../config/schema.js';

export type EnvKind = 'boolean' | 'string' | 'array';

export interface EnvField {
  /** The name the gateway reads. */
  name: string;
  /** Canonical JSON path, starting at external_services. */
  path: string[];
  kind: EnvKind;
  /** Go's field name, as envconfig's error messages show it. */
  goField: string;
}

export const PREFIX = 'TYK_GW_';
export const BLOCK_PREFIX = 'TYK_GW_EXTERNALSERVICES_';
export const DOC_BLOCK_PREFIX = 'TYK_GW_EXTERNAL_SERVICES_';

const GO_FIELD: Record<string, string> = {
  enabled: 'Enabled', http_proxy: 'HTTPProxy', https_proxy: 'HTTPSProxy', bypass_proxy: 'BypassProxy',
  cert_file: 'CertFile', key_file: 'KeyFile', ca_file: 'CAFile', cert_id: 'CertID', ca_cert_ids: 'CACertIDs',
  insecure_skip_verify: 'InsecureSkipVerify', tls_min_version: 'TLSMinVersion', tls_max_version: 'TLSMaxVersion',
};

function walk(node: SchemaNode, path: string[], out: EnvField[]): void {
  const s = deref(node);
  if (s.properties !== undefined && types(s).includes('object')) {
    for (const [k, child] of Object.entries(s.properties)) walk(child, [...path, k], out);
    return;
  }
  const kind = types(s).find((t) => t !== 'null') as EnvKind;
  const leaf = path[path.length - 1];
  out.push({
    name: PREFIX + path.map((k) => k.replace(/_/g, '').toUpperCase()).join('_'),
    path,
    kind,
    goField: GO_FIELD[leaf] ?? leaf,
  });
}

function build(): EnvField[] {
  const out: EnvField[] = [];
  walk(schema.properties!.external_services, ['external_services'], out);
  return out;
}

/** In the gateway's struct order, which is the order envconfig applies them in. */
export const ENV_FIELDS: readonly EnvField[] = build();
export const ENV_BY_NAME: ReadonlyMap<string, EnvField> = new Map(ENV_FIELDS.map((f) => [f.name, f]));

export const OMIT_CONFIG_FILE = 'TYK_GW_OMITCONFIGFILE';

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

/** Looks like one of the block's variables, in whatever spelling. */
export function isBlockNamespace(name: string): boolean {
  const up = name.toUpperCase();
  return up.startsWith(DOC_BLOCK_PREFIX) || up.startsWith(BLOCK_PREFIX) || up === 'TYK_GW_EXTERNALSERVICES' || squashEnvName(up).startsWith(squashEnvName(BLOCK_PREFIX));
}
