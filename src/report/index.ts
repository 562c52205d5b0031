import type { LintResult } from '../types.js';
import { github } from './github.js';
import { json } from './json.js';
import { sarif, type SarifOptions } from './sarif.js';
import { stylish } from './stylish.js';

export const FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface ReportOptions {
  /** Emit ANSI colour codes (stylish only). The caller decides: TTY, NO_COLOR, --color. */
  color: boolean;
  /** Absolute directory paths are shown relative to when they lie inside it. */
  cwd: string;
}

export type { SarifOptions } from './sarif.js';
export type { JsonReport, JsonFile, JsonDiagnostic } from './json.js';
export { stylish, json, sarif, github };

export function isFormat(name: string): name is Format {
  return (FORMATS as readonly string[]).includes(name);
}

/** Renders a lint result in one format. Pure: the caller writes the string. */
export function report(format: Format, result: LintResult, opts: SarifOptions): string {
  switch (format) {
    case 'stylish':
      return stylish(result, opts);
    case 'json':
      return json(result, opts);
    case 'sarif':
      return sarif(result, opts);
    case 'github':
      return github(result, opts);
    default: {
      const unreachable: never = format;
      throw new Error(`unknown report format: ${String(unreachable)}`);
    }
  }
}
