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

export interface FileResult {
  /** The config file as named on the command line. */
  file: string;
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
