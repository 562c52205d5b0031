/**
 * The JSON Schema in schemas/ is the one source of truth for shape. This module loads it once,
 * validates with ajv (compiled at build time), and answers the questions the Go-like decoder asks of it (which keys are
 * known at a path, which type a field has).
 */
import type { ErrorObject } from 'ajv';
import schemaJson from '../../schemas/tyk-external-services.schema.json' with { type: 'json' };
import * as generated from './validators.generated.js';

export interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  $ref?: string;
  description?: string;
}

interface RootSchema extends SchemaNode {
  $id: string;
  $defs: Record<string, SchemaNode>;
}

export const schema = schemaJson as unknown as RootSchema;

/** Follows a local `$ref` ("#/$defs/x"). */
export function deref(node: SchemaNode): SchemaNode {
  let n = node;
  while (n.$ref !== undefined) {
    const name = n.$ref.replace(/^#\/\$defs\//, '');
    const target = schema.$defs[name];
    if (target === undefined) throw new Error(`schema: unresolvable $ref ${n.$ref}`);
    n = target;
  }
  return n;
}

export function types(node: SchemaNode): string[] {
  const t = deref(node).type;
  return t === undefined ? [] : Array.isArray(t) ? t : [t];
}

/** A property is a Go field (decoded, case-folded, type-checked) only when the schema types it. */
export function isGoField(node: SchemaNode): boolean {
  return types(node).length > 0;
}

export function childSchema(node: SchemaNode, key: string): SchemaNode | undefined {
  return deref(node).properties?.[key];
}

export interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * ajv's validator for the whole file, compiled at build time by scripts/gen-validators.mjs into
 * validators.generated.js: compiling at start-up cost more than the rest of a lint run.
 */
export const validateFile: Validator = generated.validateFile;

export type SchemaError = ErrorObject;
