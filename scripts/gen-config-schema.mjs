#!/usr/bin/env node
// Generates, from a recorded facts file (schemas/facts/tyk-config-<version>.json, the gateway's
// config structs as Go declares them), two files that describe how the gateway reads tyk.conf:
//
//   schemas/tyk-config-<version>.schema.json  JSON Schema (draft-07) of the whole file, with the
//                                              JSON types Go's encoding/json accepts
//   schemas/tyk-config-<version>.env.json     every TYK_GW_* variable envconfig v1.4.0 reads, in
//                                              the order it applies them, with its conversion
//
//   node scripts/gen-config-schema.mjs schemas/facts/tyk-config-<version>.json [--out <dir>]
//
// Plain Node, no dependencies, deterministic: object keys are written sorted, arrays keep their
// (meaningful) order, integers are written exactly, and each file ends with a newline.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------------
// Go kinds

const INT_BITS = { int: 64, int8: 8, int16: 16, int32: 32, int64: 64 };
const UINT_BITS = { uint: 64, uint8: 8, uint16: 16, uint32: 32, uint64: 64, uintptr: 64 };
const FLOAT_BITS = { float32: 32, float64: 64 };
const MAX_FLOAT32 = 3.4028234663852886e38;

function intRange(kind) {
  if (kind in INT_BITS) {
    const b = BigInt(INT_BITS[kind]);
    return [-(1n << (b - 1n)), (1n << (b - 1n)) - 1n];
  }
  const b = BigInt(UINT_BITS[kind]);
  return [0n, (1n << b) - 1n];
}

// ---------------------------------------------------------------------------------------------
// Deterministic JSON: sorted object keys, BigInt written as exact digits.

function stableStringify(value, indent = '') {
  const next = indent + '  ';
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object')) return '[' + value.map((v) => stableStringify(v)).join(', ') + ']';
    return '[\n' + value.map((v) => next + stableStringify(v, next)).join(',\n') + '\n' + indent + ']';
  }
  const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
  if (keys.length === 0) return '{}';
  return '{\n' + keys.map((k) => next + JSON.stringify(k) + ': ' + stableStringify(value[k], next)).join(',\n') + '\n' + indent + '}';
}

// ---------------------------------------------------------------------------------------------
// encoding/json's view of a struct: embedded structs flattened, Go's dominance rules applied.

/**
 * The fields encoding/json decodes for a struct type, as { name, field, path (Go field names
 * from the struct), index, tagged } in Go's order. Mirrors encoding/json typeFields: untagged
 * embedded structs (or pointers to them) are flattened; of several fields with one JSON name
 * the shallowest wins, a tagged one breaks a tie at that depth, and otherwise the name is dropped.
 */
function jsonFields(facts, typeKey) {
  const found = [];
  const visit = (key, depth, index, goPath, seen) => {
    if (seen.has(key)) return;
    const fields = structFieldsOf(facts, key);
    fields.forEach((f, i) => {
      const idx = [...index, i];
      if (f.json === '-') return;
      const base = f.type.kind === 'ptr' ? f.type.elem : f.type;
      if (f.embedded) {
        // Go explores an untagged embedded struct whatever its methods (a promoted UnmarshalJSON
        // makes the outer type custom, so it never gets here).
        const baseIsStruct = base.kind === 'struct' || (base.kind === 'custom' && facts.types[base.name].underlying?.kind === 'struct');
        if (f.exported === false && !baseIsStruct) return;
        if (f.json === null && baseIsStruct) {
          visit(base.name, depth + 1, idx, [...goPath, f.go], new Set([...seen, key]));
          return;
        }
      } else if (f.exported === false) return;
      found.push({ name: f.json ?? f.go, tagged: f.json !== null, depth, index: idx, field: f, goPath: [...goPath, f.go], owner: key });
    });
  };
  visit(typeKey, 0, [], [], new Set());
  const byName = new Map();
  for (const f of found) {
    if (!byName.has(f.name)) byName.set(f.name, []);
    byName.get(f.name).push(f);
  }
  const out = [];
  for (const [, group] of byName) {
    const min = Math.min(...group.map((g) => g.depth));
    const shallow = group.filter((g) => g.depth === min);
    if (shallow.length === 1) out.push(shallow[0]);
    else {
      const tagged = shallow.filter((g) => g.tagged);
      if (tagged.length === 1) out.push(tagged[0]);
    }
  }
  out.sort((a, b) => cmpIndex(a.index, b.index));
  return out;
}

