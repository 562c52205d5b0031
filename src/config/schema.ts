/**
 * The JSON Schema in schemas/ is the one source of truth for shape. This module loads it once,
 * compiles it with ajv, and answers the questions the Go-like decoder asks of it (which keys are
 * known at a path, which type a field has).
 */
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);

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

export const schema = require('../../../schemas/tyk-external-services.schema.json') as RootSchema;

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

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

/** A validator for the sub-schema at a JSON pointer into the schema ("" for the whole file). */
export function validatorAt(pointer: string): ValidateFunction {
  let v = validators.get(pointer);
  if (v === undefined) {
    ajv ??= new Ajv({ allErrors: true, strict: true });
    if (ajv.getSchema(schema.$id) === undefined) ajv.addSchema(schema);
    v = pointer === '' ? ajv.getSchema(schema.$id)! : ajv.compile({ $ref: `${schema.$id}#${pointer}` });
    validators.set(pointer, v);
  }
  return v;
}

export type SchemaError = ErrorObject;
