/**
 * docker-compose style env files (`confs/tyk.env`): NAME=VALUE lines, `#` comments, quotes.
 * Values come from dotenv's parser (a well-kept implementation of the same syntax); this module
 * adds what dotenv does not give: the line each name was defined on, and a clear error for a
 * line that is not an assignment. A bare `NAME` line is compose's "take it from the shell".
 */
import { parse } from 'dotenv';
import { InputError } from '../errors.js';
import { LineIndex } from '../config/position.js';
import type { EnvEntry } from './input.js';

const ASSIGN = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=/;
const BARE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*$/;

export interface EnvFileResult {
  entries: EnvEntry[];
  /** Bare NAME lines: compose passes the shell's value through. */
  inherit: { name: string; line: number }[];
}

export function parseEnvFile(file: string, text: string): EnvFileResult {
  if (text.includes('\u0000')) {
    throw new InputError(`${file}: contains NUL bytes; an env file is text of NAME=VALUE lines`);
  }
  const values = parse(text);
  const index = new LineIndex(text);
  const lastLine = new Map<string, { offset: number; length: number; valueOffset: number; rest: string }>();
  const inherit: EnvFileResult['inherit'] = [];
  let offset = 0;
  let inQuote: string | null = null;
  for (const rawLine of text.split(/\n/)) {
    const line = rawLine.replace(/\r$/, '');
    const lineNo = index.position(offset).line;
    if (inQuote !== null) {
      if (line.includes(inQuote)) inQuote = null;
    } else if (line.trim() === '' || line.trim().startsWith('#')) {
      // blank or comment
    } else {
      const m = ASSIGN.exec(line);
      const bare = BARE.exec(line);
      if (m !== null) {
        lastLine.set(m[1], { offset: offset + line.indexOf(m[1]), length: m[1].length, valueOffset: offset + m[0].length, rest: line.slice(m[0].length) });
        const rest = line.slice(m[0].length).trimStart();
        const q = rest[0];
        if ((q === '"' || q === "'" || q === '`') && rest.indexOf(q, 1) === -1) inQuote = q;
      } else if (bare !== null) {
        inherit.push({ name: bare[1], line: lineNo });
      } else {
        const shown = line.length > 40 ? `${line.slice(0, 40)}…` : line;
        throw new InputError(`${file}:${lineNo}: expected NAME=VALUE, found ${JSON.stringify(shown)}; fix the line or comment it out with #`);
      }
    }
    offset += rawLine.length + 1;
  }
  const entries: EnvEntry[] = [];
  for (const [name, value] of Object.entries(values)) {
    const at = lastLine.get(name);
    const span = at === undefined ? index.span(0, 0) : index.span(at.offset, at.length);
    const within = at === undefined ? -1 : valueWithin(at.rest, value);
    const origin: EnvEntry['origin'] = at === undefined || within < 0
      ? { kind: 'file', file, span }
      : { kind: 'file', file, span, valueSpan: index.span(at.valueOffset + within, value.length) };
    entries.push({ name, value, origin });
  }
  return { entries, inherit };
}

/**
 * Where `value` is written in the text after `NAME=` on its line: as is, or right inside a
 * quote that closes after it; -1 when the line spells it otherwise (escapes, several lines).
 */
function valueWithin(rest: string, value: string): number {
  if (value === '') return -1;
  const lead = rest.length - rest.trimStart().length;
  const r = rest.slice(lead);
  const q = r[0];
  if ((q === '"' || q === "'" || q === '`') && r.startsWith(value, 1) && r[1 + value.length] === q) return lead + 1;
  return r.startsWith(value) ? lead : -1;
}

/**
 * The environment after env files: each file's assignments over `base` in order (later files
 * win); a bare NAME line takes the value `base` has (compose's "from the shell").
 */
export function overlayEnvFiles(base: ReadonlyMap<string, EnvEntry>, files: readonly { path: string; text: string }[]): Map<string, EnvEntry> {
  const out = new Map(base);
  for (const f of files) {
    const parsed = parseEnvFile(f.path, f.text);
    for (const e of parsed.entries) out.set(e.name, e);
    for (const { name } of parsed.inherit) {
      const v = base.get(name);
      if (v !== undefined) out.set(name, v);
    }
  }
  return out;
}
