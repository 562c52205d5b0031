/**
 * Byte-preserving text edits on tyk.conf. Insertions and value replacements go through
 * jsonc-parser's modify/applyEdits with the file's own indentation and line endings; removals
 * are done here, because jsonc-parser's removal also swallows comments that sit between the
 * removed property and its neighbour.
 */
import { applyEdits, createScanner, modify, SyntaxKind, type FormattingOptions, type Node } from 'jsonc-parser';
import { buildTree } from '../config/tree.js';
import { goFold } from '../config/gofold.js';

export function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const m = /\n([ \t]+)"/.exec(text);
  if (m === null) return { insertSpaces: true, tabSize: 2, eol };
  const indent = m[1];
  if (indent.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indent.length, eol };
}

export function parse(text: string): Node | undefined {
  return buildTree(text).root;
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

/** The raw keys as written for a canonical path, where they exist; canonical names below that. */
function rawPath(root: Node | undefined, path: readonly string[]): string[] {
  const out: string[] = [];
  let cur = root;
  for (const key of path) {
    const prop = propertiesFor(cur, key).at(-1);
    const raw = prop?.children?.[0]?.value;
    out.push(typeof raw === 'string' ? raw : key);
    cur = prop?.children?.[1];
  }
  return out;
}

/** Sets a value at a canonical path, creating objects as needed, in the file's own style. */
export function setValue(text: string, path: readonly string[], value: unknown): string {
  const root = parse(text);
  const edits = modify(text, rawPath(root, path), value, { formattingOptions: detectFormatting(text) });
  return applyEdits(text, edits);
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
  } else if (atEol) {
    end = after;
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
