/**
 * The JSON Schemas in schemas/ are the source of truth for shape:
 * - tyk-external-services.schema.json, hand-written: the external_services block and the legacy
 *   keys it replaces, validated with ajv (compiled at build time);
 * - tyk-config-<version>.schema.json, generated from recorded facts of the gateway's Config
 *   structs (scripts/gen-config-schema.mjs): every other key of tyk.conf, whose Go kinds the
 *   decoder walk checks itself (Go's integer rules — no fraction, no exponent, exact bounds
 *   past 2^53 — are not JSON Schema's).
 * The walk uses one combined schema: the generated one, with the hand-written block in place
 * of its external_services.
 */
import type { ErrorObject } from 'ajv';
import blockJson from '../../schemas/tyk-external-services.schema.json' with { type: 'json' };
import * as generated from './validators.generated.js';
import { builtAsset } from '../assets.js';
import { DEFAULT_TYK_VERSION, type TykVersion } from './versions.js';

export interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  $ref?: string;
  $comment?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
}

export interface RootSchema extends SchemaNode {
  $id: string;
  $defs: Record<string, SchemaNode>;
}

/** The hand-written block schema (ajv validates with it; env names derive from it). */
export const schema = blockJson as unknown as RootSchema;

export { TYK_VERSIONS, DEFAULT_TYK_VERSION, MASTER_TYK_VERSION, resolveTykVersion, type TykVersion } from './versions.js';

export interface FileSchema {
  version: TykVersion;
  root: RootSchema;
}

/** dist/data/tyk-config-<version>.json (scripts/gen-validators.mjs): each $defs entry as JSON text. */
interface SplitSchema {
  root: Omit<RootSchema, '$defs'>;
  defs: Record<string, string>;
}

/**
 * $defs that parse an entry the first time deref asks for it; the hand-written block's own
 * definitions take precedence, as they replace the generated external_services.
 */
function lazyDefs(texts: Record<string, string>): Record<string, SchemaNode> {
  const parsed = new Map<string, SchemaNode | undefined>(Object.entries(schema.$defs));
  return new Proxy({} as Record<string, SchemaNode>, {
    get(_, name) {
      if (typeof name !== 'string') return undefined;
      if (!parsed.has(name)) parsed.set(name, Object.hasOwn(texts, name) ? (JSON.parse(texts[name]) as SchemaNode) : undefined);
      return parsed.get(name);
    },
  });
}

/**
 * whole is this run's own parse of the file: its properties take the block's in place. A version
 * before 5.10.0 has no external_services: the block stays unknown there, as the gateway ignores it.
 */
function combine(version: TykVersion, whole: SplitSchema): FileSchema {
  const block = schema.properties!;
  const properties = whole.root.properties ?? {};
  if (Object.hasOwn(properties, 'external_services')) properties.external_services = block.external_services;
  properties.http_proxy = block.http_proxy;
  properties.https_proxy = block.https_proxy;
  return { version, root: { ...whole.root, properties, $defs: lazyDefs(whole.defs) } };
}

const combined = new Map<TykVersion, FileSchema>();

/** The combined schema of a recorded version (default the newest), read on first use. */
export function fileSchema(version: TykVersion = DEFAULT_TYK_VERSION): FileSchema {
  let f = combined.get(version);
  if (f === undefined) {
    f = combine(version, builtAsset(`tyk-config-${version}.json`) as SplitSchema);
    combined.set(version, f);
  }
  return f;
}

/** Follows a local `$ref` ("#/$defs/x") within a root. */
export function deref(node: SchemaNode, root: RootSchema = schema): SchemaNode {
  let n = node;
  while (n.$ref !== undefined) {
    const name = n.$ref.replace(/^#\/\$defs\//, '');
    const target = root.$defs[name];
    if (target === undefined) throw new Error(`schema: unresolvable $ref ${n.$ref}`);
    n = target;
  }
  return n;
}

export function types(node: SchemaNode | undefined, root: RootSchema = schema): string[] {
  if (node === undefined) return [];
  const t = deref(node, root).type;
  return t === undefined ? [] : Array.isArray(t) ? t : [t];
}

/**
 * A Go field: typed, or at least annotated with its Go type (interface{} has no JSON type). Every
 * $ref names a struct type: answered without following it, since the whole-file schema's types
 * are parsed on demand and the root alone refers to 29 of them.
 */
export function isGoField(node: SchemaNode): boolean {
  return node.$ref !== undefined || node.type !== undefined || node.$comment !== undefined;
}


export interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * ajv's validator for the block schema, compiled at build time by scripts/gen-validators.mjs into
 * validators.generated.js: compiling at start-up cost more than the rest of a lint run.
 */
export const validateFile: Validator = generated.validateFile;

export type SchemaError = ErrorObject;
