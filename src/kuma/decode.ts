/**
 * YAML nodes → the values Kuma's validators see, decoded the way Kuma decodes them:
 * - ExternalService: sigs.k8s.io/yaml YAMLToJSON, then golang/protobuf jsonpb with unknown fields
 *   allowed (proto and JSON field names, exact case; null skipped; first error stops; a oneof
 *   keeps the member set last in declaration order);
 * - MeshExternalService: sigs.k8s.io/yaml Unmarshal into Go structs with encoding/json (keys
 *   matched case-insensitively, unknown fields ignored, numbers and booleans turned into text
 *   for string fields).
 * Along the way it records what Kuma drops without a word: unknown fields, extra data-source
 * members, YAML 1.1 readings. Every Kuma field path ("networking.tls.caCert") keeps its node.
 */
import { bindKey } from '../go/fold.js';
import { goQuote } from '../go/strconv.js';
import type { Span } from '../types.js';
import type { Yaml11Reading, YNode } from './yaml.js';

export type Dialect = 'jsonpb' | 'encoding/json';

export type FieldType =
  | { t: 'string' }
  | { t: 'bool' }
  | { t: 'int32' }
  | { t: 'bytes' }
  | { t: 'stringWrapper' }
  | { t: 'boolWrapper' }
  | { t: 'bytesWrapper' }
  | { t: 'stringMap' }
  | { t: 'json' }
  | { t: 'list'; of: FieldType }
  | { t: 'message'; struct: string; fields: readonly Field[]; oneof?: { members: readonly string[]; pick: 'last-declared' | 'first-set' } };

export interface Field {
  /** The JSON name (what Kuma's paths and messages use). */
  name: string;
  /** The proto field name, when it differs (jsonpb accepts both). */
  protoName?: string;
  type: FieldType;
}

export type Value = string | number | boolean | null | Uint8Array | Value[] | Message | Map<string, string>;

export interface Message {
  /** Fields present in the decoded message, by JSON name. */
  fields: Map<string, Value>;
}

export interface UnknownField {
  /** The Kuma path of the object holding it. */
  parent: string;
  key: string;
  keySpan: Span;
  known: string[];
}

export interface ExtraMembers {
  path: string;
  members: string[];
  kept: string;
  span: Span;
}

export interface Yaml11Use {
  path: string;
  reading: Yaml11Reading;
  span: Span;
  /** What the field received. */
  became: string;
  /** The field is text: it received the value spelled out ("true"), not the value. */
  asText: boolean;
}

export interface DecodeError {
  path: string;
  message: string;
  span: Span;
}

export interface Decoded {
  value: Message;
  error: DecodeError | null;
  unknown: UnknownField[];
  extraMembers: ExtraMembers[];
  yaml11: Yaml11Use[];
  /** Kuma path → the node written there (value) and its key. */
  nodes: Map<string, { value: Span; key?: Span }>;
}

class Stop extends Error {}

function jsonType(n: YNode): string {
  if (n.kind === 'map') return 'object';
  if (n.kind === 'seq') return 'array';
  const v = n.value;
  return typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'number' : 'null';
}

const STD_B64 = /^[A-Za-z0-9+/]*$/;

/** encoding/json's []byte: base64.StdEncoding (CR and LF ignored); the error as Go words it. */
function decodeBase64(s: string): Uint8Array | string {
  const clean = s.replace(/[\r\n]/g, '');
  const body = clean.replace(/={1,2}$/, '');
  if (!STD_B64.test(body)) {
    const bad = [...clean].findIndex((c) => !/[A-Za-z0-9+/=]/.test(c));
    return `illegal base64 data at input byte ${bad < 0 ? body.length : bad}`;
  }
  if (clean.length % 4 !== 0 || (clean.length - body.length > 0 && body.length % 4 === 0)) return `illegal base64 data at input byte ${Math.min(clean.length, body.length)}`;
  return new Uint8Array(Buffer.from(body, 'base64'));
}

function goNumberText(v: number): string {
  return Number.isInteger(v) ? String(v) : String(v);
}