function cmpIndex(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function structFieldsOf(facts, key) {
  const t = facts.types[key];
  if (t === undefined) throw new Error(`facts: no type ${key}`);
  if (t.fields === undefined) throw new Error(`facts: ${key} has no fields`);
  return t.fields;
}

// ---------------------------------------------------------------------------------------------
// JSON Schema

const NULLABLE = (t) => ({ type: [t, 'null'] });

class SchemaGen {
  constructor(facts) {
    this.facts = facts;
    this.defs = {};
  }
  /** Schema of a value of the given TypeRef, as encoding/json decodes it. */
  of(ref, opts = {}) {
    const comment = ref.go;
    const s = this.bare(ref, opts);
    if (comment !== undefined && s.$ref === undefined) s.$comment = comment;
    return s;
  }
  bare(ref, { quoted = false } = {}) {
    const k = ref.kind;
    if (quoted && (k === 'bool' || k === 'string' || k in INT_BITS || k in UINT_BITS || k in FLOAT_BITS || k === 'duration')) {
      // `,string`: the value must be a JSON string holding the literal (or null).
      return { ...NULLABLE('string'), description: 'Quoted (json ",string"): a string holding the value.' };
    }
    if (k === 'bool') return NULLABLE('boolean');
    if (k === 'string') return NULLABLE('string');
    if (k in INT_BITS || k in UINT_BITS) {
      const [min, max] = intRange(k);
      return { ...NULLABLE('integer'), minimum: min, maximum: max };
    }
    if (k === 'duration') {
      const [min, max] = intRange('int64');
      return { ...NULLABLE('integer'), minimum: min, maximum: max, description: 'time.Duration: a JSON number of nanoseconds (int64), not a string like "5s".' };
    }
    if (k === 'float32') return { ...NULLABLE('number'), minimum: -MAX_FLOAT32, maximum: MAX_FLOAT32 };
    if (k === 'float64') return NULLABLE('number');
    if (k === 'complex64' || k === 'complex128' || k === 'func' || k === 'chan') return { type: 'null', description: `Go cannot decode JSON into a ${k}: only null is accepted.` };
    if (k === 'interface') {
      if (ref.methods !== undefined && ref.methods > 0) return { type: 'null', description: 'A non-empty Go interface: only null is accepted.' };
      return {};
    }
    if (k === 'ptr') return this.of(ref.elem);
    if (k === 'slice') {
      if (ref.elem.kind === 'uint8') {
        return { ...NULLABLE('string'), contentEncoding: 'base64', pattern: '^(?:[A-Za-z0-9+/\\r\\n]{4})*(?:[A-Za-z0-9+/\\r\\n]{2}==|[A-Za-z0-9+/\\r\\n]{3}=)?$' };
      }
      return { ...NULLABLE('array'), items: this.of(ref.elem) };
    }
    if (k === 'array') return { ...NULLABLE('array'), items: this.of(ref.elem) };
    if (k === 'map') {
      const s = { ...NULLABLE('object'), additionalProperties: this.of(ref.elem) };
      const key = ref.key;
      if (key.kind in INT_BITS) s.propertyNames = { pattern: '^[+-]?[0-9]+$' };
      else if (key.kind in UINT_BITS) s.propertyNames = { pattern: '^[+]?[0-9]+$' };
      else if (key.kind !== 'string' && !(key.kind === 'custom' && this.facts.types[key.name].json?.via === 'UnmarshalText')) {
        throw new Error(`map key kind ${key.kind} not supported`);
      }
      return s;
    }
    if (k === 'struct') return this.ref(ref.name);
    if (k === 'custom') {
      const t = this.facts.types[ref.name];
      const via = t.json?.via ?? 'underlying';
      const note = t.json?.accepts;
      if (via === 'UnmarshalJSON') {
        const s = t.json?.schema !== undefined ? structuredClone(t.json.schema) : {};
        if (note !== undefined) s.description = `${ref.go ?? t.go}: ${note}`;
        return s;
      }
      if (via === 'UnmarshalText') return { ...NULLABLE('string'), ...(note !== undefined ? { description: `${t.go}: ${note}` } : {}) };
      if (t.underlying?.kind === 'struct') return this.ref(ref.name);
      return this.of(t.underlying);
    }
    throw new Error(`unknown kind ${k}`);
  }
  ref(key) {
    if (!(key in this.defs)) {
      this.defs[key] = null; // placeholder against recursion
      this.defs[key] = this.struct(key);
    }
    return { $ref: `#/$defs/${key}` };
  }
  struct(key) {
    const t = this.facts.types[key];
    const properties = {};
    for (const f of jsonFields(this.facts, key)) {
      const quoted = (f.field.jsonOptions ?? []).includes('string');
      properties[f.name] = this.of(f.field.type, { quoted });
    }
    return { ...NULLABLE('object'), $comment: t.go, additionalProperties: true, properties };
  }
}

function genSchema(facts, version) {
  const g = new SchemaGen(facts);
  const root = g.struct(facts.root);
  const src = facts.source;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://extsvc.dev/schemas/tyk-config-${version}.schema.json`,
    title: `Tyk Gateway tyk.conf (gateway ${version})`,
    description: `Generated by scripts/gen-config-schema.mjs from schemas/facts/tyk-config-${version}.json (${src.repo} ${src.tag ?? ''} ${src.commit}); do not edit. ` +
      'Types are those Go\'s encoding/json accepts: null everywhere (it leaves the value as it was), integers in the range of their Go kind, ' +
      'unknown keys ignored (additionalProperties: true), keys matched case-insensitively by the gateway (fold keys before validating). ' +
      '$comment holds the Go type.',
    ...root,
    $defs: g.defs,
  };
}

