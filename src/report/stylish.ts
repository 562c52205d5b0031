import { messageFor } from '../messages.js';
import type { Diagnostic, FileResult, LintResult, Severity } from '../types.js';
import type { ReportOptions } from './index.js';
import { displayPath, place } from './json.js';
import { terminalSafe } from '../terminal.js';

interface Row {
  where: string;
  severity: Severity;
  message: string;
  code: string;
}

function where(d: Diagnostic, entry: FileResult, cwd: string): string {
  const p = place(d);
  if (p.env === null) return p.span ? `${p.span.line}:${p.span.column}` : '';
  // Env messages name their variable; the column says where it was set.
  if (p.file === null) return 'env';
  // Under the env file's own header, a position is enough.
  if (entry.source === 'env-file' && p.file === entry.file) return p.span ? `${p.span.line}:${p.span.column}` : '';
  const file = displayPath(p.file, cwd);
  return p.span ? `${file}:${p.span.line}` : file;
}

/** The few styles stylish uses; chalk provides them only when colour is on (it loads then). */
interface Painter {
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  underline(s: string): string;
}

const same = (s: string): string => s;
const PLAIN: Painter = { red: same, yellow: same, blue: same, dim: same, bold: same, underline: same };

async function painter(color: boolean): Promise<Painter> {
  if (!color) return PLAIN;
  const { Chalk } = await import('chalk');
  return new Chalk({ level: 1 });
}

function paint(c: Painter, severity: Severity, text: string): string {
  switch (severity) {
    case 'error':
      return c.red(text);
    case 'warning':
      return c.yellow(text);
    case 'info':
      return c.blue(text);
    default: {
      const unreachable: never = severity;
      return unreachable;
    }
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Padding goes outside the colour codes so that columns line up whether or not colour is on. */
function padded(styled: string, plain: string, width: number): string {
  return styled + ' '.repeat(width - plain.length);
}

/**
 * ESLint-style: one underlined header per config file, aligned rows, one summary line. The code
 * comes before the message so that long messages do not push it off screen.
 */
export async function stylish(result: LintResult, opts: ReportOptions): Promise<string> {
  const c = await painter(opts.color);
  let out = '';
  for (const f of result.files) {
    if (f.diagnostics.length === 0) continue;
    const rows: Row[] = f.diagnostics.map((d) => ({
      // Keys, values and file names come from the input: no raw control character reaches the terminal.
      where: terminalSafe(where(d, f, opts.cwd)),
      severity: d.severity,
      message: terminalSafe(messageFor(d)),
      code: d.code,
    }));
    const w0 = Math.max(...rows.map((r) => r.where.length));
    const w1 = Math.max(...rows.map((r) => r.severity.length));
    const w2 = Math.max(...rows.map((r) => r.code.length));
    out += `\n${c.underline(terminalSafe(f.source === 'process-env' ? f.file : displayPath(f.file, opts.cwd)))}\n`;
    for (const r of rows) {
      out += `  ${padded(c.dim(r.where), r.where, w0)}  ${padded(paint(c, r.severity, r.severity), r.severity, w1)}  ${padded(c.dim(r.code), r.code, w2)}  ${r.message}\n`;
    }
  }
  if (out === '') return '';
  const { errors, warnings, infos } = result.summary;
  const line = `✖ ${plural(errors + warnings + infos, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')})`;
  const worst: Severity = errors > 0 ? 'error' : warnings > 0 ? 'warning' : 'info';
  return `${out}\n${c.bold(paint(c, worst, line))}\n`;
}
