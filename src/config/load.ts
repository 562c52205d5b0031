/**
 * bytes → tree with offsets → the value Go's encoding/json would decode (SEMANTICS.md §2).
 *
 * jsonc-parser gives the tree and positions (tolerantly, so a file with a comment can still be
 * checked further); goJsonScan decides what the gateway's strict decoder accepts; the schema,
 * through ajv, decides type errors and unknown keys on the canonical (case-folded,
 * last-duplicate-wins) view of the file.
 */
import { Buffer, isAscii } from 'node:buffer';
import type { Node } from 'jsonc-parser';
import { buildTree, cutTree, type Placeholder, type TreeResult } from './tree.js';
import type { JsonPath, Span } from '../types.js';
import { LineIndex } from './position.js';
import { goJsonScan, byteOffsetToUtf16 } from '../go/json.js';
import { bindKey } from '../go/fold.js';
import { deref, fileSchema as defaultFileSchema, isGoField, types, validateFile, type FileSchema, type RootSchema, type SchemaError, type SchemaNode } from './schema.js';
import { zeroExternalServices, type ExternalServicesConfig, type MTLSConfig, type ProxyConfig } from '../gateway/model.js';
import { SERVICES } from '../types.js';
import { InputError } from '../errors.js';

/** Object keys a config may hold (README, "Limits"): bounds the memory of every view of it. */
export const MAX_CONFIG_KEYS = 100_000;

export type SyntaxCode = 'JSON_SYNTAX' | 'JSON_COMMENT' | 'JSON_TRAILING_COMMA' | 'JSON_BOM' | 'JSON_TRAILING_CONTENT' | 'TEMPLATE_PLACEHOLDER';

export interface SyntaxIssue {
  code: SyntaxCode;
  span: Span;
  /** For JSON_SYNTAX: what is wrong, in Go's words; for the first TEMPLATE_PLACEHOLDER, Go's error at it. */
  detail?: string;
  /** For TEMPLATE_PLACEHOLDER. */
  placeholder?: Placeholder;
}

export interface LoadOptions {
  /**
   * --placeholders: read a template's bare placeholders as values of the expected type, so that
   * the rest of it is checked as if it were rendered. Without it, nothing after the first
   * placeholder is read (the gateway's decoder stops there).
   */
  placeholders?: boolean;
}

/** 'placeholder': a template placeholder read as a value (--placeholders). */
export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'placeholder';

/** One key as written in the file. */
export interface KeyOccurrence {
  /** Canonical path for known keys; for unknown keys the parent's canonical path plus the raw key. */
  path: JsonPath;
  rawKey: string;
  /** The field the key binds to, or undefined when the gateway ignores the key. */
  canonicalKey: string | undefined;
  keySpan: Span;
  valueSpan: Span;
  valueKind: JsonKind;
  /** A later occurrence of the same field in the same object replaces this one. */
  shadowedBy: Span | undefined;
  /** An earlier occurrence of the same field in the same object. */
  duplicateOf: Span | undefined;
  /** Both occurrences are objects: Go merges them field by field. */
  mergedWithPrevious: boolean;
}

export interface TypeMismatch {
  path: JsonPath;
  span: Span;
  expected: string;
  actual: JsonKind;
  /** What the gateway logs. */
  goMessage: string;
}

/** The occurrence of a field that wins (last one; objects merge, so for objects the last too). */
export interface FieldSite {
  path: JsonPath;
  keySpan: Span;
  valueSpan: Span;
}

export interface UnknownKey {
  path: JsonPath;
  keySpan: Span;
  /** The keys the gateway knows at that place, for a did-you-mean. */
  known: string[];
  /** Where else in the file the gateway reads a key of this name (dotted paths), when it does. Shared: never modified. */
  elsewhere: string[];
}

/** storage.ssl_insecure_skip_verify, ca_file, cert_file, key_file, tls_min_version, tls_max_version as decoded. */
export interface StorageTlsFile {
  sslInsecureSkipVerify: boolean;
  caFile: string;
  certFile: string;
  keyFile: string;
  tlsMinVersion: string;
  tlsMaxVersion: string;
}

