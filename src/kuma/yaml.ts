/**
 * YAML as Kuma reads it: go.yaml.in/yaml/v2 (under sigs.k8s.io/yaml), so YAML 1.1 plain scalars
 * (`yes` is true, `0777` is 511), duplicate keys silently last-wins, merge keys honoured, and
 * non-string keys turned into strings. The `yaml` package (eemeli) parses and keeps ranges; the
 * scalar resolution is goyaml v2's own (resolve.go), done here from the source text so that it
 * does not depend on that package's 1.1 schema, which differs in places (sexagesimal numbers).
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, visit, type Document, type Node as YamlNode } from 'yaml';
import { LineIndex } from '../config/position.js';
import type { Span } from '../types.js';

export type GoScalar = string | number | boolean | null;

/** A plain scalar that YAML 1.2 (most editors, JSON-Schema tools) reads otherwise than Kuma. */
export interface Yaml11Reading {
  text: string;
  kuma: GoScalar;
  yaml12: GoScalar;
}

export type YNode =
  | { kind: 'map'; span: Span; entries: YEntry[] }
  | { kind: 'seq'; span: Span; items: YNode[] }
  | { kind: 'scalar'; span: Span; value: GoScalar; text: string; plain: boolean; yaml11: Yaml11Reading | null };

export interface YEntry {
  key: string;
  keySpan: Span;
  value: YNode;
}

export interface YamlDocument {
  /** 0-based index in the stream. */
  index: number;
  span: Span;
  root: YNode | null;
}

export interface YamlProblem {
  message: string;
  span: Span;
}

export interface YamlStream {
  documents: YamlDocument[];
  /** Syntax errors: Kuma rejects the whole file. */
  errors: YamlProblem[];
}

const BOOL_TRUE = ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'];
const BOOL_FALSE = ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'];
const NULLS = ['', '~', 'null', 'Null', 'NULL'];
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** strconv.ParseInt(s, 0, 64) without underscores (goyaml strips them first); null on error. */
function goParseIntBase0(s: string): number | null {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (m === null) return null;
  const body = m[2];
  let v: bigint;
  if (/^0[xXoObB]/.test(body)) v = BigInt(body.toLowerCase());
  else if (body.length > 1 && body[0] === '0') v = BigInt(`0o${body.slice(1)}`);
  else v = BigInt(body);
  if (m[1] === '-') v = -v;
  const limit = 1n << 63n;
  if (v >= limit || v < -limit) {
    // ParseUint (also tried by goyaml) takes the positive range up to 2^64-1.
    return m[1] !== '-' && v < limit * 2n ? Number(v) : null;
  }
  return Number(v);
}

/** goyaml v2 resolve() of a plain scalar. */
export function resolvePlain(text: string): GoScalar {
  if (BOOL_TRUE.includes(text)) return true;
  if (BOOL_FALSE.includes(text)) return false;
  if (NULLS.includes(text)) return null;
  if (['.nan', '.NaN', '.NAN'].includes(text)) return Number.NaN;
  if (['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].includes(text)) return Number.POSITIVE_INFINITY;
  if (['-.inf', '-.Inf', '-.INF'].includes(text)) return Number.NEGATIVE_INFINITY;
  if (text !== '' && '+-.0123456789'.includes(text[0])) {
    const plain = text.replace(/_/g, '');
    const i = goParseIntBase0(plain);
    if (i !== null) return i;
    if (YAML_FLOAT.test(plain)) return Number(plain);
  }
  return text;
}

/** The YAML 1.2 core schema reading of the same plain scalar. */
function resolveCore12(text: string): GoScalar {
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (/^(~|null|Null|NULL)?$/.test(text)) return null;
  if (/^[-+]?[0-9]+$/.test(text)) return Number(text);
  if (/^0o[0-7]+$/.test(text)) return Number(`0o${text.slice(2)}`);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return Number(text);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(text)) return Number(text);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(text)) return text.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^\.(nan|NaN|NAN)$/.test(text)) return Number.NaN;
  return text;
}

function sameScalar(a: GoScalar, b: GoScalar): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}

/** How JSON (sigs.k8s.io/yaml) spells a non-string key. */
export function keyString(v: GoScalar): string {
  if (v === null) return 'null';
  return String(v);
}

/** goyaml refuses documents that alias their way to huge sizes ("excessive aliasing"); so does this. */
const MAX_NODES = 50_000;
const MAX_DEPTH = 1_000;

class YamlLimit extends Error {}

class Builder {
  private nodes = 0;
  /** Anchors defined once, by name (Alias.resolve walks the whole document on every call). */
  private readonly anchors = new Map<string, unknown>();
  private readonly redefined = new Set<string>();

  constructor(private readonly lines: LineIndex, private readonly doc: Document) {
    visit(doc, {
      Node: (_, n) => {
        const a = (n as { anchor?: string }).anchor;
        if (a === undefined) return;
        if (this.anchors.has(a)) this.redefined.add(a);
        this.anchors.set(a, n);
      },
    });
  }

