import { createHash } from 'node:crypto';
import { messageFor } from '../messages.js';
import type { LintResult, Severity } from '../types.js';
import type { ReportOptions } from './index.js';
import { fingerprints } from './fingerprint.js';
import { displayPath, place, processEnvAnchor } from './json.js';

/** GitLab's scale is info, minor, major, critical, blocker; errors rank above warnings. */
export const GITLAB_SEVERITY = { error: 'major', warning: 'minor', info: 'info' } as const satisfies Record<Severity, string>;

/** One issue of a GitLab Code Quality report (the fields GitLab documents, plus Code Climate's type). */
export interface CodeQualityIssue {
  type: 'issue';
  description: string;
  check_name: string;
  fingerprint: string;
  severity: (typeof GITLAB_SEVERITY)[Severity];
  location: { path: string; lines: { begin: number; end: number } };
}

/**
 * GitLab Code Quality (the `codequality` report artifact): a JSON array, one issue per finding
 * that has a file to point at. Paths are relative to the working directory, which in a GitLab job
 * is the repository's root. Fingerprints are unique in the report (GitLab shows only the first of
 * a repeated one) and stable across runs and line moves.
 */
export function toCodeQuality(result: LintResult, opts: ReportOptions): CodeQualityIssue[] {
  const prints = fingerprints(result);
  const used = new Set<string>();
  const out: CodeQualityIssue[] = [];
  for (const f of result.files) {
    for (const d of f.diagnostics) {
      const p = place(d);
      const file = p.file ?? processEnvAnchor(result, f);
      if (file === null) continue;
      const path = displayPath(file, opts.cwd).replace(/\\/g, '/');
      let print = createHash('sha256').update(JSON.stringify([path, prints.get(d) ?? ''])).digest('hex');
      for (let n = 1; used.has(print); n++) print = createHash('sha256').update(JSON.stringify([path, prints.get(d) ?? '', n])).digest('hex');
      used.add(print);
      const begin = p.file !== null && p.span !== null ? p.span.line : 1;
      const end = p.file !== null && p.span !== null ? p.span.endLine : 1;
      const message = messageFor(d);
      out.push({
        type: 'issue',
        description: p.env !== null && !message.includes(p.env) ? `${p.env}: ${message}` : message,
        check_name: d.code,
        fingerprint: print,
        severity: GITLAB_SEVERITY[d.severity],
        location: { path, lines: { begin, end } },
      });
    }
  }
  return out;
}

export function gitlab(result: LintResult, opts: ReportOptions): string {
  return `${JSON.stringify(toCodeQuality(result, opts), null, 2)}\n`;
}