export interface LoadedConfig {
  file: string;
  /** jsonc-parser's tolerant tree (undefined for an empty file). */
  tree: Node | undefined;
  /** Keys the gateway does not know where they stand (it ignores them). */
  unknownKeys: UnknownKey[];
  /**
   * Objects the file does not give in full: cut by a syntax error (nothing after it is read), or
   * holding a placeholder read as a value. Findings that combine their settings would be guesses.
   */
  incomplete: JsonPath[];
  /** Every key the schema knows, at any level (the words of the configuration, for did-you-mean). */
  schemaKeys: readonly string[];
  /** Template placeholders read as values (--placeholders): null nodes of the tree. */
  placeholderNodes: ReadonlySet<Node>;
  text: string;
  index: LineIndex;
  syntax: SyntaxIssue[];
  /** Why the gateway discards the whole file (syntax or type error), in Go's words; null when it loads. */
  rejectReason: string | null;
  occurrences: KeyOccurrence[];
  typeErrors: TypeMismatch[];
  /** Known fields by dotted canonical path ("external_services.oauth.mtls.enabled"). */
  fields: Map<string, FieldSite>;
  /** What Go decodes into the block, even when the gateway then discards it. */
  externalServices: ExternalServicesConfig;
  jwtSslInsecureSkipVerify: boolean;
  proxySslInsecureSkipVerify: boolean;
  storageUseSsl: boolean;
  /** storage's own TLS settings, which the Redis connection uses when storage.mtls is not in force. */
  storageTls: StorageTlsFile;
  /** storage.type as decoded ("" when absent): the gateway exits at start unless it is "redis". */
  storageType: string;
  /**
   * Top-level keys the schema documents but the gateway does not read (legacy http_proxy /
   * https_proxy): their raw value (null for an object or array) and where the last one stands.
   */
  legacyProxy: Partial<Record<'http_proxy' | 'https_proxy', LegacyKey>>;
}

export interface LegacyKey {
  value: unknown;
  keySpan: Span;
  valueSpan: Span;
}

export function pathKey(path: JsonPath): string {
  return path.join('.');
}

const NO_NODES: ReadonlySet<Node> = new Set();

function kindOf(n: Node, placeholders: ReadonlySet<Node> = NO_NODES): JsonKind {
  if (placeholders.has(n)) return 'placeholder';
  return n.type === 'null' ? 'null' : n.type === 'property' ? 'object' : (n.type as JsonKind);
}

function goKind(k: JsonKind): string {
  return k === 'boolean' ? 'bool' : k;
}

interface Walk {
  root: RootSchema;
  text: string;
  index: LineIndex;
  occurrences: KeyOccurrence[];
  fields: Map<string, FieldSite>;
  /** Canonical path → value node, for mapping ajv errors back to the file. */
  nodes: Map<string, { node: Node; keyNode?: Node }>;
  /** Shadowed duplicates: validated separately, since Go decodes them too. */
  shadowed: { path: JsonPath; node: Node }[];
  typeErrors: TypeMismatch[];
  unknownKeys: UnknownKey[];
  legacyProxy: LoadedConfig['legacyProxy'];
  placeholders: ReadonlySet<Node>;
  /** Containers a syntax error cuts through. */
  cut: ReadonlySet<Node>;
  incomplete: JsonPath[];
}

function span(w: Walk, n: Node): Span {
  return w.index.span(n.offset, n.length);
}

