/**
 * The block's TYK_GW_* variables, derived from the hand-written block schema: envconfig builds
 * names from Go field names, upper-cased and joined by '_', with no word splitting, and for this
 * block each Go field name is its JSON key without underscores (http_proxy ↔ HTTPProxy).
 * Run at build time (scripts/gen-validators.mjs writes fields.generated.js) and by the tests.
 */
import { deref, types, type RootSchema, type SchemaNode } from '../config/schema.js';

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

const GO_FIELD: Record<string, string> = {
  enabled: 'Enabled', http_proxy: 'HTTPProxy', https_proxy: 'HTTPSProxy', bypass_proxy: 'BypassProxy',
  cert_file: 'CertFile', key_file: 'KeyFile', ca_file: 'CAFile', cert_id: 'CertID', ca_cert_ids: 'CACertIDs',
  insecure_skip_verify: 'InsecureSkipVerify', tls_min_version: 'TLSMinVersion', tls_max_version: 'TLSMaxVersion',
};

function walk(root: RootSchema, node: SchemaNode, path: string[], out: EnvField[]): void {
  const s = deref(node, root);
  if (s.properties !== undefined && types(s, root).includes('object')) {
    for (const [k, child] of Object.entries(s.properties)) walk(root, child, [...path, k], out);
    return;
  }
  const kind = types(s, root).find((t) => t !== 'null') as EnvKind;
  const leaf = path[path.length - 1];
  out.push({
    name: PREFIX + path.map((k) => k.replace(/_/g, '').toUpperCase()).join('_'),
    path,
    kind,
    goField: GO_FIELD[leaf] ?? leaf,
  });
}

/** The variables of the external_services block, in the gateway's struct order. */
export function deriveEnvFields(schema: RootSchema): EnvField[] {
  const out: EnvField[] = [];
  walk(schema, schema.properties!.external_services, ['external_services'], out);
  return out;
}

