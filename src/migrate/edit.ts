/**
 * Byte-preserving text edits on tyk.conf: a value replaced in place, a property inserted after
 * the last one of its object in the file's own indentation and line endings, a property removed
 * with its comma and its line. Done here rather than with jsonc-parser's modify, which reformats
 * the lines an edit touches and, on removal, swallows neighbouring comments.
 */
import { createScanner, SyntaxKind, type Node } from 'jsonc-parser';
import { buildTree } from '../config/tree.js';
import { bindKey } from '../go/fold.js';
import { goFold } from '../go/fold.js';

export interface Formatting {
  eol: string;
  /** One level of indentation, or '' for a file written on one line. */
  unit: string;
}

export function detectFormatting(text: string): Formatting {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const m = /\n([ \t]+)"/.exec(text);
  if (m === null) return { eol, unit: text.trim().includes('\n') ? '  ' : '' };
  const first = m[1];
  return { eol, unit: first.startsWith('\t') ? '\t' : first };
}

/** The only top-level keys a migration reads or edits; the rest keep their extent, not their subtrees. */
const MIGRATED_TOP_LEVEL = ['external_services', 'http_proxy', 'https_proxy', 'jwt_ssl_insecure_skip_verify'];

let lastParsed: { text: string; root: Node | undefined } | undefined;

export function parse(text: string): Node | undefined {
  // Each step of a migration asks again, mostly for the same text: the last tree is kept (trees
  // are only read).
  if (lastParsed?.text === text) return lastParsed.root;
  // A 100 MB array under some other key built 50 million nodes per parse and ran out of memory.
  const root = buildTree(text, { keepTopLevel: (key) => bindKey(key, MIGRATED_TOP_LEVEL) !== undefined }).root;
  lastParsed = { text, root };
  return root;
}

/** The property nodes of an object bound to a key the way Go binds it (case-insensitively), in order. */
export function propertiesFor(obj: Node | undefined, key: string, exact = false): Node[] {
  if (obj?.type !== 'object') return [];
  const f = goFold(key);
  return (obj.children ?? []).filter((p) => {
    const k = p.children?.[0]?.value;
    return typeof k === 'string' && (exact ? k === key : goFold(k) === f);
  });
}

/** The value node Go would decode at a canonical path (last binding occurrence at each level). */
export function nodeAt(root: Node | undefined, path: readonly string[]): Node | undefined {
  let cur = root;
  for (const key of path) {
    const props = propertiesFor(cur, key);
    cur = props.at(-1)?.children?.[1];
    if (cur === undefined) return undefined;
  }
  return cur;
}

function lineIndent(text: string, offset: number): string {
  const ls = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(ls))![0];
}

function render(value: unknown, indent: string, f: Formatting): string {
  if (f.unit === '') return JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ');
  return JSON.stringify(value, null, f.unit).split('\n').join(f.eol + indent);
}

/** The end of a value's line when only white space and comments follow it there. */
function endOfLineAfter(text: string, offset: number): number | null {
  const scanner = createScanner(text, false);
  scanner.setPosition(offset);
  for (let k = scanner.scan(); ; k = scanner.scan()) {
    if (k === SyntaxKind.LineBreakTrivia || k === SyntaxKind.EOF) return scanner.getTokenOffset();
    if (k !== SyntaxKind.Trivia && k !== SyntaxKind.LineCommentTrivia && k !== SyntaxKind.BlockCommentTrivia) return null;
  }
}

/**
 * Sets a value at a canonical path. An existing value is replaced where it stands; otherwise
 * the missing part is inserted as one property into the deepest object that exists (a null on
 * the way is replaced by the object, as null means "not set" to Go).
 */