// ---------------------------------------------------------------------------------------------
// envconfig v1.4.0

const GATHER_RE = /([^A-Z]+|[A-Z]+[^A-Z]+|[A-Z]+)/g;
const ACRONYM_RE = /^([A-Z]+)([A-Z][^A-Z]+)$/;

/** envconfig's `split_words` key for a field name. */
function splitWords(name) {
  const words = name.match(GATHER_RE) ?? [];
  if (words.length === 0) return name;
  const parts = [];
  for (const w of words) {
    const m = ACRONYM_RE.exec(w);
    if (m !== null) parts.push(m[1], m[2]);
    else parts.push(w);
  }
  return parts.join('_');
}

/** Which decoding interface envconfig uses for a value of this type (Decoder > Setter > TextUnmarshaler > BinaryUnmarshaler). */
function envDecoder(facts, ref) {
  const base = ref.kind === 'ptr' ? ref.elem : ref;
  if (base.kind !== 'custom') return null;
  const t = facts.types[base.name];
  const via = t.env?.via ?? 'underlying';
  return via === 'underlying' ? null : { type: base.name, ...t.env };
}

/** The conversion envconfig's processField applies to a value of this type. */
function conversion(facts, ref) {
  const dec = envDecoder(facts, ref);
  if (dec !== null) {
    return { parse: 'custom', method: dec.via, goType: ref.go, ...(dec.accepts ? { accepts: dec.accepts } : {}), ...(dec.format ? { format: dec.format } : {}) };
  }
  let r = ref;
  let pointer = false;
  if (r.kind === 'ptr') { pointer = true; r = r.elem; }
  if (r.kind === 'custom') {
    const t = facts.types[r.name];
    r = t.underlying?.kind === 'struct' ? { kind: 'struct', name: r.name, go: r.go } : { ...t.underlying, go: r.go };
  }
  const out = { goType: ref.go };
  if (pointer) out.pointer = true;
  const k = r.kind;
  if (k === 'string') return { ...out, parse: 'string', kind: 'string' };
  if (k === 'bool') return { ...out, parse: 'bool', kind: 'bool' };
  if (k === 'duration') return { ...out, parse: 'duration', kind: 'int64' };
  if (k in INT_BITS) return { ...out, parse: 'int', kind: k, bits: INT_BITS[k] };
  if (k in UINT_BITS) return { ...out, parse: 'uint', kind: k, bits: UINT_BITS[k] };
  if (k in FLOAT_BITS) return { ...out, parse: 'float', kind: k, bits: FLOAT_BITS[k] };
  if (k === 'slice') {
    if (r.elem.kind === 'uint8') return { ...out, parse: 'bytes', kind: 'slice' };
    return { ...out, parse: 'slice', kind: 'slice', elem: conversion(facts, r.elem) };
  }
  if (k === 'map') return { ...out, parse: 'map', kind: 'map', key: conversion(facts, r.key), elem: conversion(facts, r.elem) };
  // struct (only as a slice or map element), interface, array, func, chan, complex: no case in
  // processField, so the value is accepted and nothing is set.
  return { ...out, parse: 'none', kind: k === 'ptr' ? 'ptr' : k };
}

