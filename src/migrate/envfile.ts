/**
 * Renames the documented-but-unread variable names of an env file (TYK_GW_EXTERNAL_SERVICES_…) to
 * the names the gateway reads. The edits follow the env file's parsed structure (the parser of
 * env/envfile.ts, which reads it as docker compose does): only the name of a real assignment is
 * ever touched, never text inside a value, multi-line quoted values included.
 */
import { PLAN } from './words.js';
import { blockFieldForSpelling, ENV_BY_NAME } from '../env/fields.js';
import { parseEnvFile, type EnvAssignment } from '../env/envfile.js';
import type { MigrateResult } from './migrate.js';

/** The real name for a spelling the gateway does not read, if there is one. */
export function realNameFor(name: string): string | undefined {
  return blockFieldForSpelling(name)?.name;
}

interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * The whole statement of an assignment, for removing it: from the start of its first line to the
 * end of the line its value ends on (its comment and line break included), when nothing else
 * shares those lines; null otherwise.
 */
function statementSpan(text: string, a: EnvAssignment): { start: number; end: number } | null {
  const start = text.lastIndexOf('\n', a.nameStart - 1) + 1;
  if (!/^[ \t]*(?:export[ \t]+)?$/.test(text.slice(start, a.nameStart))) return null;
  const nl = text.indexOf('\n', a.valueEnd);
  const end = nl < 0 ? text.length : nl + 1;
  if (!/^[ \t\r]*(?:#[^\n]*)?\n?$/.test(text.slice(a.valueEnd, end))) return null;
  return { start, end };
}

export function migrateEnvText(file: string, text: string): MigrateResult {
  const { assignments } = parseEnvFile(file, text);
  const defined = new Set(assignments.filter((a) => ENV_BY_NAME.has(a.name)).map((a) => a.name));
  const items: MigrateResult['items'] = [];
  const edits: TextEdit[] = [];
  for (const a of assignments) {
    const real = realNameFor(a.name);
    if (real === undefined) continue;
    const drop = defined.has(real) ? statementSpan(text, a) : null;
    if (drop !== null) {
      items.push({ kind: 'dropped', message: PLAN.envDropped(file, a.line, a.name, real) });
      edits.push({ ...drop, text: '' });
      continue;
    }
    if (defined.has(real)) {
      // Shares its line with something else: renaming would set the real name twice, so leave it.
      items.push({ kind: 'human', message: PLAN.envBothSet(file, a.line, a.name, real) });
      continue;
    }
    defined.add(real);
    items.push({ kind: 'moved', message: PLAN.envRenamed(file, a.line, a.name, real) });
    edits.push({ start: a.nameStart, end: a.nameEnd, text: real });
  }
  let out = text;
  for (const e of edits.sort((x, y) => y.start - x.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { text: out, items };
}