export function setValue(text: string, path: readonly string[], value: unknown): string {
  const f = detectFormatting(text);
  const root = parse(text);
  if (root === undefined) throw new Error('setValue: no JSON value');
  let obj: Node = root;
  let depth = 0;
  for (; depth < path.length; depth++) {
    const prop = propertiesFor(obj, path[depth]).at(-1);
    const v = prop?.children?.[1];
    if (v === undefined) break;
    if (depth === path.length - 1 || v.type === 'null') {
      const nested = path.slice(depth + 1).reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
      return text.slice(0, v.offset) + render(nested, lineIndent(text, prop!.offset), f) + text.slice(v.offset + v.length);
    }
    if (v.type !== 'object') throw new Error(`setValue: ${path.slice(0, depth + 1).join('.')} is not an object`);
    obj = v;
  }
  const key = path[depth];
  const nested = path.slice(depth + 1).reduceRight<unknown>((inner, k) => ({ [k]: inner }), value);
  const children = obj.children ?? [];
  if (children.length === 0) {
    const open = obj.offset + 1;
    const close = obj.offset + obj.length - 1;
    if (f.unit === '') return `${text.slice(0, open)}${JSON.stringify(key)}: ${render(nested, '', f)}${text.slice(close)}`;
    const outer = lineIndent(text, obj.offset);
    const inner = outer + f.unit;
    return `${text.slice(0, open)}${f.eol}${inner}${JSON.stringify(key)}: ${render(nested, inner, f)}${f.eol}${outer}${text.slice(close)}`;
  }
  const last = children[children.length - 1];
  const lastEnd = last.offset + last.length;
  const sameLine = !text.slice(children[0].offset, lastEnd).includes('\n') && !text.slice(obj.offset, children[0].offset).includes('\n');
  if (f.unit === '' || sameLine) {
    return `${text.slice(0, lastEnd)}, ${JSON.stringify(key)}: ${render(nested, '', { ...f, unit: '' })}${text.slice(lastEnd)}`;
  }
  const indent = lineIndent(text, last.offset);
  const property = `${JSON.stringify(key)}: ${render(nested, indent, f)}`;
  // A comment after the last property stays on its line: the comma goes before it, the new
  // property on a line of its own after it.
  const eolAt = endOfLineAfter(text, lastEnd);
  if (eolAt === null) return `${text.slice(0, lastEnd)},${f.eol}${indent}${property}${text.slice(lastEnd)}`;
  return `${text.slice(0, lastEnd)},${text.slice(lastEnd, eolAt)}${f.eol}${indent}${property}${text.slice(eolAt)}`;
}

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** Removes one property node, its separating comma, and its line when it stood alone on it. */
export function removeProperty(text: string, prop: Node): string {
  const parent = prop.parent;
  const siblings = parent?.children ?? [];
  const index = siblings.indexOf(prop);
  const propEnd = prop.offset + prop.length;

  // Tokens right after the property: is there a comma, and what follows it on the line?
  const scanner = createScanner(text, false);
  scanner.setPosition(propEnd);
  let kind = scanner.scan();
  while (kind === SyntaxKind.Trivia) kind = scanner.scan();
  const hasCommaAfter = kind === SyntaxKind.CommaToken;

  let start = prop.offset;
  let end = propEnd;
  if (hasCommaAfter) {
    end = scanner.getTokenOffset() + 1;
  } else if (index > 0) {
    // Last property: remove the comma that separates it from the previous one.
    const prev = siblings[index - 1];
    const s2 = createScanner(text, false);
    s2.setPosition(prev.offset + prev.length);
    for (let k = s2.scan(); k !== SyntaxKind.EOF && s2.getTokenOffset() < prop.offset; k = s2.scan()) {
      if (k === SyntaxKind.CommaToken) {
        const comma = s2.getTokenOffset();
        text = text.slice(0, comma) + text.slice(comma + 1);
        start -= 1;
        end -= 1;
        break;
      }
    }
  }
  // Trailing spaces after the removed text, then, when the property had its line to itself, the line.
  let after = end;
  while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
  const ls = lineStart(text, start);
  const aloneBefore = /^[ \t]*$/.test(text.slice(ls, start));
  const atEol = after >= text.length || text[after] === '\n' || text[after] === '\r';
  if (aloneBefore && atEol) {
    start = ls;
    end = text.startsWith('\r\n', after) ? after + 2 : after < text.length ? after + 1 : after;
  } else {
    end = after;
  }
  return text.slice(0, start) + text.slice(end);
}

/** Removes every property bound to a canonical path (duplicates included). */
export function removePath(text: string, path: readonly string[], exact = false): string {
  for (;;) {
    const root = parse(text);
    const parentNode = path.length === 1 ? root : nodeAt(root, path.slice(0, -1));
    const props = propertiesFor(parentNode, path[path.length - 1], exact);
    if (props.length === 0) return text;
    text = removeProperty(text, props[props.length - 1]);
  }
}