export class Decoder {
  readonly unknown: UnknownField[] = [];
  readonly extraMembers: ExtraMembers[] = [];
  readonly yaml11: Yaml11Use[] = [];
  readonly nodes = new Map<string, { value: Span; key?: Span }>();
  error: DecodeError | null = null;

  constructor(private readonly dialect: Dialect) {}

  private fail(path: string, span: Span, message: string): never {
    this.error = { path, message, span };
    throw new Stop();
  }

  private typeError(path: string, n: YNode, goType: string, struct: string, jsonPath: string): never {
    const what = n.kind === 'scalar' && typeof n.value === 'number' && this.dialect === 'encoding/json' ? `number ${goNumberText(n.value)}` : jsonType(n);
    this.fail(path, n.span, this.dialect === 'jsonpb'
      ? `json: cannot unmarshal ${jsonType(n)} into Go value of type ${goType}`
      : `json: cannot unmarshal ${what} into Go struct field ${struct}.${jsonPath} of type ${goType}`);
  }

  private note11(path: string, n: YNode, became: string, asText: boolean): void {
    if (n.kind === 'scalar' && n.yaml11 !== null) this.yaml11.push({ path, reading: n.yaml11, span: n.span, became, asText });
  }

  /** Decodes a message; `path` is Kuma's path of it ('' at the root). */
  message(n: YNode, type: Extract<FieldType, { t: 'message' }>, path: string, jsonPath: string, skipKeys: readonly string[] = []): Message {
    if (n.kind !== 'map') this.typeError(path, n, this.dialect === 'jsonpb' ? 'map[string]json.RawMessage' : type.struct, type.struct, jsonPath);
    const fields = new Map<string, Value>();
    const known = type.fields.map((f) => f.name);
    const byField = new Map<Field, { key: string; keySpan: Span; value: YNode }>();
    for (const e of n.entries) {
      if (skipKeys.includes(e.key)) continue;
      let f: Field | undefined;
      if (this.dialect === 'jsonpb') {
        f = type.fields.find((x) => x.name === e.key || x.protoName === e.key);
        // Both spellings given: the JSON name is looked up last and wins.
        if (f !== undefined && byField.has(f) && e.key !== f.name && byField.get(f)!.key === f.name) continue;
      } else {
        const bound = bindKey(e.key, known);
        f = type.fields.find((x) => x.name === bound);
      }
      if (f === undefined) {
        this.unknown.push({ parent: path, key: e.key, keySpan: e.keySpan, known });
        continue;
      }
      byField.set(f, e);
    }
    const setMembers: string[] = [];
    for (const f of type.fields) {
      const e = byField.get(f);
      if (e === undefined) continue;
      const fieldPath = path === '' ? f.name : `${path}.${f.name}`;
      this.nodes.set(fieldPath, { value: e.value.span, key: e.keySpan });
      const isNull = e.value.kind === 'scalar' && e.value.value === null;
      if (isNull && this.dialect === 'jsonpb') continue;
      if (isNull) continue;
      const v = this.value(e.value, f.type, fieldPath, jsonPath === '' ? f.name : `${jsonPath}.${f.name}`, type.struct);
      if (type.oneof?.members.includes(f.name)) setMembers.push(f.name);
      fields.set(f.name, v);
    }
    if (type.oneof !== undefined && setMembers.length > 1) {
      const kept = type.oneof.pick === 'last-declared' ? setMembers[setMembers.length - 1] : setMembers[0];
      if (type.oneof.pick === 'last-declared') for (const m of setMembers) if (m !== kept) fields.delete(m);
      this.extraMembers.push({ path, members: setMembers, kept, span: n.span });
    }
    return { fields };
  }

