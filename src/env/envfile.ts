/**
 * docker compose env files (`env_file:`, `--env-file`), read as compose reads them: the rules of
 * compose-go's dotenv parser (what `docker compose` runs), written here with the positions extsvc
 * needs (the line of each variable, the span of its value for masking and editing):
 *
 * - a statement starts at the next non-space character; `#` there makes the line a comment;
 * - an optional `export ` prefix; then the name, ended by `=` or `:` (the YAML-style `KEY: value`
 *   is an assignment too) or by the end of the line (a bare `NAME`: the value comes from the
 *   shell, if set there); a name holds letters, digits, `_ . - [ ]`, and no space;
 * - spaces after `=` are skipped; then the value:
 *   - unquoted: up to the end of the line, cut at the first " #" (a space, then #: `pa#ss` keeps
 *     its #), trailing space trimmed; `${VAR}` interpolated;
 *   - in single quotes: as written, over several lines if need be; `\'` is a quote;
 *   - in double quotes: over several lines too; `\"` is a quote, `\n \t \r \\ \$ \0ddd …` are
 *     unescaped, then `${VAR}` interpolated;
 *   - whatever follows a closing quote on the line starts the next statement;
 * - interpolation: `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:+alt}`,
 *   `${NAME+alt}`, `${NAME:?error}`, `${NAME?error}`, `$$` for a literal `$`; a name is looked up
 *   in the shell first, then among the variables the file set above it (compose-go's order).
 *
 * dotenv (the former dependency) differs on most of these (`#` anywhere ends a value, no
 * `KEY: value`, no interpolation, no `\'`), and offers no positions: hence this parser.
 * Errors name the file, the line and what is wrong, never the line's text (it may hold a
 * password).
 */
import { InputError } from '../errors.js';
import { LineIndex } from '../config/position.js';
import type { EnvEntry } from './input.js';
import { goIsSpace } from '../go/strconv.js';

export interface EnvAssignment {
  name: string;
  /** The value compose passes to the container. */
  value: string;
  /** Line of the name (1-based). */
  line: number;
  nameStart: number;
  nameEnd: number;
  /** The value as written: from its first character (the opening quote, if any) to its end (the closing quote, or before " #" and trailing space). */
  valueStart: number;
  valueEnd: number;
  quote: '"' | "'" | null;
}

export interface EnvFileResult {
  entries: EnvEntry[];
  /** Bare NAME lines: compose passes the shell's value through. */
  inherit: { name: string; line: number }[];
  /** Every assignment in order (a name set twice appears twice; the last one wins). */
  assignments: EnvAssignment[];
}

/** Names looked up for `${NAME}`: the shell's variables (the process environment). */
export type EnvLookup = (name: string) => string | undefined;

/** Go's isSpace in the parser: a space that is not a line break. */
function isInlineSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === 0x0d || c === 0x85 || c === 0xa0;
}

/** Go's unicode.IsSpace. */

const NAME_CHAR = /[\p{L}\p{N}_.\-[\]]/u;

function trimRightUnicode(s: string): string {
  let e = s.length;
  while (e > 0 && goIsSpace(s.charCodeAt(e - 1))) e--;
  return s.slice(0, e);
}

class Lines {
  private line = 1;
  private at = 0;
  constructor(private readonly text: string) {}
  /** 1-based line of `offset`; offsets asked for only move forward (or stay). */
  of(offset: number): number {
    if (offset < this.at) {
      this.line = 1;
      this.at = 0;
    }
    for (let i = this.text.indexOf('\n', this.at); i >= 0 && i < offset; i = this.text.indexOf('\n', i + 1)) {
      this.line++;
      this.at = i + 1;
    }
    if (this.at < offset) this.at = offset;
    return this.line;
  }
}

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '"': 34, '\\': 92 };

/**
 * Backslash escapes inside double quotes, after the quote scan (compose-go's expandEscapes:
 * `\\(?:[abcfnrtv$"\\]|0\d{0,3})`, left to right): \a \b \f \n \r \t \v \" \\ unescaped, \$ kept as
 * $$ (interpolation then reads a literal $), \0ddd as Go's octal \ddd (exactly three octal
 * digits, at most \377; else kept as written); any other backslash stays. One pass into a buffer
 * (the result is never longer than the input), no string per escape.
 */
