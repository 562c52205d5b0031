import type { LintResult } from '../types.js';
import type { SarifOptions } from './sarif.js';

export const FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit', 'gitlab'] as const;
export type Format = (typeof FORMATS)[number];

export interface ReportOptions {
  /** Emit ANSI colour codes (stylish only). The caller decides: TTY, NO_COLOR, --color. */
  color: boolean;
  /** Absolute directory paths are shown relative to when they lie inside it. */
  cwd: string;
}

export type { SarifOptions } from './sarif.js';
export type { JsonReport, JsonFile, JsonDiagnostic } from './json.js';

export function isFormat(name: string): name is Format {
  return (FORMATS as readonly string[]).includes(name);
}

/**
 * Renders a lint result in one format; the caller writes the string. Each reporter loads when it
 * is asked for (chalk, crypto and the SARIF rule table are not needed for the others).
 */
export async function report(format: Format, result: LintResult, opts: SarifOptions): Promise<string> {
  switch (format) {
    case 'stylish':
      return (await import('./stylish.js')).stylish(result, opts);
    case 'json':
      return (await import('./json.js')).json(result, opts);
    case 'sarif':
      return (await import('./sarif.js')).sarif(result, opts);
    case 'github':
      return (await import('./github.js')).github(result, opts);
    case 'junit':
      return (await import('./junit.js')).junit(result, opts);
    case 'gitlab':
      return (await import('./gitlab.js')).gitlab(result, opts);
    default: {
      const unreachable: never = format;
      throw new Error(`unknown report format: ${String(unreachable)}`);
    }
  }
}