  span(range: readonly [number, number, number] | null | undefined): Span {
    const [a, b] = range ?? [0, 0, 0];
    return this.lines.span(a, Math.max(0, b - a));
  }

  node(n: unknown, depth = 0): YNode {
    if (++this.nodes > MAX_NODES) throw new YamlLimit('document contains excessive aliasing');
    if (depth > MAX_DEPTH) throw new YamlLimit('document nests too deeply');
    if (isAlias(n)) {
      const target = this.redefined.has(n.source) ? n.resolve(this.doc) : this.anchors.get(n.source);
      return target === undefined ? this.nullAt(n.range) : this.node(target, depth + 1);
    }
    if (isMap(n)) {
      const entries: YEntry[] = [];
      const merged: YEntry[] = [];
      for (const pair of n.items) {
        const k = pair.key as YamlNode | null;
        const keyNode = k === null ? null : this.node(k, depth + 1);
        const keySpan = keyNode?.span ?? this.span(n.range);
        const key = keyNode === null ? 'null' : keyNode.kind === 'scalar' ? keyString(keyNode.value) : '';
        const value = pair.value === null || pair.value === undefined ? this.nullAfter(keySpan) : this.node(pair.value, depth + 1);
        if (keyNode?.kind === 'scalar' && keyNode.plain && keyNode.text === '<<') {
          const sources = value.kind === 'seq' ? value.items : [value];
          for (const s of sources) if (s.kind === 'map') merged.push(...s.entries);
          continue;
        }
        const at = entries.findIndex((e) => e.key === key);
        if (at >= 0) entries.splice(at, 1);
        entries.push({ key, keySpan, value });
      }
      for (const m of merged) if (!entries.some((e) => e.key === m.key)) entries.push(m);
      return { kind: 'map', span: this.span(n.range), entries };
    }
    if (isSeq(n)) return { kind: 'seq', span: this.span(n.range), items: n.items.map((i) => this.node(i, depth + 1)) };
    if (isScalar(n)) {
      const span = this.span(n.range);
      const text = typeof n.source === 'string' ? n.source : String(n.value);
      const plain = n.type === 'PLAIN' && (n.tag === undefined || n.tag === null);
      if (!plain) {
        const v = n.value;
        const value: GoScalar = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v);
        return { kind: 'scalar', span, value: n.type === 'PLAIN' ? value : text, text, plain: false, yaml11: null };
      }
      const value = resolvePlain(text);
      const yaml12 = resolveCore12(text);
      const yaml11 = sameScalar(value, yaml12) ? null : { text, kuma: value, yaml12 };
      return { kind: 'scalar', span, value, text, plain: true, yaml11 };
    }
    return this.nullAt(null);
  }

  nullAt(range: readonly [number, number, number] | null | undefined): YNode {
    return { kind: 'scalar', span: this.span(range), value: null, text: '', plain: true, yaml11: null };
  }

  nullAfter(keySpan: Span): YNode {
    return { kind: 'scalar', span: this.lines.span(keySpan.offset + keySpan.length, 0), value: null, text: '', plain: true, yaml11: null };
  }
}

export function parseYamlStream(text: string): YamlStream {
  const lines = new LineIndex(text);
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { version: '1.1', uniqueKeys: false, lineCounter, prettyErrors: false, strict: false });
  const docs = Array.isArray(parsed) ? parsed : [];
  const errors: YamlProblem[] = [];
  const documents: YamlDocument[] = [];
  docs.forEach((doc, index) => {
    for (const e of doc.errors) errors.push({ message: e.message.split('\n')[0], span: lines.span(e.pos[0], Math.max(0, e.pos[1] - e.pos[0])) });
    const b = new Builder(lines, doc);
    const contents = doc.contents;
    let root: YNode | null = null;
    try {
      root = contents === null ? null : b.node(contents);
    } catch (e) {
      if (!(e instanceof YamlLimit)) throw e;
      errors.push({ message: e.message, span: lines.span(doc.range[0], 0) });
    }
    const [start, , end] = doc.range;
    documents.push({ index, span: lines.span(start, Math.max(0, end - start)), root: root !== null && root.kind === 'scalar' && root.value === null ? null : root });
  });
  return { documents, errors };
}

/** The entry under `key` of a map node. */
export function entry(node: YNode | null | undefined, key: string): YEntry | undefined {
  return node?.kind === 'map' ? node.entries.find((e) => e.key === key) : undefined;
}

/** A string-valued entry, as written (scalars only). */
export function scalarText(node: YNode | null | undefined, key: string): string | undefined {
  const e = entry(node, key);
  if (e === undefined || e.value.kind !== 'scalar' || e.value.value === null) return undefined;
  return String(e.value.value);
}
