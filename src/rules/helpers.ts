import type { JsonPath, Location, Span } from '../types.js';
import { pathKey } from '../config/load.js';
import { DEFAULT, rootSource, type Source } from '../resolve/sources.js';
import { keyLocation, sourceLocation, type RuleContext } from './context.js';

export function sourceOf(ctx: RuleContext, path: JsonPath): Source {
  return ctx.effective.sources.get(pathKey(path)) ?? DEFAULT;
}

/** Set in the file or the environment (as opposed to a zero value nobody wrote). */
export function isSet(ctx: RuleContext, path: JsonPath): boolean {
  return sourceOf(ctx, path).kind !== 'default';
}

/** Points at the value's source when it has one, else at the nearest key that encloses it. */
export function locate(ctx: RuleContext, path: JsonPath): Location {
  const s = sourceOf(ctx, path);
  return s.kind === 'default' ? keyLocation(ctx, path) : sourceLocation(ctx, s);
}


/** JSON's two-character escapes and what they stand for. */
const JSON_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * For each UTF-16 code unit of a JSON string literal's value, the index in `literal` (quotes
 * included) where it is written, plus one last entry for the closing quote. null when `literal`
 * is not one well-formed single-line literal of `value`.
 */
export function literalOffsets(literal: string, value: string): number[] | null {
  if (literal.length < 2 || literal[0] !== '"' || literal[literal.length - 1] !== '"') return null;
  const at: number[] = [];
  let decoded = '';
  for (let i = 1; i < literal.length - 1; ) {
    const c = literal[i];
    if (c === '\n' || c === '\r') return null;
    if (c !== '\\') {
      at.push(i);
      decoded += c;
      i += 1;
      continue;
    }
    const e = literal[i + 1];
    if (e === 'u') {
      const hex = literal.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) return null;
      at.push(i);
      decoded += String.fromCharCode(parseInt(hex, 16));
      i += 6;
      continue;
    }
    const ch = e === undefined ? undefined : JSON_ESCAPES[e];
    if (ch === undefined) return null;
    at.push(i);
    decoded += ch;
    i += 2;
  }
  if (decoded !== value) return null;
  at.push(literal.length - 1);
  return at;
}

/**
 * Points at the part [start, end) of a string setting's value: inside the JSON string literal
 * when the value was written in the config file (escapes mapped to the characters that spell
 * them) or on the env file's line, else where locate() points (a variable of the process
 * environment, a default).
 */
export function locateWithin(ctx: RuleContext, path: JsonPath, value: string, start: number, end: number): Location {
  const whole = locate(ctx, path);
  const s = rootSource(sourceOf(ctx, path));
  if (start < 0 || end > value.length || start > end) return whole;
  if (s.kind === 'env-file') {
    // An env file's line, when it spells the value as is (see EnvOrigin.valueSpan).
    const e = ctx.env.get(s.name);
    const v = e?.origin.kind === 'file' && e.origin.file === s.file && e.value === value ? e.origin.valueSpan : undefined;
    if (v === undefined || v.line !== v.endLine) return whole;
    const span: Span = { offset: v.offset + start, length: end - start, line: v.line, column: v.column + start, endLine: v.line, endColumn: v.column + end };
    return { kind: 'env', name: s.name, file: s.file, span };
  }
  if (s.kind !== 'file' || s.file !== ctx.file || s.span.line !== s.span.endLine) return whole;
  const at = literalOffsets(ctx.loaded.text.slice(s.span.offset, s.span.offset + s.span.length), value);
  if (at === null) return whole;
  const from = at[start];
  const to = at[end];
  const span: Span = {
    offset: s.span.offset + from,
    length: to - from,
    line: s.span.line,
    column: s.span.column + from,
    endLine: s.span.line,
    endColumn: s.span.column + to,
  };
  return { kind: 'file', file: s.file, span };
}
