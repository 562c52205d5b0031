/**
 * Renames the documented-but-unread variable names of an env file (TYK_GW_EXTERNAL_SERVICES_…) to
 * the names the gateway reads, line by line, touching nothing else.
 */
import { blockFieldForSpelling, ENV_BY_NAME } from '../env/fields.js';
import type { MigrateResult } from './migrate.js';

const ASSIGN = /^([ \t]*(?:export[ \t]+)?)([A-Za-z_][A-Za-z0-9_]*)([ \t]*=.*)$/;

/** The real name for a spelling the gateway does not read, if there is one. */
export function realNameFor(name: string): string | undefined {
  return blockFieldForSpelling(name)?.name;
}

export function migrateEnvText(file: string, text: string): MigrateResult {
  const lines = text.split(/(?<=\n)/);
  const defined = new Set<string>();
  for (const line of lines) {
    const m = ASSIGN.exec(line.replace(/\r?\n$/, ''));
    if (m !== null && ENV_BY_NAME.has(m[2])) defined.add(m[2]);
  }
  const items: MigrateResult['items'] = [];
  const out: string[] = [];
  lines.forEach((line, i) => {
    const body = line.replace(/\r?\n$/, '');
    const eol = line.slice(body.length);
    const m = ASSIGN.exec(body);
    const real = m === null ? undefined : realNameFor(m[2]);
    if (m === null || real === undefined) {
      out.push(line);
      return;
    }
    if (defined.has(real)) {
      items.push({ kind: 'dropped', message: `${file}:${i + 1}: ${m[2]} removed: ${real} is also set and is the one the gateway reads.` });
      return;
    }
    defined.add(real);
    items.push({ kind: 'moved', message: `${file}:${i + 1}: ${m[2]} → ${real}` });
    out.push(`${m[1]}${real}${m[3]}${eol}`);
  });
  return { text: out.join(''), items };
}