  private value(n: YNode, type: FieldType, path: string, jsonPath: string, struct: string): Value {
    switch (type.t) {
      case 'string':
      case 'stringWrapper': {
        if (n.kind === 'scalar' && typeof n.value === 'string') return n.value;
        if (this.dialect === 'encoding/json' && n.kind === 'scalar' && (typeof n.value === 'number' || typeof n.value === 'boolean')) {
          const text = typeof n.value === 'number' ? goNumberText(n.value) : String(n.value);
          this.note11(path, n, text, true);
          return text;
        }
        this.note11(path, n, '', true);
        return this.typeError(path, n, 'string', struct, jsonPath);
      }
      case 'bool':
      case 'boolWrapper': {
        if (n.kind === 'scalar' && typeof n.value === 'boolean') {
          this.note11(path, n, String(n.value), false);
          return n.value;
        }
        return this.typeError(path, n, 'bool', struct, jsonPath);
      }
      case 'int32': {
        if (n.kind === 'scalar' && typeof n.value === 'number') {
          if (!Number.isInteger(n.value) || n.value > 2147483647 || n.value < -2147483648) return this.typeError(path, n, 'int32', struct, jsonPath);
          this.note11(path, n, String(n.value), false);
          return n.value;
        }
        return this.typeError(path, n, 'int32', struct, jsonPath);
      }
      case 'bytes':
      case 'bytesWrapper': {
        if (n.kind === 'scalar' && typeof n.value === 'string') {
          const b = decodeBase64(n.value);
          if (typeof b === 'string') this.fail(path, n.span, b);
          return b;
        }
        return this.typeError(path, n, '[]uint8', struct, jsonPath);
      }
      case 'stringMap': {
        if (n.kind !== 'map') return this.typeError(path, n, this.dialect === 'jsonpb' ? 'map[string]json.RawMessage' : 'map[string]string', struct, jsonPath);
        const out = new Map<string, string>();
        for (const e of n.entries) {
          const p = `${path}[${goQuote(e.key)}]`;
          this.nodes.set(p, { value: e.value.span, key: e.keySpan });
          if (e.value.kind === 'scalar' && e.value.value === null) {
            out.set(e.key, '');
            continue;
          }
          out.set(e.key, this.value(e.value, { t: 'string' }, p, `${jsonPath}.${e.key}`, struct) as string);
        }
        return out;
      }
      case 'json':
        return null;
      case 'list': {
        if (n.kind !== 'seq') return this.typeError(path, n, this.dialect === 'jsonpb' ? '[]json.RawMessage' : `[]${type.of.t === 'message' ? type.of.struct : type.of.t}`, struct, jsonPath);
        return n.items.map((item, i) => {
          const p = `${path}[${i}]`;
          this.nodes.set(p, { value: item.span });
          if (item.kind === 'scalar' && item.value === null && type.of.t === 'message') return { fields: new Map<string, Value>() };
          return this.value(item, type.of, p, jsonPath, struct);
        });
      }
      case 'message':
        return this.message(n, type, path, jsonPath);
      default: {
        const never: never = type;
        return never;
      }
    }
  }

  /** Runs a decode; a decode error ends it, as Kuma's first error ends its parse. */
  run(f: () => Message): Decoded {
    let value: Message = { fields: new Map() };
    try {
      value = f();
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
    }
    return { value, error: this.error, unknown: this.unknown, extraMembers: this.extraMembers, yaml11: this.yaml11, nodes: this.nodes };
  }
}

// ---------------------------------------------------------------------------------------------
// Typed reads of a decoded message

export function field(m: Message | undefined, name: string): Value | undefined {
  return m?.fields.get(name);
}

export function str(m: Message | undefined, name: string): string | undefined {
  const v = field(m, name);
  return typeof v === 'string' ? v : undefined;
}

export function bool(m: Message | undefined, name: string): boolean | undefined {
  const v = field(m, name);
  return typeof v === 'boolean' ? v : undefined;
}

export function num(m: Message | undefined, name: string): number | undefined {
  const v = field(m, name);
  return typeof v === 'number' ? v : undefined;
}

export function msg(m: Message | undefined, name: string): Message | undefined {
  const v = field(m, name);
  return isMessage(v) ? v : undefined;
}

export function isMessage(v: Value | undefined): v is Message {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Map);
}

export function list(m: Message | undefined, name: string): Value[] | undefined {
  const v = field(m, name);
  return Array.isArray(v) ? v : undefined;
}

export function stringMap(m: Message | undefined, name: string): Map<string, string> | undefined {
  const v = field(m, name);
  return v instanceof Map ? v : undefined;
}

export function bytes(m: Message | undefined, name: string): Uint8Array | undefined {
  const v = field(m, name);
  return v instanceof Uint8Array ? v : undefined;
}
