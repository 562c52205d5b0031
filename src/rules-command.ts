/**
 * `extsvc rules [CODE]`: the catalog as a table, or one rule's documentation, taken from the
 * section of docs/rules.md (shipped in the package) that the README, SARIF's help and the
 * code-scanning alert page point at: one source for every view.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODES, type Code } from './types.js';
import { RULE_DOCS, helpUri } from './catalog.js';
import { UsageError } from './errors.js';
import { unknownCode } from './settings/severity.js';

/** docs/rules.md of this package: this module is dist/src/rules-command.js (or the bundle's stand-in dir). */
export const RULES_MD = join(import.meta.dirname, '..', '..', 'docs', 'rules.md');

/** The `### CODE` section of rules.md, up to the next heading of the same or a higher level. */
export function ruleSection(markdown: string, code: Code): string | undefined {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === `### ${code}`);
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < lines.length && !/^#{1,3} /.test(lines[end])) end++;
  return lines.slice(start, end).join('\n').trimEnd();
}

export function rulesTable(): string {
  const width = Math.max(...CODES.map((c) => c.length));
  return CODES.map((c) => `${c.padEnd(width)}  ${RULE_DOCS[c].severity.padEnd(7)}  ${RULE_DOCS[c].title}\n`).join('');
}

export function ruleDoc(code: string, markdown: string): string {
  const bad = unknownCode(code);
  if (bad !== undefined) throw new UsageError(`rules ${code}: ${bad}`);
  const c = code as Code;
  const section = ruleSection(markdown, c);
  if (section === undefined) throw new Error(`docs/rules.md has no section for ${c}`);
  return `${section}\n\ndefault severity: ${RULE_DOCS[c].severity}\n${helpUri(c)}\n`;
}

export function runRules(code: string | undefined): string {
  if (code === undefined) return rulesTable();
  return ruleDoc(code, readFileSync(RULES_MD, 'utf8'));
}