function pointerOf(path: JsonPath): string {
  let out = '';
  for (const p of path) {
    const k = String(p);
    out += '/' + (k.includes('~') || k.includes('/') ? k.replace(/~/g, '~0').replace(/\//g, '~1') : k);
  }
  return out;
}

/** What Go's error names: the innermost struct, the field path from the root, the field's Go type. */
function goContext(root: RootSchema, path: JsonPath): { struct: string; fields: string; goType: string } {
  let s: SchemaNode | undefined = root;
  let struct = deref(root, root).$comment ?? 'config.Config';
  let goType = struct;
  const fields: string[] = [];
  for (const p of path) {
    if (s === undefined) break;
    const d: SchemaNode = deref(s, root);
    if (typeof p === 'number') {
      s = d.items;
    } else if (d.properties !== undefined) {
      struct = d.$comment ?? struct;
      fields.push(p);
      s = d.properties[p];
    } else {
      // A map value: Go names the map field.
      s = typeof d.additionalProperties === 'object' ? d.additionalProperties : undefined;
    }
    if (s !== undefined) goType = deref(s, root).$comment ?? goType;
  }
  return { struct: struct.replace(/^config\./, ''), fields: fields.join('.'), goType };
}

function goTypeMessage(root: RootSchema, path: JsonPath, actual: string): string {
  if (path.length === 0) return `json: cannot unmarshal ${actual} into Go value of type ${deref(root, root).$comment ?? 'config.Config'}`;
  const c = goContext(root, path);
  return `json: cannot unmarshal ${actual} into Go struct field ${c.struct}.${c.fields} of type ${c.goType}`;
}

function typeError(w: Walk, path: JsonPath, n: Node, expected: string, actual: string): void {
  w.typeErrors.push({ path, span: span(w, n), expected, actual: kindOf(n), goMessage: goTypeMessage(w.root, path, actual) });
}

/**
 * Go's decoder on one value against its field's kind: JSON null always fits; integers must be
 * integer literals (no fraction, no exponent) within the Go type's range, checked on the literal
 * text so that bounds past 2^53 are exact.
 */
function checkKind(w: Walk, n: Node, sch: SchemaNode, path: JsonPath): boolean {
  const t = types(sch, w.root).filter((x) => x !== 'null');
  if (t.length === 0 || n.type === 'null') return true;
  const k = kindOf(n);
  const want = t[0];
  const fits = want === 'integer' || want === 'number' ? k === 'number' : want === k;
  if (!fits) {
    typeError(w, path, n, want === 'integer' ? 'integer' : want, goKind(k));
    return false;
  }
  if (want === 'integer') {
    const literal = w.text.slice(n.offset, n.offset + n.length);
    const d = deref(sch, w.root);
    // Go reads an unsigned field with strconv.ParseUint, which refuses any sign, "-0" included.
    let ok = /^-?(0|[1-9]\d*)$/.test(literal) && !(literal.startsWith('-') && d.minimum !== undefined && d.minimum >= 0);
    if (ok && d.minimum !== undefined && d.maximum !== undefined) {
      if (literal.length <= 15) {
        // Below 10^15, the value is exact as a double, and so is any bound it could cross
        // (int32, uint16, …); the 64-bit bounds are far beyond it. The common case, without BigInt.
        const v = Number(literal);
        ok = v >= d.minimum && v <= d.maximum;
      } else {
        const v = BigInt(literal);
        // Bounds are written as exact digits; JSON.parse rounded them past 2^53, so re-read the nearest exact ones.
        ok = v >= exactBound(d.minimum) && v <= exactBound(d.maximum);
      }
    }
    if (!ok) {
      typeError(w, path, n, 'integer', `number ${literal}`);
      return false;
    }
  }
  return true;
}

const EXACT: Record<string, bigint> = {
  [String(2 ** 63)]: 2n ** 63n - 1n, [String(-(2 ** 63))]: -(2n ** 63n), [String(2 ** 64)]: 2n ** 64n - 1n,
};

function exactBound(v: number): bigint {
  return EXACT[String(v)] ?? BigInt(v);
}

/**
 * Builds the canonical value Go would see: keys bound case-insensitively, the last duplicate
 * winning, duplicate objects merged, null a no-op except for slices and maps; and checks each
 * value's Go kind on the way.
 */
// Per schema object: the same struct meets every element of an array of objects. The lists are
// shared (UnknownKey.known): never modified.
const goFieldCache = new WeakMap<SchemaNode, string[]>();

function goFields(s: SchemaNode, props: Record<string, SchemaNode>): string[] {
  let known = goFieldCache.get(s);
  if (known === undefined) {
    known = Object.keys(props).filter((k) => isGoField(props[k]));
    goFieldCache.set(s, known);
  }
  return known;
}

const fieldPlaces = new WeakMap<RootSchema, Map<string, string[]>>();
const NOWHERE: string[] = [];
const allKeys = new WeakMap<RootSchema, readonly string[]>();

/** Every key the schema knows, at any level, sorted: once per schema. */
function keysOf(root: RootSchema): readonly string[] {
  let keys = allKeys.get(root);
  if (keys === undefined) {
    keys = [...placesOf(root).keys()].sort();
    allKeys.set(root, keys);
  }
  return keys;
}

/**
 * Every struct field of the schema by lower-cased JSON key: the dotted paths that read it (array
 * elements as "[]"). Built once per schema, for "it belongs at …".
 */
function placesOf(root: RootSchema): Map<string, string[]> {
  let places = fieldPlaces.get(root);
  if (places !== undefined) return places;
  places = new Map();
  const stack: { node: SchemaNode; path: string; depth: number }[] = [{ node: root, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    const d = deref(node, root);
    if (depth > 16) continue;
    if (d.items !== undefined) stack.push({ node: d.items, path: `${path}[]`, depth: depth + 1 });
    if (d.properties === undefined) continue;
    for (const [k, child] of Object.entries(d.properties)) {
      if (!isGoField(child)) continue;
      const at = path === '' ? k : `${path}.${k}`;
      const key = k.toLowerCase();
      const list = places.get(key);
      if (list === undefined) places.set(key, [at]);
      else list.push(at);
      stack.push({ node: child, path: at, depth: depth + 1 });
    }
  }
  for (const list of places.values()) list.sort();
  fieldPlaces.set(root, places);
  return places;
}

function canon(w: Walk, n: Node, sch: SchemaNode | undefined, path: JsonPath, into?: unknown): unknown {
  const s = sch === undefined ? undefined : deref(sch, w.root);
  if (s !== undefined && path.length > 0 && !checkKind(w, n, s, path)) return n.type === 'object' ? {} : n.type === 'array' ? [] : (n.value ?? null);
  if (path.length > 0 && (w.cut.has(n) || (w.placeholders.size > 0 && n.children?.some((c) => w.placeholders.has(c.children?.[1] ?? c))))) w.incomplete.push(path);
  if (n.type === 'object' && s !== undefined && s.properties !== undefined) {
    const props = s.properties;
    const known = goFields(s, props);
    const out: Record<string, unknown> = into !== null && typeof into === 'object' && !Array.isArray(into) ? (into as Record<string, unknown>) : {};
    const lastSeen = new Map<string, KeyOccurrence>();
    for (const prop of n.children ?? []) {
      const [keyNode, valueNode] = prop.children ?? [];
      if (keyNode === undefined || valueNode === undefined) continue;
      const raw = String(keyNode.value);
      const bound = bindKey(raw, known);
      const childPath = [...path, bound ?? raw];
      const occ: KeyOccurrence = {
        path: childPath, rawKey: raw, canonicalKey: bound, keySpan: span(w, keyNode), valueSpan: span(w, valueNode),
        valueKind: kindOf(valueNode, w.placeholders), shadowedBy: undefined, duplicateOf: undefined, mergedWithPrevious: false,
      };
      w.occurrences.push(occ);
      if (bound === undefined) {
        // Not a Go field: skipped whatever its type. A key the schema documents as not read
        // (legacy http_proxy / https_proxy, exact spelling) is kept for the legacy rules.
        if (path.length === 0 && (raw === 'http_proxy' || raw === 'https_proxy')) {
          w.legacyProxy[raw] = { value: valueNode.type === 'object' || valueNode.type === 'array' ? null : valueNode.value, keySpan: occ.keySpan, valueSpan: occ.valueSpan };
        } else {
          w.unknownKeys.push({ path: childPath, keySpan: occ.keySpan, known, elsewhere: placesOf(w.root).get(raw.toLowerCase()) ?? NOWHERE });
        }
        continue;
      }
      const childSch = props[bound];
      const prev = lastSeen.get(bound);
      const existing = out[bound];
      const mergesObject = valueNode.type === 'object' && existing !== null && typeof existing === 'object' && !Array.isArray(existing);
      if (prev !== undefined) {
        occ.duplicateOf = prev.keySpan;
        occ.mergedWithPrevious = mergesObject;
      }
      if (prev !== undefined && !mergesObject) {
        prev.shadowedBy = occ.keySpan;
        const prevNode = w.nodes.get(pointerOf(childPath));
        if (prevNode !== undefined && prevNode.node.type !== 'null') w.shadowed.push({ path: childPath, node: prevNode.node });
      }
      lastSeen.set(bound, occ);
      if (valueNode.type === 'null' && existing !== undefined && !isNilable(childSch, w.root)) continue;
      out[bound] = canon(w, valueNode, childSch, childPath, mergesObject ? existing : undefined);
      w.nodes.set(pointerOf(childPath), { node: valueNode, keyNode });
      w.fields.set(pathKey(childPath), { path: childPath, keySpan: occ.keySpan, valueSpan: occ.valueSpan });
    }
    return out;
  }
  if (n.type === 'object' && s !== undefined && isMap(s, w.root)) {
    // A Go map: keys as written (no case folding), values of one type; the last duplicate wins.
    const valueSch = s.additionalProperties as SchemaNode;
    for (const prop of n.children ?? []) {
      const [keyNode, valueNode] = prop.children ?? [];
      if (keyNode === undefined || valueNode === undefined) continue;
      canon(w, valueNode, valueSch, [...path, String(keyNode.value)]);
    }
    return {};
  }
  if (n.type === 'array') {
    const itemSch = s?.items;
    // Only the element type matters where the schema has no items: no descent, so nesting depth
    // costs nothing.
    if (itemSch === undefined) return [];
    return (n.children ?? []).map((c, i) => {
      w.nodes.set(pointerOf([...path, i]), { node: c });
      return canon(w, c, itemSch, [...path, i]);
    });
  }
  if (n.type === 'object') return {};
  return n.value ?? null;
}

/** A slice or a map: what a JSON null resets (for anything else Go leaves the value as it was). */
function isNilable(sch: SchemaNode, root: RootSchema): boolean {
  return types(sch, root).some((t) => t === 'array') || isMap(sch, root);
}

function isMap(sch: SchemaNode, root: RootSchema): boolean {
  const d = deref(sch, root);
  return d.properties === undefined && typeof d.additionalProperties === 'object';
}

function describeExpected(e: SchemaError): string {
  const t = (e.params as { type?: string | string[] }).type;
  const list = (Array.isArray(t) ? t : [t ?? '?']).filter((x) => x !== 'null');
  return list.join(' or ');
}

/** ajv's type errors on the block, mapped back to the file. */
function collectSchemaErrors(w: Walk, errors: readonly SchemaError[]): void {
  for (const e of errors) {
    if (e.keyword !== 'type') continue;
    const rel = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const path: JsonPath = rel.map((p, i) => (/^\d+$/.test(p) && i > 0 ? Number(p) : p));
    const site = w.nodes.get(pointerOf(path));
    if (site === undefined) continue;
    typeError(w, path, site.node, describeExpected(e), goKind(kindOf(site.node)));
  }
}

function schemaAtPath(root: RootSchema, path: JsonPath): SchemaNode | undefined {
  let s: SchemaNode | undefined = root;
  for (const p of path) {
    if (s === undefined) return undefined;
    const d: SchemaNode = deref(s, root);
    s = typeof p === 'number' ? d.items : d.properties !== undefined ? d.properties[p] : typeof d.additionalProperties === 'object' ? d.additionalProperties : undefined;
  }
  return s;
}

interface SyntaxResult {
  issues: SyntaxIssue[];
  /** Go's first error, as the gateway logs it; null when the file decodes. */
  goError: string | null;
  /** Where the text stops being read as the gateway would (UTF-16 offset), or null. */
  cutAt: number | null;
}

/**
 * What the gateway's decoder says, and what the file would give once the things a tolerant reader
 * can undo exactly were fixed: a BOM, comments, trailing commas and template placeholders. Every
 * issue is found by Go's scanner (goJsonScan): first on the file as it is (its first error is the
 * gateway's), then, when that error is one of those things, on a copy with all of them blanked
 * out, which finds the next real syntax error in Go's words. Nothing past a real syntax error is
 * reported or read: a tolerant parser's tree beyond it is a guess.
 */
function syntaxIssues(text: string, bytes: Uint8Array, index: LineIndex, tree: TreeResult, placeholderMode: boolean): SyntaxResult {
  const issues: SyntaxIssue[] = [];
  const mk = (code: SyntaxCode, offset: number, length: number, detail?: string): SyntaxIssue =>
    detail === undefined ? { code, span: index.span(offset, length) } : { code, span: index.span(offset, length), detail };
  const bom = text.charCodeAt(0) === 0xfeff;
  if (bom) issues.push(mk('JSON_BOM', 0, 1));

  const scan = goJsonScan(bytes);
  if (scan.error === null) {
    if (scan.trailing !== null) {
      const at = byteOffsetToUtf16(text, bytes, scan.trailing.start);
      issues.push(mk('JSON_TRAILING_CONTENT', at, text.length - at));
    }
    return { issues, goError: null, cutAt: null };
  }
  const goError = scan.error.message;
  const goAt = byteOffsetToUtf16(text, bytes, scan.error.offset);
  // A trailing comma makes Go fail at the bracket after it: the comma explains that error too.
  const closer = (at: number): number => {
    let j = at + 1;
    while (j < text.length && ' \t\r\n'.includes(text[j])) j++;
    return j - at + 1;
  };
  const undoable: { offset: number; length: number; fill: string; explains: number }[] = [
    ...(bom ? [{ offset: 0, length: 1, fill: ' ', explains: 1 }] : []),
    ...tree.comments.map((c) => ({ ...c, fill: ' ', explains: c.length })),
    ...tree.trailingCommas.map((offset) => ({ offset, length: 1, fill: ' ', explains: closer(offset) })),
    ...tree.placeholders.map((p) => ({ offset: p.offset, length: p.length, fill: '0', explains: p.length })),
  ].sort((a, b) => a.offset - b.offset);
  const within = (at: number, u: { offset: number; length: number; explains?: number }): boolean => at >= u.offset && at < u.offset + Math.max(u.explains ?? u.length, 1);
  if (!undoable.some((u) => within(goAt, u))) {
    issues.push(mk('JSON_SYNTAX', Math.min(goAt, text.length), goAt < text.length ? 1 : 0, goError));
    return { issues, goError, cutAt: goAt };
  }
  // Blank out what can be undone (same length, so offsets stay true) and scan again.
  const parts: string[] = [];
  let pos = 0;
  for (const u of undoable) {
    if (u.offset < pos) continue;
    parts.push(text.slice(pos, u.offset), u.fill + ' '.repeat(u.length - 1));
    pos = u.offset + u.length;
  }
  parts.push(text.slice(pos));
  const rendered = parts.join('');
  const renderedBytes = new TextEncoder().encode(rendered);
  const again = goJsonScan(renderedBytes);
  let stop = text.length;
  let next: SyntaxIssue | undefined;
  if (again.error !== null) {
    stop = byteOffsetToUtf16(rendered, renderedBytes, again.error.offset);
    next = mk('JSON_SYNTAX', Math.min(stop, text.length), stop < text.length ? 1 : 0, again.error.message);
  } else {
    stop = byteOffsetToUtf16(rendered, renderedBytes, again.valueEnd);
    if (again.trailing !== null) {
      const at = byteOffsetToUtf16(rendered, renderedBytes, again.trailing.start);
      next = mk('JSON_TRAILING_CONTENT', at, text.length - at);
    }
  }
  for (const c of tree.comments) if (c.offset < stop) issues.push(mk('JSON_COMMENT', c.offset, c.length));
  for (const at of tree.trailingCommas) if (at < stop) issues.push(mk('JSON_TRAILING_COMMA', at, 1));
  let firstPlaceholder: number | null = null;
  for (const p of tree.placeholders) {
    if (p.offset >= stop) break;
    firstPlaceholder ??= p.offset;
    const issue = mk('TEMPLATE_PLACEHOLDER', p.offset, p.length, within(goAt, p) ? goError : undefined);
    issue.placeholder = p;
    issues.push(issue);
  }
  if (next !== undefined) issues.push(next);
  issues.sort((a, b) => a.span.offset - b.span.offset);
  const realError = again.error === null ? null : stop;
  const cutAt = placeholderMode || firstPlaceholder === null ? realError : realError === null ? firstPlaceholder : Math.min(realError, firstPlaceholder);
  return { issues, goError, cutAt };
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
function bool(v: unknown): boolean {
  return v === true;
}
function obj(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function decodeProxy(v: unknown): ProxyConfig {
  const o = obj(v);
  return { enabled: bool(o.enabled), http_proxy: str(o.http_proxy), https_proxy: str(o.https_proxy), bypass_proxy: str(o.bypass_proxy) };
}

function decodeMTLS(v: unknown): MTLSConfig {
  const o = obj(v);
  const ids = Array.isArray(o.ca_cert_ids) ? o.ca_cert_ids.map(str) : null;
  return {
    enabled: bool(o.enabled), cert_file: str(o.cert_file), key_file: str(o.key_file), ca_file: str(o.ca_file),
    cert_id: str(o.cert_id), ca_cert_ids: ids, insecure_skip_verify: bool(o.insecure_skip_verify),
    tls_min_version: str(o.tls_min_version), tls_max_version: str(o.tls_max_version),
  };
}

/** The Go struct value of a canonical external_services object (wrong types already reported). */
export function decodeExternalServices(v: unknown): ExternalServicesConfig {
  const o = obj(v);
  const out = zeroExternalServices();
  out.global = decodeProxy(o.global);
  for (const s of SERVICES) {
    const so = obj(o[s]);
    out[s] = { proxy: decodeProxy(so.proxy), mtls: decodeMTLS(so.mtls) };
  }
  return out;
}

/**
 * UTF-32 or UTF-16 text, with or without a byte-order mark: the encoding's name (with its byte
 * order), how it was recognised, or null. UTF-32's marks are checked before UTF-16's (FF FE 00 00
 * starts with UTF-16LE's FF FE). Without a mark, the zero bytes give it away: JSON text is mostly
 * ASCII, so in UTF-16 every other byte is 0 and in UTF-32 three bytes in four.
 */
function wideEncoding(bytes: Uint8Array): { name: string; bom: boolean } | null {
  const [a, b, c, d] = bytes;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return { name: 'UTF-32LE', bom: true };
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return { name: 'UTF-32BE', bom: true };
  if (a === 0xff && b === 0xfe) return { name: 'UTF-16LE', bom: true };
  if (a === 0xfe && b === 0xff) return { name: 'UTF-16BE', bom: true };
  const n = Math.min(bytes.length, 65536) & ~3;
  if (n < 4) return null;
  const zero = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) if (bytes[i] === 0) zero[i & 3]++;
  const quads = n / 4;
  const most = (k: number): boolean => k >= quads * 0.9;
  const few = (k: number): boolean => k <= quads * 0.1;
  if (few(zero[0]) && most(zero[1]) && most(zero[2]) && most(zero[3])) return { name: 'UTF-32LE', bom: false };
  if (most(zero[0]) && most(zero[1]) && most(zero[2]) && few(zero[3])) return { name: 'UTF-32BE', bom: false };
  if (few(zero[0]) && few(zero[2]) && most(zero[1]) && most(zero[3])) return { name: 'UTF-16LE', bom: false };
  if (most(zero[0]) && most(zero[2]) && few(zero[1]) && few(zero[3])) return { name: 'UTF-16BE', bom: false };
  return null;
}

/** Not a text file at all: one finding says so, instead of a cascade of syntax errors. */
function looksBinary(bytes: Uint8Array): string | null {
  const wide = wideEncoding(bytes);
  if (wide !== null) {
    const family = wide.name.slice(0, 6);
    const how = wide.bom ? `it starts with a ${family} byte-order mark` : `no byte-order mark, but its zero bytes fall as ${wide.name}'s do`;
    return `the file is ${family} (${how}); the gateway reads UTF-8 only. Convert it, e.g. iconv -f ${wide.name} -t UTF-8`;
  }
  const head = bytes.subarray(0, 65536);
  if (head.includes(0)) return 'the file contains NUL bytes: it is binary data, not a JSON text file. Check that this is really tyk.conf';
  return null;
}

function unreadable(file: string, text: string, index: LineIndex, bytes: Uint8Array, why: string): LoadedConfig {
  const scan = goJsonScan(bytes);
  const goError = scan.error?.message ?? 'invalid JSON';
  const at = scan.error === null ? 0 : Math.min(byteOffsetToUtf16(text, bytes, scan.error.offset), text.length);
  return {
    file, tree: undefined, unknownKeys: [], incomplete: [], schemaKeys: [], placeholderNodes: new Set(), text, index,
    syntax: [{ code: 'JSON_SYNTAX', span: index.span(at, at < text.length ? 1 : 0), detail: `${goError}; ${why}` }],
    rejectReason: goError, occurrences: [], typeErrors: [], fields: new Map(),
    externalServices: zeroExternalServices(), jwtSslInsecureSkipVerify: false, proxySslInsecureSkipVerify: false,
    storageUseSsl: false, storageTls: { sslInsecureSkipVerify: false, caFile: '', certFile: '', keyFile: '', tlsMinVersion: '', tlsMaxVersion: '' }, storageType: '', legacyProxy: {},
  };
}

let utf8: TextDecoder | undefined;

/** Decodes UTF-8 bytes the way the rest of the tool sees them (invalid sequences become U+FFFD). */
export function decodeText(bytes: Uint8Array): string {
  // Most tyk.conf files are ASCII, which is its own decoding: Node's native check and copy.
  if (isAscii(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  utf8 ??= new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  return utf8.decode(bytes);
}

export function loadConfig(file: string, bytes: Uint8Array, fileSchema: FileSchema = defaultFileSchema(), options: LoadOptions = {}): LoadedConfig {
  const text = decodeText(bytes);
  const index = new LineIndex(text);
  const binary = looksBinary(bytes);
  if (binary !== null) return unreadable(file, text, index, bytes, binary);
  // A BOM is replaced by a space of the same length so offsets stay true.
  const parseText = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const topLevel = Object.keys(fileSchema.root.properties ?? {});
  const built = buildTree(parseText, { keepTopLevel: (key) => bindKey(key, topLevel) !== undefined, maxKeys: MAX_CONFIG_KEYS });
  if (built.tooManyKeys === true) {
    throw new InputError(`${file}: more than ${MAX_CONFIG_KEYS.toLocaleString('en-US')} keys (not counting those inside top-level keys the gateway ignores); extsvc stops there (a whole gateway config has a few hundred). Check that this is the right file.`);
  }
  const tree = built.root;
  const placeholderMode = options.placeholders === true;
  const { issues, goError, cutAt } = syntaxIssues(text, bytes, index, built, placeholderMode);
  const cut = tree !== undefined && cutAt !== null ? cutTree(tree, cutAt) : new Set<Node>();
  const placeholders = placeholderMode ? built.placeholderNodes : NO_NODES;

  const w: Walk = {
    root: fileSchema.root, text, index, occurrences: [], fields: new Map(), nodes: new Map(), shadowed: [], typeErrors: [], unknownKeys: [], legacyProxy: {},
    placeholders, cut, incomplete: [],
  };
  let canonical: unknown = null;
  if (tree !== undefined) {
    w.nodes.set('', { node: tree });
    canonical = canon(w, tree, fileSchema.root, []);
    if (!validateFile(canonical)) collectSchemaErrors(w, validateFile.errors ?? []);
    for (const sh of w.shadowed) {
      const sub: Walk = { ...w, occurrences: [], fields: new Map(), nodes: new Map(), shadowed: [], unknownKeys: [], legacyProxy: {}, incomplete: [] };
      sub.nodes.set(pointerOf(sh.path), { node: sh.node });
      const value = canon(sub, sh.node, schemaAtPath(w.root, sh.path), sh.path);
      // Validated in place: the value wrapped in the keys that lead to it, against the whole schema.
      const wrapped = sh.path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
      if (!validateFile(wrapped)) collectSchemaErrors(sub, validateFile.errors ?? []);
    }
  }
  // The walk and ajv both see the block: one finding per place.
  const seen = new Set<number>();
  const typeErrors = w.typeErrors.filter((t) => !seen.has(t.span.offset) && seen.add(t.span.offset) !== undefined);
  typeErrors.sort((a, b) => a.span.offset - b.span.offset);
  const unknownKeys = w.unknownKeys;

  const top = obj(canonical);
  const rejectReason = goError !== null ? goError : typeErrors.length > 0 ? typeErrors[0].goMessage : null;
  return {
    file, tree, unknownKeys, incomplete: w.incomplete,
    // Walked (every $def parsed) only for a did-you-mean, not on every run.
    get schemaKeys(): readonly string[] { return keysOf(fileSchema.root); },
    placeholderNodes: placeholders, text, index, syntax: issues, rejectReason, occurrences: w.occurrences, typeErrors, fields: w.fields,
    externalServices: decodeExternalServices(top.external_services),
    jwtSslInsecureSkipVerify: bool(top.jwt_ssl_insecure_skip_verify),
    proxySslInsecureSkipVerify: bool(top.proxy_ssl_insecure_skip_verify),
    storageUseSsl: bool(obj(top.storage).use_ssl),
    storageTls: {
      sslInsecureSkipVerify: bool(obj(top.storage).ssl_insecure_skip_verify),
      caFile: str(obj(top.storage).ca_file), certFile: str(obj(top.storage).cert_file), keyFile: str(obj(top.storage).key_file),
      tlsMinVersion: str(obj(top.storage).tls_min_version), tlsMaxVersion: str(obj(top.storage).tls_max_version),
    },
    storageType: str(obj(top.storage).type),
    legacyProxy: w.legacyProxy,
  };
}
