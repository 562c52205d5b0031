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
  const lastLine = new Map<string, { offset: number; length: number }>();
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
        lastLine.set(m[1], { offset: offset + line.indexOf(m[1]), length: m[1].length });
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
    entries.push({ name, value, origin: { kind: 'file', file, span } });
  }
  return { entries, inherit };
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
