import { isAbsolute, relative, resolve } from 'node:path';
import { messageFor } from '../messages.js';
import type { Code, Diagnostic, FileResult, JsonPath, LintResult, ResultSource, Severity, Span, Summary } from '../types.js';
import type { ReportOptions } from './index.js';

/**
 * Where a finding points, flattened from its Location. Every reporter reads positions through
 * this one function, so the formats cannot disagree about what a location means; the JSON
 * contract below is its direct transcription.
 */
export interface Placement {
  /** The file the finding points into: the config file, or the env file a variable came from. */
  file: string | null;
  span: Span | null;
  /** Set for environment findings. */
  env: string | null;
  /** True when an environment finding came from an env file rather than the process environment. */
  fromEnvFile: boolean;
}

export function place(d: Diagnostic): Placement {
  const loc = d.location;
  if (loc.kind === 'file') return { file: loc.file, span: loc.span, env: null, fromEnvFile: false };
  return { file: loc.file ?? null, span: loc.span ?? null, env: loc.name, fromEnvFile: loc.file !== undefined };
}

/**
 * Where a report that needs a file in the repository (SARIF, GitLab) shows a finding about the
 * process environment, which has none: the config file the variables apply to (the entry's own,
 * else the first one linted; an env file when none was), at its first line. null: no file at all.
 */
export function processEnvAnchor(result: LintResult, entry: FileResult): string | null {
  if (entry.source === undefined) return entry.file;
  return (result.files.find((f) => f.source === undefined) ?? result.files.find((f) => f.source === 'env-file'))?.file ?? null;
}

/**
 * The path of `file` relative to `cwd` (platform separators) when it lies inside `cwd`, else null.
 * A relative `file` is taken relative to `cwd`. Needs an absolute `cwd`: resolving against a
 * relative one would read the process's working directory.
 */
export function relativeInside(file: string, cwd: string): string | null {
  if (!isAbsolute(cwd)) return null;
  const rel = relative(cwd, resolve(cwd, file));
  if (rel === '' || rel === '..' || rel.startsWith('../') || rel.startsWith('..\\') || isAbsolute(rel)) return null;
  return rel;
}

/** How a path is printed: relative to cwd when inside it, otherwise as the user named it. */
export function displayPath(file: string, cwd: string): string {
  return relativeInside(file, cwd) ?? file;
}

export interface JsonDiagnostic {
  code: Code;
  severity: Severity;
  message: string;
  path: JsonPath;
  line: number | null;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
  env?: string;
  envFile?: string;
}

export interface JsonFile {
  /** A config file; for `source: "env-file"` the env file; for `"process-env"` a label. */
  file: string;
  /** Absent for a config file. */
  source?: ResultSource;
  diagnostics: JsonDiagnostic[];
}

export interface JsonReport {
  files: JsonFile[];
  summary: Summary;
}

function toJsonDiagnostic(d: Diagnostic, cwd: string): JsonDiagnostic {
  const p = place(d);
  // Keys are written in contract order; JSON.stringify keeps insertion order.
  const out: JsonDiagnostic = {
    code: d.code,
    severity: d.severity,
    message: messageFor(d),
    path: [...d.path],
    line: p.span?.line ?? null,
    column: p.span?.column ?? null,
    endLine: p.span?.endLine ?? null,
    endColumn: p.span?.endColumn ?? null,
  };
  if (p.env !== null) out.env = p.env;
  if (p.fromEnvFile && p.file !== null) out.envFile = displayPath(p.file, cwd);
  return out;
}

export function toJsonReport(result: LintResult, opts: ReportOptions): JsonReport {
  return {
    files: result.files.map((f) => ({
      file: f.source === 'process-env' ? f.file : displayPath(f.file, opts.cwd),
      ...(f.source !== undefined ? { source: f.source } : {}),
      diagnostics: f.diagnostics.map((d) => toJsonDiagnostic(d, opts.cwd)),
    })),
    summary: { errors: result.summary.errors, warnings: result.summary.warnings, infos: result.summary.infos },
  };
}

export function json(result: LintResult, opts: ReportOptions): string {
  return `${JSON.stringify(toJsonReport(result, opts), null, 2)}\n`;
}