function expandEscapes(s: string): string {
  if (!s.includes('\\')) return s;
  const out = new Uint16Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x5c || i + 1 >= s.length) {
      out[n++] = c;
      continue;
    }
    const d = s[i + 1];
    const simple = SIMPLE_ESCAPES[d];
    if (simple !== undefined) {
      out[n++] = simple;
      i++;
    } else if (d === '$') {
      out[n++] = 0x24;
      out[n++] = 0x24;
      i++;
    } else if (d === '0') {
      let j = i + 2;
      while (j < s.length && j < i + 5 && s.charCodeAt(j) >= 0x30 && s.charCodeAt(j) <= 0x39) j++;
      const digits = s.slice(i + 2, j);
      if (/^[0-7]{3}$/.test(digits)) {
        out[n++] = parseInt(digits, 8); // at most 0o777 = 511; Go refuses above 0o377
        if (parseInt(digits, 8) > 0o377) {
          n--;
          for (let k = i; k < j; k++) out[n++] = s.charCodeAt(k);
        }
      } else {
        for (let k = i; k < j; k++) out[n++] = s.charCodeAt(k);
      }
      i = j - 1;
    } else {
      out[n++] = c;
    }
  }
  let text = '';
  for (let k = 0; k < n; k += 8192) text += String.fromCharCode(...out.subarray(k, Math.min(n, k + 8192)));
  return text;
}

class TemplateError extends Error {}

const NAME_START = /[_a-zA-Z]/;
const NAME_REST = /[_a-zA-Z0-9]/;

/** compose's interpolation of a value (template.Substitute with the default pattern). */
function interpolate(s: string, lookup: (name: string) => string | undefined): string {
  if (!s.includes('$')) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const d = s.indexOf('$', i);
    if (d < 0) {
      out += s.slice(i);
      break;
    }
    out += s.slice(i, d);
    const next = s[d + 1];
    if (next === '$') {
      out += '$';
      i = d + 2;
    } else if (next !== undefined && NAME_START.test(next)) {
      let e = d + 2;
      while (e < s.length && NAME_REST.test(s[e])) e++;
      out += lookup(s.slice(d + 1, e)) ?? '';
      i = e;
    } else if (next === '{') {
      // The first closing brace that balances the opening one.
      let depth = 0;
      let close = -1;
      for (let k = d + 1; k < s.length; k++) {
        if (s[k] === '{') depth++;
        else if (s[k] === '}' && --depth === 0) {
          close = k;
          break;
        }
      }
      if (close < 0) throw new TemplateError('a "${" has no closing "}"');
      out += braced(s.slice(d + 2, close), lookup);
      i = close + 1;
    } else {
      out += '$';
      i = d + 1;
    }
  }
  return out;
}

function braced(inner: string, lookup: (name: string) => string | undefined): string {
  const m = /^([_a-zA-Z][_a-zA-Z0-9]*)(?:(:?[-+?])([\s\S]*))?$/.exec(inner);
  if (m === null) throw new TemplateError(`"\${${inner.length > 20 ? '…' : inner}}" is not a valid substitution (expected \${NAME}, \${NAME:-default}, …)`);
  const [, name, op, word = ''] = m;
  const v = lookup(name);
  switch (op) {
    case undefined:
      return v ?? '';
    case ':-':
      return v === undefined || v === '' ? interpolate(word, lookup) : v;
    case '-':
      return v === undefined ? interpolate(word, lookup) : v;
    case ':+':
      return v !== undefined && v !== '' ? interpolate(word, lookup) : (v ?? '');
    case '+':
      return v !== undefined ? interpolate(word, lookup) : '';
    case ':?':
    case '?':
      if (v === undefined || (op === ':?' && v === '')) throw new TemplateError(`required variable ${name} is missing a value${word === '' ? '' : `: ${interpolate(word, lookup)}`}`);
      return v;
    default:
      return v ?? '';
  }
}