/**
 * The variables envconfig's gatherInfo builds for a struct, in order. `path` is the key path in
 * the file (json tags, or yaml tags for the jaeger loader), null when the file cannot set the
 * field (json:"-", or a name dropped by encoding/json's dominance rules).
 */
function envVars(facts, rootKey, prefix, pathTag, allocated = []) {
  const out = [];
  const scopeOf = (key) => new Map(pathTag === 'json' ? jsonFields(facts, key).map((f) => [f.goPath.join('.'), f.name]) : []);
  const walk = (key, keyPrefix, jsonPath, goPath, reachable, scope, rel) => {
    for (const f of structFieldsOf(facts, key)) {
      if (f.exported === false || f.ignored === true) continue;
      let ref = f.type;
      let allocates = false;
      if (ref.kind === 'ptr' && isStructLike(facts, ref.elem)) { ref = ref.elem; allocates = true; }
      let part = f.splitWords === true ? splitWords(f.go) : f.go;
      const alt = f.envconfig !== undefined && f.envconfig !== '' ? f.envconfig.toUpperCase() : undefined;
      if (alt !== undefined) part = alt;
      const name = (keyPrefix !== '' ? `${keyPrefix}_${part}` : part).toUpperCase();
      const relPath = [...rel, f.go];
      const embeddedFlat = f.embedded === true && (pathTag === 'json' ? f.json === null : yamlInline(f));
      const fieldKey = pathTag === 'json' ? scope.get(relPath.join('.')) : yamlName(f);
      const isStruct = ref.kind === 'struct' || (ref.kind === 'custom' && envDecoder(facts, ref) === null && facts.types[ref.name].underlying?.kind === 'struct');
      if (isStruct) {
        // An embedded struct keeps its parent's prefix (and, untagged, its JSON scope); a named one adds its own.
        const childPrefix = f.embedded === true ? keyPrefix : name;
        if (allocates) allocated.push([...goPath, f.go].join('.'));
        if (embeddedFlat) walk(ref.name, childPrefix, jsonPath, [...goPath, f.go], reachable, scope, relPath);
        else walk(ref.name, childPrefix, [...jsonPath, fieldKey], [...goPath, f.go], reachable && fieldKey !== undefined, scopeOf(ref.name), []);
        continue;
      }
      const v = {
        name,
        goPath: [...goPath, f.go].join('.'),
        path: reachable && fieldKey !== undefined ? [...jsonPath, fieldKey] : null,
        ...conversion(facts, f.type),
      };
      if (allocates) v.allocates = true;
      if (alt !== undefined) v.alsoReads = alt;
      if (f.default !== undefined) v.default = f.default;
      if (f.required === true) v.required = true;
      out.push(v);
    }
  };
  walk(rootKey, prefix, [], [facts.types[rootKey].go.replace(/^.*\./, '')], true, scopeOf(rootKey), []);
  return out;
}

function isStructLike(facts, ref) {
  return ref.kind === 'struct' || (ref.kind === 'custom' && facts.types[ref.name].underlying?.kind === 'struct');
}

function yamlTag(f) {
  if (f.tag === undefined) return undefined;
  const m = /(?:^|\s)yaml:"([^"]*)"/.exec(f.tag);
  return m === null ? undefined : m[1];
}
function yamlName(f) {
  const t = yamlTag(f);
  const nm = t === undefined ? '' : t.split(',')[0];
  if (nm === '-') return undefined;
  return nm !== '' ? nm : f.go.toLowerCase();
}
function yamlInline(f) {
  const t = yamlTag(f);
  return t !== undefined && t.split(',').slice(1).includes('inline');
}

