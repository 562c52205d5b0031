/** Shared data shapes. Data flows one way: bytes → tree → decoded config + env → resolution → diagnostics. */

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export { CODES, type Code } from './catalog.js';
import type { Code } from './catalog.js';

export type JsonPath = (string | number)[];

/** A place in a file: 1-based line and column, end exclusive; offsets are UTF-16 code units into the text. */
export interface Span {
  offset: number;
  length: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type Location =
  | { kind: 'file'; file: string; span: Span }
  /** An environment variable; `file`/`span` when it came from an --env-file line. */
  | { kind: 'env'; name: string; file?: string; span?: Span };

export type ArgValue = string | number | boolean | string[];
export type Args = Record<string, ArgValue | undefined>;

export interface Diagnostic {
  code: Code;
  severity: Severity;
  args: Args;
  path: JsonPath;
  location: Location;
}

/**
 * What a result entry is about: a config file (the default, `source` absent), an env file whose
 * lines the findings point into, or the process environment (`file` is then a label, not a path).
 */
export type ResultSource = 'env-file' | 'process-env';

export interface FileResult {
  /** The config file as named on the command line (or the env file; see `source`). */
  file: string;
  /** Absent for a config file. Environment findings are filed once per run under these entries. */
  source?: ResultSource;
  diagnostics: Diagnostic[];
}

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
}

export interface LintResult {
  files: FileResult[];
  summary: Summary;
}

export const SERVICES = ['oauth', 'storage', 'webhooks', 'health', 'discovery'] as const;
export type ServiceName = (typeof SERVICES)[number];