export function parseEnvFile(file: string, text: string, shell: EnvLookup = () => undefined): EnvFileResult {
  if (text.includes('\u0000')) {
    throw new InputError(`${file}: contains NUL bytes; an env file is text of NAME=VALUE lines`);
  }
  const lines = new Lines(text);
  const fail = (offset: number, what: string): never => {
    throw new InputError(`${file}:${lines.of(offset)}: ${what}`);
  };
  const values = new Map<string, string>();
  const lookup = (n: string): string | undefined => shell(n) ?? values.get(n);
  const assignments: EnvAssignment[] = [];
  const inherit: EnvFileResult['inherit'] = [];
  const len = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (pos < len && goIsSpace(text.charCodeAt(pos))) pos++;
    if (pos >= len) break;
    if (text[pos] === '#') {
      const nl = text.indexOf('\n', pos);
      if (nl < 0) break;
      pos = nl;
      continue;
    }
    if (text.startsWith('export', pos) && /[\t\n\f\r ]/.test(text[pos + 6] ?? '')) {
      pos += 6;
      while (pos < len && isInlineSpace(text.charCodeAt(pos))) pos++;
    }
    const nameStart = pos;
    let term = '';
    let i = pos;
    for (; i < len; i++) {
      const c = text[i];
      if (isInlineSpace(text.charCodeAt(i))) continue;
      if (c === '=' || c === ':' || c === '\n') {
        term = c;
        break;
      }
      if (!NAME_CHAR.test(c)) {
        const shown = /^[\x21-\x7e]$/.test(c) ? `"${c}"` : `U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`;
        fail(i, `expected NAME=VALUE: ${shown} cannot be part of a variable name (column ${i - text.lastIndexOf('\n', i - 1)}); fix the line or comment it out with #`);
      }
    }
    const name = trimRightUnicode(text.slice(nameStart, i));
    const nameEnd = nameStart + name.length;
    if (name.includes(' ')) fail(nameStart, 'expected NAME=VALUE: a variable name cannot contain a space; fix the line or comment it out with #');
    if (term === '\n' || term === '') {
      // A bare NAME (compose-go reads one on the last line, with no newline, as a value for an
      // empty name and drops it; extsvc takes it as the bare NAME it is meant to be).
      if (name !== '') inherit.push({ name, line: lines.of(nameStart) });
      pos = i + 1;
      continue;
    }
    const line = lines.of(nameStart);
    pos = i + 1;
    while (pos < len && isInlineSpace(text.charCodeAt(pos))) pos++;
    const q = text[pos];
    let value: string;
    let valueEnd: number;
    const valueStart = pos;
    try {
      if (q === '"' || q === "'") {
        // The closing quote: the first one not after a backslash (a backslash and the character
        // after it go together). Then, in one replace (no per-character string building): \"
        // (or \') is the quote, any other backslash pair stays as written.
        let close = -1;
        for (let k = pos + 1; k < len; k++) {
          const c = text.charCodeAt(k);
          if (c === 0x5c) k++;
          else if (c === q.charCodeAt(0)) {
            close = k;
            break;
          }
        }
        const rawBody = close < 0 ? '' : text.slice(pos + 1, close);
        const chars = !rawBody.includes('\\') ? rawBody : rawBody.replace(q === '"' ? /\\(")|(\\[\s\S])/g : /\\(')|(\\[\s\S])/g, '$1$2');
        if (close < 0) fail(valueStart, `the value of ${name} opens a ${q === '"' ? 'double' : 'single'} quote that is never closed; close it (a quoted value may span lines)`);
        value = q === '"' ? interpolate(expandEscapes(chars), lookup) : chars;
        valueEnd = close + 1;
        pos = close + 1;
      } else {
        let nl = text.indexOf('\n', pos);
        if (nl < 0) nl = len;
        let raw = text.slice(pos, nl);
        const comment = raw.indexOf(' #');
        if (comment >= 0) raw = raw.slice(0, comment);
        raw = trimRightUnicode(raw);
        valueEnd = pos + raw.length;
        value = interpolate(raw, lookup);
        pos = nl;
      }
    } catch (e) {
      if (e instanceof TemplateError) fail(valueStart, `${name}: ${e.message}`);
      throw e;
    }
    values.set(name, value);
    assignments.push({ name, value, line, nameStart, nameEnd, valueStart, valueEnd, quote: q === '"' || q === "'" ? q : null });
  }
  const index = new LineIndex(text);
  // In the order names first appear, each with its last assignment.
  const last = new Map<string, EnvAssignment>();
  for (const a of assignments) last.set(a.name, a);
  const entries: EnvEntry[] = [];
  for (const a of last.values()) {
    const span = { ...index.span(a.nameStart, a.nameEnd - a.nameStart), line: a.line };
    // Where the value is written, when the text spells it as is (no escapes, no substitution).
    const at = a.quote === null ? a.valueStart : a.valueStart + 1;
    const spelled = a.value !== '' && text.slice(at, at + a.value.length) === a.value && (a.quote === null ? a.valueEnd === at + a.value.length : a.valueEnd === at + a.value.length + 1);
    const origin: EnvEntry['origin'] = spelled ? { kind: 'file', file, span, valueSpan: index.span(at, a.value.length) } : { kind: 'file', file, span };
    entries.push({ name: a.name, value: a.value, origin });
  }
  return { entries, inherit, assignments };
}

/**
 * The environment after env files: each file's assignments over `base` in order (later files
 * win); a bare NAME line takes the value `base` has (compose's "from the shell"), and `${NAME}`
 * in a value reads `base` first, as compose reads the shell.
 */
export function overlayEnvFiles(base: ReadonlyMap<string, EnvEntry>, files: readonly { path: string; text: string }[]): Map<string, EnvEntry> {
  const out = new Map(base);
  const shell: EnvLookup = (n) => base.get(n)?.value;
  for (const f of files) {
    const parsed = parseEnvFile(f.path, f.text, shell);
    for (const e of parsed.entries) out.set(e.name, e);
    for (const { name } of parsed.inherit) {
      const v = base.get(name);
      if (v !== undefined) out.set(name, v);
    }
  }
  return out;
}