function genEnv(facts, version) {
  const prefix = facts.decoders.envPrefix;
  const src = facts.source;
  const allocated = [];
  const variables = envVars(facts, facts.root, prefix, 'json', allocated);
  const conditional = (facts.extraRoots ?? []).map((r) => {
    const alloc = [];
    const vars = envVars(facts, r.root, r.envPrefix, r.pathTag ?? 'json', alloc);
    return { loader: r.name, when: r.when, source: r.source, pathRelativeTo: r.pathPrefix ?? [], allocates: alloc, variables: vars };
  });
  return {
    version,
    generatedFrom: `schemas/facts/tyk-config-${version}.json`,
    source: { repo: src.repo, commit: src.commit, ...(src.tag ? { tag: src.tag } : {}) },
    decoder: facts.decoders.env,
    prefix,
    rules: {
      order: 'variables are listed in the order envconfig applies them (struct field order, depth first); a later one overwrites an earlier one for the same field',
      set: 'a variable that is set (even to the empty string) is converted and overrides the file; unset variables change nothing',
      error: 'a value that does not convert is a ParseError: the gateway stops at start',
      string: 'the value as is',
      bool: 'strconv.ParseBool: 1 t T TRUE true True 0 f F FALSE false False; anything else (including empty) is an error',
      int: 'strconv.ParseInt(value, 0, bits): Go integer literal syntax with an optional sign: 0x 0o 0b prefixes, a leading 0 means octal ("010" is 8), underscores between digits ("1_000"); no spaces; out of range is an error',
      uint: 'strconv.ParseUint(value, 0, bits): as int, but no sign',
      float: 'strconv.ParseFloat(value, bits): Go float syntax (also hex floats, underscores between digits, Inf, NaN); no spaces; out of range is an error',
      duration: 'time.ParseDuration (e.g. "300ms", "1h30m"); a bare number other than 0 is an error',
      slice: 'strings.Split(value, ",") with no trimming, each element converted by its own rule; a blank value (only spaces) gives an empty slice',
      bytes: '[]byte(value): the raw bytes, not split',
      map: 'strings.Split(value, ","), then each item must hold exactly one ":" (strings.Split(item, ":") gives 2 parts; so "k:http://x" is an error), key and value converted by their rules with no trimming; a blank value (only spaces) gives an empty map',
      custom: 'the type\'s own method (Decode, Set, UnmarshalText or UnmarshalBinary, in that order of precedence): see accepts',
      none: 'no conversion applies to this kind: the value is accepted and nothing is set (slice and map elements become zero values)',
      allocates: 'nil pointers to structs that envconfig allocates whether or not any variable is set (the top-level list, and a variable\'s own flag)',
      alsoReads: 'with an envconfig tag, the bare name (without the prefix) is read when the prefixed one is unset',
    },
    allocates: allocated,
    variables,
    conditional,
    special: facts.envSpecial ?? [],
  };
}

// ---------------------------------------------------------------------------------------------

function main() {
  const args = process.argv.slice(2);
  let out = join(ROOT, 'schemas');
  const files = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out') out = args[++i];
    else files.push(args[i]);
  }
  if (files.length === 0) {
    process.stderr.write('usage: node scripts/gen-config-schema.mjs schemas/facts/tyk-config-<version>.json [--out <dir>]\n');
    process.exit(2);
  }
  mkdirSync(out, { recursive: true });
  for (const file of files) {
    const m = /^tyk-config-(.+)\.json$/.exec(basename(file));
    if (m === null) throw new Error(`${file}: expected a name tyk-config-<version>.json`);
    const version = m[1];
    const facts = JSON.parse(readFileSync(file, 'utf8'));
    const schema = genSchema(facts, version);
    const env = genEnv(facts, version);
    writeFileSync(join(out, `tyk-config-${version}.schema.json`), stableStringify(schema) + '\n');
    writeFileSync(join(out, `tyk-config-${version}.env.json`), stableStringify(env) + '\n');
    process.stderr.write(`${version}: ${Object.keys(schema.$defs).length + 1} object types, ${env.variables.length} variables (+${env.conditional.reduce((a, c) => a + c.variables.length, 0)} conditional)\n`);
  }
}

main();
