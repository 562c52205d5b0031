import { messageFor } from '../messages.js';
import type { Diagnostic, LintResult, Severity } from '../types.js';
import type { ReportOptions } from './index.js';
import { displayPath, place } from './json.js';

/** Escaping of a workflow command's message, as in @actions/core. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a workflow command's property value, as in @actions/core. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Workflow command per severity (GitHub has no "info": notice is its lowest). */
const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const satisfies Record<Severity, string>;

function annotation(d: Diagnostic, cwd: string): string {
  const p = place(d);
  const props: string[] = [];
  if (p.file !== null) {
    props.push(`file=${escapeProperty(displayPath(p.file, cwd).replace(/\\/g, '/'))}`);
    if (p.span) {
      // GitHub honours columns only on single-line annotations.
      const oneLine = p.span.line === p.span.endLine;
      props.push(`line=${p.span.line}`);
      if (oneLine) props.push(`col=${p.span.column}`);
      props.push(`endLine=${p.span.endLine}`);
      if (oneLine) props.push(`endColumn=${p.span.endColumn}`);
    }
  }
  props.push(`title=${escapeProperty(d.code)}`);
  const message = p.env !== null && p.file === null ? `${p.env}: ${messageFor(d)}` : messageFor(d);
  return `::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(message)}\n`;
}

/** GitHub Actions workflow commands: one annotation per finding. */
export function github(result: LintResult, opts: ReportOptions): string {
  return result.files.flatMap((f) => f.diagnostics.map((d) => annotation(d, opts.cwd))).join('');
}
